"""The showcase article's medical review, references and correction note, and the site-wide
disclaimer, for the demo content.

Every reference below is a real publication; each DOI, PMID and address was checked against
PubMed or the publisher's page before it was written here, and an identifier that was not
checked is left out rather than guessed. The reviewer is a fictional demo persona and says so
wherever it is shown.
"""

SHOWCASE = "how-acupuncture-can-relieve-chronic-back-pain-naturally"

REVIEWER = {
    "slug": "demo-reviewer-jordan-example",
    "name": "Jordan Example (demo persona)",
    "credentials": "MD",
    "job_title": "Fictional pain-medicine reviewer for the Folio demo",
    "bio": (
        "Jordan Example is not a real person: this profile shows how Folio presents a medical "
        "reviewer. On a real site this is where a reviewer's training, registration and "
        "clinical experience would be described, with links to a professional register."
    ),
    "same_as": "https://example.org/demo/jordan-example",
}

REVIEW_DAYS_AGO = 1
REVIEW_NOTE = "Demo content: checked the claims against the references listed."

CORRECTION = {
    "kind": "correction",
    "text": (
        "The box on when to get help now lists only the warning signs that need a doctor "
        "quickly; the general advice about treatment decisions is in the disclaimer at the end."
    ),
}

SITE_DISCLAIMER = (
    "This article is general information, not medical advice. Talk to your doctor or another "
    "qualified health professional before you start, stop or change a treatment."
)

REFERENCES = [
    {
        "key": "goldman-2010",
        "authors": "Goldman N, Chen M, Fujita T, et al.",
        "title": "Adenosine A1 receptors mediate local anti-nociceptive effects of acupuncture",
        "publisher": "Nature Neuroscience",
        "year": 2010,
        "doi": "10.1038/nn.2562",
        "pmid": "20512135",
    },
    {
        "key": "vickers-2012",
        "authors": "Vickers AJ, Cronin AM, Maschino AC, et al.",
        "title": "Acupuncture for chronic pain: individual patient data meta-analysis",
        "publisher": "Archives of Internal Medicine",
        "year": 2012,
        "doi": "10.1001/archinternmed.2012.3654",
        "pmid": "22965186",
    },
    {
        "key": "vickers-2018",
        "authors": "Vickers AJ, Vertosick EA, Lewith G, et al.",
        "title": "Acupuncture for chronic pain: update of an individual patient data meta-analysis",
        "publisher": "The Journal of Pain",
        "year": 2018,
        "doi": "10.1016/j.jpain.2017.11.005",
    },
    {
        "key": "cherkin-2009",
        "authors": "Cherkin DC, Sherman KJ, Avins AL, et al.",
        "title": "A randomized trial comparing acupuncture, simulated acupuncture, and usual "
        "care for chronic low back pain",
        "publisher": "Archives of Internal Medicine",
        "year": 2009,
        "doi": "10.1001/archinternmed.2009.65",
        "pmid": "19433697",
    },
    {
        "key": "qaseem-2017",
        "authors": "Qaseem A, Wilt TJ, McLean RM, Forciea MA",
        "title": "Noninvasive treatments for acute, subacute, and chronic low back pain: a "
        "clinical practice guideline from the American College of Physicians",
        "publisher": "Annals of Internal Medicine",
        "year": 2017,
        "doi": "10.7326/M16-2367",
    },
    {
        "key": "nice-ng59",
        "authors": "National Institute for Health and Care Excellence",
        "title": "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        "publisher": "NICE",
        "year": 2016,
        "url": "https://www.nice.org.uk/guidance/ng59",
    },
]
