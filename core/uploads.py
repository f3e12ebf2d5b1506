"""markdownx's endpoints, mounted behind a staff check with our own image validation.

The package's own URLs accept anonymous uploads and previews; these replace them at the same
paths (MARKDOWNX_UPLOAD_URLS_PATH and MARKDOWNX_URLS_PATH), so the editor's JavaScript is
unchanged.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from .images import clean_image

UPLOAD_DIR = "uploads/"


class EditorImageForm(forms.Form):
    image = forms.FileField()

    def clean_image(self):
        return clean_image(self.cleaned_data["image"])

    def save(self):
        image = self.cleaned_data["image"]
        return default_storage.url(default_storage.save(UPLOAD_DIR + image.name, image))


@staff_member_required
@require_POST
def upload_image(request):
    """POST an image from the editor: {"image_code": "![](url)"}, or 400 with the reasons."""
    form = EditorImageForm(files=request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    return JsonResponse({"image_code": f"![]({form.save()})"})


@staff_member_required
@require_POST
def preview(request):
    """The editor's live preview: the same render readers get, through
    MARKDOWNX_MARKDOWNIFY_FUNCTION (blog's numbers the citation markers; core knows no app)."""
    markdownify = import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION)
    return HttpResponse(markdownify(request.POST.get("content", "")))
