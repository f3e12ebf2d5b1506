"""Articles as Markdown files with YAML front matter (what Jekyll, Hugo and Eleventy keep), in
both directions: `read_directory` for import_markdown, `write_article` for export_markdown.

One file per article, named after its slug, and its images in `images/` beside the files,
referenced by relative paths, so the folder is complete on its own and export followed by
import gives the same pages.
"""

import posixpath
import shutil
from pathlib import Path

import frontmatter
import yaml
from django.conf import settings
from django.core.files.storage import default_storage

from blog.models import Article

from .entries import Entry, Invalid, Person, aware_datetime
from .media import _MARKDOWN_IMAGE

IMAGES = "images"
STATUSES = set(Article.Status.values)


def read_directory(directory):
    """Every `*.md` file under `directory`, in name order, as an Entry (or Invalid)."""
    root = Path(directory)
    for path in sorted(root.rglob("*.md")):
        yield read_file(path, root=root)


def count_files(directory):
    return sum(1 for _ in Path(directory).rglob("*.md"))


def read_file(path, *, root):
    key = path.relative_to(root).as_posix()
    try:
        post = frontmatter.load(path)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        return Invalid(key, key, f"unreadable front matter: {exc}")
    meta = post.metadata
    title = str(meta.get("title") or "").strip()
    if not title:
        return Invalid(key, key, "no title in the front matter")
    published_at = aware_datetime(meta.get("date"))
    if meta.get("date") and published_at is None:
        return Invalid(key, title, f"date “{meta['date']}” is not a date")
    status = str(meta.get("status") or "").lower()
    if status not in STATUSES:
        drafted = meta.get("draft") is True or meta.get("published") is False
        status = Article.Status.DRAFT if drafted else Article.Status.PUBLISHED
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [tag.strip() for tag in tags.split(",")]
    category = meta.get("category") or (meta.get("categories") or [""])[0]
    author = meta.get("author") or ""
    return Entry(
        key=key,
        kind="article",
        title=title,
        slug=str(meta.get("slug") or path.stem),
        body=post.content,
        status=status,
        published_at=published_at,
        summary=str(meta.get("summary") or meta.get("description") or ""),
        author=Person(
            name=str(meta.get("author_name") or ""),
            email=str(author) if "@" in str(author) else "",
            login="" if "@" in str(author) else str(author),
        ),
        category=str(category),
        tags=[str(tag) for tag in tags],
        cover=str(meta.get("cover") or ""),
        cover_alt=str(meta.get("cover_alt") or ""),
        comments_open=meta.get("comments_open") is not False,
        base_dir=str(path.parent),
    )


def write_article(article, directory):
    """Write `article` as `<slug>.md` in `directory`, copying its images to images/."""
    directory = Path(directory)
    (directory / IMAGES).mkdir(parents=True, exist_ok=True)
    meta = {
        "title": article.title,
        "slug": article.slug,
        "status": article.status,
        "summary": article.summary,
        "category": article.category.name,
        "tags": sorted(tag.name for tag in article.tags.all()),
    }
    if article.published_at:
        meta["date"] = article.published_at.isoformat()
    if article.author:
        meta["author"] = article.author.email
        meta["author_name"] = article.author.public_name
    if not article.comments_open:
        meta["comments_open"] = False
    if article.cover:
        meta["cover"] = _copy_image(article.cover.name, directory)
        meta["cover_alt"] = article.cover_alt
    body = _MARKDOWN_IMAGE.sub(lambda match: _local_image(match, directory), article.body)
    text = frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False)
    (directory / f"{article.slug}.md").write_text(text + "\n", encoding="utf-8")


def _local_image(match, directory):
    """An image stored on this site is copied beside the file and referenced relatively."""
    url = match.group(2)
    if url.startswith(settings.MEDIA_URL) and default_storage.exists(
        name := url[len(settings.MEDIA_URL) :]
    ):
        url = _copy_image(name, directory)
    return f"{match.group(1)}{url}{match.group(3)}"


def _copy_image(name, directory):
    relative = f"{IMAGES}/{posixpath.basename(name)}"
    with default_storage.open(name, "rb") as source, open(directory / relative, "wb") as copy:
        shutil.copyfileobj(source, copy)
    return relative
