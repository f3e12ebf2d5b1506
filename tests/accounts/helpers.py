"""Small helpers the accounts tests share: reading links out of captured e-mails."""

import re
from urllib.parse import urlsplit

LINK = re.compile(r"https?://\S+")


def links_in(message):
    return LINK.findall(message.body)


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def verification_path(message):
    return next(path_of(url) for url in links_in(message) if "/account/verify/" in url)
