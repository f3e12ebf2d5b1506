"""Demo policy pages and FAQs, and `load_pages()`, which puts them in the database.

The text describes what Folio really does; keep it in step with the features. Everything is
matched by slug (pages, sections) or anchor (FAQs), so loading twice adds nothing and leaves
whatever an editor changed in the admin alone.
"""

from textwrap import dedent

from django.db import transaction

from .models import FAQ, FAQSection, Page

ABOUT = dedent(
    """\
    Folio is an independent science-community magazine about pain and the body that lives with
    it. We publish long-form articles on how pain works, on the nervous system, on movement and
    exercise, and on traditional practices such as acupuncture, looked at with curiosity and with
    an honest eye on the research.

    ## Who we write for

    - **People living with long-term pain**, and the family and friends who support them, who
      want explanations that are clear without being simplistic.
    - **Clinicians, therapists and students** who want a readable summary of a topic and a way
      into the studies behind it.
    - **Curious readers** who simply want to understand why a sore back can hurt for months after
      the original strain has healed.

    ## How we write

    Every article is written or commissioned by our authors and checked by an editor before it
    is published. We explain the mechanisms as far as they are understood, say where the
    evidence is strong and where it is thin, and avoid promising cures. When we revise an
    article, its page shows the date of the last update.

    Folio is for general information. It is not medical advice and cannot replace a
    conversation with a doctor, physiotherapist or other qualified professional who knows your
    situation.

    ## Reading and taking part

    Everything we publish is free to read, without an account. You can follow new articles
    through our RSS and Atom feeds, for the whole site or for a single category or tag, and you
    can search the archive from any page.

    If you would like to join the conversation, a free account lets you comment and reply,
    save articles for later and get an e-mail when we publish in a topic you follow. See
    [User Accounts and Benefits](/benefits/) for exactly what an account gives you, and our
    [Privacy Policy](/privacy/) for what we store. Answers to common questions are in the
    [FAQs](/faq/).
    """
)

BENEFITS = dedent(
    """\
    Reading Folio never needs an account: every published article, the search and the RSS and
    Atom feeds are open to everyone. A free account adds the following, and nothing more.

    ## Join the discussion

    Members who have confirmed their e-mail address can comment under any article and reply to
    other readers' comments. You can correct a comment for 15 minutes after posting it and
    delete it whenever you like. If you wish, we e-mail you when someone replies to you.

    ## Save articles for later

    Every article has a **Save** button. Saved articles are listed in your Management Center,
    so you can come back to them on any device once you are signed in.

    ## Follow the topics you care about

    Follow one or more categories and we send you one e-mail when a new article is published in
    them. Every such e-mail has an unsubscribe link that works with a single click, without
    signing in, and you can change these settings at any time.

    ## One place to manage everything: the Management Center

    The Management Center, linked at the foot of every page, gathers what belongs to you: your
    profile (display name, a short bio and an optional picture), your e-mail address and whether
    it is confirmed, your password, your saved articles, the topics you follow and your e-mail
    preferences.

    ## Your data stays yours

    From the Management Center you can download everything we store about you as a single JSON
    file, and you can delete your account yourself at any time, after confirming your password.
    The [Privacy Policy](/privacy/) explains what deletion removes.

    ## Protected sign-in

    You sign in with your e-mail address or your username. We confirm your e-mail address with a
    link before you can comment, let you reset a forgotten password by e-mail, and pause sign-in
    for 15 minutes after five failed attempts, so nobody can guess their way into your account.

    ## Creating an account

    Sign up with your e-mail address, a display name and a password. We send you a link to
    confirm the address; until you open it you can sign in, save articles and follow topics, but
    not comment. The Management Center can send the link again if it went astray.
    """
)

