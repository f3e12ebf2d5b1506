"""What a display name may hold: one line of text, with no web or e-mail address in it.

Display names travel further than the profile page: beside comments, in e-mails to other
members, in the admin. A name with line breaks or a link can make an e-mail to someone else say
things its sender never wrote (issue 18, finding 3), so both are refused with a message.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

# Joiners that writing systems and emoji sequences need; other format characters (direction
# overrides, invisible separators) are refused with the control characters.
ALLOWED_FORMAT = {"\u200c", "\u200d"}
# A scheme, "www.", an e-mail address, an IP address, or a dot followed by two or more letters
# with no space between (example.org): what mail clients and browsers turn into links.
LINK_LIKE = re.compile(
    r"[a-z][a-z0-9+.-]*:/|www\.|\S@\S|\d+\.\d+\.\d+\.\d+|\w\.[^\W\d_]{2,}",
    re.IGNORECASE,
)


def validate_display_name(value):
    """Refuse line breaks and other invisible characters, and anything that reads as a link."""
    for character in value:
        category = unicodedata.category(character)
        if character in ALLOWED_FORMAT:
            continue
        if category.startswith("C") or category in ("Zl", "Zp"):
            raise ValidationError(
                "A display name is one line of visible characters: remove line breaks, tabs "
                "and invisible characters.",
                code="display_name_invisible",
            )
    if LINK_LIKE.search(unicodedata.normalize("NFKC", value)):
        raise ValidationError(
            "A display name cannot contain a web or e-mail address. If your name has a dot in "
            'it, put a space after the dot ("Dr. Who").',
            code="display_name_link",
        )
