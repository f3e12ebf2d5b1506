"""Responsive sizes of cover images: WebP plus a JPEG (or PNG, for transparency) fallback.

Made once when a cover is saved, stored beside it, and described in `Article.cover_renditions`
so templates can write `srcset` without touching the file system.
"""

import posixpath
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

WIDTHS = (480, 800, 1200, 1600)


def make_renditions(field_file):
    """Write every width up to the original's in WebP and the fallback format; describe them."""
    with field_file.open("rb"), Image.open(field_file) as source:
        source.load()
    has_alpha = source.mode in ("RGBA", "LA") or "transparency" in source.info
    fallback = ("PNG", "png") if has_alpha else ("JPEG", "jpg")
    stem = posixpath.splitext(field_file.name)[0].replace("covers/", "covers/sizes/", 1)
    largest = min(source.width, WIDTHS[-1])
    widths = [w for w in WIDTHS if w < largest] + [largest]
    described = {"source": field_file.name, "webp": [], "fallback": []}
    for width in widths:
        height = round(source.height * width / source.width)
        resized = source.resize((width, height), Image.Resampling.LANCZOS)
        for key, (fmt, ext) in (("webp", ("WEBP", "webp")), ("fallback", fallback)):
            image = resized if fmt != "JPEG" else resized.convert("RGB")
            buffer = BytesIO()
            image.save(buffer, format=fmt, quality=80, optimize=True)
            name = default_storage.save(f"{stem}-{width}.{ext}", ContentFile(buffer.getvalue()))
            described[key].append([width, name])
    return described


def srcset(names):
    return ", ".join(f"{default_storage.url(name)} {width}w" for width, name in names)