PRIVACY = dedent(
    """\
    This policy explains what Folio stores about you, why, for how long, and how you can take
    it with you or have it removed. We keep it short because we collect little.

    ## What we store

    **If you only read**, we store nothing about you beyond the server logs described below.

    **If you create an account**, we store:

    - your username, e-mail address, display name and password (only as a one-way hash, never
      in readable form), when you joined, when you last signed in and when you confirmed your
      e-mail address;
    - the short bio and profile picture you choose to add, if any (we remove hidden location and
      camera data from pictures when you upload them);
    - the comments you write, and when you wrote and edited them;
    - the articles you save and the categories you follow, and which new-article e-mails we
      have already sent you, so that you never get the same one twice;
    - your e-mail preferences: whether we should write to you about replies to your comments
      and about new articles in topics you follow.

    **Server logs.** Like every web server, ours records each request: the page asked for, the
    time, your network (IP) address and the browser's description of itself. We use logs only
    to keep the site running and to fend off abuse.

    **Failed sign-ins.** To stop password guessing, we record failed sign-in attempts with the
    username tried, the time and the network address they came from. After five failures that
    account is locked for that address for 15 minutes.

    ## What we use it for

    We use your data only to run your account: to show your display name beside your comments,
    to keep your saved articles and followed topics, and to send the e-mails that make
    an account work (address confirmation and password reset) and the ones you asked for (reply
    and new-article notices). We do not sell or share your data, and we show no advertising.

    ## Cookies

    Folio sets no tracking or advertising cookies and uses no analytics service. Only these
    cookies are used, all of them needed for the site to work:

    | Cookie | Why | How long |
    |---|---|---|
    | `sessionid` | keeps you signed in | until you sign out, at most two weeks |
    | `csrftoken` | protects the forms you send from being forged by other sites | one year |
    | `messages` | carries a one-time notice ("Changes saved") to the next page | until shown |

    ## Download your data

    Open the **Management Center** and choose **Download my data**. You get one JSON file with
    your profile, your comments, your saved articles and the topics you follow.

    ## Delete your account

    Open the **Management Center** and choose **Delete my account**, then confirm with your
    password. Your account and the personal data listed above are removed at once and you are
    signed out. Your comments are deleted too; where other readers had replied to one of them,
    it stays in place as "comment deleted", without your name or text, so that their replies
    still make sense.

    ## How long we keep data

    - Account data, comments, saved articles and follows: until you delete them or your account.
    - Server logs: 30 days, then they are deleted.

    ## Changes to this policy

    When we change this policy, the "Last updated" date at the top of the page changes with it.
    """
)

PAGES = [
    {
        "slug": "about",
        "title": "About Us",
        "meta_description": (
            "Who writes Folio and for whom: clear, careful articles on pain, the nervous system, "
            "movement and traditional medicine."
        ),
        "footer_order": 10,
        "body": ABOUT,
    },
    {
        "slug": "benefits",
        "title": "User Accounts and Benefits",
        "meta_description": (
            "What a free Folio account gives you: comments and replies, saved articles, followed "
            "topics by e-mail, and the Management Center."
        ),
        "footer_order": 20,
        "body": BENEFITS,
    },
    {
        "slug": "privacy",
        "title": "Privacy Policy",
        "meta_description": (
            "What Folio stores about readers and members, which cookies it sets, how long data "
            "is kept, and how to download or delete yours."
        ),
        "footer_order": 30,
        "body": PRIVACY,
    },
]

SECTIONS = [
    {"slug": "accounts", "title": "Accounts", "order": 10},
    {"slug": "reading-and-commenting", "title": "Reading and commenting", "order": 20},
    {"slug": "publishing", "title": "Publishing", "order": 30},
    {"slug": "privacy", "title": "Privacy", "order": 40},
]

