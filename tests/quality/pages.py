"""The pages every page-quality check visits, and the demo site they are checked on.

Add a page to `site_pages()` and the HTML checker, axe (light and dark) and any later check
cover it. Paths are built from the demo content: the demo articles' specs, the demo policy pages
and FAQs, and a comment thread, two members and an editor added to the snapshot below. Call
`site_pages()` once the demo is in the database (the `demo_site` fixture in tests/conftest.py):
a few paths carry a comment's primary key.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from blog.demo.articles import ARTICLES, CATEGORIES
from blog.demo.health import REVIEWER

DEMO_REVIEWER_SLUG = REVIEWER["slug"]

SHOWCASE_SLUG = "how-acupuncture-can-relieve-chronic-back-pain-naturally"
AUTHOR_USERNAME = "folio-editorial"  # load_demo's author
MEMBER_USERNAME = "demo-reader"  # verified; saved articles, followed topics, comments
STAFF_USERNAME = "demo-editor"  # in the Editors group, with a draft of their own
REPLIED_COMMENT = "Which of the needling points"  # the start of the thread's first comment

# More form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django answers 400 Bad Request.
TOO_MANY_FIELDS = "&".join(f"f{n}=v" for n in range(1500))


@dataclass(frozen=True)
class Page:
    """One page to check: `user` is None (a visitor), "member" or "staff".

    With `post`, the page is what the form at `path` answers to those fields (with the page's
    CSRF token unless `post` gives its own `csrfmiddlewaretoken`).
    """

    name: str
    path: str
    status: int = 200
    user: str | None = None
    post: dict = field(default=None, hash=False)


USERNAMES = {"member": MEMBER_USERNAME, "staff": STAFF_USERNAME}


def public_pages():
    """Every kind of page a visitor can reach without signing in, and all categories."""
    from comments.models import Comment

    showcase = next(spec for spec in ARTICLES if spec["slug"] == SHOWCASE_SLUG)
    articles = reverse("blog:list")
    search = reverse("blog:search")
    replied = Comment.objects.get(body__startswith=REPLIED_COMMENT)
    return [
        Page("home", reverse("blog:home")),
        Page("articles", articles),
        Page("articles-page-2", f"{articles}?page=2"),
        *(
            Page(f"category-{spec['slug']}", reverse("blog:category", args=[spec["slug"]]))
            for spec in CATEGORIES
        ),
        Page("tag", reverse("blog:tag", args=[slugify(showcase["tags"][0])])),
        Page("showcase-article", reverse("blog:detail", args=[SHOWCASE_SLUG])),
        Page("reply", reverse("comments:reply", args=[SHOWCASE_SLUG, replied.pk])),
        Page("author", reverse("blog:author", args=[AUTHOR_USERNAME])),
        Page("reviewer", reverse("blog:person", args=[DEMO_REVIEWER_SLUG])),
        Page("search-results", f"{search}?q=acupuncture"),
        Page("search-no-results", f"{search}?q=xylophone"),
        Page("search-empty", search),
        Page("faq", reverse("pages:faq")),
        Page("about-us", reverse("pages:detail", args=["about"])),
        Page("accounts-and-benefits", reverse("pages:detail", args=["benefits"])),
        Page("privacy-policy", reverse("pages:detail", args=["privacy"])),
        Page("sign-in", reverse("accounts:login")),
        Page("sign-up", reverse("accounts:signup")),
        Page(
            "sign-up-errors",
            reverse("accounts:signup"),
            post={"email": "not an address", "display_name": " ", "password": "short"},
        ),
        Page("password-reset", reverse("accounts:password-reset")),
        Page("verify-resend", reverse("accounts:verify-resend")),
        Page("verify-confirm", reverse("accounts:verify", args=[verification_token()])),
        Page("email-confirm", reverse("accounts:email-confirm", args=["a-link-token"])),
        Page("email-cancel", reverse("accounts:email-cancel", args=["a-link-token"])),
        Page(
            "email-link-invalid",
            reverse("accounts:email-confirm", args=["a-link-token"]),
            status=400,
            post={},
        ),
        *subscription_pages(),
        Page("bad-request", f"{articles}?{TOO_MANY_FIELDS}", status=400),
        Page(
            "csrf-failure",
            reverse("accounts:login"),
            status=403,
            post={"username": "someone", "password": "secret", "csrfmiddlewaretoken": ""},
        ),
        Page("not-found", "/no-such-page/", status=404),
        Page("method-not-allowed", reverse("accounts:logout"), status=405),
    ]


def account_pages():
    """Every page of a signed-in member, and the staff member's Management Center."""
    from comments.models import Comment

    replied = Comment.objects.get(body__startswith=REPLIED_COMMENT)
    return [
        Page("member-showcase-article", showcase_page().path, user="member"),
        Page(
            "member-reply",
            reverse("comments:reply", args=[SHOWCASE_SLUG, replied.pk]),
            user="member",
        ),
        Page("member-center", reverse("accounts:center"), user="member"),
        Page("member-profile", reverse("accounts:profile"), user="member"),
        Page("member-saved", reverse("accounts:saved"), user="member"),
        Page("member-topics", reverse("accounts:follows"), user="member"),
        Page("member-comments", reverse("comments:mine"), user="member"),
        Page("member-password", reverse("accounts:password-change"), user="member"),
        Page("member-email-change", reverse("accounts:email-change"), user="member"),
        Page(
            "member-email-change-errors",
            reverse("accounts:email-change"),
            user="member",
            post={"new_email": "not an address", "password": ""},
        ),
        Page("member-delete", reverse("accounts:delete"), user="member"),
        Page(
            "member-delete-errors",
            reverse("accounts:delete"),
            user="member",
            post={"password": "not the password"},
        ),
        Page("member-two-factor-setup", reverse("accounts:two-factor-setup"), user="member"),
        Page(
            "member-two-factor-setup-errors",
            reverse("accounts:two-factor-setup"),
            user="member",
            post={"code": "12345"},
        ),
        Page("staff-center", reverse("accounts:center"), user="staff"),
        Page(
            "staff-forbidden", reverse("admin:accounts_user_changelist"), status=403, user="staff"
        ),
    ]


