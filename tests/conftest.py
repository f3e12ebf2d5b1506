"""Shared fixtures: a temporary MEDIA_ROOT for every test, users in each role, a clean cache."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def author(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Authors"))
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)
