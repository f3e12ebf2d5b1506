"""blog/0004 turns every followed category (CategoryFollow) into a Follow, keeping since when
it was followed (articles published after that are the ones announced)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("blog", "0003_search_vector"), ("accounts", "0003_email_change_and_comment_notices")]
AFTER = [("blog", "0004_follows_and_digests")]


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_category_follows_become_follows_with_their_dates():
    old = migrate(BEFORE)
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
        new = migrate(AFTER)
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
        migrate(latest())  # every app's newest migration, for the tests that run after this one
