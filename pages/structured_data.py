"""JSON-LD for the FAQ page (escaped for <script> by core.seo.json_ld)."""


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
