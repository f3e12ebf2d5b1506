"""Who may open and post to every URL of the site: one table, six roles, GET and POST.

The URL patterns come from the resolver (tests/security/matrix.py), the admin's and the markdownx
endpoints included, so a URL added later without a row here fails `test_every_url_is_in_the_
matrix` with "add it to the matrix". Each row names the object the URL is probed with and the
status each role gets, in the order visitor, unverified member, member, Author, Editor,
superuser:

    "200"    the page             "login"  302 to the site's sign-in page, coming back here
    "302"    another redirect     "admin"  302 to the admin's sign-in page, coming back here
    "4xx"    that refusal

The admin's per-model URLs (changelist, add, change, delete, history and the bare object URL) get
their expectation from ADMIN_PERMISSIONS, which declares what each role may do with each model;
a test checks the declaration against the groups the data migrations create.

Every request runs in a savepoint that is rolled back. The stored rows are compared before and
after each request: a POST changes them for exactly the roles a row lists in `writes`, and
nothing else changes them, so a refused request provably changed nothing.
"""

import itertools
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.tokens import (
    UNSUBSCRIBE_SALT,
    make_email_change_token,
    make_subscribe_confirm_token,
    make_subscriber_token,
    make_unsubscribe_token,
    make_verification_token,
)
from blog.models import Bookmark, FollowNotification, SiteDisclaimer, Subscriber
from comments.models import Comment
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, PersonFactory, TagFactory
from tests.comments.factories import CommentFactory
from tests.pages.factories import FAQFactory, FAQSectionFactory, PageFactory
from tests.security.matrix import (
    LETTERS,
    METHODS,
    ROLES,
    STAFF,
    admin_model_url,
    admin_models,
    fingerprint,
    url_patterns,
)

pytestmark = pytest.mark.django_db

ALL_200 = "200 200 200 200 200 200"
ALL_405 = "405 405 405 405 405 405"
MEMBERS = "login 200 200 200 200 200"
STAFF_ONLY = "admin admin admin 200 200 200"


@dataclass(frozen=True)
class Row:
    """How one URL pattern answers each role, probed with one object of the world."""

    get: str
    post: str
    url: object = None  # world -> path; default: reverse(key, kwargs=kwargs(world))
    kwargs: object = None  # world -> kwargs for reverse()
    data: object = None  # world -> POST data
    writes: str = ""  # letters of the roles whose POST changes the database (others' must not)
    label: str = ""
    check: object = None  # (world, role, method, response) -> None: more assertions

    def expected(self, method):
        codes = (self.get if method == "GET" else self.post).split()
        assert len(codes) == len(ROLES), self
        return dict(zip(ROLES, codes, strict=True))


def slug(name):
    return lambda world: {"slug": world[name].slug}


def comment_of(article, comment):
    return lambda world: {"slug": world[article].slug, "pk": world[comment].pk}


def a_comment(world):
    return {"body": "A thoughtful comment from the authorisation matrix."}


def no_draft_text(world, role, method, response):
    """Nothing of another author's draft is on a page for readers, whatever the status."""
    draft = world["draft"]
    html = response.content.decode(errors="replace")
    assert draft.title not in html
    assert draft.body not in html


def no_draft_text_when_refused(world, role, method, response):
    """A refused draft gives nothing of itself away: a 404 like an address that never was."""
    if response.status_code == 404:
        no_draft_text(world, role, method, response)


def view_on_site_leads_only_editors_to_the_draft(world, role, method, response):
    """The admin's "view on site" redirect leads Editors and superusers to the preview at the
    public address; another author gets 404 at once, the draft's slug not given away."""
    if role == "author":
        assert "Location" not in response
        no_draft_text(world, role, method, response)
    if role not in ("editor", "superuser"):
        return
    client = Client()
    client.force_login(world["users"][role])
    page = client.get(response["Location"])
    assert page.status_code == (404 if role == "author" else 200), page.status_code
    if role == "author":
        no_draft_text(world, role, method, page)


def no_draft_text_for_authors(world, role, method, response):
    """In the admin, only Editors and superusers see other authors' drafts."""
    if role not in ("editor", "superuser"):
        no_draft_text(world, role, method, response)


def comment_posted_or_refused_on_the_article(world, role, method, response):
    """A posted comment leads to itself; a refused one brings the article page back with the
    text in the form and the reason; a visitor is sent to sign in, back to the comments."""
    if method != "POST":
        return
    article = world["published"]
    if role == "visitor":
        query = parse_qs(urlsplit(response["Location"]).query)
        assert query["next"] == [f"{article.get_absolute_url()}#comments"]
    elif response.status_code == 302:
        comment = Comment.objects.filter(author=world["users"][role]).latest("pk")
        assert response["Location"] == comment.get_absolute_url()
    else:
        html = response.content.decode()
        assert article.title in html
        assert a_comment(world)["body"] in html
        assert "Please confirm your e-mail address before you comment." in html, "no reason"


