"""What a reader sees: every page passes axe-core in light and dark colour scheme; the keyboard
reaches every control with a visible focus; reduced motion is respected; articles print cleanly.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from tests.blog.factories import ArticleFactory
from tests.quality.pages import USERNAMES, showcase_page, site_pages

# Sends the form at the page's own address with the given fields, the way a browser would;
# the page's CSRF token goes along unless the fields carry their own.
SUBMIT = """([action, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  const values = {csrfmiddlewaretoken: token ? token.value : "", ...fields};
  for (const [name, value] of Object.entries(values)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}"""

# Everything a keyboard user should be able to reach, in DOM order (visible ones only).
FOCUSABLE = """() => [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]'
  )].filter(element =>
    !element.disabled && element.type !== "hidden" && element.tabIndex >= 0
    && !element.closest("[inert], details:not([open]) > :not(summary)")
    && element.getClientRects().length > 0
    && getComputedStyle(element).visibility !== "hidden"
  )"""

# Which of FOCUSABLE has the focus (-1: none of them), and whether the focus is drawn.
FOCUS_STATE = f"""() => {{
  const elements = ({FOCUSABLE})();
  const active = document.activeElement;
  const style = getComputedStyle(active);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {{
    index: elements.indexOf(active),
    visible: outlined || style.boxShadow !== "none",
    html: active.outerHTML.slice(0, 120),
  }};
}}"""


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def report(page, results):
    lines = [f"{len(results['violations'])} axe violation(s) on {page.name} ({page.path[:80]}):"]
    for violation in results["violations"]:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"       {node['failureSummary']}".replace("\n", "\n       "))
    return "\n".join(lines)


def visit(tab, site_page):
    """Open `site_page` in the browser tab: a GET, or its form sent with `site_page.post`."""
    if site_page.post is None:
        return tab.goto(site_page.path)
    assert tab.goto(site_page.path).status == 200, site_page
    with tab.expect_navigation() as navigation:
        tab.evaluate(SUBMIT, [site_page.path, site_page.post])
    return navigation.value


def signed_in_tabs(new_page, login, **options):
    """One tab for a visitor and one for each signed-in user of `site_pages()`."""
    tabs = {None: new_page(**options)}
    for role, username in USERNAMES.items():
        tabs[role] = new_page(**options)
        login(get_user_model().objects.get(username=username), target=tabs[role])
    return tabs


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violations(new_page, login, demo_site, axe, scheme):
    """All rules run, colour contrast (WCAG AA) included; one tab per user for speed."""
    tabs = signed_in_tabs(new_page, login, color_scheme=scheme)
    failures = []
    for site_page in site_pages():
        tab = tabs[site_page.user]
        tab.console_errors.clear()
        response = visit(tab, site_page)
        assert response.status == site_page.status, site_page
        assert urlsplit(tab.url).path == urlsplit(site_page.path).path, "redirected"

        results = axe.run(tab).response

        rules_run = {rule["id"] for kind in ("passes", "violations") for rule in results[kind]}
        assert "color-contrast" in rules_run | {
            rule["id"] for rule in results["incomplete"] + results["inapplicable"]
        }
        if results["violations"]:
            failures.append(report(site_page, results))
        # The browser reports the error status of the page itself as a console error.
        expected = f"status of {site_page.status}" if site_page.status >= 400 else None
        errors = [e for e in tab.console_errors if not expected or expected not in e]
        if errors:
            failures.append(f"console errors on {site_page.name}: {errors}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("path", ["/", showcase_page().path], ids=["home", "article"])
def test_tab_reaches_every_control_in_order_with_a_visible_focus(new_page, demo_site, path):
    page = new_page()
    page.goto(path)
    count = page.evaluate(f"() => ({FOCUSABLE})().length")
    assert count > 10

    seen = []
    for _ in range(count + 5):  # bounded: a focus trap fails instead of looping forever
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["index"] == -1 and len(seen) == count:
            break  # past the last control, into the browser's own interface
        assert state["index"] == len(seen), f"Tab {len(seen) + 1} went to {state['html']}"
        assert state["visible"], f"no visible focus on {state['html']}"
        seen.append(state["index"])
    assert len(seen) == count


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


MOVING = """() => {
  const moving = [];
  for (const element of [...document.querySelectorAll("*")].slice(0, 5000)) {
    const style = getComputedStyle(element);
    const durations = `${style.transitionDuration},${style.animationDuration}`.split(",");
    if (durations.some(duration => parseFloat(duration) > 0)) {
      moving.push(element.outerHTML.slice(0, 100));
    }
  }
  return moving;
}"""


@pytest.mark.parametrize(
    "path", ["/", showcase_page().path, "/faq/"], ids=["home", "article", "faq"]
)
def test_reduced_motion_turns_off_smooth_scrolling_and_animation(new_page, demo_site, path):
    page = new_page(reduced_motion="reduce")
    page.goto(path)

    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert page.evaluate(MOVING) == []


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
