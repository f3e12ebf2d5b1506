"""Editing the profile: display name, plain-text bio, and an avatar cleaned like every upload."""

import os
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def png_with_exif(width=640, height=400):
    image = Image.new("RGB", (width, height), (200, 80, 40))
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("holiday.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_profile_requires_sign_in(client):
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_edit_display_name_and_bio(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Dr Ada", "bio": "I read about <b>nerves</b>."},
        follow=True,
    )

    member.refresh_from_db()
    assert member.display_name == "Dr Ada"
    assert member.bio == "I read about <b>nerves</b>."
    content = response.content.decode()
    assert "Your profile is saved." in content
    assert "I read about &lt;b&gt;nerves&lt;/b&gt;." in content


def test_avatar_is_cropped_square_resized_and_stripped_of_exif(client, member):
    client.force_login(member)
    client.post(
        reverse("accounts:profile"),
        {"display_name": member.display_name, "bio": "", "avatar": png_with_exif()},
    )

    member.refresh_from_db()
    assert member.avatar.name.startswith("avatars/")
    assert "holiday" not in member.avatar.name
    with Image.open(member.avatar.path) as stored:
        assert stored.size == (256, 256)
        assert not stored.getexif()


def test_replacing_the_avatar_removes_the_old_file(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = reverse("accounts:profile")
    client.post(url, {"display_name": "A", "avatar": png_with_exif()})
    member.refresh_from_db()
    old = member.avatar.path

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"display_name": "A", "avatar": png_with_exif(300, 300)})

    member.refresh_from_db()
    assert member.avatar.path != old
    assert not os.path.exists(old)


def test_a_file_that_is_not_an_image_is_refused_and_input_kept(client, member):
    client.force_login(member)
    fake = SimpleUploadedFile("cat.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Kept name", "bio": "Kept bio", "avatar": fake},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Upload a valid image" in content or "not an image we can read" in content
    assert 'value="Kept name"' in content
    assert "Kept bio" in content
    member.refresh_from_db()
    assert not member.avatar


def test_a_38_megapixel_avatar_is_refused_from_its_header_and_nothing_is_stored(
    client, member, settings, monkeypatch
):
    """A 150 KB, 38-megapixel PNG used to cost a worker about 500 MB and 4 s to decode."""
    from PIL import ImageFile

    from tests.images import solid_png

    content = solid_png(8000, 4750)
    assert len(content) < 200_000
    avatar = SimpleUploadedFile("huge.png", content, content_type="image/png")

    def no_decoding(image):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    client.force_login(member)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "Kept name", "bio": "", "avatar": avatar}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "This image is 8000 × 4750 pixels; at most 12 megapixels are allowed." in content
    assert 'value="Kept name"' in content
    member.refresh_from_db()
    assert not member.avatar
    assert not any(files for _, _, files in os.walk(settings.MEDIA_ROOT))


def test_bio_is_limited_to_300_characters(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:profile"), {"display_name": "A", "bio": "x" * 301})
    assert "at most 300 characters" in response.content.decode()


@pytest.mark.parametrize("name", ["Ada\nSecond line", "Ada (see evil.example)"])
def test_display_name_with_a_line_break_or_a_link_is_refused_and_kept(client, member, name):
    """Finding 3: the profile form holds display names to the sign-up form's rule."""
    before = member.display_name
    client.force_login(member)
    response = client.post(reverse("accounts:profile"), {"display_name": name, "bio": "Hi."})
    content = response.content.decode()
    assert response.status_code == 200
    assert "A display name" in content
    assert 'aria-invalid="true"' in content
    assert "Hi.</textarea>" in content
    member.refresh_from_db()
    assert member.display_name == before


def test_the_admin_holds_display_names_to_the_same_rule(member):
    from django.core.exceptions import ValidationError

    member.display_name = "Ada\r\nwww.evil.example"
    with pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert "display_name" in refused.value.message_dict


def test_website_is_saved_and_only_http_addresses_are_taken(client, member):
    client.force_login(member)
    url = reverse("accounts:profile")
    data = {"display_name": "Ada", "bio": ""}

    response = client.post(url, {**data, "website": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    client.post(url, {**data, "website": "https://ada.example.org/"})
    member.refresh_from_db()
    assert member.website == "https://ada.example.org/"
