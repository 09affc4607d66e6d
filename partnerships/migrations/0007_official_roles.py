"""Officials' roles as Django groups with exact model permissions (issue 8).

Every fresh database gets the three groups. The permission lists are copied here on purpose
(a migration must not import code that changes later); a later migration that adds models
(interests, session meetings, commitments) extends the groups with its own permissions.

- Central official (BKPM): everything on the domain models, view on reference data (KBLI and
  regions are loaded by migrations and corrected by a new migration, not by hand), view on the
  historical records, and the officials' accounts: add/view/change users and their provinces.
- Regional official (DPMPTSP): view and change the domain records of their provinces (the admin
  narrows every queryset to them), register UMKM (assisted registration, with certificates and
  links), issue claim codes, send reminders, view reference data; never delete.
- Auditor: view only, on everything including the historical records.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Group names as created here; partnerships.officials.GROUP_NAMES refers to them.
CENTRAL = "Pejabat pusat"
REGIONAL = "Pejabat daerah"
AUDITOR = "Auditor"

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

REFERENCE_MODELS = ("kblicode", "province", "regency")
HISTORICAL_MODELS = (
    "historicalumkm",
    "historicalfirm",
    "historicalneed",
    "historicalduplicatecandidate",
)
DOMAIN_MODELS = (
    "umkm",
    "certification",
    "umkmlink",
    "product",
    "firm",
    "firmrepresentative",
    "firminvitation",
    "need",
    "requiredcertification",
    "claimcode",
    "duplicatecandidate",
    "reminder",
    "officialprovince",
)


def _each(app_label: str, models, actions) -> list[tuple[str, str]]:
    return [(app_label, f"{action}_{model}") for model in models for action in actions]


PERMISSIONS = {
    CENTRAL: [
        *_each("partnerships", DOMAIN_MODELS, ALL),
        *_each("partnerships", REFERENCE_MODELS, VIEW),
        *_each("partnerships", HISTORICAL_MODELS, VIEW),
        *_each("accounts", ("user",), ("add", "change", "view")),
    ],
    REGIONAL: [
        *_each(
            "partnerships",
            (
                "umkm",
                "certification",
                "umkmlink",
                "product",
                "firm",
                "firmrepresentative",
                "need",
                "requiredcertification",
                "duplicatecandidate",
            ),
            ("change", "view"),
        ),
        # Assisted registration: a regional official types in an UMKM's paper form, with its
        # certificates and links, and issues the owner's claim code.
        *_each("partnerships", ("umkm", "certification", "umkmlink"), ("add",)),
        *_each("partnerships", ("claimcode", "reminder"), ("add", "view")),
        *_each("partnerships", REFERENCE_MODELS, VIEW),
    ],
    AUDITOR: [
        *_each("partnerships", DOMAIN_MODELS, VIEW),
        *_each("partnerships", REFERENCE_MODELS, VIEW),
        *_each("partnerships", HISTORICAL_MODELS, VIEW),
    ],
}


def _ensure_permissions(apps) -> None:
    """post_migrate creates permissions only after the whole migrate; create them now."""
    for app_config in apps.get_app_configs():
        # A migration's app configs have no models module, and create_permissions skips those;
        # the real registry's (the browser tests call this after a flush) stay as they were.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original


def create_groups(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(apps)
    for name, wanted in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in wanted:
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_search_indexes"),
        ("accounts", "0002_user_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
