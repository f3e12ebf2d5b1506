"""A person's picture: their uploaded avatar, or their initials on a coloured disc.

Works with any object that has `avatar` (an ImageField file, maybe empty) and `public_name`,
so comments and blog can show members without importing accounts. The avatar is decorative
beside the name it accompanies (alt=""), and the initials are hidden from screen readers for
the same reason.
"""

from html import escape

from django.utils.safestring import mark_safe

SIZES = {"small": 40, "large": 96}


def initials(name):
    """Up to two letters: the first of the first and of the last word."""
    words = [word for word in (name or "").split() if word[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_html(person, size="small"):
    pixels = SIZES[size]
    css = f"avatar avatar--{size}"
    avatar = getattr(person, "avatar", None)
    if avatar:
        return mark_safe(  # noqa: S308 - the URL is escaped
            f'<img class="{css}" src="{escape(avatar.url)}" alt="" width="{pixels}" '
            f'height="{pixels}" loading="lazy">'
        )
    letters = escape(initials(getattr(person, "public_name", "")))
    return mark_safe(  # noqa: S308 - the letters are escaped
        f'<span class="{css} avatar--initials" aria-hidden="true">{letters}</span>'
    )