def only_own_data(world, role, method, response):
    """The export is the signed-in member's, whatever a query string asks for."""
    if response.status_code != 200:
        return
    data = response.content.decode()
    assert world["users"][role].email in data
    for other in ("commenter", "other_author"):
        assert world[other].email not in data, f"{role} got {other}'s data"


def only_own_data_and_no_draft_text(world, role, method, response):
    only_own_data(world, role, method, response)
    no_draft_text(world, role, method, response)


def tampered_unsubscribe(world):
    """The commenter's unsubscribe link with the member's id swapped in, not re-signed."""
    _, timestamp, signature = make_unsubscribe_token(world["commenter"]).split(":")
    payload = signing.dumps({"user": world["users"]["member"].pk}, salt=UNSUBSCRIBE_SALT)
    return {"token": f"{payload.split(':')[0]}:{timestamp}:{signature}"}


def tampered_verification(world):
    token = make_verification_token(world["users"]["unverified"])
    value, signature = token.rsplit(":", 1)
    return {"token": f"{value}:{signature[::-1]}"}


def tampered_email_change(world, cancel=False):
    """The commenter's change-of-address link, its signature reversed."""
    commenter = world["commenter"]
    token = make_email_change_token(commenter, new_email="elsewhere@example.com", cancel=cancel)
    value, signature = token.rsplit(":", 1)
    return {"token": f"{value}:{signature[::-1]}"}


_NEW_ADDRESSES = itertools.count()


def a_new_address(world):
    """A fresh address per request: each POST subscribes someone new."""
    return {"email": f"reader{next(_NEW_ADDRESSES)}@example.com"}


def tampered_subscriber_link(world, make=make_subscriber_token):
    """The world subscriber's link with another subscription's id, its old signature kept."""
    subscriber = world["subscriber"]
    value, signature = make(subscriber).rsplit(":", 1)
    other = Subscriber(pk=subscriber.pk + 1, email=subscriber.email)
    other_value, _ = make(other).rsplit(":", 1)
    return {"token": f"{other_value}:{signature}"}


