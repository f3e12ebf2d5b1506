"""The site's URL patterns from the resolver, and a fingerprint of what the database holds.

Shared by the authorisation matrix and its summary: `url_patterns()` walks get_resolver()
through every include (the admin's and the markdownx endpoints too) and keys each pattern by
its URL name ("blog:detail", "admin:blog_article_change"), or, for the admin's few unnamed
patterns, by its namespace and route ("admin:[blog/article/<path:object_id>/]").
"""

import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.urls import URLResolver, get_resolver

ROLES = ("visitor", "unverified", "member", "author", "editor", "superuser")
LETTERS = dict(zip("VUMAES", ROLES, strict=True))
STAFF = ("author", "editor", "superuser")
METHODS = ("GET", "POST")
ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history")
# Rows no request should ever change: sessions come and go with signing in and out.
_NOT_FINGERPRINTED = {"sessions.session", "contenttypes.contenttype", "auth.permission"}


@dataclass(frozen=True)
class Pattern:
    key: str
    route: str


def url_patterns(patterns=None, namespace="", route=""):
    """Every URL pattern of the site, as (key, route) pairs, in resolver order."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace:
                yield from url_patterns(
                    entry.url_patterns, f"{namespace}{entry.namespace}:", route=""
                )
            else:
                yield from url_patterns(entry.url_patterns, namespace, route + str(entry.pattern))
        elif entry.name:
            yield Pattern(f"{namespace}{entry.name}", route + str(entry.pattern))
        else:
            yield Pattern(f"{namespace}[{route}{entry.pattern}]", route + str(entry.pattern))


def admin_models():
    """{"blog_article": model, …} for every model registered in the admin."""
    return {
        f"{model._meta.app_label}_{model._meta.model_name}": model for model in admin.site._registry
    }


def admin_model_url(key):
    """(model label "app.model", action) for a per-model admin URL key, else None."""
    for prefix, model in admin_models().items():
        for action in ADMIN_ACTIONS:
            if key == f"admin:{prefix}_{action}":
                return model._meta.label_lower, action
        if key == f"admin:[{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/]":
            return model._meta.label_lower, "redirect"
    return None


def fingerprint():
    """A digest of every row the site stores: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in _fingerprinted_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608 - table names from the models
            digest.update(table.encode())
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def _fingerprinted_tables():
    return sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in _NOT_FINGERPRINTED and model._meta.managed
    )
