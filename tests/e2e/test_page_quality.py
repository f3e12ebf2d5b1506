"""Every public page passes axe-core with zero violations, in light and in dark colour scheme."""

import pytest

from tests.blog.factories import ArticleFactory
from tests.quality.pages import public_pages, showcase_page


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def report(page, results):
    lines = [f"{len(results['violations'])} axe violation(s) on {page.path}:"]
    for violation in results["violations"]:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"       {node['failureSummary']}".replace("\n", "\n       "))
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("public_page", public_pages(), ids=lambda page: page.name)
def test_page_has_no_axe_violations(new_page, demo_site, axe, public_page, scheme):
    page = new_page(color_scheme=scheme)
    response = page.goto(public_page.path)
    assert response.status == public_page.status

    results = axe.run(page).response

    assert results["violations"] == [], report(public_page, results)
    expected = ["404 (Not Found)"] if public_page.status == 404 else []
    assert [error for error in page.console_errors if not any(e in error for e in expected)] == []


def test_keyboard_user_skips_to_the_article_with_visible_focus(new_page, demo_site, expect):
    page = new_page()
    page.goto(showcase_page().path)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("link => getComputedStyle(link).outlineStyle") == "solid"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"


def test_printed_article_drops_site_chrome_and_shows_link_addresses(new_page, expect):
    article = ArticleFactory(
        body=(
            "See the [guideline](https://example.org/back-pain) and [our archive](/articles/).\n\n"
            "## Further reading\n\nBack to [the top](#further-reading)."
        )
    )
    page = new_page()
    page.emulate_media(media="print")
    page.goto(article.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for chrome in (".skip-link", ".site-header", ".site-footer", ".toc"):
        expect(page.locator(chrome)).to_be_hidden()
    addresses = page.locator(".prose a").evaluate_all(
        "links => links.map(link => getComputedStyle(link, '::after').content)"
    )
    assert addresses == ['" (https://example.org/back-pain)"', '" (/articles/)"', "none"]
