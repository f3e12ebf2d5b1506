"""What an article page, its feed entry and its structured data show of its medical review,
references, corrections and disclaimer.

The article page reads them in its one article query (`ArticleQuerySet.with_health()` puts the
references, the notes and the site's disclaimer beside the article as JSON), so a health
article costs no more queries than any other; feeds and e-mails read the related rows.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date

from .references import citation_counts


def months_before(day, months):
    """The same day of the month `months` earlier (the month's last day if it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_condition(categories, *, today=None):
    """Articles whose category asks for a medical review every N months (`categories`: pairs
    of category id and N) and that have had none in the last N months."""
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for category_id, months in categories:
        condition |= Q(category_id=category_id) & (
            Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lte=months_before(today, months))
        )
    return condition


@dataclass(frozen=True)
class CitedReference:
    """One numbered entry of the list at the end of an article."""

    number: int
    key: str
    authors: str
    title: str
    publisher: str
    year: int | None
    doi: str
    pmid: str
    url: str
    accessed_on: date | None
    citations: int  # how many times the body cites it: one link back each

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def link(self):
        """Where the title links: the DOI, else PubMed, else the address given."""
        return self.doi_url or self.pubmed_url or self.url

    @property
    def backlinks(self):
        return range(1, self.citations + 1)


@dataclass(frozen=True)
class Note:
    kind: str
    label: str
    noted_on: date
    text: str


def _as_date(value):
    return value if isinstance(value, date) or value is None else parse_date(value[:10])


def cited_references(article):
    """The article's references in list order, numbered, with their citation counts; from the
    `reference_list` annotation when the page's query carried it."""
    if hasattr(article, "reference_list"):
        rows = article.reference_list or []
    else:
        rows = [vars(reference) for reference in article.references.all()]  # prefetched in feeds
    rows = sorted(rows, key=lambda row: (row["position"], row["id"]))
    counts = citation_counts(article.body_html)
    return [
        CitedReference(
            number=number,
            key=row["key"],
            authors=row["authors"],
            title=row["title"],
            publisher=row["publisher"],
            year=row["year"],
            doi=row["doi"],
            pmid=row["pmid"],
            url=row["url"],
            accessed_on=_as_date(row["accessed_on"]),
            citations=counts.get(row["key"], 0),
        )
        for number, row in enumerate(rows, start=1)
    ]


def notes(article):
    """The article's correction and update notes, newest first."""
    from .models import Correction

    if hasattr(article, "correction_list"):
        rows = article.correction_list or []
    else:
        rows = [vars(correction) for correction in article.corrections.all()]
    labels = dict(Correction.Kind.choices)
    made = [
        (
            row["id"],
            Note(row["kind"], labels.get(row["kind"], ""), _as_date(row["noted_on"]), row["text"]),
        )
        for row in rows
    ]
    made.sort(key=lambda pair: (pair[1].noted_on, pair[0]), reverse=True)
    return [note for _, note in made]


def disclaimer(article):
    """The disclaimer text shown with the article, or "" for none."""
    category = article.category
    if category.disclaimer == category.Disclaimer.OWN:
        return category.disclaimer_text
    if category.disclaimer == category.Disclaimer.NONE:
        return ""
    if hasattr(article, "site_disclaimer"):
        return article.site_disclaimer or ""
    from .models import SiteDisclaimer

    return SiteDisclaimer.objects.values_list("text", flat=True).first() or ""
