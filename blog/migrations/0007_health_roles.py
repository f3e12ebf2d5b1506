"""What the editorial roles may do with health content: Editors keep the people (reviewers and
author profiles), the site-wide disclaimer, references and correction notes, and record
reviews (blog.publish_article); Authors add references to their drafts and see the rest."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Authors": [
        "view_person", "add_reference", "change_reference", "delete_reference",
        "view_reference", "view_correction", "view_review",
    ],
    "Editors": [
        "add_person", "change_person", "delete_person", "view_person",
        "change_sitedisclaimer", "view_sitedisclaimer", "add_sitedisclaimer",
        "add_reference", "change_reference", "delete_reference", "view_reference",
        "add_correction", "change_correction", "delete_correction", "view_correction",
        "view_review",
    ],
}  # fmt: skip


def grant(apps, schema_editor):
    app_config = apps.get_app_config("blog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="blog", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="blog", codename__in=ROLES[group.name]
            )
        )


class Migration(migrations.Migration):
    dependencies = [("blog", "0006_health_content")]

    operations = [migrations.RunPython(grant, revoke)]
