"""The pages the quality checks visit show what they are there to check, signed in or not."""

from tests.quality.pages import fetch, site_pages


def test_checked_pages_answer_with_their_status_and_show_their_content(demo_site):
    clients = {}
    html = {}
    for page in site_pages():
        response = fetch(page, clients)
        assert response.status_code == page.status, page
        html[page.name] = response.content.decode()

    assert 'class="comment-list comment-list--replies"' in html["showcase-article"]
    assert "Sign in to reply" in html["showcase-article"]
    assert "Your comment" in html["member-showcase-article"]
    assert "Your comment" in html["member-reply"]
    assert "Get new articles by e-mail" in html["home"]
    assert "Get new articles by e-mail" in html["showcase-article"]
    assert "Check your inbox" in html["subscribe-sent"]
    assert "Enter a valid email address." in html["subscribe-errors"]
    assert "Choose at least one category" in html["subscription-errors"]
    assert "Delete my subscription and its data" in html["subscription"]
    assert 'class="search-result"' in html["search-results"]
    assert "No articles match" in html["search-no-results"]
    assert "Sign out" in html["member-center"] and "Dana Reader" in html["member-center"]
    assert "Sleep and pain: a draft for review" in html["staff-center"]
    for errors in ("sign-up-errors", "member-delete-errors"):
        assert 'class="error-summary"' in html[errors], errors
    for name in ("member-saved", "member-topics", "member-comments"):
        assert 'class="empty"' not in html[name], name
    assert "Your form could not be sent" in html["csrf-failure"]
    assert "You don’t have access to this page" in html["staff-forbidden"]
