"""Editors moderate comments: they may view, approve, hide and delete them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_comment", "change_comment", "delete_comment"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    app_config = apps.get_app_config("blog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="blog", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="blog", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_comments")]

    operations = [migrations.RunPython(grant, revoke)]
