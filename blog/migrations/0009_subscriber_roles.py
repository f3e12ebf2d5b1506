"""Editors see the readers subscribed without an account (counts, CSV export) and may delete
one on request; nobody adds or edits them in the admin (double opt-in only)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_subscriber", "delete_subscriber"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("blog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="blog", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="blog", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("blog", "0008_subscribers")]

    operations = [migrations.RunPython(grant, revoke)]
