"""The officials' groups get the matchmaking models' permissions (issue 5).

- Central official: everything on interests and matches; view and change the programme
  settings (one row: never added or deleted by hand).
- Regional official: view interests; view and change matches (take a pair out of the queue
  when it met directly), in their provinces.
- Auditor: view.
The lists are copied on purpose: a migration must not import code that changes later.
"""

from importlib import import_module

from django.db import migrations

roles = import_module("partnerships.migrations.0007_official_roles")

PERMISSIONS = {
    roles.CENTRAL: [
        *roles._each("partnerships", ("interest", "match"), roles.ALL),
        *roles._each("partnerships", ("programmesettings",), ("change", "view")),
    ],
    roles.REGIONAL: [
        *roles._each("partnerships", ("interest",), roles.VIEW),
        *roles._each("partnerships", ("match",), ("change", "view")),
    ],
    roles.AUDITOR: [
        *roles._each("partnerships", ("interest", "match", "programmesettings"), roles.VIEW),
    ],
}


def grant(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    roles._ensure_permissions(apps)
    for name, wanted in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *[
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in wanted
            ]
        )


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="partnerships",
                    codename__in=[codename for _app, codename in wanted],
                )
            )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0008_interests_matches_programme_settings")]

    operations = [migrations.RunPython(grant, revoke)]
