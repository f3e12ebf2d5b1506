"""One shared list of hostile input, and the checks that what a page shows of it is inert.

HOSTILE_PAYLOADS is the XSS list from tests/payloads.py plus template syntax, SQL
metacharacters, control characters, bidirectional and zero-width characters, astral-plane
characters, very long words and strings, and header injection. INVALID_UTF8_QUERIES are raw
query strings whose percent-escapes decode to bytes that are not UTF-8.

`assert_page_inert(html)` checks a whole page, the site's own scripts and forms included, for
anything that could run injected script or load from another host; `shown_as_text(value, html)`
tells whether a value is among a page's visible text (so it was escaped, not interpreted).
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from tests.payloads import XSS_PAYLOADS, assert_inert

TEMPLATE_PAYLOADS = [
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{% load static %}{% static 'x' %}",
    "{{ request.user.password }}",
    "{% csrf_token %}{{ csrf_token }}",
    "{{ 7|add:7 }} {{7*7}} ${7*7} #{7*7}",
    "{# a template comment #}",
    "{% include 'base.html' %}",
]
SQL_PAYLOADS = [
    "' OR 1=1 --",
    "'; DROP TABLE blog_article; --",
    '" OR ""="',
    "1) UNION SELECT password FROM accounts_user --",
    "%' AND 1=0 --",
    "\\'; SELECT pg_sleep(1); --",
]
CONTROL_PAYLOADS = [
    "a\x00b",
    "x\r\nSet-Cookie: a=b",
    "line one\nline two\rline three",
    "bell\x07 escape\x1b[31m delete\x7f",
    "tab\tand\x0bvertical\x0cfeed",
]
UNICODE_PAYLOADS = [
    "\u202egnp.exe",
    "a\u200bb\u200dc\u2060d",
    "\ufeff",
    "\ufeffBOM at the start",
    "Emoji 🧪🔬🧬 and a family 👩‍👩‍👧‍👦",
    "𝕬𝖘𝖙𝖗𝖆𝖑 𝔪𝔞𝔱𝔥 𝟙𝟚𝟛 \U0001f600",
    "Z̷̡̛̺a̶̟͎l̵̰̇g̸͉̈o̴̜͝ text",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 mixed \u05e2\u05d1\u05e8\u05d9\u05ea",
    "\u2028line separator\u2029paragraph separator",
]
LONG_PAYLOADS = [
    "x" * 100_000,
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 300,
    "word " * 2_000,
]

HOSTILE_PAYLOADS = [
    *XSS_PAYLOADS,
    *TEMPLATE_PAYLOADS,
    *SQL_PAYLOADS,
    *CONTROL_PAYLOADS,
    *UNICODE_PAYLOADS,
    *LONG_PAYLOADS,
]

INVALID_UTF8_QUERIES = ["%ff%fe", "%c0%af", "%ed%a0%80", "%e2%82", "%80abc", "%f8%88%80%80%80"]

# Attributes whose URL the browser follows or loads.
_URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "background", "poster", "data",
    "srcset", "cite", "longdesc", "ping",
}  # fmt: skip
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:application")
_EDGE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")


def _same_origin(url):
    """A path on this site (or a data: image the site's own CSP allows)."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return url.lower().startswith("data:image/")
    return not parts.netloc or parts.netloc == "testserver"


class _Activity(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.json_ld = []
        self._in_json = False
        self.text = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            src = attrs.get("src") or ""
            if attrs.get("type") in ("application/ld+json", "application/json"):
                self._in_json = True
                self.json_ld.append("")
            elif not src:
                self.problems.append(f"inline script: {attrs}")
            elif not _same_origin(src):
                self.problems.append(f"script from elsewhere: {attrs}")
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "srcdoc":
                self.problems.append(f"srcdoc on <{tag}>")
            if name in _URL_ATTRIBUTES:
                squeezed = re.sub(r"[\t\n\r]", "", _EDGE.sub("", value)).lower()
                # Links may lead anywhere once clicked; what loads by itself stays here.
                loads = tag != "a" and not _same_origin(squeezed)
                if squeezed.startswith(_BAD_SCHEMES) or (loads and name != "srcset"):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "http-equiv":
                self.problems.append(f"<meta http-equiv={value!r}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data
        elif not self._skip:
            self.text.append(data)


def page_activity(html):
    """(problems, JSON-LD blocks, visible text) of a whole HTML page."""
    parser = _Activity()
    parser.feed(html)
    parser.close()
    return parser.problems, parser.json_ld, " ".join("".join(parser.text).split())


def assert_page_inert(html):
    """Fail if anything in the whole page `html` could run injected script or load from elsewhere.

    Every <script> must be the site's own (a file from this origin, or JSON-LD that parses as
    JSON and cannot close its element); no element may carry an event handler, srcdoc,
    http-equiv or a script URL; and nothing but a link may point at another host, so nothing
    loads from one by itself.
    """
    problems, json_ld, _ = page_activity(html)
    assert not problems, problems
    for block in json_ld:
        json.loads(block)
        assert "<" not in block, block[:200]


def visible_text(html):
    return page_activity(html)[2]


def shown_as_text(value, html):
    """Whether `value` (whitespace collapsed) is among the page's visible text."""
    return " ".join(value.split()) in visible_text(html)


__all__ = [
    "HOSTILE_PAYLOADS",
    "INVALID_UTF8_QUERIES",
    "assert_inert",
    "assert_page_inert",
    "shown_as_text",
    "visible_text",
]
