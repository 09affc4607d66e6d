"""The officials' groups get the bridging sessions' permissions (issue 6).

- Central official: everything on sessions, their invitations and meetings; view the
  sessions' history.
- Regional official: runs the sessions of their provinces: add, change and view sessions,
  invitations and meetings (the admin narrows them to their provinces); view the history.
- Auditor: view.
The lists are copied on purpose: a migration must not import code that changes later.
"""

from importlib import import_module

from django.db import migrations

roles = import_module("partnerships.migrations.0007_official_roles")

SESSION_MODELS = ("bridgingsession", "sessioninvitation", "meeting")

PERMISSIONS = {
    roles.CENTRAL: [
        *roles._each("partnerships", SESSION_MODELS, roles.ALL),
        *roles._each("partnerships", ("historicalbridgingsession",), roles.VIEW),
    ],
    roles.REGIONAL: [
        *roles._each("partnerships", SESSION_MODELS, ("add", "change", "view")),
        *roles._each("partnerships", ("historicalbridgingsession",), roles.VIEW),
    ],
    roles.AUDITOR: [
        *roles._each("partnerships", (*SESSION_MODELS, "historicalbridgingsession"), roles.VIEW),
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
    dependencies = [("partnerships", "0011_bridging_sessions")]

    operations = [migrations.RunPython(grant, revoke)]
