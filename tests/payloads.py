"""Hostile input shared by every test of what users and editors write, and the checks that
what reaches a browser is inert.

XSS_PAYLOADS: feed each one in where text becomes HTML (Markdown bodies, answers, comments,
profile fields), then call `assert_inert()` on the HTML that would reach a browser (fragments of
user or editor HTML, not whole pages).

HOSTILE_PAYLOADS is XSS_PAYLOADS plus template syntax, SQL metacharacters, control characters,
bidirectional and zero-width characters, astral-plane characters, very long words and strings,
and header injection. INVALID_UTF8_QUERIES are raw query strings whose percent-escapes decode to
bytes that are not UTF-8.

`assert_page_inert(html)` checks a whole page, the site's own scripts and forms included, for
anything that could run injected script or load from another host; `shown_as_text(value, html)`
tells whether a value is among a page's visible text (so it was escaped, not interpreted).
"""

import functools
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

XSS_PAYLOADS = [
    # Script elements, plain and disguised.
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\n>alert(1)</script\n>",
    '"><script>alert(document.cookie)</script>',
    "</p><script>alert(1)</script><p>",
    "```\n</code></pre><script>alert(1)</script>\n```",
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)" />',
    "<IMG SRC=x oNeRrOr=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="https://example.com" onmouseover="alert(1)">hover</a>',
    "<div onclick=alert(1)>click</div>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    # javascript:, data: and vbscript: URLs, in Markdown and in HTML.
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[click me](javascript&#58;alert(1))",
    "[click me](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click me](vbscript:msgbox(1))",
    "![image](javascript:alert(1))",
    "[ref link][x]\n\n[x]: javascript:alert(1)",
    '<a href="javascript:alert(1)">link</a>',
    '<a href="  java\tscript:alert(1)">tab in the scheme</a>',
    '<a href="&#x6A;avascript:alert(1)">entity scheme</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
    '<img src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    # SVG and MathML.
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Embedded documents and plugins.
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # CSS: expressions, style injection, overlays.
    '<div style="width: expression(alert(1))">css expression</div>',
    '<p style="background:url(javascript:alert(1))">css url</p>',
    '<td style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</td>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    # Malformed and unclosed markup.
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)"',
    "<<script>alert(1)//<</script>",
    "<!--<script>alert(1)--><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<img """><script>alert(1)</script>">',
    # Entity tricks.
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    '&#0000105&#0000112&#0000116&#0000058alert(1)">padded entities</a>',
]

_DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "style", "link", "meta", "base", "form", "input", "button", "textarea", "select",
}  # fmt: skip
_RAW_TAG = re.compile(r"<\s*/?\s*(" + "|".join(sorted(_DANGEROUS_TAGS)) + r")\b", re.IGNORECASE)
_URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "background", "poster", "data",
    "srcset", "cite", "longdesc",
}  # fmt: skip
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_EDGE_CONTROLS = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_TEXT_ALIGN = re.compile(r"^\s*text-align\s*:\s*(left|right|center|justify)\s*;?\s*$", re.I)


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in _DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name == "style" and not _TEXT_ALIGN.match(value):
                self.problems.append(f"style={value!r} on <{tag}>")
            elif name in _URL_ATTRIBUTES or name == "srcdoc":
                # The parser has decoded entities; now, as browsers parse URLs, trim C0 controls
                # and spaces at the ends and drop tabs and newlines anywhere.
                trimmed = _EDGE_CONTROLS.sub("", value)
                squeezed = re.sub(r"[\t\n\r]", "", trimmed).lower()
                if name == "srcdoc" or squeezed.startswith(_BAD_SCHEMES):
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def assert_inert(html):
    """Fail if `html` could run script, load a document or restyle the page in a browser.

    Meant for fragments of user or editor HTML (a rendered body, a comment), not whole pages,
    which carry the site's own scripts and forms.
    """
    raw = _RAW_TAG.search(html)
    assert raw is None, f"dangerous tag {raw.group(0)!r} in: {html!r}"
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    assert not inspector.problems, f"{inspector.problems} in: {html!r}"


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

# Attributes whose URL the browser follows or loads (in a whole page).
_PAGE_URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "background", "poster", "data",
    "srcset", "cite", "longdesc", "ping",
}  # fmt: skip
_PAGE_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:application")


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
            if name in _PAGE_URL_ATTRIBUTES:
                squeezed = re.sub(r"[\t\n\r]", "", _EDGE_CONTROLS.sub("", value)).lower()
                # Links may lead anywhere once clicked; what loads by itself stays here.
                loads = tag != "a" and not _same_origin(squeezed)
                if squeezed.startswith(_PAGE_BAD_SCHEMES) or (loads and name != "srcset"):
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


@functools.lru_cache(maxsize=8)
def page_activity(html):
    """(problems, JSON-LD blocks, visible text) of a whole HTML page.

    Kept for the last few pages: a test asks several questions of the same page in a row.
    """
    parser = _Activity()
    parser.feed(html)
    parser.close()
    text = " ".join("".join(parser.text).split())
    return tuple(parser.problems), tuple(parser.json_ld), text


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
