from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from blog.models import Category, Tag
from blog.sitemaps import ArticleSitemap, TaxonomySitemap
from core import health, uploads
from core.seo import on_site_url
from pages.sitemaps import FAQSitemap, PageSitemap

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

sitemaps = {
    "articles": ArticleSitemap,
    "categories": TaxonomySitemap(Category),
    "tags": TaxonomySitemap(Tag),
    "pages": PageSitemap,
    "faq": FAQSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    # markdownx's endpoints, staff-only, at the paths its editor script posts to; behind the
    # admin's own check too, so they ask for what the admin asks (the two-factor step).
    path("markdownx/upload/", admin.site.admin_view(uploads.upload_image), name="markdownx_upload"),
    path(
        "markdownx/markdownify/",
        admin.site.admin_view(uploads.preview),
        name="markdownx_markdownify",
    ),
    path("account/", include("accounts.urls")),
    path(
        "sitemap.xml",
        on_site_url(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        on_site_url(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("blog.urls")),
    path("", include("comments.urls")),
    # Last: policy pages answer /<slug>/ at the site root.
    path("", include("pages.urls")),
]

handler500 = "core.errors.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
