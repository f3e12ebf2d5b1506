"""Shared fixtures: a temporary MEDIA_ROOT for every test, users in each role, a clean cache."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection

from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _writes_counted_at_each_statement(request):
    """On PostgreSQL the triggers that count writes for the cache (core.cache) fire when a
    transaction commits, and a test's transaction never does: in it they fire at the end of
    each statement instead, which is what the next request sees either way."""
    if "_django_db_helper" not in request.fixturenames:  # pytest-django's, for any db access
        return
    request.getfixturevalue("_django_db_helper")
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def database_down(db, monkeypatch):
    """Every query from now on fails as it does when PostgreSQL is stopped or unreachable."""
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused: the database server is down")

    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(connection, "chunked_cursor", refuse)


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def author(db, roles):
    user = UserFactory(is_staff=True)
    user.groups.add(roles["Authors"])
    return user


@pytest.fixture
def editor(db, roles):
    user = UserFactory(is_staff=True)
    user.groups.add(roles["Editors"])
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and the groups with the permissions its data migrations gave them."""
    with django_db_blocker.unblock():
        return {
            group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.prefetch_related("permissions")
        }


@pytest.fixture
def roles(db, django_db_setup):
    """The "Authors" and "Editors" groups, put back if a transactional test's flush removed them."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    groups = {}
    for name, permissions in django_db_setup.items():
        groups[name], _ = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for app_label, codename in permissions:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        groups[name].permissions.set(Permission.objects.filter(wanted))
    return groups


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.quality.pages import take_demo_snapshot

    with django_db_blocker.unblock():
        return take_demo_snapshot(tmp_path_factory.mktemp("demo-media"))


@pytest.fixture
def demo_site(db, roles, demo_snapshot, settings):
    """The demo content (`manage.py load_demo`, plus a second archive page) in this test's db."""
    from tests.quality.pages import restore_demo_snapshot

    restore_demo_snapshot(demo_snapshot)
    settings.MEDIA_ROOT = demo_snapshot.media_root


@pytest.fixture
def article_with_cover(db):
    """A published article with a cover, a tag, a named author, and markup in its title."""
    from django.core.files.base import ContentFile
    from PIL import Image

    from blog.services import article_save
    from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

    category = CategoryFactory(name="Traditional Medicine", slug="traditional-medicine")
    article = ArticleFactory(
        title="Needles </script><script>alert(1)</script> & more",
        slug="needles",
        summary="What the research shows.",
        category=category,
        tags=[TagFactory(name="acupuncture")],
        cover_alt="A hand placing a fine needle",
        author__display_name="Ada Reader",
        author__username="ada",
    )
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), "#0b5a75").save(buffer, "PNG")
    article.cover.save("needles.png", ContentFile(buffer.getvalue()), save=False)
    article_save(article=article)
    article.refresh_from_db()
    return article
