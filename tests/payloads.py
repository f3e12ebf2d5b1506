"""Hostile input shared by every sanitising test: one list, reused for articles, pages, FAQs
and comments, and `assert_inert()` to check that what comes out can run nothing."""

import re
from html.parser import HTMLParser

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(document.cookie)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width:expression(alert(1))">x</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '<img """><script>alert(1)</script>">',
    "<img src=x onerror=alert(1)//",
    "<a href='x' onmouseover='alert(1)'>hover</a>",
    '<base href="javascript:alert(1)//">',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<video><source onerror="alert(1)"></video>',
    "`<script>alert(1)</script>`\n\n    <script>alert(1)</script>",
    "<!--<img src=x onerror=alert(1)>-->",
]

_ACTIVE_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta", "base",
    "form", "input", "button", "textarea", "select", "frame", "frameset", "applet", "template",
}  # fmt: skip
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in _ACTIVE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            squashed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            elif name in _URL_ATTRIBUTES and squashed.startswith(_BAD_SCHEMES):
                self.problems.append(f"{tag} {name}={value!r}")
            elif name == "style" and not re.fullmatch(r"text-align:\s*\w+;?", value.strip()):
                self.problems.append(f"{tag} style={value!r}")

    handle_startendtag = handle_starttag


def assert_inert(html):
    """Fail if `html` holds any element, attribute or URL that could run script."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    assert not inspector.problems, f"active markup {inspector.problems} in {html[:400]!r}"
