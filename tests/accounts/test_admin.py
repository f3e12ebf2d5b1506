"""The user admin shows the profile fields members edit themselves."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_user_change_page_shows_bio_and_email_preferences(client, superuser, member):
    client.force_login(superuser)
    response = client.get(reverse("admin:accounts_user_change", args=[member.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="bio"' in content
    assert 'name="notify_on_follow"' in content
    assert 'type="file"' not in content  # avatars only come through the cleaning profile form
