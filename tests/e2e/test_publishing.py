"""The publishing path in a real browser: an editor writes and publishes, a reader reads."""

import base64
import io
import re

import pytest
from PIL import Image

from tests.accounts.factories import UserFactory
from tests.blog.factories import CategoryFactory

PASSWORD = "correct horse battery staple"
TITLE = "Why Gentle Walking Helps a Stiff Back"
PARAGRAPH = (
    "Walking at an easy pace moves the joints of the spine through a small, repeated range, "
    "warms the muscles that hold it and reminds a wary nervous system that movement is safe. "
)
BODY = (
    f"{PARAGRAPH * 3}\n\n"
    "## Movement feeds the discs\n\n"
    + f"{PARAGRAPH * 4}\n\n" * 4
    + "## Little and often beats long and rare\n\n"
    + f"{PARAGRAPH * 4}\n\n" * 4
)


@pytest.fixture
def editor(roles):
    user = UserFactory(username="editor", is_staff=True, password=PASSWORD)
    user.groups.add(roles["Editors"])
    return user


@pytest.fixture
def category(transactional_db):
    return CategoryFactory(name="Movement and Exercise", slug="movement-and-exercise")


def sign_in_through_admin_form(page, user, expect):
    page.goto("/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def small_png_base64():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 90, 117)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_editor_publishes_in_admin_and_reader_follows_the_table_of_contents(
    page, new_page, editor, category, expect
):
    sign_in_through_admin_form(page, editor, expect)
    page.goto("/admin/blog/article/add/")

    # Typed key by key: the admin's slug prefill listens to keyup.
    page.get_by_label("Title").press_sequentially(TITLE)
    expect(page.get_by_label("Slug")).to_have_value("why-gentle-walking-helps-a-stiff-back")
    page.get_by_label("Summary").fill("Easy walks keep a sore back moving without flaring it up.")
    page.get_by_label("Category").select_option(label=category.name)

    editor_box = page.locator("textarea.markdownx-editor")
    editor_box.fill(BODY)
    editor_box.dispatch_event("input")
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("h2")).to_have_count(2)
    expect(preview.locator("h2").first).to_have_text("Movement feeds the discs")

    page.get_by_label("Status").select_option("published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert page.console_errors == []

    reader = new_page()
    reader.goto("/")
    reader.get_by_role("link", name=TITLE, exact=True).click()
    expect(reader).to_have_url(re.compile(r"/articles/why-gentle-walking-helps-a-stiff-back/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)

    toc = reader.get_by_role("navigation", name="In this article")
    target = reader.get_by_role("heading", name="Little and often beats long and rare")
    expect(target).not_to_be_in_viewport()
    toc.get_by_role("link", name="Little and often beats long and rare").click()
    expect(reader).to_have_url(re.compile(r"#h-little-and-often-beats-long-and-rare$"))
    expect(target).to_be_in_viewport()
    assert reader.console_errors == []


def test_image_dropped_into_editor_is_uploaded_and_previewed(page, login, editor, settings, expect):
    login(editor)
    page.goto("/admin/blog/article/add/")
    editor_box = page.locator("textarea.markdownx-editor")
    editor_box.fill("A picture of the stretch:\n\n")

    editor_box.evaluate(
        """(textarea, png) => {
            const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "stretch.png", {type: "image/png"}));
            textarea.dispatchEvent(
                new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true})
            );
        }""",
        small_png_base64(),
    )

    expect(editor_box).to_have_value(re.compile(r"!\[\]\(/media/uploads/[^)]+\.png\)"))
    image = page.locator(".markdownx-preview img")
    expect(image).to_have_count(1)
    expect(image).to_have_js_property("naturalWidth", 40)
    stored = list((settings.MEDIA_ROOT / "uploads").iterdir())
    assert [path.suffix for path in stored] == [".png"]
    assert page.console_errors == []
