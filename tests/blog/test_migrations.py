"""The migration that brings in Follow (blog/*_follows_and_digests) turns every followed
category (CategoryFollow) into a Follow, keeping since when it was followed (articles
published after that are the ones announced)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def loader():
    return MigrationExecutor(connection).loader


def follows_migration():
    """(app, name) of the migration, whatever number it is given at merge time."""
    [key] = [key for key in loader().disk_migrations if key[1].endswith("_follows_and_digests")]
    return key


def migrate(targets):
    """Migrate to `targets`; the models as they are then, with every other app at its newest."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    others = [key for key in executor.loader.graph.leaf_nodes() if key[0] != "blog"]
    return executor.loader.project_state([*targets, *others]).apps


def test_category_follows_become_follows_with_their_dates():
    after = follows_migration()
    before = [dep for dep in loader().get_migration(*after).dependencies if dep[0] == "blog"]
    old = migrate(before)
    User = old.get_model("accounts", "User")
    Category = old.get_model("blog", "Category")
    CategoryFollow = old.get_model("blog", "CategoryFollow")
    ada = User.objects.create(username="ada", email="ada@example.org")
    bob = User.objects.create(username="bob", email="bob@example.org")
    sleep = Category.objects.create(name="Sleep", slug="sleep")
    pain = Category.objects.create(name="Pain", slug="pain")
    since = {
        (ada.pk, sleep.pk): datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
        (ada.pk, pain.pk): datetime(2025, 5, 6, 7, 8, tzinfo=UTC),
        (bob.pk, sleep.pk): datetime(2026, 1, 1, tzinfo=UTC),
    }
    for (user_id, category_id), created_at in since.items():
        row = CategoryFollow.objects.create(user_id=user_id, category_id=category_id)
        CategoryFollow.objects.filter(pk=row.pk).update(created_at=created_at)
    try:
        new = migrate([after])
        Follow = new.get_model("blog", "Follow")
        copied = {
            (user_id, category_id): created_at
            for user_id, category_id, created_at in Follow.objects.values_list(
                "user_id", "category_id", "created_at"
            )
        }
        assert copied == since
        assert not Follow.objects.filter(tag__isnull=False).exists()
    finally:
        # Every app's newest migration again, for the tests that run after this one.
        migrate(loader().graph.leaf_nodes())
