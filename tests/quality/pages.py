"""The public pages every page-quality check visits, and the demo site they are checked on.

Add a page to `public_pages()` and the HTML checker, axe (light and dark) and any later check
cover it. Paths are built from the demo content's own specs, so they exist once the demo is
loaded (the `demo_site` fixture in tests/conftest.py).
"""

import io
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from blog.demo.articles import ARTICLES, CATEGORIES

SHOWCASE_SLUG = "how-acupuncture-can-relieve-chronic-back-pain-naturally"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int = 200


def public_pages():
    """Every page a visitor can reach without signing in, one of each kind and all categories."""
    showcase = next(spec for spec in ARTICLES if spec["slug"] == SHOWCASE_SLUG)
    articles = reverse("blog:list")
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
        Page("not-found", "/no-such-page/", status=404),
    ]


def showcase_page():
    return next(page for page in public_pages() if page.name == "showcase-article")


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
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_SNAPSHOTTED
    ]


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
        objects = (
            obj for model in _snapshot_models() for obj in model._base_manager.order_by("pk")
        )
        data = serializers.serialize("json", objects, use_natural_foreign_keys=True)
        transaction.set_rollback(True)
    return DemoSnapshot(data=data, media_root=media_root)


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
