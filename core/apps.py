from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site infrastructure"

    def ready(self):
        from . import throttle  # noqa: F401 - registers its deploy check
        from .cache import install_triggers

        # After every migrate (and test-database flush), once the tables of every app exist.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="core-triggers")
