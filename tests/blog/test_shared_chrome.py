"""The parts of every page that are shared between readers: head links, header, footer, and a
visitor's Save link and reply area (the {% shared %} tag, blog.cache.shared).

Each is rendered once per content version and per the one thing it depends on, so these tests
hold that what differs from page to page or reader to reader (the current section, the current
footer link, the search words, a member's forms) is never carried from one request to the next.
"""

import re

import pytest
from django.urls import reverse

from blog.context_processors import nav_current
from tests.blog.factories import ArticleFactory, CategoryFactory
from tests.blog.rendered import html
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


def site_nav(content):
    """The main navigation's links as (label, is current)."""
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', content, re.S)[1]
    return [
        (label, bool(current))
        for current, label in re.findall(r'<a href="[^"]*"( aria-current="page")?>([^<]+)</a>', nav)
    ]


def current_in(content):
    return [label for label, current in site_nav(content) if current]


def test_the_current_section_is_marked_on_each_page_whatever_came_before(reader):
    pain = CategoryFactory(name="Pain")
    sleep = CategoryFactory(name="Sleep")
    ArticleFactory(category=pain)
    ArticleFactory(category=sleep)
    assert current_in(html(reader, pain.get_absolute_url())) == ["Pain"]
    assert current_in(html(reader, sleep.get_absolute_url())) == ["Sleep"]
    assert current_in(html(reader, "/")) == []
    assert current_in(html(reader, reverse("blog:list"))) == ["All articles"]
    assert current_in(html(reader, pain.get_absolute_url())) == ["Pain"]
    assert current_in(html(reader, "/")) == []


def test_a_made_up_category_address_marks_nothing_and_adds_no_variant(reader, rf):
    CategoryFactory(name="Pain", slug="pain")
    content = html(reader, "/category/no-such-category/", status=404)
    assert current_in(content) == []

    def current(path):
        request = rf.get(path)
        from django.urls import resolve

        request.resolver_match = resolve(path)
        return nav_current(request, [type("C", (), {"nav_key": "category:pain"})()])

    assert current("/category/no-such-category/") == "-"
    assert current("/category/pain/") == "category:pain"
    assert current("/articles/") == "list"
    assert current("/") == "-"


def test_a_renamed_category_shows_in_the_header_on_the_next_request(reader):
    category = CategoryFactory(name="Pain")
    ArticleFactory(category=category)
    assert ("Pain", False) in site_nav(html(reader, "/"))
    category.name = "Chronic pain"
    category.save()
    labels = [label for label, _ in site_nav(html(reader, "/"))]
    assert "Chronic pain" in labels
    assert "Pain" not in labels


def footer_current(content):
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', content, re.S)[1]
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', footer)


def test_the_footer_marks_the_page_shown_and_no_other(reader):
    about = PageFactory(title="About Us", show_in_footer=True, footer_order=1)
    assert footer_current(html(reader, about.get_absolute_url())) == ["About Us"]
    assert footer_current(html(reader, "/")) == []
    assert footer_current(html(reader, reverse("pages:faq"))) == ["FAQs"]
    assert footer_current(html(reader, about.get_absolute_url())) == ["About Us"]


def test_the_search_box_shows_the_words_only_on_the_search_page(reader):
    ArticleFactory(title="Needles and nerves")
    assert 'name="q" value=""' in html(reader, "/")
    assert 'name="q" value="needles"' in html(reader, "/search/?q=needles")
    assert 'name="q" value=""' in html(reader, "/")


def save_control(content):
    actions = re.search(r'<div class="article__actions">(.*?)</div>', content, re.S)[1]
    return actions


def test_a_visitors_save_link_is_shared_and_a_members_form_is_their_own(client, member):
    article = ArticleFactory(title="Needles and nerves")
    client.cookies["sessionid"] = "no-such-session"
    visitor = save_control(html(client, article.get_absolute_url()))
    assert "sign in first" in visitor
    assert f"?next={article.get_absolute_url()}" in visitor.replace("%2F", "/")
    client.force_login(member)
    own = save_control(html(client, article.get_absolute_url()))
    assert "<form" in own and "csrfmiddlewaretoken" in own
    assert "sign in first" not in own
    client.logout()
    client.cookies["sessionid"] = "no-such-session"
    assert save_control(html(client, article.get_absolute_url())) == visitor


