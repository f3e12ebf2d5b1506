"""JSON-LD for the FAQ page, safe to place inside a <script> element."""

import json

from django.utils.safestring import mark_safe

# The characters that could end the <script> element or open an HTML comment inside it.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data):
    """`data` as JSON for a `<script type="application/ld+json">`; no text in it can close it."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308


def faq_page(faqs):
    """schema.org FAQPage data for the given questions; each answer is its sanitised HTML."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": faq.answer_html},
            }
            for faq in faqs
        ],
    }
