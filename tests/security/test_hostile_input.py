"""Every field a visitor, member or staff user can write, fed every payload of one shared list.

For each field and payload: no response is a 500; the value is either stored as given (the
database holds exactly what was typed, less the surrounding whitespace every form strips) or
refused with a message shown next to the form; and each page that shows it shows it as text
(plain-text fields: the payload is among the page's visible text, so it was escaped, not
interpreted) or as sanitised HTML (Markdown and comments: `assert_inert` on what is stored),
and the whole page passes `assert_page_inert`: every script is the site's own, no element
carries an event handler, a script URL or a link to evil.example. Template syntax is shown as
typed, never evaluated, and the secret key never appears.

One test per form loops over all payloads and checks the pages that list many of them once at
the end, which keeps the suite fast.
"""

import re
import threading
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from blog.models import Article, Category, Tag
from blog.search import build_snippet, clean_query
from comments.models import Comment
from pages.models import FAQ, FAQSection, Page
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory
from tests.comments.factories import CommentFactory
from tests.payloads import (
    HOSTILE_PAYLOADS,
    INVALID_UTF8_QUERIES,
    assert_inert,
    assert_page_inert,
    shown_as_text,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
PAYLOADS = list(enumerate(HOSTILE_PAYLOADS))


def stored_as(payload):
    """What a form stores for `payload`: Django's text fields strip surrounding whitespace."""
    return payload.strip()


def page(client, url, **extra):
    """GET `url`: never a 500, never the secret key, and nothing in it can run."""
    response = client.get(url, **extra)
    assert response.status_code < 500, url
    html = response.content.decode()
    assert settings.SECRET_KEY not in html
    assert_page_inert(html)
    return response, html


def form_of(response):
    context = response.context
    if "adminform" in context:
        return context["adminform"].form
    for name in ("form", "comment_form"):
        if context.get(name) is not None:
            return context[name]
    raise AssertionError("no form in the re-shown page")


def submit(client, url, data, fields, *, harmless, stored):
    """POST `data`; the fields that refuse their value must say why on the page, and are then
    sent again with `harmless` values so the others get stored. Returns the refused fields.

    `stored()` tells whether the POST was accepted (a redirect, or a page that says so).
    """
    response = client.post(url, data)
    assert response.status_code < 500
    html = response.content.decode()
    assert settings.SECRET_KEY not in html
    if stored(response):
        return {}
    assert_page_inert(html)
    errors = form_of(response).errors
    assert errors, f"the form came back without saying why: {response.status_code}"
    refused = {}
    for field, messages in errors.items():
        assert field in fields, f"{field} refused: {messages}"
        for message in messages:
            assert message.strip(), f"an empty message for {field}"
            assert escape(message) in html, f"{message!r} is not shown"
        refused[field] = list(messages)
    again = {**data, **{field: harmless[field] for field in refused}}
    response = client.post(url, again)
    assert stored(response), (refused, response.status_code)
    return refused


def redirected(response):
    return response.status_code == 302


def check_field(obj, field, payload, refused, harmless):
    """The stored value is the payload as typed, or the harmless value if it was refused."""
    expected = harmless if field in refused else stored_as(payload)
    assert getattr(obj, field) == expected, (field, payload[:60])
    return field not in refused


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def test_article_tag_and_category_fields_through_the_admin(editor, editor_client, monkeypatch):
    """Title, summary, body, tag names, category names and descriptions, written by an Editor,
    shown on the article page, tag and category pages, search results, lists, feeds and the
    admin's change lists."""
    monkeypatch.setattr("blog.feeds.FEED_LENGTH", len(PAYLOADS) + 1)
    visitor = Client()
    for n, payload in PAYLOADS:
        harmless = {"name": f"harmless {n}", "description": "", "title": f"harmless {n}"}
        harmless |= {"summary": "A harmless summary.", "body": "A harmless body."}
        tag_data = {"name": payload, "slug": f"t{n}"}
        refused = submit(
            editor_client,
            reverse("admin:blog_tag_add"),
            tag_data,
            ["name"],
            harmless=harmless,
            stored=redirected,
        )
        tag = Tag.objects.get(slug=f"t{n}")
        tag_shown = check_field(tag, "name", payload, refused, harmless["name"])

        refused = submit(
            editor_client,
            reverse("admin:blog_category_add"),
            {"name": payload, "slug": f"c{n}", "description": payload, "disclaimer": "site"},
            ["name", "description"],
            harmless=harmless,
            stored=redirected,
        )
        category = Category.objects.get(slug=f"c{n}")
        category_shown = check_field(category, "name", payload, refused, harmless["name"])
        description_shown = check_field(
            category, "description", payload, refused, harmless["description"]
        )

        article_data = {
            "title": payload, "slug": f"a{n}", "summary": payload, "body": payload,
            "category": category.pk, "tags": [tag.pk], "status": "published",
            "author": editor.pk, "comments_open": "on", "cover_alt": "",
        }  # fmt: skip
        refused = submit(
            editor_client,
            reverse("admin:blog_article_add"),
            article_data,
            ["title", "summary", "body"],
            harmless=harmless,
            stored=redirected,
        )
        article = Article.objects.get(slug=f"a{n}")
        title_shown = check_field(article, "title", payload, refused, harmless["title"])
        summary_shown = check_field(article, "summary", payload, refused, harmless["summary"])
        check_field(article, "body", payload, refused, harmless["body"])
        assert_inert(article.body_html)

        _, html = page(visitor, article.get_absolute_url())
        assert article.body_html in html
        for shown, value in (
            (title_shown, payload), (summary_shown, payload), (tag_shown, payload),
            (category_shown, payload),
        ):  # fmt: skip
            assert not shown or shown_as_text(value, html), (n, value[:60])
        _, html = page(visitor, tag.get_absolute_url())
        assert not tag_shown or shown_as_text(payload, html)
        assert not title_shown or shown_as_text(payload, html)
        _, html = page(visitor, category.get_absolute_url())
        assert not description_shown or shown_as_text(payload, html)

        query, _ = clean_query(payload)
        _, html = page(visitor, reverse("blog:search"), data={"q": payload})
        assert not query or shown_as_text(query, html)

    for url in ("blog:home", "blog:list"):
        page(visitor, reverse(url))
    articles = Article.objects.count()
    for number in range(2, articles // 10 + 2):
        page(visitor, f"{reverse('blog:list')}?page={number}")
    for name in ("blog_tag", "blog_category", "blog_article"):
        response, html = page(editor_client, reverse(f"admin:{name}_changelist") + "?all=")
        assert response.status_code == 200
    for article in Article.objects.all():  # in the article change list, the last one fetched
        assert shown_as_text(article.title, html)
    for feed in ("blog:feed-rss", "blog:feed-atom"):
        check_feed(visitor.get(reverse(feed)), Article.objects.all())


def check_feed(response, articles):
    """A well-formed feed whose titles are the stored titles and whose HTML is inert."""
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    texts = [(el.tag.rsplit("}", 1)[-1], el.text or "") for el in root.iter()]
    titles = {" ".join(text.split()) for tag, text in texts if tag == "title"}
    for article in articles:
        # XML 1.0 cannot hold C0 control characters: the feed leaves them out.
        title = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", article.title)
        assert " ".join(title.split()) in titles, title[:60]
    for tag, text in texts:
        if tag in ("encoded", "content", "description", "summary"):
            assert_inert(text)
    assert settings.SECRET_KEY.encode() not in response.content


def test_comments_from_a_verified_member(member):
    """Shown in the thread, My comments, the Management Center and the admin's moderation list."""
    article = ArticleFactory()
    client = Client()
    client.force_login(member)
    url = article.get_absolute_url()
    post_url = reverse("comments:post", kwargs={"slug": article.slug})
    kept = []
    for _, payload in PAYLOADS:
        cache.clear()  # the rate limit is not what this test is about
        response = client.post(post_url, {"body": payload, "website": ""})
        assert response.status_code < 500
        if response.status_code == 302:
            comment = Comment.objects.filter(author=member).order_by("-pk").first()
            assert comment.body == stored_as(payload)
            assert_inert(comment.body_html)
            kept.append(comment)
            continue
        html = response.content.decode()
        assert_page_inert(html)
        errors = form_of(response).errors
        assert errors, response.status_code
        for message in [m for messages in errors.values() for m in messages]:
            assert escape(message) in html
        assert Comment.objects.filter(author=member).count() == len(kept)
    assert len(kept) >= len(PAYLOADS) - 10
    _, html = page(client, url)
    for comment in kept:
        assert comment.body_html in html
        assert shown_as_text(comment.body, html), comment.body[:60]
    for number in range(1, len(kept) // 20 + 2):
        page(client, f"{reverse('comments:mine')}?page={number}")
    page(client, reverse("accounts:center"))
    moderator = Client()
    moderator.force_login(UserFactory(is_staff=True, is_superuser=True))
    page(moderator, reverse("admin:comments_comment_changelist") + "?all=")


def test_display_name_and_bio_in_the_profile_form(roles):
    """Shown in the Management Center, the profile form, beside comments and in the admin."""
    article = ArticleFactory()
    members = []
    for n, payload in PAYLOADS:
        member = UserFactory(username=f"profile{n}")
        client = Client()
        client.force_login(member)
        harmless = {"display_name": f"Harmless {n}", "bio": ""}
        refused = submit(
            client,
            reverse("accounts:profile"),
            {"display_name": payload, "bio": payload},
            ["display_name", "bio"],
            harmless=harmless,
            stored=redirected,
        )
        member.refresh_from_db()
        name_shown = check_field(member, "display_name", payload, refused, harmless["display_name"])
        check_field(member, "bio", payload, refused, harmless["bio"])
        _, html = page(client, reverse("accounts:center"))
        assert not name_shown or shown_as_text(payload, html)
        page(client, reverse("accounts:profile"))
        Comment.objects.create(article=article, author=member, body=f"Comment {n}")
        members.append(member)
    _, html = page(Client(), article.get_absolute_url())
    for member in members:
        assert shown_as_text(member.public_name, html), member.public_name[:60]
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    page(admin, reverse("admin:accounts_user_changelist") + "?all=")


def test_page_fields_through_the_admin(superuser_client):
    """Title, meta description and body: the page itself, its footer link, the admin list."""
    visitor = Client()
    for n, payload in PAYLOADS:
        harmless = {"title": f"Harmless {n}", "meta_description": "", "body": "Harmless."}
        data = {
            "title": payload, "slug": f"p{n}", "meta_description": payload, "body": payload,
            "is_published": "on", "show_in_footer": "on", "footer_order": 100,
        }  # fmt: skip
        refused = submit(
            superuser_client,
            reverse("admin:pages_page_add"),
            data,
            ["title", "meta_description", "body"],
            harmless=harmless,
            stored=redirected,
        )
        stored = Page.objects.get(slug=f"p{n}")
        title_shown = check_field(stored, "title", payload, refused, harmless["title"])
        check_field(stored, "meta_description", payload, refused, harmless["meta_description"])
        check_field(stored, "body", payload, refused, harmless["body"])
        assert_inert(stored.body_html)
        _, html = page(visitor, stored.get_absolute_url())
        assert stored.body_html in html
        assert not title_shown or shown_as_text(payload, html)
    page(superuser_client, reverse("admin:pages_page_changelist") + "?all=")


def test_faq_questions_answers_and_sections_through_the_admin(superuser_client):
    """Shown on the FAQ page (and in its JSON-LD) and in the admin's lists."""
    for n, payload in PAYLOADS:
        harmless = {"title": f"Harmless section {n}", "question": f"Harmless {n}?"}
        harmless["answer"] = "Harmless."
        refused = submit(
            superuser_client,
            reverse("admin:pages_faqsection_add"),
            {"title": payload, "slug": f"s{n}", "order": n},
            ["title"],
            harmless=harmless,
            stored=redirected,
        )
        section = FAQSection.objects.get(slug=f"s{n}")
        check_field(section, "title", payload, refused, harmless["title"])
        data = {
            "section": section.pk, "question": payload, "answer": payload, "order": 1,
            "is_published": "on", "anchor": f"q{n}",
        }  # fmt: skip
        refused = submit(
            superuser_client,
            reverse("admin:pages_faq_add"),
            data,
            ["question", "answer"],
            harmless=harmless,
            stored=redirected,
        )
        faq = FAQ.objects.get(anchor=f"q{n}")
        check_field(faq, "question", payload, refused, harmless["question"])
        check_field(faq, "answer", payload, refused, harmless["answer"])
        assert_inert(faq.answer_html)
    _, html = page(Client(), reverse("pages:faq"))
    for faq in FAQ.objects.select_related("section"):
        assert faq.answer_html in html
        assert shown_as_text(faq.question, html), faq.question[:60]
        assert shown_as_text(faq.section.title, html), faq.section.title[:60]
    for name in ("pages_faq", "pages_faqsection"):
        page(superuser_client, reverse(f"admin:{name}_changelist") + "?all=")


def test_sign_up_fields(db):
    """E-mail, display name and password: stored as typed or refused with the reason. No
    payload is an e-mail address, so each is refused there and the account is made on the
    second POST, with a harmless address and whatever else was accepted."""
    visitor = Client()
    url = reverse("accounts:signup")

    for n, payload in PAYLOADS:
        cache.clear()  # the sign-up throttle is not what this test is about
        email = f"hostile{n}@example.com"
        harmless = {"email": email, "display_name": f"Harmless {n}", "password": PASSWORD}
        refused = submit(
            visitor,
            url,
            {"email": payload, "display_name": payload, "password": payload},
            ["email", "display_name", "password"],
            harmless=harmless,
            stored=lambda response: (
                response.status_code == 200
                and "accounts/signup_done.html" in [t.name for t in response.templates]
            ),
        )
        assert "email" in refused, payload[:60]
        user = UserFactory._meta.model.objects.get(email=email)
        check_field(user, "display_name", payload, refused, harmless["display_name"])
        password = harmless["password"] if "password" in refused else payload
        assert user.check_password(password)


def test_sign_in_fields(db):
    """Username and password on the site's and the admin's sign-in pages: refused, never a 500."""
    for n, payload in PAYLOADS:
        for url in (reverse("accounts:login"), reverse("admin:login")):
            client = Client()
            response = client.post(url, {"username": payload, "password": payload})
            assert response.status_code in (200, 429), (url, n)
            html = response.content.decode()
            assert_page_inert(html)
            assert settings.SECRET_KEY not in html
            if response.status_code == 200:
                assert form_of(response).errors
                assert not response.wsgi_request.user.is_authenticated


# Mail-field injection: text a stranger types must not reach an e-mail someone else receives.
# Each payload is a display name (or an address) meant to smuggle lines, links or headers into
# the mail sent to the owner of the address it is signed up with.
MAIL_INJECTION = [
    "Ada\nYour account is suspended: https://evil.example/verify",
    "Ada\r\nBcc: everyone@evil.example",
    "Ada\rSubject: urgent",
    "Ada\u2028Call +1 555 0100 at once",
    "Ada\u0085Next line",
    "Ada\u202eelpmaxe.live",
    "Ada\tat evil.example",
    "Visit evil.example",
    "Go to www.evil.example",
    "Ada http://evil.example",
    "mail help@evil.example",
    "Ada \uff45\uff56\uff49\uff4c\uff0e\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45",
    "10.0.0.1 is the new address",
]


@pytest.mark.parametrize("name", MAIL_INJECTION)
def test_mail_field_injection_through_the_display_name(client, mailoutbox, name):
    """Finding 3: refused with a message by sign-up (what was typed is kept), and no e-mail to
    the address (a new one, or one that has an account) carries any of it."""
    UserFactory(email="owner@example.org")
    for email in ("victim@example.org", "owner@example.org"):
        data = {"email": email, "display_name": name, "password": PASSWORD}
        response = client.post(reverse("accounts:signup"), data)
        assert "A display name" in response.content.decode()
        assert form_of(response).errors["display_name"]
        # With an acceptable name, the mail still says nothing the visitor typed.
        client.post(reverse("accounts:signup"), {**data, "display_name": "Quiet Visitor"})
    client.post(reverse("accounts:verify-resend"), {"email": "victim@example.org"})
    client.post(reverse("accounts:password-reset"), {"email": "victim@example.org"})
    assert {tuple(message.to) for message in mailoutbox} == {
        ("victim@example.org",),
        ("owner@example.org",),
    }
    for message in mailoutbox:
        text = message.subject + message.body
        assert "Quiet" not in text and "Visitor" not in text and "evil" not in text
        assert "\n" not in message.subject


@pytest.mark.parametrize(
    "email", ["victim@example.org\r\nBcc: all@evil.example", "victim@example.org\nx", "a@b\u2028c"]
)
def test_mail_field_injection_through_the_address(client, mailoutbox, email):
    for url in ("accounts:signup", "accounts:verify-resend", "accounts:password-reset"):
        data = {"email": email, "display_name": "Ada", "password": PASSWORD}
        response = client.post(reverse(url), data)
        assert response.status_code == 200
        assert form_of(response).errors["email"]
    assert mailoutbox == []


# Concurrent duplicates: a budget holds when the attempts arrive at once (finding 7's class).
@pytest.mark.parametrize(
    ("url", "flow", "accepted_status"),
    [
        ("accounts:password-reset", "password-reset", 302),
        ("accounts:verify-resend", "verify-resend", 200),
    ],
)
def test_concurrent_duplicates_get_exactly_the_budget_through(db, url, flow, accepted_status):
    [(limit, _)] = settings.FOLIO_THROTTLES[flow]["client"]
    barrier = threading.Barrier(limit + 6)
    statuses = []

    def attempt(n):
        barrier.wait()
        response = Client().post(reverse(url), {"email": f"nobody{n}@example.org"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(limit + 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == sorted([accepted_status] * limit + [429] * 6)


@pytest.mark.parametrize("query", INVALID_UTF8_QUERIES)
def test_invalid_utf8_in_query_strings(client, query):
    CategoryFactory(slug="sample")
    for url in ("/search/", "/articles/", "/category/sample/", "/", "/account/login/"):
        for raw in (f"q={query}", f"page={query}", f"next={query}", f"{query}={query}"):
            response = client.get(url, QUERY_STRING=raw)
            assert response.status_code in (200, 404), (url, raw)
            assert_page_inert(response.content.decode())


FIELDS = [
    "article title", "article summary", "article body", "tag name", "category name",
    "category description", "page title", "page meta description", "page body",
    "FAQ section title", "FAQ question", "FAQ answer", "comment", "display name", "bio",
    "search query", "sign-up e-mail", "sign-up display name", "sign-up password",
    "sign-in username", "sign-in password", "admin sign-in username", "admin sign-in password",
    "display name in e-mails", "e-mail address in e-mails",
]  # fmt: skip


def test_the_suite_covers_at_least_sixty_payloads(capsys):
    with capsys.disabled():
        print(
            f"\nHostile input: {len(HOSTILE_PAYLOADS)} payloads × {len(FIELDS)} fields, plus "
            f"{len(INVALID_UTF8_QUERIES)} invalid UTF-8 query strings"
        )
    assert len(HOSTILE_PAYLOADS) >= 60
    assert len(set(HOSTILE_PAYLOADS)) == len(HOSTILE_PAYLOADS)


# Pathological Markdown (issue 18, finding 1): each input renders, or is refused with the
# editor's message, wherever a body is entered. python-markdown raised RecursionError on the
# emphasis runs and the deep list, and took seconds (quadratic) on the runs of "![".
def nested_list(levels):
    return "\n".join("    " * level + "- item" for level in range(levels))


PATHOLOGICAL_MARKDOWN = {
    # name: (body, what the preview shows: a piece of the rendered HTML, or the refusal)
    "10,000 stars each side": ("*" * 10_000 + "word" + "*" * 10_000, "word"),
    "10,000 underscores each side": ("_" * 10_000 + "word" + "_" * 10_000, "word"),
    "2,000 image openers": ("![" * 2_000, "![![!["),
    "5,000 image openers": ("![" * 5_000, "![![!["),
    "50,000 image openers": ("![" * 50_000, "too long"),
    # Indented four spaces a level (python-markdown's RecursionError), it is 181,499 characters.
    "300-level nested list": (nested_list(300), "too long"),
    "40-level nested list": (nested_list(40), "nested too deeply"),
    "300 nested lists on one line": ("- " * 300 + "item", "nested too deeply"),
    "300 nested ordered lists on one line": ("1. " * 300 + "item", "nested too deeply"),
    "300 nested blockquotes": (">" * 300 + " deep", "nested too deeply"),
    "5,000 nested blockquotes": (">" * 5_000 + " deep", "nested too deeply"),
    "10,000 unclosed links": ("[a](" * 10_000, "[a]([a]("),
    "10,000 nested brackets": ("[" * 10_000 + "x" + "]" * 10_000, "[[[x]]]"),
    "a chain of 1,500 references": (
        "".join(f"[r{n}]: /r{n + 1}\n" for n in range(1_500))
        + "\n"
        + " ".join(f"[r{n}][r{n + 1}]" for n in range(1_500)),
        'href="/r2"',
    ),
    "200,000 characters": ("word " * 40_000, "too long"),
}


@pytest.mark.parametrize("name", PATHOLOGICAL_MARKDOWN)
def test_pathological_markdown_in_the_live_preview(name, editor_client):
    """The editor's preview answers every input with its rendering or a readable refusal,
    never a 500 (python-markdown: RecursionError) or a worker tied up for minutes."""
    body, shown = PATHOLOGICAL_MARKDOWN[name]
    response = editor_client.post(reverse("markdownx_markdownify"), {"content": body})
    html = response.content.decode()
    assert shown in html, (name, html[:200])
    if shown in ("too long", "nested too deeply"):
        assert response.status_code == 400
        assert 'role="alert"' in html
    else:
        assert response.status_code == 200
        assert_inert(html)


REFUSED_BODIES = {
    "40-level nested list": nested_list(40),
    "300 nested lists on one line": "- " * 300 + "item",
    "5,000 nested blockquotes": ">" * 5_000 + " deep",
    "200,000 characters": "word " * 40_000,
}


def refused_in_the_admin(client, url, data, field, body):
    """The form comes back with the limit's message on `field`, and what was typed in it."""
    response = client.post(url, data | {field: body})
    assert response.status_code == 200
    form = form_of(response)
    message = " ".join(form.errors.get(field, []))
    assert "too long" in message or "nested too deeply" in message, form.errors
    assert form[field].value() == body
    assert message in response.content.decode()


@pytest.mark.parametrize("name", REFUSED_BODIES)
def test_article_page_and_faq_admin_forms_refuse_pathological_bodies(name, superuser_client):
    """Article, Page and FAQ: a validation error on the body field, nothing typed is lost,
    nothing is saved."""
    body = REFUSED_BODIES[name]
    category = CategoryFactory()
    article = {
        "title": "Deep", "slug": "deep", "summary": "Deep.", "category": category.pk,
        "status": "draft", "comments_open": "on", "cover_alt": "",
    }  # fmt: skip
    refused_in_the_admin(superuser_client, reverse("admin:blog_article_add"), article, "body", body)
    page_data = {"title": "Deep", "slug": "deep", "footer_order": 100}
    refused_in_the_admin(superuser_client, reverse("admin:pages_page_add"), page_data, "body", body)
    section = FAQSection.objects.create(title="Deep", slug="deep")
    faq = {"section": section.pk, "question": "Deep?", "order": 1, "anchor": "deep"}
    refused_in_the_admin(superuser_client, reverse("admin:pages_faq_add"), faq, "answer", body)
    assert not Article.objects.exists()
    assert not Page.objects.exists()
    assert not FAQ.objects.exists()


# Heading ids (issue 18, finding 13): a heading must never take an id the page itself uses.
class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.tags = [], {}

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "id":
                self.ids.append(value)
                self.tags[value] = tag


def ids_on(html):
    parser = _Ids()
    parser.feed(html)
    return parser


def test_headings_never_take_an_id_the_article_page_uses(member):
    """Headings named after every id of the article page ("## Comment form", "## Comments",
    "## Main", a comment's "comment-<pk>"…): every id stays unique, "#comment-form" still
    leads to the comment form, "#comments" to the comments, and the contents to the headings."""
    client = Client()
    client.force_login(member)
    plain = ArticleFactory(body="Nothing but text.")
    comment = CommentFactory(article=plain)
    _, html = page(client, plain.get_absolute_url())
    page_ids = ids_on(html).ids
    assert {"main", "comments", "comment-form", f"comment-{comment.pk}"} <= set(page_ids)

    headings = [identifier.replace("-", " ").replace("_", " ") for identifier in page_ids]
    headings += ["Comment form", "Comments", "comment_form", "id_body"]
    body = "\n\n".join(f"## {heading}\n\nText." for heading in headings)
    plain.body = body
    plain.save()
    _, html = page(client, plain.get_absolute_url())
    parsed = ids_on(html)
    duplicates = {identifier for identifier in parsed.ids if parsed.ids.count(identifier) > 1}
    assert not duplicates
    assert parsed.tags["comment-form"] == "form"
    assert parsed.tags["comments"] == "section"
    assert parsed.tags["main"] == "main"
    assert parsed.tags[f"comment-{comment.pk}"] == "article"
    assert 'href="#comments"' in html
    plain.refresh_from_db()
    assert len(plain.toc) == len(headings)
    for entry in plain.toc:
        assert f'href="#{entry["id"]}"' in html
        assert parsed.tags[entry["id"]] == "h2"


# Search snippets (issue 18, finding 14): no pattern that backtracks over a long word.
def test_search_snippets_around_a_20000_character_word(client):
    """A 20,000-character word before the match, and a search for the word itself: the
    results page shows the snippet with the match marked (python-markdown's SQLite pattern
    took 28 s per result)."""
    long_word = "w" * 20_000
    ArticleFactory(title="Haystack", body=f"{long_word} the needle is here.")
    _, html = page(client, reverse("blog:search"), data={"q": "needle"})
    assert "<mark>needle</mark>" in html
    assert build_snippet(f"Summary.\n{long_word} a needle", ["needle"]).endswith(
        "<mark>needle</mark>"
    )
    snippet = build_snippet(f"{long_word} a needle", ["w" * 200])
    assert snippet.startswith(f"<mark>{long_word}</mark>")


# Concurrent duplicates ----------


def at_once(requests, model):
    """Run `requests` (callables returning a response) in threads at the same moment, each
    stopped at its first save of `model` until all have arrived there: every request has
    looked for the row before any writes it, which is the race a double click can win."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(requests), timeout=10)
    waited = threading.local()
    original_save = model.save

    def save(instance, *args, **kwargs):
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()
        return original_save(instance, *args, **kwargs)

    statuses, errors = [], []

    def run(request):
        try:
            statuses.append(request().status_code)
        except Exception as error:  # noqa: BLE001 - reported below with its type
            errors.append(repr(error))
        finally:
            connection.close()

    model.save = save
    try:
        threads = [threading.Thread(target=run, args=(request,)) for request in requests]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        model.save = original_save
    assert not errors, errors
    return sorted(statuses)


def double_click(user, url, data=None):
    """Two clients signed in as `user` (or visitors), each ready to POST `data` to `url`."""
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        clients.append(client)
    return [lambda client=client: client.post(url, data or {}) for client in clients]


@pytest.mark.django_db(transaction=True)
class TestConcurrentDuplicates:
    """Every write a member or visitor can make that a unique constraint guards, sent twice at
    the same moment (a double click): neither answer is a 500, and one row stands.

    PostgreSQL only: SQLite lets one writer in at a time, so the race cannot happen there (CI
    runs the suite on PostgreSQL too). A new member-reachable unique write belongs here.
    """

    @pytest.fixture(autouse=True)
    def _postgresql(self):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL's concurrent writers; SQLite serialises them")

    def test_save_an_article(self):
        from blog.models import Bookmark

        member, article = UserFactory(), ArticleFactory()
        url = reverse("blog:save", kwargs={"slug": article.slug})
        assert at_once(double_click(member, url), Bookmark) == [302, 302]
        assert Bookmark.objects.filter(user=member, article=article).count() == 1

    def test_follow_a_category(self):
        from blog.models import Follow

        member, category = UserFactory(), CategoryFactory()
        url = reverse("blog:follow", kwargs={"slug": category.slug})
        assert at_once(double_click(member, url), Follow) == [302, 302]
        assert Follow.objects.filter(user=member, category=category).count() == 1

    def test_sign_up(self):
        from django.contrib.auth import get_user_model

        url = reverse("accounts:signup")
        data = {"email": "twice@example.com", "display_name": "Twice", "password": PASSWORD * 2}
        statuses = at_once(double_click(None, url, data), get_user_model())
        assert 500 not in statuses
        assert get_user_model().objects.filter(email="twice@example.com").count() == 1

    def test_failed_sign_in(self):
        from axes.models import AccessAttempt

        UserFactory(username="target")
        url = reverse("accounts:login")
        data = {"username": "target", "password": "wrong"}
        assert 500 not in at_once(double_click(None, url, data), AccessAttempt)
        assert AccessAttempt.objects.filter(username="target").count() == 1


# Oversized bodies ----------


class _Unreadable:
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("accounts:login", {}),
        ("accounts:signup", {}),
        ("accounts:password-reset", {}),
        ("accounts:verify-resend", {}),
        ("accounts:unsubscribe", {"token": "not-a-token"}),  # CSRF-exempt
        ("admin:login", {}),
        ("markdownx_upload", {}),
        ("comments:post", {"slug": "no-such-article"}),
    ],
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_an_oversized_body_is_refused_before_it_is_read(client, member, name, kwargs, signed_in):
    """60 MB declared: 413 at every address a body can be posted to, for visitors and members
    alike, before CSRF checks, forms or the upload handlers read a byte."""
    if signed_in:
        client.force_login(member)
    response = client.generic(
        "POST",
        reverse(name, kwargs=kwargs),
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(60 * 1024 * 1024),
        **{"wsgi.input": _Unreadable()},
    )
    assert response.status_code == 413