def test_a_renamed_article_renames_the_visitors_save_link(reader):
    article = ArticleFactory(title="Needles and nerves")
    assert "“Needles and nerves” (sign in first)" in html(reader, article.get_absolute_url())
    article.title = "Needles, nerves and sleep"
    article.save()
    assert "“Needles, nerves and sleep” (sign in first)" in html(reader, article.get_absolute_url())


def reply_area(content):
    return content.split('id="reply-title"', 1)[1].split("</section>", 1)[0]


def test_the_visitors_reply_area_is_shared_and_the_members_form_is_their_own(client, member):
    article = ArticleFactory()
    client.cookies["sessionid"] = "no-such-session"
    assert "Sign in to reply" in reply_area(html(client, article.get_absolute_url()))
    client.force_login(member)
    own = reply_area(html(client, article.get_absolute_url()))
    assert "Sign in to reply" not in own
    assert 'id="comment-form"' in own and "csrfmiddlewaretoken" in own


def test_closing_comments_shows_in_the_visitors_reply_area_on_the_next_request(reader):
    article = ArticleFactory()
    assert "Sign in to reply" in reply_area(html(reader, article.get_absolute_url()))
    article.comments_open = False
    article.save()
    closed = reply_area(html(reader, article.get_absolute_url()))
    assert "Comments are closed on this article." in closed
    assert "Sign in to reply" not in closed


def test_the_etag_changes_with_the_page(reader):
    article = ArticleFactory(title="Needles and nerves")
    first = reader.get(article.get_absolute_url())
    again = reader.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    article.title = "Needles, nerves and sleep"
    article.save()
    changed = reader.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_route_gives_what_url_gives_under_each_script_prefix():
    from django.template import Context, Template
    from django.urls import get_script_prefix, set_script_prefix

    template = Template("{% load routes %}{% route 'accounts:login' %}")
    login = reverse("accounts:login")
    assert template.render(Context()) == login
    before = get_script_prefix()
    set_script_prefix("/folio/")
    try:
        assert template.render(Context()) == "/folio" + login
    finally:
        set_script_prefix(before)
    assert template.render(Context()) == reverse("accounts:login")


def test_a_refused_comment_keeps_its_text_after_the_blank_form_was_shared(client, member):
    article = ArticleFactory()
    client.force_login(member)
    blank = html(client, article.get_absolute_url())
    assert 'name="body"' in blank
    too_long = "Needles " * 700
    refused = client.post(article.get_absolute_url(), {"body": too_long, "website": ""})
    assert refused.status_code == 400
    content = refused.content.decode()
    assert "A comment can be at most" in content
    assert too_long.strip() in content
    assert "Needles Needles" not in html(client, article.get_absolute_url())


def test_only_a_blank_comment_form_is_shared():
    from blog.forms import CommentForm, CommentPostForm

    assert CommentPostForm().shared_key == "CommentPostForm:id_%s"
    assert CommentForm().shared_key == "CommentForm:id_%s"
    assert CommentPostForm({"body": "Hello"}).shared_key is None
    assert CommentForm(initial={"body": "My old text"}).shared_key is None
    assert CommentPostForm(prefix="reply").shared_key is None


def test_an_articles_shared_head_is_its_own_and_fresh_after_an_edit(reader):
    first = ArticleFactory(title="Needles and nerves")
    second = ArticleFactory(title="Sleep and pain")
    assert "<title>Needles and nerves ·" in html(reader, first.get_absolute_url())
    content = html(reader, second.get_absolute_url())
    assert "<title>Sleep and pain ·" in content
    assert f'<link rel="canonical" href="http://testserver{second.get_absolute_url()}">' in content
    first.title = "Needles, nerves and sleep"
    first.save()
    content = html(reader, first.get_absolute_url())
    assert "<title>Needles, nerves and sleep ·" in content
    assert '<meta property="og:title" content="Needles, nerves and sleep">' in content
