"""The Management Center, "Download my data" and "Delete my account"."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from blog.models import Bookmark, Follow, FollowNotification
from blog.services import article_save
from comments.models import Comment
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def household(member):
    """The member's saved articles and follows, and another member's, which must not leak."""
    mine, theirs = ArticleFactory(title="Mine to read"), ArticleFactory(title="Theirs to read")
    topic, other_topic = CategoryFactory(name="Sleep"), CategoryFactory(name="Running")
    other = UserFactory(username="other", email="other@example.org", display_name="Other One")
    Bookmark.objects.create(user=member, article=mine)
    Follow.objects.create(user=member, category=topic)
    my_comment = CommentFactory(author=member, article=mine, body="Mine: a comment")
    CommentFactory(author=other, article=theirs, body="Theirs: a comment")
    CommentFactory(author=other, article=mine, parent=my_comment, body="Theirs: a reply")
    Bookmark.objects.create(user=other, article=theirs)
    Follow.objects.create(user=other, category=other_topic)
    FollowNotification.objects.create(user=other, article=theirs)
    return {
        "mine": mine,
        "theirs": theirs,
        "topic": topic,
        "other": other,
        "my_comment": my_comment,
    }


def test_center_requires_sign_in(client):
    response = client.get(reverse("accounts:center"))
    assert response.url == f"{reverse('accounts:login')}?next={reverse('accounts:center')}"


def test_center_shows_every_section(client, member, household):
    client.force_login(member)
    content = client.get(reverse("accounts:center")).content.decode()

    for heading in (
        "Profile",
        "E-mail",
        "Password",
        "Saved articles",
        "Followed topics, authors and e-mail preferences",
        "My comments",
        "Privacy",
    ):
        assert f">{heading}</h2>" in content
    assert member.email in content
    assert "confirmed on" in content
    assert "Mine to read" in content and "Theirs to read" not in content
    assert "Sleep" in content
    assert "Download my data" in content
    assert "Your comments are deleted; where others replied" in content
    assert "Your writing" not in content


def test_center_query_count_does_not_grow_with_saved_articles(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)
    for article in ArticleFactory.create_batch(8):
        Bookmark.objects.create(user=member, article=article)
        Follow.objects.create(user=member, category=article.category)
    # 11: the ten before two-factor sign-in, and whether it is on.
    with django_assert_max_num_queries(11):
        client.get(reverse("accounts:center"))


def test_center_lists_the_members_own_comments_with_permalinks(client, member):
    mine = CommentFactory(author=member, body="My thoughts on needles")
    CommentFactory(body="Somebody else's thoughts")
    client.force_login(member)

    content = client.get(reverse("accounts:center")).content.decode()

    assert "My thoughts on needles" in content
    assert mine.get_absolute_url() in content
    assert "Somebody else" not in content
    assert reverse("comments:mine") in content


def test_staff_see_their_drafts_and_scheduled_articles_and_the_admin(client, author):
    draft = ArticleFactory(title="My draft", draft=True, author=author)
    ArticleFactory(title="My scheduled", scheduled=True, author=author)
    ArticleFactory(title="My published", author=author)
    ArticleFactory(title="Someone else's draft", draft=True)
    client.force_login(author)

    content = client.get(reverse("accounts:center")).content.decode()

    assert "My draft" in content and "My scheduled" in content
    assert "My published" not in content and "Someone else's draft" not in content
    assert reverse("admin:blog_article_change", args=[draft.pk]) in content
    assert reverse("admin:index") in content


def test_email_preferences_are_saved(client, member):
    client.force_login(member)
    client.post(reverse("accounts:follows"), {"notify_on_reply": "on"})

    member.refresh_from_db()
    assert member.notify_on_follow is False
    assert member.notify_on_reply is True


def test_saved_page_lists_the_members_saved_articles_only(client, member, household):
    client.force_login(member)
    content = client.get(reverse("accounts:saved")).content.decode()
    assert "Mine to read" in content and "Theirs to read" not in content


def test_export_contains_exactly_the_members_data(client, member, household):
    member.bio = "Curious about sleep."
    member.save()
    client.force_login(member)

    response = client.get(reverse("accounts:export"))

    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == member.email
    assert data["profile"]["username"] == member.username
    assert data["profile"]["bio"] == "Curious about sleep."
    assert [item["title"] for item in data["saved_articles"]] == ["Mine to read"]
    assert [item["name"] for item in data["follows"]] == ["Sleep"]
    assert data["topic_emails_sent"] == []
    assert [item["text"] for item in data["comments"]] == ["Mine: a comment"]
    dump = response.content.decode()
    for foreign in ("Running", "other@example.org", "Other One", "Theirs: a"):
        assert foreign not in dump
    assert "password" not in dump


def test_export_requires_sign_in(client):
    assert client.get(reverse("accounts:export")).status_code == 302


def test_delete_with_wrong_password_keeps_everything(client, member, household):
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {"password": "nope"})

    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()
    assert client.session.get("_auth_user_id") == str(member.pk)


def test_delete_removes_the_members_data_and_signs_out(client, member, household):
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD}, follow=True)

    assert "Your account and your personal data have been deleted." in response.content.decode()
    assert client.session.get("_auth_user_id") is None
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Bookmark.objects.filter(article=household["mine"]).exists()
    assert not Follow.objects.filter(category=household["topic"]).exists()
    # The comment others replied to stays as "comment deleted", without author or text.
    household["my_comment"].refresh_from_db()
    assert household["my_comment"].is_deleted
    assert household["my_comment"].author is None and household["my_comment"].body == ""
    assert Comment.objects.filter(author=household["other"]).count() == 2
    # Other members' data is untouched.
    assert Bookmark.objects.filter(user=household["other"]).count() == 1
    assert Follow.objects.filter(user=household["other"]).count() == 1
    assert FollowNotification.objects.filter(user=household["other"]).count() == 1


def test_deleting_an_authors_account_keeps_their_articles(client, author):
    article = ArticleFactory(author=author)
    client.force_login(author)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})

    article.refresh_from_db()
    assert article.author is None


def test_delete_page_says_what_happens_to_comments(client, member):
    client.force_login(member)
    content = client.get(reverse("accounts:delete")).content.decode()
    assert "comment shows as “comment deleted”" in content


@pytest.fixture
def unpublished_later(member):
    """An article the member saved, commented on and was e-mailed about, then unpublished."""
    article = ArticleFactory(title="Secret sequel findings", slug="secret-sequel")
    Bookmark.objects.create(user=member, article=article)
    CommentFactory(author=member, article=article, body="My words on the sequel.")
    FollowNotification.objects.create(user=member, article=article)
    article.status = article.Status.DRAFT
    article_save(article=article)
    return article


def assert_no_trace(html, article):
    assert article.title not in html
    assert article.slug not in html


def test_the_center_shows_no_title_of_an_article_unpublished_since(
    client, member, unpublished_later
):
    client.force_login(member)
    html = client.get(reverse("accounts:center")).content.decode()
    assert_no_trace(html, unpublished_later)
    assert "My words on the sequel." in html  # the member's own words stay theirs
    assert "an article that is no longer published" in html.lower()
    assert "Nothing saved yet." in html


def test_the_saved_list_leaves_out_an_article_unpublished_since(
    client, member, household, unpublished_later
):
    client.force_login(member)
    html = client.get(reverse("accounts:saved")).content.decode()
    assert_no_trace(html, unpublished_later)
    assert "Mine to read" in html


def test_my_comments_show_no_title_of_an_article_unpublished_since(
    client, member, unpublished_later
):
    client.force_login(member)
    html = client.get(reverse("comments:mine")).content.decode()
    assert_no_trace(html, unpublished_later)
    assert "My words on the sequel." in html
    assert "an article that is no longer published" in html.lower()


def test_the_export_keeps_the_members_data_but_no_title_of_an_unpublished_article(
    client, member, unpublished_later
):
    client.force_login(member)
    response = client.get(reverse("accounts:export"))
    assert_no_trace(response.content.decode(), unpublished_later)
    data = json.loads(response.content)
    stand_in = "An article that is no longer published"
    assert [(item["title"], item["path"]) for item in data["saved_articles"]] == [(stand_in, None)]
    [comment] = data["comments"]
    assert (comment["article"], comment["url"]) == (stand_in, None)
    assert comment["text"] == "My words on the sequel."
    assert [item["article"] for item in data["topic_emails_sent"]] == [stand_in]
