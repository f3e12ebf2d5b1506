from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from blog import health, uploads

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("admin/", admin.site.urls),
    # markdownx's endpoints, staff-only, at the paths its editor script posts to.
    path("markdownx/upload/", uploads.upload_image, name="markdownx_upload"),
    path("markdownx/markdownify/", uploads.preview, name="markdownx_markdownify"),
    path("healthz", health.healthz, name="healthz"),
    path("", include("blog.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
