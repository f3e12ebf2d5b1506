"""XSS payloads and `assert_inert()`, shared by every test of user or editor HTML.

Feed each payload in where text becomes HTML (Markdown bodies, answers, comments, profile
fields), then call `assert_inert()` on the HTML that would reach a browser.
"""

import re
from html.parser import HTMLParser

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