FAQS = [
    (
        "accounts",
        "do-i-need-an-account",
        "Do I need an account to read Folio?",
        """\
        No. Every published article, the search and the feeds are open to everyone. An account
        is only needed to comment, save articles and follow topics.
        """,
    ),
    (
        "accounts",
        "how-do-i-create-an-account",
        "How do I create an account?",
        """\
        Sign up with your e-mail address, a display name and a password. We
        e-mail you a link; open it and press the button on the page it leads to, and your
        address is confirmed. Until then you can sign in, save articles and follow topics, but
        not comment.
        """,
    ),
    (
        "accounts",
        "i-did-not-get-the-confirmation-e-mail",
        "I did not get the confirmation e-mail. What now?",
        """\
        Look in your spam or junk folder first. If it is not there, sign in and open the
        Management Center, which can send the link again. To protect inboxes from being flooded,
        it sends at most one e-mail to an address every three minutes. Links expire after a
        while; an old one tells you so, and you can ask for a new one.
        """,
    ),
    (
        "accounts",
        "i-forgot-my-password",
        "I forgot my password. How do I get back in?",
        """\
        Follow the link for a forgotten password on the sign-in page and enter your e-mail
        address. If it belongs to an account, we send a link to set a new password. The page
        says the same thing whether or not the address is registered, so nobody can use it to
        find out who has an account.
        """,
    ),
    (
        "accounts",
        "why-cant-i-sign-in",
        "Why can I not sign in right now?",
        """\
        After five failed attempts, sign-in to that account from your network address is paused
        for 15 minutes. This stops anyone from guessing passwords. Wait for the pause to end, or
        reset your password by e-mail. You can sign in with either your e-mail address or your
        username.
        """,
    ),
    (
        "accounts",
        "what-is-the-management-center",
        "What is the Management Center?",
        """\
        It is your account's home page, linked at the foot of every page (visitors are asked to
        sign in first). There you can:

        - edit your profile: display name, a short bio and a profile picture;
        - see whether your e-mail address is confirmed, and resend the link if not;
        - change your password;
        - find your saved articles and the topics you follow;
        - choose which e-mails we send you;
        - download your data, or delete your account.
        """,
    ),
    (
        "reading-and-commenting",
        "who-can-comment",
        "Who can comment on articles?",
        """\
        Members who have confirmed their e-mail address. Anyone can read the discussion; visitors
        see a link to sign in and come back to the same place in the thread.
        """,
    ),
    (
        "reading-and-commenting",
        "can-i-edit-or-delete-a-comment",
        "Can I edit or delete my comment?",
        """\
        You can edit a comment for 15 minutes after posting it, and delete it at any time. If
        others have already replied, the comment stays in the thread as "comment deleted" so the
        replies still make sense; otherwise it disappears completely.
        """,
    ),
    (
        "reading-and-commenting",
        "why-is-my-comment-awaiting-approval",
        'Why is my comment marked "awaiting approval"?',
        """\
        Depending on how the site is set up, an editor reads some comments before everyone can
        see them: for example a member's first comment, or any comment with more than three
        links. You can see your own held comment in the meantime. Editors can also close
        comments on an article.
        """,
    ),
    (
        "reading-and-commenting",
        "how-do-i-save-an-article",
        "How do I save an article for later?",
        """\
        Press **Save** on the article or on its card in a list. Saved articles are listed in
        your Management Center.
        """,
    ),
    (
        "reading-and-commenting",
        "how-do-i-follow-a-topic",
        "How do I follow a topic, and how do I stop the e-mails?",
        """\
        Follow a category and we send you one e-mail for each new article published in it.
        Every such e-mail has an unsubscribe link that works with one click, without signing in.
        You can also unfollow topics, or switch these e-mails off, in the Management Center.
        """,
    ),
    (
        "reading-and-commenting",
        "can-i-use-a-feed-reader",
        "Can I follow Folio in a feed reader?",
        """\
        Yes. There are RSS and Atom feeds for all articles and for each category and tag; no
        account is needed.
        """,
    ),
    (
        "publishing",
        "who-writes-the-articles",
        "Who writes the articles?",
        """\
        Our authors write them and an editor reviews every article before it is published.
        Authors can draft and submit; only editors can publish or schedule an article.
        """,
    ),
    (
        "publishing",
        "is-this-medical-advice",
        "Is what I read here medical advice?",
        """\
        No. Folio explains research and practice for a general audience. For decisions about
        your own health, talk to a doctor, physiotherapist or another qualified professional.
        """,
    ),
    (
        "publishing",
        "are-articles-updated",
        "Are articles kept up to date?",
        """\
        When an editor revises an article, the page shows the date of the update next to the
        date it was first published.
        """,
    ),
    (
        "publishing",
        "can-i-write-for-folio",
        "Can I write for Folio?",
        """\
        Author accounts are set up by our editors; there is no open submission form. Members can
        take part in the discussion under every article.
        """,
    ),
    (
        "privacy",
        "what-do-you-store-about-me",
        "What do you store about me?",
        """\
        If you only read, nothing beyond ordinary server logs. If you have an account: your
        account details, your comments, the articles you saved, the topics you follow and your
        e-mail preferences. The [Privacy Policy](/privacy/) lists it all.
        """,
    ),
    (
        "privacy",
        "do-you-use-tracking-cookies",
        "Do you use tracking cookies or analytics?",
        """\
        No. The only cookies keep you signed in, protect forms against forgery and carry a
        one-time notice to the next page. There are no advertising or analytics scripts.
        """,
    ),
    (
        "privacy",
        "how-do-i-download-my-data",
        "How do I download my data?",
        """\
        In the Management Center choose **Download my data**. You get a JSON file with your
        profile, comments, saved articles and followed topics.
        """,
    ),
    (
        "privacy",
        "how-do-i-delete-my-account",
        "How do I delete my account?",
        """\
        In the Management Center choose **Delete my account** and confirm with your password.
        Your account and personal data are removed and you are signed out. Your comments are
        deleted; one that others replied to remains as "comment deleted".
        """,
    ),
]


@transaction.atomic
def load_pages():
    """Create the demo pages, sections and FAQs that are missing; return how many were added."""
    added = 0
    for spec in PAGES:
        _, created = Page.objects.get_or_create(
            slug=spec["slug"],
            defaults={**spec, "show_in_footer": True, "is_published": True},
        )
        added += created
    sections = {}
    for spec in SECTIONS:
        sections[spec["slug"]], created = FAQSection.objects.get_or_create(
            slug=spec["slug"], defaults=spec
        )
        added += created
    for order, (section, anchor, question, answer) in enumerate(FAQS, start=1):
        _, created = FAQ.objects.get_or_create(
            anchor=anchor,
            defaults={
                "section": sections[section],
                "question": question,
                "answer": dedent(answer),
                "order": order * 10,
            },
        )
        added += created
    return added