SITE = {
    # markdownx's endpoints, behind a staff check.
    "markdownx_upload": Row(
        get="admin admin admin 405 405 405",
        post="admin admin admin 400 400 400",
        data=lambda world: {},
    ),
    "markdownx_markdownify": Row(
        get="admin admin admin 405 405 405",
        post=STAFF_ONLY,
        data=lambda world: {"content": "# Heading\n\nText"},
    ),
    # Accounts.
    "accounts:center": Row(get=MEMBERS, post=MEMBERS, check=no_draft_text),
    "accounts:signup": Row(
        get="200 302 302 302 302 302",
        post="200 302 302 302 302 302",
        data=lambda world: {
            "email": "newcomer@example.com",
            "display_name": "Newcomer",
            "password": "a long enough passphrase 42",
        },
        writes="V",
    ),
    "accounts:login": Row(
        get="200 302 302 302 302 302",
        post="200 302 302 302 302 302",
        data=lambda world: {"username": "nobody@example.com", "password": "wrong"},
        writes="V",  # django-axes records the failed attempt
    ),
    # The code step: without a sign-in waiting for its code, visitors go back to the password
    # step and members (none has two-factor sign-in here) to where they were going.
    "accounts:login-code": Row(
        get="302 302 302 302 302 302",
        post="302 302 302 302 302 302",
        data=lambda world: {"code": "123456"},
    ),
    "accounts:logout": Row(get=ALL_405, post="302 302 302 302 302 302"),
    "accounts:profile": Row(
        get=MEMBERS,
        post="login 302 302 302 302 302",
        data=lambda world: {"display_name": "A new name", "bio": "A new bio."},
        writes="UMAES",
    ),
    "accounts:password-change": Row(get=MEMBERS, post=MEMBERS, data=lambda world: {}),
    "accounts:password-reset": Row(
        get=ALL_200,
        post="302 302 302 302 302 302",
        data=lambda world: {"email": world["commenter"].email},
    ),
    "accounts:password-reset-done": Row(get=ALL_200, post=ALL_405),
    "accounts:password-reset-confirm": Row(
        get=ALL_200,
        post=ALL_200,
        kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"},
        data=lambda world: {"new_password1": "x" * 20, "new_password2": "x" * 20},
    ),
    "accounts:password-reset-complete": Row(get=ALL_200, post=ALL_405),
    "accounts:verify-resend": Row(
        get="200 302 302 302 302 302",
        post="200 302 302 302 302 302",
        data=lambda world: {"email": "nobody@example.com"},
    ),
    "accounts:verify": Row(
        get=ALL_200,
        post="400 400 400 400 400 400",
        kwargs=tampered_verification,
        label="tampered",
    ),
    # Change of e-mail: a wrong password changes nothing; links from the e-mails are signed.
    "accounts:email-change": Row(
        get=MEMBERS,
        post=MEMBERS,
        data=lambda world: {"new_email": "elsewhere@example.com", "password": "not my password"},
    ),
    "accounts:email-confirm": Row(
        get=ALL_200,
        post="400 400 400 400 400 400",
        kwargs=tampered_email_change,
        label="tampered",
    ),
    "accounts:email-cancel": Row(
        get=ALL_200,
        post="400 400 400 400 400 400",
        kwargs=lambda world: tampered_email_change(world, cancel=True),
        label="tampered",
    ),
    "accounts:saved": Row(get=MEMBERS, post=MEMBERS, check=no_draft_text),
    "accounts:follows": Row(
        get=MEMBERS,
        post="login 302 302 302 302 302",
        data=lambda world: {"notify_on_reply": "on"},
        writes="UMAES",
    ),
    "accounts:export": Row(
        get=MEMBERS,
        post=MEMBERS,
        url=lambda world: (
            reverse("accounts:export")
            + f"?user={world['commenter'].pk}&username={world['commenter'].username}"
        ),
        check=only_own_data_and_no_draft_text,
    ),
    "accounts:delete": Row(
        get=MEMBERS, post=MEMBERS, data=lambda world: {"password": "not my password"}
    ),
    # Two-factor sign-in (none of the roles has it on; tests/accounts/test_two_factor.py has
    # the members who do). A wrong code changes nothing.
    "accounts:two-factor-setup": Row(
        get=MEMBERS, post=MEMBERS, data=lambda world: {"code": "not a code"}
    ),
    "accounts:two-factor-codes": Row(
        get="login 302 302 302 302 302", post="login 302 302 302 302 302"
    ),
    "accounts:two-factor-disable": Row(
        get="login 302 302 302 302 302",
        post="login 302 302 302 302 302",
        data=lambda world: {"password": "not my password", "code": "123456"},
    ),
    "accounts:unsubscribe": Row(
        get="400 400 400 400 400 400",
        post="400 400 400 400 400 400",
        kwargs=tampered_unsubscribe,
        label="tampered",
    ),
    # Subscribing without an account: the form answers the same to every role (the POST
    # makes an unconfirmed subscription); the links from the e-mails are signed.
    "accounts:subscribe": Row(get=ALL_200, post=ALL_200, data=a_new_address, writes="VUMAES"),
    "accounts:subscribe-confirm": Row(
        get=ALL_200,
        post="400 400 400 400 400 400",
        kwargs=lambda world: tampered_subscriber_link(world, make_subscribe_confirm_token),
        label="tampered",
    ),
    "accounts:subscription": Row(
        get="400 400 400 400 400 400",
        post="400 400 400 400 400 400",
        kwargs=tampered_subscriber_link,
        data=lambda world: {"action": "delete"},
        label="tampered",
    ),
    "accounts:subscriber-unsubscribe": Row(
        get="400 400 400 400 400 400",
        post="400 400 400 400 400 400",
        kwargs=tampered_subscriber_link,
        label="tampered",
    ),
    # Discovery.
    "sitemap": Row(get=ALL_200, post=ALL_200),
    "sitemap-section": Row(get=ALL_200, post=ALL_200, kwargs=lambda world: {"section": "articles"}),
    "robots": Row(get=ALL_200, post=ALL_405),
    # Serving.
    "healthz": Row(get=ALL_200, post=ALL_405),
    "readyz": Row(get=ALL_200, post=ALL_405),
    "blog:home": Row(get=ALL_200, post=ALL_405, check=no_draft_text),
    "blog:list": Row(get=ALL_200, post=ALL_405, check=no_draft_text),
    "blog:detail": [
        # Comments are posted to comments:post; the article's own URL only shows it.
        Row(label="published", get=ALL_200, post=ALL_405, kwargs=slug("published")),
        # Drafts and scheduled articles: their author, Editors and superusers only.
        Row(
            label="another author's draft",
            get="404 404 404 404 200 200",
            post=ALL_405,
            kwargs=slug("draft"),
            check=no_draft_text_when_refused,
        ),
        Row(
            label="scheduled",
            get="404 404 404 404 200 200",
            post=ALL_405,
            kwargs=slug("scheduled"),
        ),
        Row(
            label="the Author's own draft",
            get="404 404 404 200 200 200",
            post=ALL_405,
            kwargs=slug("own_draft"),
        ),
    ],
    "blog:category": Row(get=ALL_200, post=ALL_405, kwargs=slug("category"), check=no_draft_text),
    "blog:tag": Row(get=ALL_200, post=ALL_405, kwargs=slug("tag"), check=no_draft_text),
    "blog:save": [
        Row(
            label="published",
            get=ALL_405,
            post="login 302 302 302 302 302",
            kwargs=slug("published"),
            writes="UMAES",
        ),
        Row(
            label="draft",
            get=ALL_405,
            post="login 404 404 404 404 404",
            kwargs=slug("draft"),
        ),
    ],
    "blog:follow": Row(
        get=ALL_405, post="login 403 302 302 302 302", kwargs=slug("category"), writes="MAES"
    ),
    "blog:author-feed-rss": [
        Row(
            label="an author",
            get=ALL_200,
            post=ALL_200,
            kwargs=lambda world: {"username": world["other_author"].username},
            check=no_draft_text,
        ),
        Row(
            label="a member without published articles",
            get="404 404 404 404 404 404",
            post="404 404 404 404 404 404",
            kwargs=lambda world: {"username": world["commenter"].username},
        ),
    ],
    "blog:author-feed-atom": Row(
        get=ALL_200,
        post=ALL_200,
        kwargs=lambda world: {"username": world["other_author"].username},
        check=no_draft_text,
    ),
    "blog:tag-follow": Row(
        get=ALL_405, post="login 403 302 302 302 302", kwargs=slug("tag"), writes="MAES"
    ),
    "blog:author-follow": [
        Row(
            label="an author",
            get=ALL_405,
            post="login 403 302 302 302 302",
            kwargs=lambda world: {"username": world["other_author"].username},
            writes="MAES",
        ),
        Row(
            label="a member without published articles",
            get=ALL_405,
            post="login 403 404 404 404 404",
            kwargs=lambda world: {"username": world["commenter"].username},
        ),
    ],
    "comments:post": [
        Row(
            label="published",
            get=ALL_405,
            post="login 403 302 302 302 302",
            kwargs=slug("published"),
            data=a_comment,
            writes="MAES",
            check=comment_posted_or_refused_on_the_article,
        ),
        Row(
            label="another author's draft",
            get=ALL_405,
            post="404 404 404 404 403 403",
            kwargs=slug("draft"),
            data=a_comment,
            check=no_draft_text_when_refused,
        ),
        Row(
            label="scheduled",
            get=ALL_405,
            post="404 404 404 404 403 403",
            kwargs=slug("scheduled"),
            data=a_comment,
        ),
    ],
    "comments:reply": Row(
        label="another member's comment",
        get=ALL_200,
        post="login 403 302 302 302 302",
        kwargs=comment_of("published", "comment"),
        data=a_comment,
        writes="MAES",
    ),
    "comments:edit": Row(
        label="another member's comment",
        get="login 404 404 404 404 404",
        post="login 404 404 404 404 404",
        kwargs=comment_of("published", "comment"),
        data=lambda world: {"body": "Changed by someone else."},
    ),
    "comments:delete": Row(
        label="another member's comment",
        get="login 404 404 404 404 404",
        post="login 404 404 404 404 404",
        kwargs=comment_of("published", "comment"),
    ),
    "comments:mine": Row(get=MEMBERS, post="login 405 405 405 405 405", check=no_draft_text),
    "blog:search": Row(
        get=ALL_200,
        post=ALL_405,
        url=lambda world: reverse("blog:search") + "?q=" + quote("confidential sleep"),
        check=no_draft_text,
    ),
    "blog:author": [
        Row(
            label="an author",
            get=ALL_200,
            post=ALL_405,
            kwargs=lambda world: {"username": world["other_author"].username},
            check=no_draft_text,
        ),
        Row(
            label="a member without articles",
            get="404 404 404 404 404 404",
            post=ALL_405,
            kwargs=lambda world: {"username": world["commenter"].username},
        ),
    ],
    "blog:person": [
        Row(
            label="a reviewer",
            get=ALL_200,
            post=ALL_405,
            kwargs=lambda world: {"slug": world["reviewer"].slug},
            check=no_draft_text,
        ),
        Row(
            label="no such person",
            get="404 404 404 404 404 404",
            post=ALL_405,
            kwargs=lambda world: {"slug": "nobody"},
        ),
    ],
    # "Record a medical review": Editors only; an empty POST shows the form's errors.
    "admin:blog_article_review": Row(
        get="admin admin admin 403 200 200",
        post="admin admin admin 403 200 200",
        url=lambda world: reverse("admin:blog_article_review", args=[world["published"].pk]),
    ),
    "blog:feed-rss": Row(get=ALL_200, post=ALL_200, check=no_draft_text),
    "blog:feed-atom": Row(get=ALL_200, post=ALL_200, check=no_draft_text),
    "blog:category-feed-rss": Row(get=ALL_200, post=ALL_200, kwargs=slug("category")),
    "blog:category-feed-atom": Row(get=ALL_200, post=ALL_200, kwargs=slug("category")),
    "blog:tag-feed-rss": Row(get=ALL_200, post=ALL_200, kwargs=slug("tag")),
    "blog:tag-feed-atom": Row(get=ALL_200, post=ALL_200, kwargs=slug("tag")),
    # Pages.
    "pages:faq": Row(get=ALL_200, post=ALL_405),
    "pages:detail": [
        Row(label="published", get=ALL_200, post=ALL_405, kwargs=slug("page")),
        Row(
            label="unpublished",
            get="404 404 404 404 200 200",
            post=ALL_405,
            kwargs=slug("hidden_page"),
        ),
    ],
    # The admin's own views (its per-model URLs follow ADMIN_PERMISSIONS below).
    "admin:index": Row(get=STAFF_ONLY, post=STAFF_ONLY),
    "admin:login": Row(
        get="200 200 200 302 302 302",
        post=ALL_200,
        data=lambda world: {"username": "nobody", "password": "wrong"},
        writes="VUMAES",  # django-axes records the failed attempt
    ),
    "admin:logout": Row(get="302 302 302 405 405 405", post="302 302 302 302 302 302"),
    "admin:password_change": Row(get=STAFF_ONLY, post=STAFF_ONLY, data=lambda world: {}),
    "admin:password_change_done": Row(get=STAFF_ONLY, post="admin admin admin 405 405 405"),
    "admin:autocomplete": Row(
        get="admin admin admin 403 403 403", post="admin admin admin 405 405 405"
    ),
    "admin:jsi18n": Row(get=STAFF_ONLY, post="admin admin admin 405 405 405"),
    "admin:view_on_site": Row(
        label="another author's draft",
        get="admin admin admin 404 302 302",
        post="admin admin admin 404 302 302",
        kwargs=lambda world: {
            "content_type_id": ContentType.objects.get_for_model(world["draft"]).pk,
            "object_id": world["draft"].pk,
        },
        check=view_on_site_leads_only_editors_to_the_draft,
    ),
    "admin:app_list": [
        Row(
            label=label,
            get=f"admin admin admin {codes}",
            post=f"admin admin admin {codes}",
            kwargs=lambda world, label=label: {"app_label": label},
        )
        for label, codes in (
            ("blog", "200 200 200"),
            ("comments", "404 200 200"),
            ("pages", "404 404 200"),
            ("accounts", "404 404 200"),
            ("auth", "404 404 200"),
            ("axes", "404 404 200"),
        )
    ],
    "admin:auth_user_password_change": Row(
        get="admin admin admin 403 403 200",
        post="admin admin admin 403 403 200",
        kwargs=lambda world: {"id": world["commenter"].pk},
        data=lambda world: {},
    ),
    "admin:[(?P<url>.*)$]": Row(
        label="unknown admin page",
        get="admin admin admin 404 404 404",
        post="admin admin admin 404 404 404",
        url=lambda world: "/admin/no-such-page/",
    ),
}

