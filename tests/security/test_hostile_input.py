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

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from blog.models import Article, Category, Tag
from blog.search import clean_query
from comments.models import Comment
from pages.models import FAQ, FAQSection, Page
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory
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
