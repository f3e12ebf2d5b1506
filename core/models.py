from django.db import models


class ContentVersion(models.Model):
    """One row: a number that every write to what public pages show increases.

    Database triggers keep it (core.cache.install_triggers); cached pages and fragments are
    keyed on it. Nothing in Python writes it.
    """

    value = models.BigIntegerField("content version", default=0)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return str(self.value)