# What each staff role may do with each model in the admin: a(dd), v(iew), c(hange), d(elete).
# Superusers may do everything the ModelAdmin allows. Non-staff roles never get past the login.
ADMIN_PERMISSIONS = {
    "auth.group": {"author": "", "editor": ""},
    "accounts.user": {"author": "", "editor": ""},
    "blog.category": {"author": "v", "editor": "avcd"},
    "blog.tag": {"author": "av", "editor": "avcd"},
    "blog.article": {"author": "avc", "editor": "avcd"},
    "blog.person": {"author": "v", "editor": "avcd"},
    "blog.sitedisclaimer": {"author": "", "editor": "avc"},
    "blog.subscriber": {"author": "", "editor": "vd"},
    "comments.comment": {"author": "", "editor": "vcd"},
    "pages.page": {"author": "", "editor": ""},
    "pages.faqsection": {"author": "", "editor": ""},
    "pages.faq": {"author": "", "editor": ""},
    "axes.accessattempt": {"author": "", "editor": ""},
    "axes.accesslog": {"author": "", "editor": ""},
    "axes.accessfailurelog": {"author": "", "editor": ""},
}
# ModelAdmins that refuse adding to everyone: comments come from readers, logs from sign-ins.
# The site-wide disclaimer is one row: once it exists, it is changed, not added.
ADMIN_NO_ADD = {
    "comments.comment", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog",
    "blog.sitedisclaimer", "blog.subscriber",
}  # fmt: skip
# The object probed per model is hidden from these roles by the ModelAdmin's queryset: an
# Author's admin lists only their own articles, and the probe uses another author's draft.
ADMIN_HIDDEN = {"blog.article": {"author"}}
# ModelAdmins whose change form has no field a user can edit: an empty POST saves as it is.
ADMIN_READ_ONLY_FORMS = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def admin_permissions(model, role):
    if role == "superuser":
        return "avcd"
    return ADMIN_PERMISSIONS[model][role]


