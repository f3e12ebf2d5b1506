"""Images of an imported item: read from the export's media folder (or beside a Markdown
file), fetched from the old site only when it answers within a few seconds, and accepted only
when core.images.clean_image accepts them, exactly like an editor's upload. What could not be
brought in is listed with the reason, and its reference is left as it was.
"""

import posixpath
import re
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from core.images import MAX_BYTES, clean_image
from core.uploads import UPLOAD_DIR

FETCH_TIMEOUT = 5  # seconds; an old site that does not answer by then is listed, not waited for
# ![alt](src "title") and ![alt](<src>)
_MARKDOWN_IMAGE = re.compile(r'(!\[[^\]]*\]\(\s*)<?([^)\s>]+)>?((?:\s+"[^"]*")?\s*\))')


class ImageUnavailable(Exception):
    pass


class MediaImporter:
    """Brings images in for one run; `missing` lists (item, reference, reason) of the rest."""

    def __init__(self, *, media_dir=None, fetch=True, dry_run=False):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.fetch = fetch
        self.dry_run = dry_run
        self.missing = []
        self._stored = {}  # reference -> URL, so an image used twice is stored once

    def rewrite_body(self, markdown, *, title, base_dir=""):
        """The Markdown with each image it can bring in pointing at its stored copy."""

        def replace(match):
            url = self.body_image_url(match.group(2), title=title, base_dir=base_dir)
            return f"{match.group(1)}{url}{match.group(3)}"

        return _MARKDOWN_IMAGE.sub(replace, markdown)

    def body_image_url(self, reference, *, title, base_dir=""):
        if reference in self._stored:
            return self._stored[reference]
        try:
            image = self.load(reference, base_dir=base_dir)
        except ImageUnavailable as exc:
            self.missing.append((title, reference, str(exc)))
            return reference
        if image is None or self.dry_run:
            return reference
        url = default_storage.url(default_storage.save(UPLOAD_DIR + image.name, image))
        self._stored[reference] = url
        return url

    def cover(self, reference, *, title, base_dir=""):
        """A cleaned cover image ready to assign to Article.cover, or None (listed)."""
        try:
            return self.load(reference, base_dir=base_dir)
        except ImageUnavailable as exc:
            self.missing.append((title, reference, str(exc)))
            return None

    def load(self, reference, *, base_dir=""):
        """The cleaned image, or None in a dry run for a remote file; ImageUnavailable if not."""
        reference = reference.strip()
        parts = urlsplit(reference)
        if parts.scheme in ("data", "javascript", "file"):
            raise ImageUnavailable(f"{parts.scheme}: addresses are not imported")
        data = self._read_local(parts, base_dir)
        if data is None:
            if parts.scheme not in ("http", "https"):
                raise ImageUnavailable("file not found")
            if not self.fetch:
                raise ImageUnavailable("not in the media folder, and fetching is turned off")
            if self.dry_run:
                return None
            data = _fetch(reference)
        stem = slugify(posixpath.splitext(posixpath.basename(unquote(parts.path)))[0])[:60]
        try:
            cleaned = clean_image(ContentFile(data, name="import"))
        except ValidationError as exc:
            raise ImageUnavailable(" ".join(exc.messages)) from exc
        extension = cleaned.name.rsplit(".", 1)[1]
        cleaned.name = f"{stem or 'image'}.{extension}"
        return cleaned

    def _read_local(self, parts, base_dir):
        """The bytes of the file the reference names in the media folder (trying the URL's path
        from the longest suffix: /wp-content/uploads/2019/03/a.jpg is 2019/03/a.jpg there) or,
        for a relative path, beside the Markdown file. Never outside those folders."""
        segments = [s for s in unquote(parts.path).split("/") if s not in ("", ".")]
        if ".." in segments or not segments:
            return None
        roots = []
        if base_dir and not parts.scheme and not parts.path.startswith("/"):
            roots.append((Path(base_dir).resolve(), [segments]))
        if self.media_dir:
            roots.append((self.media_dir, [segments[i:] for i in range(len(segments))]))
        for root, candidates in roots:
            for candidate in candidates:
                path = root.joinpath(*candidate).resolve()
                if path.is_relative_to(root) and path.is_file():
                    if path.stat().st_size > MAX_BYTES:
                        raise ImageUnavailable("larger than the 5 MB an image may be")
                    return path.read_bytes()
        return None


def _fetch(url):
    request = urllib.request.Request(url, headers={"User-Agent": "Folio importer"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            data = response.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:  # URLError, HTTPError and timeouts are OSErrors
        raise ImageUnavailable(f"could not be fetched ({_reason(exc)})") from exc
    if len(data) > MAX_BYTES:
        raise ImageUnavailable("larger than the 5 MB an image may be")
    return data


def _reason(exc):
    return str(getattr(exc, "reason", None) or exc)
