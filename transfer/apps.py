from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Imports from WordPress, Ghost and Markdown files, and the Markdown export.

    Nothing here is shown on a cached page: old permalinks answer 301 (never stored by the page
    cache), so no table of transfer's is watched by core.cache."""

    name = "transfer"
    verbose_name = "Imports and exports"