def subscription_pages():
    """Subscribing without an account: the form, its answers, the pages its links open."""
    from accounts.tokens import make_subscribe_confirm_token, make_subscriber_token
    from blog.models import Subscriber

    subscriber, _ = Subscriber.objects.get_or_create(
        email="subscriber@example.org", defaults={"confirmed_at": timezone.now()}
    )
    token = make_subscriber_token(subscriber)
    subscribe = reverse("accounts:subscribe")
    manage = reverse("accounts:subscription", args=[token])
    return [
        Page("subscribe", subscribe),
        Page("subscribe-errors", subscribe, post={"email": "not an address"}),
        Page("subscribe-sent", subscribe, post={"email": "new-reader@example.org"}),
        Page(
            "subscribe-confirm",
            reverse("accounts:subscribe-confirm", args=[make_subscribe_confirm_token(subscriber)]),
        ),
        Page("subscription", manage),
        Page("subscription-errors", manage, post={"frequency": "weekly"}),
        Page("subscriber-unsubscribe", reverse("accounts:subscriber-unsubscribe", args=[token])),
        Page(
            "subscription-link-invalid",
            reverse("accounts:subscription", args=["a-link-token"]),
            status=400,
        ),
    ]


def site_pages():
    return public_pages() + account_pages()


def showcase_page():
    return Page("showcase-article", reverse("blog:detail", args=[SHOWCASE_SLUG]))


def verification_token():
    from django.contrib.auth import get_user_model

    from accounts.tokens import make_verification_token

    return make_verification_token(get_user_model().objects.get(username=MEMBER_USERNAME))


def client_for(page, clients):
    """A test client for the page's user, made once per user in `clients`; CSRF is enforced."""
    if page.user not in clients:
        from django.contrib.auth import get_user_model

        client = Client(enforce_csrf_checks=True)
        if page.user:
            client.force_login(get_user_model().objects.get(username=USERNAMES[page.user]))
        clients[page.user] = client
    return clients[page.user]


def fetch(page, clients):
    """The response a browser gets for `page`: a GET, or the form at `path` sent with `post`."""
    client = client_for(page, clients)
    if page.post is None:
        return client.get(page.path)
    form = client.get(page.path)
    assert form.status_code == 200, page
    token = client.cookies["csrftoken"].value
    return client.post(page.path, {"csrfmiddlewaretoken": token, **page.post})


