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
            {"name": payload, "slug": f"c{n}", "description": payload},
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
]  # fmt: skip


def test_the_suite_covers_at_least_sixty_payloads(capsys):
    with capsys.disabled():
        print(
            f"\nHostile input: {len(HOSTILE_PAYLOADS)} payloads × {len(FIELDS)} fields, plus "
            f"{len(INVALID_UTF8_QUERIES)} invalid UTF-8 query strings"
        )
    assert len(HOSTILE_PAYLOADS) >= 60
    assert len(set(HOSTILE_PAYLOADS)) == len(HOSTILE_PAYLOADS)


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
        from blog.models import CategoryFollow

        member, category = UserFactory(), CategoryFactory()
        url = reverse("blog:follow", kwargs={"slug": category.slug})
        assert at_once(double_click(member, url), CategoryFollow) == [302, 302]
        assert CategoryFollow.objects.filter(user=member, category=category).count() == 1

    @pytest.mark.xfail(
        strict=True,
        reason="issue #18: two sign-ups with one address at once: the second's insert fails "
        "(IntegrityError, a 500). Sign-up's answer is the sign-up work's (finding 5); remove "
        "this mark with its fix.",
    )
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
