"""Layout: pages reflow at 200% zoom and on a narrow phone, images cannot shift the layout and
load lazily below the fold, and the admin's Markdown editor has its preview beside it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.quality.pages import MEMBER_USERNAME, showcase_page

PAGES = {
    "home": "/",
    "article": showcase_page().path,
    "faq": reverse("pages:faq"),
    "center": reverse("accounts:center"),
}


@pytest.mark.parametrize(
    "width",
    # 1280 px at 200% zoom is 640 CSS pixels; 320 is WCAG's reflow width (1280 px at 400%).
    [640, 320],
)
def test_pages_reflow_without_horizontal_scrolling(new_page, login, demo_site, width):
    page = new_page(viewport={"width": width, "height": 720})
    login(get_user_model().objects.get(username=MEMBER_USERNAME), target=page)
    wide = {}
    for name, path in PAGES.items():
        page.goto(path)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client + 1:
            wide[name] = page.evaluate(
                """() => [...document.querySelectorAll("body *")]
                  .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                  .slice(0, 5).map(e => e.outerHTML.slice(0, 100))"""
            )
    assert wide == {}


IMAGES = """() => [...document.images].map(image => ({
  html: image.outerHTML.slice(0, 140),
  width: image.getAttribute("width"),
  height: image.getAttribute("height"),
  loading: image.getAttribute("loading"),
  srcset: image.getAttribute("srcset") || "",
  webp: image.closest("picture")?.querySelector("source[type='image/webp']")?.srcset || "",
  top: image.getBoundingClientRect().top + scrollY,
  cover: image.matches(".card__cover, .article__cover img"),
  priority: image.getAttribute("fetchpriority") === "high",
}))"""


@pytest.mark.parametrize("viewport", [(360, 740), (1440, 900)], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["/", showcase_page().path], ids=["home", "article"])
def test_images_have_dimensions_lazy_loading_below_the_fold_and_sizes(
    new_page, demo_site, viewport, path
):
    width, height = viewport
    page = new_page(viewport={"width": width, "height": height})
    page.goto(path)
    images = page.evaluate(IMAGES)
    assert any(image["cover"] for image in images)

    for image in images:
        assert image["width"] and image["height"], image["html"]
        if image["top"] > height and not image["priority"]:
            assert image["loading"] == "lazy", image["html"]
        if image["cover"]:
            assert image["srcset"].count("w,") >= 1 and " 1x" not in image["srcset"], image
            assert image["webp"].count("w,") >= 1, image["html"]
    # The first cover is the page's main picture: it loads at once, never lazily.
    assert images[0]["loading"] != "lazy"


def test_admin_editor_shows_the_preview_beside_the_markdown_at_1280(new_page, login, superuser):
    page = new_page(viewport={"width": 1280, "height": 900})
    login(superuser, target=page)
    page.goto(reverse("admin:blog_article_add"))

    editor = page.locator("textarea.markdownx-editor").bounding_box()
    preview = page.locator(".markdownx-preview").bounding_box()

    assert editor["width"] > 400 and preview["width"] > 400
    assert preview["x"] >= editor["x"] + editor["width"]
    assert abs(preview["y"] - editor["y"]) < 5