@dataclass(frozen=True)
class DemoSnapshot:
    data: str
    media_root: Path


# The demo has ten articles, exactly one page of the archive; these give it a second page.
EXTRA_ARTICLES = 3


# Made again by post_migrate after a flush, or by the `roles` fixture; referred to by natural key.
NOT_SNAPSHOTTED = {
    "contenttypes.contenttype", "auth.permission", "auth.group", "sessions.session",
    "admin.logentry",
}  # fmt: skip


def _snapshot_models():
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module]
    models = [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_SNAPSHOTTED
    ]
    # sort_dependencies orders by natural keys only; PostgreSQL checks each restored row's
    # foreign keys, so a model also comes after the models its rows point at.
    ordered = []

    def place(model, path=()):
        if model in ordered or model in path:
            return
        for relation in model._meta.concrete_fields:
            target = relation.related_model if relation.is_relation else None
            if target in models and target is not model:
                place(target, (*path, model))
        ordered.append(model)

    for model in models:
        place(model)
    return ordered


def take_demo_snapshot(media_root):
    """Load the demo once, serialise what it made, and roll the load back.

    Drawing the covers is what makes `load_demo` slow; restoring the snapshot in each test is
    fast. Cover files stay in `media_root`. Content types, permissions and groups are written
    as natural keys, so the snapshot fits a database whose flush re-created them with new keys.
    """
    from tests.blog.factories import ArticleFactory

    with override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        from blog.models import Article, Category

        category = Category.objects.get(slug=CATEGORIES[-1]["slug"])
        ArticleFactory.create_batch(
            EXTRA_ARTICLES,
            category=category,
            author=None,
            published_at=timezone.now() - timedelta(days=60),
        )
        assert Article.objects.published().count() > 10
        call_command("load_demo_pages", stdout=io.StringIO())
        _add_members_and_a_thread()
        objects = (
            obj for model in _snapshot_models() for obj in model._base_manager.order_by("pk")
        )
        data = serializers.serialize("json", objects, use_natural_foreign_keys=True)
        transaction.set_rollback(True)
    return DemoSnapshot(data=data, media_root=media_root)


def _add_members_and_a_thread():
    """A verified member with saved articles, topics and comments; an editor with a draft; and a
    thread with replies on the showcase article, so that every account page has content."""
    from django.contrib.auth.models import Group

    from blog.models import Article, Bookmark, Category, Follow
    from tests.accounts.factories import UserFactory
    from tests.blog.factories import ArticleFactory
    from tests.comments.factories import CommentFactory

    member = UserFactory(username=MEMBER_USERNAME, display_name="Dana Reader")
    clinician = UserFactory(username="demo-physio", display_name="Sam Physio")
    editor = UserFactory(username=STAFF_USERNAME, display_name="Eli Editor", is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    ArticleFactory(
        title="Sleep and pain: a draft for review",
        slug="sleep-and-pain-draft",
        author=editor,
        category=Category.objects.get(slug=CATEGORIES[0]["slug"]),
        draft=True,
    )

    showcase = Article.objects.get(slug=SHOWCASE_SLUG)
    question = CommentFactory(
        article=showcase,
        author=member,
        body=(
            f"{REPLIED_COMMENT} did the trials in the article use? My physiotherapist "
            "mentioned the lower back and the back of the knee.\n\nThank you for the "
            "clear summary of the evidence."
        ),
    )
    answer = CommentFactory(
        parent=question,
        author=clinician,
        body="Most trials let the practitioner choose, within a set of points agreed in "
        "advance. The review linked in the article lists them: https://example.org/review",
    )
    CommentFactory(parent=answer, author=member, body="That helps, thank you.")
    CommentFactory(article=showcase, author=clinician, body="A useful read for my patients.")

    for article in Article.objects.published().order_by("-published_at")[:3]:
        Bookmark.objects.create(user=member, article=article)
    for category in Category.objects.order_by("name")[:2]:
        Follow.objects.create(user=member, category=category)


def restore_demo_snapshot(snapshot):
    """Write the snapshot's rows back, by primary key, into the test's database."""
    with transaction.atomic():
        for obj in serializers.deserialize("json", snapshot.data):
            obj.save()
    # Rows came back with explicit keys: move PostgreSQL's sequences past them.
    statements = connection.ops.sequence_reset_sql(no_style(), _snapshot_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