def admin_expectation(model, action, role, method):
    """The status `role` gets for `method` on the admin's `action` URL of `model`."""
    if role not in STAFF:
        return "admin"
    if action == "redirect":
        return "302"
    perms = admin_permissions(model, role)
    can_view = "v" in perms or "c" in perms
    hidden = role in ADMIN_HIDDEN.get(model, ())
    if action == "changelist":
        return "200" if can_view else "403"
    if action == "add":
        return "200" if "a" in perms and model not in ADMIN_NO_ADD else "403"
    if action == "change":
        if not (can_view if method == "GET" else "c" in perms):
            return "403"
        if hidden:
            return "302"
        return "302" if method == "POST" and model in ADMIN_READ_ONLY_FORMS else "200"
    if action == "history":
        return "302" if hidden else ("200" if can_view else "403")
    if action == "delete":
        if "d" not in perms:
            return "403"
        return "302" if hidden or method == "POST" else "200"
    raise AssertionError(action)


def admin_row(model, action):
    def url(world):
        obj = world["admin_objects"][model]
        info = f"{obj._meta.app_label}_{obj._meta.model_name}"
        if action == "redirect":
            return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/"
        if action in ("changelist", "add"):
            return reverse(f"admin:{info}_{action}")
        return reverse(f"admin:{info}_{action}", args=[obj.pk])

    def codes(method):
        return " ".join(admin_expectation(model, action, role, method) for role in ROLES)

    writes = "".join(
        letter
        for letter, role in LETTERS.items()
        if action in ("delete", "change")
        and admin_expectation(model, action, role, "POST") == "302"
        and role not in ADMIN_HIDDEN.get(model, ())
    )
    return Row(
        label=f"{model} {action}",
        get=codes("GET"),
        post=codes("POST"),
        url=url,
        data=(lambda world: {"post": "yes"}) if action == "delete" else (lambda world: {}),
        writes=writes,
        check=no_draft_text_for_authors if model == "blog.article" else None,
    )


