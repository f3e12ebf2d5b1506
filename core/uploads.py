"""markdownx's endpoints, mounted behind a staff check with our own image validation.

The package's own URLs accept anonymous uploads and previews; these replace them at the same
paths (MARKDOWNX_UPLOAD_URLS_PATH and MARKDOWNX_URLS_PATH), so the editor's JavaScript is
unchanged.
"""

import contextlib
import errno
import logging

from django import forms
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from .images import clean_image
from .markdown import MarkdownRefused

logger = logging.getLogger(__name__)
UPLOAD_DIR = "uploads/"
NO_ROOM = (errno.ENOSPC, errno.EDQUOT)


class EditorImageForm(forms.Form):
    image = forms.FileField()

    def clean_image(self):
        return clean_image(self.cleaned_data["image"])

    def save(self):
        """Store the image and return its URL. A write that fails half-way (a full disk)
        leaves nothing behind: the name is known before writing (names are random, so no
        other upload has it) and what was written under it is removed."""
        image = self.cleaned_data["image"]
        name = default_storage.get_available_name(UPLOAD_DIR + image.name)
        try:
            return default_storage.url(default_storage.save(name, image))
        except OSError:
            with contextlib.suppress(OSError):
                default_storage.delete(name)
            raise


@staff_member_required
@require_POST
def upload_image(request):
    """POST an image from the editor: {"image_code": "![](url)"}, or {"image": [reasons]} with
    400 (not an image we take) or 507 (no room left to store it)."""
    form = EditorImageForm(files=request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    try:
        url = form.save()
    except OSError as error:
        logger.exception("An editor's image could not be stored.")
        if error.errno in NO_ROOM:
            message = "The image was not saved: there is no room left for it on the server."
            status = 507
        else:
            message = "The image was not saved: the server could not write it."
            status = 500
        message += " Nothing was stored; please tell the site's administrator and try again."
        return JsonResponse({"image": [message]}, status=status)
    return JsonResponse({"image_code": f"![]({url})"})


@staff_member_required
@require_POST
def preview(request):
    """The editor's live preview: the same render readers get, through
    MARKDOWNX_MARKDOWNIFY_FUNCTION (blog's numbers the citation markers; core knows no app).
    A body beyond the limits gets 400 and the message the form will show on save; markdownx
    puts any answer in the preview."""
    markdownify = import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION)
    try:
        return HttpResponse(markdownify(request.POST.get("content", "")))
    except MarkdownRefused as refused:
        return HttpResponse(
            format_html('<p class="errornote" role="alert">{}</p>', refused.message), status=400
        )
