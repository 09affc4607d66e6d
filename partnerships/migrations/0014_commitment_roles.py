"""The officials' groups get the commitments' permissions (issue 7).

- Central official: everything on commitments, realisation reports and size-class moves;
  view follow-ups, ratings and every history.
- Regional official: records and follows up the commitments of their provinces: add, change
  and view commitments and realisation reports (the admin narrows them to their provinces);
  view follow-ups, ratings, size-class moves and the histories.
- Auditor: view.
The lists are copied on purpose: a migration must not import code that changes later.
"""

from importlib import import_module

from django.db import migrations

roles = import_module("partnerships.migrations.0007_official_roles")

RECORDED = ("commitment", "realisationreport")
FOLLOWED = ("commitmentfollowup", "partnershiprating", "sizeclasschange")
HISTORIES = (
    "historicalcommitment",
    "historicalrealisationreport",
    "historicalpartnershiprating",
    "historicalsizeclasschange",
)

PERMISSIONS = {
    roles.CENTRAL: [
        *roles._each("partnerships", (*RECORDED, "sizeclasschange"), roles.ALL),
        *roles._each("partnerships", ("commitmentfollowup", "partnershiprating"), roles.VIEW),
        *roles._each("partnerships", HISTORIES, roles.VIEW),
    ],
    roles.REGIONAL: [
        *roles._each("partnerships", RECORDED, ("add", "change", "view")),
        *roles._each("partnerships", (*FOLLOWED, *HISTORIES), roles.VIEW),
    ],
    roles.AUDITOR: [
        *roles._each("partnerships", (*RECORDED, *FOLLOWED, *HISTORIES), roles.VIEW),
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
    dependencies = [("partnerships", "0013_commitments")]

    operations = [migrations.RunPython(grant, revoke)]