def matrix():
    """Every URL pattern of the site with its rows; patterns without one map to []."""
    table = {}
    for pattern in url_patterns():
        rows = SITE.get(pattern.key)
        if rows is None:
            admin_url = admin_model_url(pattern.key)
            if admin_url and admin_url[0] in ADMIN_PERMISSIONS:
                rows = admin_row(*admin_url)
        table[pattern.key] = [] if rows is None else rows if isinstance(rows, list) else [rows]
    return table


def cases():
    for key, rows in matrix().items():
        for row in rows:
            yield pytest.param(key, row, id=f"{key} ({row.label})" if row.label else key)


@pytest.fixture
def world(roles):
    """Users in every role and the objects the matrix probes, some owned by others."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    users = {
        "unverified": UserFactory(email_verified_at=None),
        "member": UserFactory(),
        "author": UserFactory(is_staff=True),
        "editor": UserFactory(is_staff=True),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    users["author"].groups.add(roles["Authors"])
    users["editor"].groups.add(roles["Editors"])
    other_author = UserFactory(username="other-author", is_staff=True)
    other_author.groups.add(roles["Authors"])
    commenter = UserFactory(username="commenter")
    category = CategoryFactory(slug="sample", name="Sample category")
    tag = TagFactory(slug="sample", name="sample tag")
    published = ArticleFactory(slug="published", author=other_author, category=category, tags=[tag])
    draft = ArticleFactory(
        slug="draft",
        draft=True,
        title="Unreleased findings on sleep",
        body="The confidential draft text about sleep studies.",
        author=other_author,
        category=category,
        tags=[tag],
    )
    scheduled = ArticleFactory(scheduled=True, slug="scheduled", author=other_author)
    own_draft = ArticleFactory(
        slug="own-draft", draft=True, author=users["author"], category=category
    )
    comment = CommentFactory(article=published, author=commenter)
    # What every account saved, wrote or was e-mailed about while the draft was public (it has
    # been unpublished since): their own pages and data export must not show its title.
    for user in users.values():
        Bookmark.objects.create(user=user, article=draft)
        CommentFactory(article=draft, author=user, body="Written while it was public.")
        FollowNotification.objects.create(user=user, article=draft)
    reviewer = PersonFactory(slug="a-reviewer")
    # A draft they reviewed: their page must not show it.
    draft.reviewer, draft.last_reviewed_on = reviewer, published.published_at.date()
    draft.save()
    section = FAQSectionFactory()
    world = {
        "users": users,
        "other_author": other_author,
        "commenter": commenter,
        "category": category,
        "tag": tag,
        "published": published,
        "draft": draft,
        "scheduled": scheduled,
        "own_draft": own_draft,
        "comment": comment,
        "reviewer": reviewer,
        "page": PageFactory(slug="sample-page"),
        "hidden_page": PageFactory(slug="hidden-page", is_published=False),
        "subscriber": Subscriber.objects.create(
            email="subscriber@example.com", confirmed_at=published.published_at
        ),
    }
    world["admin_objects"] = {
        "auth.group": Group.objects.create(name="Spare group"),
        "accounts.user": UserFactory(username="spare"),
        "blog.category": CategoryFactory(slug="spare", name="Spare category"),
        "blog.tag": TagFactory(slug="spare", name="spare tag"),
        "blog.article": draft,
        "blog.person": PersonFactory(slug="spare-person"),
        "blog.sitedisclaimer": SiteDisclaimer.objects.create(text="Spare disclaimer."),
        "blog.subscriber": Subscriber.objects.create(email="spare-subscriber@example.com"),
        "comments.comment": comment,
        "pages.page": world["hidden_page"],
        "pages.faqsection": FAQSectionFactory(slug="spare-section"),
        "pages.faq": FAQFactory(section=section),
        "axes.accessattempt": AccessAttempt.objects.create(
            username="someone", ip_address="192.0.2.1", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(username="someone", ip_address="192.0.2.1"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            username="someone", ip_address="192.0.2.1"
        ),
    }
    return world


def clients(world):
    made = {"visitor": Client()}
    for role, user in world["users"].items():
        made[role] = Client()
        made[role].force_login(user)
    return made


def outcome(expected, response, path):
    """None when `response` is what `expected` ("200", "login", "admin", …) describes."""
    status = response.status_code
    if expected in ("login", "admin"):
        target = reverse("accounts:login" if expected == "login" else "admin:login")
        location = response.get("Location", "")
        if status == 302 and location.startswith(f"{target}?next="):
            return None
        return f"expected a redirect to {target}, got {status} {location}"
    if str(status) != expected:
        return f"expected {expected}, got {status} {response.get('Location', '')}"
    return None


@pytest.mark.parametrize(("key", "row"), list(cases()))
def test_authorisation_matrix(key, row, world, mailoutbox, settings, tmp_path):
    """Each role gets the expected status for GET and POST, and a refused POST changes nothing."""
    if row.url:
        path = row.url(world)
    else:
        path = reverse(key, kwargs=row.kwargs(world) if row.kwargs else None)
    made = clients(world)
    problems = []
    for method in METHODS:
        expected = row.expected(method)
        for role in ROLES:
            client = made[role]
            with transaction.atomic():
                before = fingerprint()
                if method == "GET":
                    response = client.get(path)
                else:
                    data = row.data(world) if row.data else {}
                    response = client.post(path, data)
                problem = outcome(expected[role], response, path)
                writes = method == "POST" and role in {LETTERS[x] for x in row.writes}
                if not problem and writes != (fingerprint() != before):
                    problem = f"{method} {'did not change' if writes else 'changed'} the database"
                if not problem and row.check:
                    try:
                        row.check(world, role, method, response)
                    except AssertionError as error:
                        problem = str(error) or "check failed"
                transaction.set_rollback(True)
            if problem:
                problems.append(f"{method} {path} as {role}: {problem}")
    assert not problems, "\n".join(problems)


def test_every_url_is_in_the_matrix():
    missing = [key for key, rows in matrix().items() if not rows]
    assert not missing, f"add it to the matrix: {missing}"


def test_the_matrix_has_no_rows_for_urls_the_site_does_not_have():
    keys = {pattern.key for pattern in url_patterns()}
    assert set(SITE) <= keys, set(SITE) - keys
    registered = {model._meta.label_lower for model in admin_models().values()}
    assert set(ADMIN_PERMISSIONS) == registered


def test_the_declared_admin_permissions_are_the_groups_permissions(roles):
    from django.contrib.auth.models import Permission

    letters = {"add": "a", "view": "v", "change": "c", "delete": "d"}
    for role, group in (("author", "Authors"), ("editor", "Editors")):
        granted = {}
        for perm in Permission.objects.filter(group=roles[group]).select_related("content_type"):
            action, _, model = perm.codename.partition("_")
            if action in letters:
                label = f"{perm.content_type.app_label}.{model}"
                granted[label] = granted.get(label, "") + letters[action]
        for model, perms in ADMIN_PERMISSIONS.items():
            assert sorted(granted.get(model, "")) == sorted(perms[role]), (role, model)


def coverage():
    """(URL patterns, cases, roles, methods): what the matrix checks."""
    table = matrix()
    return len(table), sum(len(rows) for rows in table.values()), len(ROLES), len(METHODS)


def test_the_matrix_covers_every_pattern_role_and_method(capsys):
    patterns, probes, roles, methods = coverage()
    with capsys.disabled():
        print(
            f"\nAuthorisation matrix: {patterns} URL patterns ({probes} cases) × {roles} roles × "
            f"{methods} methods = {probes * roles * methods} checked requests"
        )
    assert patterns >= 100
    assert probes >= patterns


# Objects in detail: what the table's one probe per URL cannot show on its own.


def test_an_author_cannot_open_another_authors_draft_in_the_admin_and_learns_nothing(world):
    client = Client()
    client.force_login(world["users"]["author"])
    draft = world["draft"]
    for name in ("change", "history"):
        response = client.get(reverse(f"admin:blog_article_{name}", args=[draft.pk]), follow=True)
        assert response.redirect_chain == [(reverse("admin:index"), 302)]
        html = response.content.decode()
        assert "doesn’t exist" in html
        assert draft.title not in html and draft.body not in html
    listing = client.get(reverse("admin:blog_article_changelist")).content.decode()
    assert draft.title not in listing
    before = fingerprint()
    data = {"title": "Taken over", "slug": "draft", "summary": "s", "body": "b"}
    client.post(reverse("admin:blog_article_change", args=[draft.pk]), data)
    assert (
        client.post(
            reverse("admin:blog_article_delete", args=[draft.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert fingerprint() == before


def test_an_author_edits_their_own_draft_but_only_views_their_published_article(world):
    author = world["users"]["author"]
    own_draft = ArticleFactory(draft=True, author=author, category=world["category"])
    own_published = ArticleFactory(author=author, category=world["category"])
    client = Client()
    client.force_login(author)
    form = {
        "title": "My draft, revised", "slug": own_draft.slug, "summary": "A summary.",
        "body": "Text.", "category": world["category"].pk, "status": "draft",
        "comments_open": "on", "cover_alt": "",
    }  # fmt: skip
    response = client.post(reverse("admin:blog_article_change", args=[own_draft.pk]), form)
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.title == "My draft, revised"

    page = client.get(reverse("admin:blog_article_change", args=[own_published.pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # shown read-only
    before = fingerprint()
    form.update(slug=own_published.slug, title="Rewritten after publishing", status="published")
    response = client.post(reverse("admin:blog_article_change", args=[own_published.pk]), form)
    assert response.status_code == 403
    assert fingerprint() == before


def test_members_edit_and_delete_their_own_comments_only(world):
    member = world["users"]["member"]
    own = CommentFactory(article=world["published"], author=member, body="My first words.")
    others = world["comment"]
    client = Client()
    client.force_login(member)
    kwargs = {"slug": world["published"].slug, "pk": own.pk}
    response = client.post(reverse("comments:edit", kwargs=kwargs), {"body": "Better words."})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.body == "Better words."
    body_before = others.body
    for name in ("comments:edit", "comments:delete"):
        kwargs = {"slug": world["published"].slug, "pk": others.pk}
        assert client.post(reverse(name, kwargs=kwargs), {"body": "Mine now."}).status_code == 404
    others.refresh_from_db()
    assert (others.body, others.is_deleted) == (body_before, False)
    kwargs = {"slug": world["published"].slug, "pk": own.pk}
    assert client.post(reverse("comments:delete", kwargs=kwargs)).status_code == 302
    assert not own.__class__.objects.filter(pk=own.pk).exists()


def test_the_data_export_has_no_address_for_another_users_data(world):
    """The export takes no argument: it is always the signed-in member's own file."""
    export = next(p for p in url_patterns() if p.key == "accounts:export")
    assert "<" not in export.route
    client = Client()
    client.force_login(world["users"]["member"])
    other = world["commenter"]
    response = client.get(reverse("accounts:export"), {"user": other.pk, "email": other.email})
    assert world["users"]["member"].email in response.content.decode()
    assert other.email not in response.content.decode()
    assert f"folio-data-{world['users']['member'].username}-" in response["Content-Disposition"]


def test_an_untampered_unsubscribe_link_works_so_the_tampered_one_failed_on_its_signature(world):
    commenter = world["commenter"]
    token = make_unsubscribe_token(commenter)
    assert (
        Client().post(reverse("accounts:unsubscribe", kwargs={"token": token})).status_code == 200
    )
    commenter.refresh_from_db()
    assert not commenter.notify_on_follow
    forged = tampered_unsubscribe(world)["token"]
    member = world["users"]["member"]
    assert (
        Client().post(reverse("accounts:unsubscribe", kwargs={"token": forged})).status_code == 400
    )
    member.refresh_from_db()
    assert member.notify_on_follow


def test_an_untampered_subscriber_link_works_so_the_tampered_one_failed_on_its_signature(world):
    """The same subscription's own link opens its page and unsubscribes it; the matrix's
    tampered one (another id, the old signature) gets 400."""
    subscriber = world["subscriber"]
    token = make_subscriber_token(subscriber)
    assert (
        Client().get(reverse("accounts:subscription", kwargs={"token": token})).status_code == 200
    )
    forged = tampered_subscriber_link(world)["token"]
    assert forged != token
    url = reverse("accounts:subscriber-unsubscribe", kwargs={"token": token})
    assert Client().post(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
