"""The two editorial roles, as groups with their permissions.

Authors write and edit their own drafts and submit them for review; Editors publish, unpublish
and schedule anyone's articles, look after categories and tags, and moderate comments.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Authors": {
        "blog": [
            "add_article", "change_article", "view_article", "view_category", "add_tag",
            "view_tag",
        ],
    },
    "Editors": {
        "blog": [
            "add_article", "change_article", "delete_article", "view_article", "publish_article",
            "add_category", "change_category", "delete_category", "view_category",
            "add_tag", "change_tag", "delete_tag", "view_tag",
        ],
        "comments": ["view_comment", "change_comment", "delete_comment"],
    },
}  # fmt: skip


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for label in ("blog", "comments"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in by_app.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
