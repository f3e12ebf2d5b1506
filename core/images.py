"""Validation and clean-up of every uploaded image (editor drops, covers, avatars).

An upload is accepted only if Pillow can open and verify it as JPEG, PNG, WebP or GIF within
the byte and pixel limits. The pixel limit is checked on the dimensions in the file's header,
before a single pixel is decoded: a small file can declare a huge image (a one-colour PNG of 38
megapixels weighs about 40 KB and takes ~500 MB and seconds to decode). Avatars, which anyone
with an account can upload and which are stored at 256 pixels, get a lower limit. It is then
decoded (a JPEG at the smallest scale that still covers the stored size), re-encoded from its
pixels alone, so EXIF (GPS included), comments and anything smuggled after the image data are
gone, scaled down to MAX_SIDE and named at random.
"""

import math
import uuid
import warnings
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # covers and editor images (staff)
AVATAR_MAX_PIXELS = 12_000_000  # any member; a 12-megapixel phone photo still fits
MAX_SIDE = 1600
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
CONTENT_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}

_UNREADABLE = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    Image.DecompressionBombError,
)


def clean_image(upload, *, max_side=MAX_SIDE, square=False, max_pixels=MAX_PIXELS):
    """Return a ContentFile with the cleaned image, or raise ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; images may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
        )
    image_format, width, height = _identify(upload, max_pixels)
    if width * height > max_pixels:
        raise ValidationError(
            "This image is %(width)s × %(height)s pixels; "
            "at most %(limit)s megapixels are allowed.",
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": max_pixels // 1_000_000},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as original:
            original.draft(original.mode, _stored_size(width, height, max_side, square))
            original.load()
            image = ImageOps.exif_transpose(original)
    except _UNREADABLE as exc:
        raise ValidationError(
            "The image data is damaged or incomplete.", code="unreadable"
        ) from exc
    if square:
        image = ImageOps.fit(image, (max_side, max_side))
    else:
        image.thumbnail((max_side, max_side))
    return ContentFile(
        _encode(image, image_format), name=f"{uuid.uuid4().hex}.{FORMATS[image_format]}"
    )


def _stored_size(width, height, max_side, square):
    """The smallest size the stored image is cut from: what `thumbnail` or `fit` makes of it.
    Given to `draft`, which lets a JPEG decode at 1/2, 1/4 or 1/8 scale when that still covers
    it (other formats ignore it)."""
    side = min(width, height) if square else max(width, height)
    ratio = min(1, max_side / side)
    return math.ceil(width * ratio), math.ceil(height * ratio)


def _identify(upload, max_pixels):
    upload.seek(0)
    try:
        # Pillow warns from 89 megapixels; our own, lower MAX_PIXELS is checked right after, with
        # a clearer message. (Past twice its limit Pillow refuses outright: the except below.)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(upload)
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            "This image has far too many pixels; at most %(limit)s megapixels are allowed.",
            code="too_many_pixels",
            params={"limit": max_pixels // 1_000_000},
        ) from exc
    except _UNREADABLE as exc:
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF.",
            code="not_an_image",
        ) from exc
    with probe:
        image_format, (width, height) = probe.format, probe.size
        if image_format not in FORMATS:
            raise ValidationError(
                "%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF.",
                code="bad_format",
                params={"format": image_format},
            )
        try:
            probe.verify()
        except _UNREADABLE as exc:
            raise ValidationError(
                "The image data is damaged or incomplete.", code="unreadable"
            ) from exc
    return image_format, width, height


def _encode(image, image_format):
    """Write the pixels only: no EXIF, XMP, ICC comments or text chunks survive."""
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.info = {}
    buffer = BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}}
    image.save(buffer, format=image_format, **options.get(image_format, {}))
    return buffer.getvalue()


class ImageUploadField(forms.FileField):
    """An image upload whose every check is clean_image(), called from the form's clean_<field>.

    forms.ImageField would first open the file with Pillow itself, before our byte limit and with
    its own generic wording; this way each upload gets the same limits and reasons.
    """

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ",".join(sorted(CONTENT_TYPES))}


class StoredImageField(models.ImageField):
    """models.ImageField that measures an image only when a new file is assigned to it.

    Django's ImageField reads the image again whenever the field is assigned, and
    Model.full_clean() assigns every field: each validation of an article with a cover opened
    the file (downloading it, with media in object storage), and publishing an article whose
    cover file was missing failed with FileNotFoundError. A stored file of this instance whose
    width and height are already known keeps them.
    """

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        current = instance.__dict__.get(self.attname)
        if (
            isinstance(current, FieldFile)
            and current._committed
            and current.instance is instance
            and all(  # loaded and set; a deferred field is not read for this
                instance.__dict__.get(name)
                for name in (self.width_field, self.height_field)
                if name
            )
        ):
            return
        super().update_dimension_fields(instance, force, *args, **kwargs)
