"""Load the demo articles (idempotent): `make run` calls it every time.

Categories, tags and articles are matched by slug, so a second run creates nothing new and
leaves any edits an editor made in the admin alone. Covers are drawn with Pillow.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from blog.demo import health
from blog.demo.articles import ARTICLES, CATEGORIES
from blog.demo.covers import make_cover
from blog.models import (
    Article,
    Category,
    Correction,
    Person,
    Reference,
    Review,
    SiteDisclaimer,
    Tag,
)
from blog.services import article_save

DEMO_AUTHOR = "folio-editorial"


class Command(BaseCommand):
    help = "Load Folio's demo categories, tags and articles; running it again adds nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        author = self._author()
        categories = {
            spec["slug"]: Category.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "name": spec["name"],
                    "description": spec["description"],
                    # Health advice is checked again every year.
                    "review_interval_months": 12,
                },
            )[0]
            for spec in CATEGORIES
        }
        created = 0
        now = timezone.now()
        for spec in ARTICLES:
            if Article.objects.filter(slug=spec["slug"]).exists():
                continue
            article = Article(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                body=spec["body"],
                author=author,
                category=categories[spec["category"]],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(days=spec["days_ago"]),
                cover_alt=spec["cover_alt"],
            )
            png = make_cover(
                title=spec["title"], palette=spec["cover_palette"], motif=spec["cover_motif"]
            )
            article.cover.save(f"{spec['slug']}.png", ContentFile(png), save=False)
            article.full_clean()
            article_save(article=article)
            # A demo article was written when it was published, not when the demo was loaded.
            Article.objects.filter(pk=article.pk).update(
                created_at=article.published_at, updated_at=article.published_at
            )
            article.tags.set(
                Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
                for name in spec["tags"]
            )
            created += 1
        self._health()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {created} article(s) added, "
                f"{len(ARTICLES) - created} already present."
            )
        )

    def _author(self):
        user, made = get_user_model().objects.get_or_create(
            username=DEMO_AUTHOR,
            defaults={
                "email": "editorial@folio.localhost",
                "display_name": "Folio Editorial Team",
                "email_verified_at": timezone.now(),
            },
        )
        if made:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def _health(self):
        """The site-wide disclaimer, and for the showcase article a demo reviewer, a review,
        references and a correction note: each only if it has none yet, so edits stay."""
        if not SiteDisclaimer.objects.exists():
            SiteDisclaimer(text=health.SITE_DISCLAIMER).save()
        article = Article.objects.filter(slug=health.SHOWCASE).first()
        if article is None:
            return
        reviewer, _ = Person.objects.get_or_create(
            slug=health.REVIEWER["slug"], defaults={**health.REVIEWER, "is_demo": True}
        )
        if not article.references.exists():
            for position, spec in enumerate(health.REFERENCES, start=1):
                reference = Reference(article=article, position=position, **spec)
                reference.full_clean()
                reference.save()
        if not article.reviews.exists():
            reviewed_on = timezone.localdate() - timedelta(days=health.REVIEW_DAYS_AGO)
            Review.objects.create(
                article=article, reviewer=reviewer, reviewed_on=reviewed_on,
                note=health.REVIEW_NOTE,
            )  # fmt: skip
            article.reviewer, article.last_reviewed_on = reviewer, reviewed_on
        if not article.corrections.exists():
            Correction.objects.create(article=article, **health.CORRECTION)
        article.save()  # links the citations to the references now stored
