"""Storing what a reader of an export produced (entries.py): one transaction per item, so a
bad item is reported and skipped and the rest go in; a dry run does the same work and rolls
every item back. Bodies are Markdown and are rendered and sanitised by the model's save
(core.markdown.render), like any article typed in the admin; comments are stored with their
own date and author and never send mail (no service that notifies is called).
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify

from blog.models import Article, Category, SlugRedirect, Tag
from blog.services import article_save
from comments.models import Comment
from core.markdown import render
from pages.models import Page

from .entries import Invalid
from .models import ImportedItem, Permalink
from .people import person_key, person_user

logger = logging.getLogger(__name__)

DEFAULT_CATEGORY = "Uncategorised"
SUMMARY_LENGTH = 280


class Importer:
    def __init__(self, *, source, report, media, dry_run=False):
        self.source = source
        self.report = report
        self.media = media
        self.dry_run = dry_run
        self._claimed = set()  # (model, slug) given out in this run, dry or not
        self._renamed = ""  # what _free_slug reports for the item being stored
        # Members, categories and tags found or made, so each is looked up once per run; those
        # made by the item in progress join `_known` only once its transaction has committed.
        self._known, self._pending = {}, {}

    def run(self, entries, *, advance=lambda: None):
        for entry in entries:
            self.import_one(entry)
            advance()
        self.report.missing_images.extend(self.media.missing)

    def import_one(self, entry):
        if isinstance(entry, Invalid):
            self.report.add("failed", entry.title or entry.key, entry.reason)
            return
        self._pending = {}
        try:
            with transaction.atomic():
                outcome, reason = self._store(entry)
                if self.dry_run:
                    transaction.set_rollback(True)
        except ValidationError as exc:
            self.report.add("failed", entry.title, "; ".join(_messages(exc)))
        except Exception as exc:  # any other fault of one item must not stop the rest
            logger.exception("Import of %s %s failed", self.source, entry.key)
            self.report.add("failed", entry.title, f"{type(exc).__name__}: {exc}")
        else:
            self.report.add(outcome, entry.title, reason)
            if not self.dry_run:
                self._known.update(self._pending)

    def _once(self, kind, key, make):
        """The row `make()` finds or creates for (kind, key), looked up once per run."""
        if (kind, key) in self._known:
            return self._known[kind, key]
        if (kind, key) not in self._pending:
            self._pending[kind, key] = make()
        return self._pending[kind, key]

    def _person(self, person, *, author):
        key = person_key(person)
        if key is None:
            return None
        return self._once("person", key, lambda: person_user(person, author=author))

    def _store(self, entry):
        model = Page if entry.kind == "page" else Article
        record = ImportedItem.objects.filter(source=self.source, key=entry.key).first()
        target = record.target if record else None
        checksum = entry.checksum
        if target is not None and record.checksum == checksum:
            return "skipped", ""  # unchanged since the last import: counted, not listed
        if not entry.title.strip():
            raise ValidationError("The item has no title.")
        store = self._store_page if model is Page else self._store_article
        obj = store(entry, target if isinstance(target, model) else None)
        ImportedItem.objects.update_or_create(
            source=self.source,
            key=entry.key,
            defaults={
                "content_type": ContentType.objects.get_for_model(model),
                "object_id": obj.pk,
                "checksum": checksum,
            },
        )
        field = "article" if model is Article else "page"
        for path in entry.permalinks:
            if not path or path == obj.get_absolute_url():
                continue
            permalink, _ = Permalink.objects.get_or_create(path=path[:500], defaults={field: obj})
            if permalink.target != obj:  # two items of the export had the same address
                self.report.note(entry.title, f"old address {path} already leads elsewhere")
        if model is Article:
            self._store_comments(entry, obj)
        for note in entry.notes:
            self.report.note(entry.title, note)
        return ("updated" if target is not None else "created"), self._renamed

    def _store_article(self, entry, article):
        self._renamed = ""
        article = article or Article(slug=self._free_slug(Article, entry, max_length=220))
        article.title = entry.title[:200]
        article.body = self.media.rewrite_body(
            entry.body, title=entry.title, base_dir=entry.base_dir
        )
        summary = entry.summary.strip() or _summary(article.body) or entry.title
        article.summary = Truncator(summary).chars(SUMMARY_LENGTH)
        article.status = entry.status
        article.published_at = entry.published_at
        article.comments_open = entry.comments_open
        article.author = self._person(entry.author, author=True)
        name = (entry.category.strip() or DEFAULT_CATEGORY)[:80]
        article.category = self._once("category", name.lower(), lambda: _category(name))
        if entry.cover:
            cover = self.media.cover(entry.cover, title=entry.title, base_dir=entry.base_dir)
            if cover is not None:
                article.cover = cover
                article.cover_alt = (entry.cover_alt or entry.title)[:200]
        else:
            article.cover, article.cover_alt = "", ""
        # The author and category were just read from the database: no need to check them again.
        article.full_clean(exclude=["cover", "author", "category"])
        if self.dry_run and article.cover and not article.cover._committed:
            article.cover = ""  # a dry run writes no file
        article_save(article=article)
        names = {
            name.strip()[:50].lower(): name.strip()[:50] for name in entry.tags if name.strip()
        }
        article.tags.set(
            self._once("tag", key, lambda name=name: _tag(name)) for key, name in names.items()
        )
        return article

    def _store_page(self, entry, page):
        self._renamed = ""
        page = page or Page(slug=self._free_slug(Page, entry, max_length=80))
        page.title = entry.title[:120]
        page.body = self.media.rewrite_body(entry.body, title=entry.title, base_dir=entry.base_dir)
        page.meta_description = Truncator(entry.summary.strip()).chars(200)
        page.is_published = entry.status == Article.Status.PUBLISHED and (
            entry.published_at is None or entry.published_at <= timezone.now()
        )
        page.full_clean()
        page.save()
        return page

    def _store_comments(self, entry, article):
        """Store the comments not imported before, oldest first so replies find their parent."""
        prefix = f"{entry.key}/comment/"
        done = dict(
            ImportedItem.objects.filter(source=self.source, key__startswith=prefix).values_list(
                "key", "object_id"
            )
        )
        existing = Comment.objects.in_bulk(done.values())
        stored = {  # key in the source -> Comment, for replies
            key.removeprefix(prefix): existing[pk] for key, pk in done.items() if pk in existing
        }
        comment_type = ContentType.objects.get_for_model(Comment)
        records = []
        for item in sorted(entry.comments, key=lambda c: (c.created_at is None, c.created_at)):
            if item.key in stored:
                continue
            comment = Comment(
                article=article,
                author=self._person(item.person, author=False),
                parent=stored.get(item.parent_key) if item.parent_key else None,
                body=item.body.strip()[: Comment.MAX_LENGTH],
                status=item.status,
                created_at=item.created_at or timezone.now(),
            )
            try:
                comment.full_clean(exclude=["article", "author", "parent"])  # all just stored
            except ValidationError as exc:
                self.report.note(entry.title, f"comment {item.key} skipped: {_messages(exc)[0]}")
                continue
            comment.save()
            stored[item.key] = comment
            records.append(
                ImportedItem(
                    source=self.source,
                    key=prefix + item.key,
                    content_type=comment_type,
                    object_id=comment.pk,
                    checksum="",
                )
            )
            self.report.comments[item.status] += 1
        ImportedItem.objects.filter(source=self.source, key__in=[r.key for r in records]).delete()
        ImportedItem.objects.bulk_create(records)

    def _free_slug(self, model, entry, *, max_length):
        """The item's slug, or the first free `slug-2`, `slug-3`… (reported) when it is taken."""
        wanted = slugify(entry.slug)[:max_length].strip("-")
        base = wanted or slugify(entry.title)[:max_length].strip("-") or entry.kind
        candidate, number = base, 2
        while self._slug_taken(model, candidate):
            suffix = f"-{number}"
            candidate, number = base[: max_length - len(suffix)] + suffix, number + 1
        self._claimed.add((model, candidate))
        if wanted and candidate != wanted:
            self._renamed = f"slug “{wanted}” was taken: stored as “{candidate}”"
        return candidate

    def _slug_taken(self, model, slug):
        if (model, slug) in self._claimed or model.objects.filter(slug=slug).exists():
            return True
        if model is Article:
            return SlugRedirect.objects.filter(old_slug=slug).exists()
        try:
            Page(slug=slug).clean()  # a page may not take an address the site already answers
        except ValidationError:
            return True
        return False


def _category(name):
    category = Category.objects.filter(name__iexact=name).first()
    if category is None:
        slug = _free_taxonomy_slug(Category, name, 80)
        category = Category.objects.create(name=name, slug=slug)
    return category


def _tag(name):
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        tag = Tag.objects.create(name=name, slug=_free_taxonomy_slug(Tag, name, 60))
    return tag


def _free_taxonomy_slug(model, name, max_length):
    base = slugify(name)[: max_length - 4].strip("-") or "term"
    candidate, number = base, 2
    while model.objects.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _summary(markdown):
    return " ".join(render(markdown).text.split())


def _messages(exc):
    if hasattr(exc, "message_dict"):
        return [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
    return exc.messages
