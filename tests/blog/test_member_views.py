"""Saving articles and following categories: POST forms that work without JavaScript, JSON
for the enhanced buttons, safe redirects, and a query count that does not grow with cards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.models import Bookmark, Follow
from tests.accounts.factories import UserFactory
from tests.blog.factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    return ArticleFactory(title="Showcase", slug="showcase")


def save_url(article):
    return reverse("blog:save", kwargs={"slug": article.slug})


def follow_url(category):
    return reverse("blog:follow", kwargs={"slug": category.slug})


def test_save_toggles_and_redirects_back_to_next(client, member, article):
    client.force_login(member)

    response = client.post(save_url(article), {"next": "/articles/?page=2"})
    assert response.url == "/articles/?page=2"
    assert Bookmark.objects.filter(user=member, article=article).exists()

    client.post(save_url(article), {"next": "/"})
    assert not Bookmark.objects.filter(user=member, article=article).exists()


def test_save_without_next_returns_to_the_article(client, member, article):
    client.force_login(member)
    assert client.post(save_url(article)).url == article.get_absolute_url()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_save_refuses_an_off_site_next(client, member, article, target):
    client.force_login(member)
    assert client.post(save_url(article), {"next": target}).url == article.get_absolute_url()


def test_save_answers_json_to_the_enhanced_button(client, member, article):
    client.force_login(member)
    response = client.post(save_url(article), HTTP_ACCEPT="application/json")
    assert response.json() == {"pressed": True, "label": "Saved"}
    response = client.post(save_url(article), HTTP_ACCEPT="application/json")
    assert response.json() == {"pressed": False, "label": "Save"}


def test_save_is_post_only(client, member, article):
    client.force_login(member)
    assert client.get(save_url(article)).status_code == 405


def test_visitor_saving_is_sent_to_sign_in_and_back_to_the_page(client, article):
    response = client.post(save_url(article), {"next": article.get_absolute_url()})
    assert response.url == f"{reverse('accounts:login')}?next=/articles/showcase/"
    assert not Bookmark.objects.exists()


def test_unpublished_articles_cannot_be_saved(client, member):
    draft = ArticleFactory(draft=True)
    client.force_login(member)
    assert client.post(save_url(draft)).status_code == 404


def test_save_button_shows_the_state_on_cards_and_article(client, member, article):
    Bookmark.objects.create(user=member, article=article)
    ArticleFactory(title="Not saved")
    client.force_login(member)

    home = client.get(reverse("blog:home")).content.decode()
    assert home.count('aria-pressed="true"') == 1
    assert home.count('aria-pressed="false"') == 1
    detail = client.get(article.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in detail
    assert "js/save.js" in detail


def test_visitors_see_save_as_a_sign_in_link(client, article):
    content = client.get(article.get_absolute_url()).content.decode()
    assert f"{reverse('accounts:login')}?next=" in content
    assert "aria-pressed" not in content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["blog:home", "blog:list"])
def test_list_query_count_for_a_member_does_not_grow_with_cards(client, member, url_name):
    category = CategoryFactory()
    client.force_login(member)
    client.get(reverse(url_name))  # warm-up: what a first request of the process does once
    for saved in ArticleFactory.create_batch(2, category=category):
        Bookmark.objects.create(user=member, article=saved)
    few = count_queries(client, reverse(url_name))

    for saved in ArticleFactory.create_batch(5, category=category):
        Bookmark.objects.create(user=member, article=saved)
    many = count_queries(client, reverse(url_name))

    assert few == many


def test_home_page_queries_for_a_member_are_pinned(client, member, django_assert_num_queries):
    for saved in ArticleFactory.create_batch(7):
        Bookmark.objects.create(user=member, article=saved)
    client.force_login(member)
    # the content version (read before anything else on every page), session, user,
    # articles, saved ids, header categories, footer links
    with django_assert_num_queries(7):
        client.get(reverse("blog:home"))


def test_follow_requires_a_confirmed_email(client):
    category = CategoryFactory()
    unverified = UserFactory(email_verified_at=None)
    client.force_login(unverified)

    response = client.post(follow_url(category), {"next": category.get_absolute_url()})

    assert response.status_code == 403
    assert "Confirm your e-mail address first" in response.content.decode()
    assert not Follow.objects.exists()


def test_verified_member_follows_and_unfollows(client, member):
    category = CategoryFactory()
    client.force_login(member)

    response = client.post(follow_url(category), {"next": category.get_absolute_url()})
    assert response.url == category.get_absolute_url()
    assert Follow.objects.filter(user=member, category=category).exists()
    page = client.get(category.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page and "Following" in page

    client.post(follow_url(category), HTTP_ACCEPT="application/json")
    assert not Follow.objects.exists()


def test_visitor_following_is_sent_to_sign_in(client):
    category = CategoryFactory()
    response = client.post(follow_url(category), {"next": category.get_absolute_url()})
    assert response.url.startswith(reverse("accounts:login"))
    assert not Follow.objects.exists()


def test_member_follows_a_tag_from_its_page(client, member):
    tag = TagFactory(name="sleep")
    client.force_login(member)

    response = client.post(tag.follow_url, {"next": tag.get_absolute_url()})

    assert response.url == tag.get_absolute_url()
    assert Follow.objects.filter(user=member, tag=tag).exists()
    page = client.get(tag.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page and "<span data-label>Following</span>" in page
    client.post(tag.follow_url)
    assert not Follow.objects.exists()


def test_member_follows_an_author_from_the_author_page(client, member):
    article = ArticleFactory()
    author = article.author
    page_url = reverse("blog:author", kwargs={"username": author.username})
    follow = reverse("blog:author-follow", kwargs={"username": author.username})
    client.force_login(member)

    assert f'action="{follow}"' in client.get(page_url).content.decode()
    response = client.post(follow, {"next": page_url}, HTTP_ACCEPT="application/json")

    assert response.json() == {"pressed": True, "label": "Following"}
    assert Follow.objects.filter(user=member, author=author).exists()
    assert 'aria-pressed="true"' in client.get(page_url).content.decode()


def test_nobody_can_follow_a_member_without_published_articles(client, member):
    client.force_login(member)
    someone = UserFactory()
    ArticleFactory(author=someone, draft=True)
    url = reverse("blog:author-follow", kwargs={"username": someone.username})
    assert client.post(url).status_code == 404
    assert not Follow.objects.exists()


def test_followed_categories_tags_and_authors_are_listed_in_the_center(client, member):
    category, tag, article = (
        CategoryFactory(name="Sleep"),
        TagFactory(name="pain"),
        ArticleFactory(),
    )
    article.author.display_name = "Dr Writer"
    article.author.save()
    for target in ({"category": category}, {"tag": tag}, {"author": article.author}):
        Follow.objects.create(user=member, **target)
    client.force_login(member)

    page = client.get(reverse("accounts:follows")).content.decode()

    for name, url in (
        ("Sleep", category.follow_url),
        ("pain", tag.follow_url),
        ("Dr Writer", reverse("blog:author-follow", kwargs={"username": article.author.username})),
    ):
        assert f">{name}</a>" in page
        assert f'action="{url}"' in page, "each has its Unfollow button"
    assert "A daily digest" in page and "A weekly digest (Mondays)" in page


def test_the_digest_frequency_is_chosen_in_the_center(client, member):
    client.force_login(member)
    client.post(
        reverse("accounts:follows"), {"notify_on_follow": "on", "follow_frequency": "weekly"}
    )
    member.refresh_from_db()
    assert member.follow_frequency == "weekly"
    response = client.post(reverse("accounts:follows"), {"follow_frequency": "hourly"})
    assert "Select a valid choice" in response.content.decode()


# The forms say which state they ask for (`pressed`), so a double click that arrives as two
# requests, one after the other, ends where the member saw the button go. (Two requests at
# once: tests/security/test_hostile_input.py, TestConcurrentDuplicates.)


def test_a_double_click_on_save_leaves_the_article_saved(client, member, article):
    client.force_login(member)
    form = form_of(client.get(article.get_absolute_url()), save_url(article))
    for _ in range(2):
        assert client.post(save_url(article), form).status_code == 302
    assert Bookmark.objects.filter(user=member, article=article).count() == 1
    again = form_of(client.get(article.get_absolute_url()), save_url(article))
    for _ in range(2):
        client.post(save_url(article), again)
    assert not Bookmark.objects.filter(user=member, article=article).exists()


def test_a_double_click_on_remove_in_the_saved_list_leaves_it_removed(client, member, article):
    Bookmark.objects.create(user=member, article=article)
    client.force_login(member)
    form = form_of(client.get(reverse("accounts:saved")), save_url(article))
    for _ in range(2):
        client.post(save_url(article), form)
    assert not Bookmark.objects.exists()


def test_a_double_click_on_follow_and_on_unfollow(client, member):
    category = CategoryFactory()
    client.force_login(member)
    form = form_of(client.get(category.get_absolute_url()), follow_url(category))
    for _ in range(2):
        client.post(follow_url(category), form)
    assert Follow.objects.filter(user=member, category=category).count() == 1
    form = form_of(client.get(reverse("accounts:follows")), follow_url(category))
    for _ in range(2):
        client.post(follow_url(category), form)


def form_of(response, action):
    """The hidden fields of the page's form posting to `action`, as the browser sends them."""
    import re

    html = response.content.decode()
    match = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    assert match, f"no form posts to {action}"
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', match[1]))
