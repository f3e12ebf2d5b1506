"""Create the two editorial roles as groups.

Authors write and edit their own drafts and submit them for review; Editors publish, unpublish
and schedule anyone's articles and look after categories and tags.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR_PERMISSIONS = [
    "add_article", "change_article", "view_article", "view_category", "add_tag", "view_tag",
]  # fmt: skip
EDITOR_PERMISSIONS = [
    "add_article", "change_article", "delete_article", "view_article", "publish_article",
    "add_category", "change_category", "delete_category", "view_category",
    "add_tag", "change_tag", "delete_tag", "view_tag",
]  # fmt: skip


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    app_config = apps.get_app_config("blog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Authors", AUTHOR_PERMISSIONS), ("Editors", EDITOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="blog", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Authors", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
