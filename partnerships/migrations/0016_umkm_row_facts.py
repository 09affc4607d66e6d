"""Each UMKM's KBLI prefixes and certifications' last valid days on its row (Umkm.kbli_prefixes,
Umkm.certified_until), so recommendations decide KBLI fit and required certifications on the
row instead of joining the codes and certifications of every UMKM of a place: with a million
UMKM, the join of a wide KBLI level (a division holds 300,000 code links) cost 100-230 ms a
query, and the certifications of its holders as much again.
On PostgreSQL the verified-by-place index (migration 0010) also carries the prefixes, and a
second index holds the same facts by id, so those reads come from an index alone
(benchmarks/recommendations.py measures it).
"""

from django.db import migrations, models

from partnerships.recommendations import (
    capacity_by_unit_of,
    certified_until_of,
    kbli_prefix_text,
)

BATCH = 2_000

PLACE_INDEX = "partnerships_umkm_verified_by_place"
WITH_PREFIXES = (
    "partnerships_umkm (province_id, regency_id, id) "
    "INCLUDE (size_class, has_export_experience, kbli_prefixes, certified_until, capacity_by_unit) "
    "WHERE verification_state = 'verified'"
)
WITHOUT_PREFIXES = (
    "partnerships_umkm (province_id, regency_id, id) "
    "INCLUDE (size_class, has_export_experience) WHERE verification_state = 'verified'"
)


def fill_prefixes(apps, schema_editor):
    Umkm = apps.get_model("partnerships", "Umkm")
    Certification = apps.get_model("partnerships", "Certification")
    Product = apps.get_model("partnerships", "Product")
    links = Umkm.kbli_codes.through.objects
    last = 0
    while ids := list(
        Umkm.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]
    ):
        codes, held, made = ({pk: [] for pk in ids} for _ in range(3))
        for umkm_id, section, code in links.filter(umkm_id__in=ids).values_list(
            "umkm_id", "kblicode__section", "kblicode__code"
        ):
            codes[umkm_id].append((section, code))
        for umkm_id, kind, expires_on in Certification.objects.filter(umkm_id__in=ids).values_list(
            "umkm_id", "kind", "expires_on"
        ):
            held[umkm_id].append((kind, expires_on))
        for umkm_id, unit, capacity in Product.objects.filter(umkm_id__in=ids).values_list(
            "umkm_id", "unit", "monthly_capacity"
        ):
            made[umkm_id].append((unit, capacity))
        Umkm.objects.bulk_update(
            [
                Umkm(
                    pk=pk,
                    kbli_prefixes=kbli_prefix_text(codes[pk]),
                    certified_until=certified_until_of(held[pk]),
                    capacity_by_unit=capacity_by_unit_of(made[pk]),
                )
                for pk in ids
            ],
            ["kbli_prefixes", "certified_until", "capacity_by_unit"],
        )
        last = ids[-1]


# The same facts by id, for the UMKM that recommendations list by id (a KBLI level's holders):
# keyed on ``id + 0`` so that only that condition (recommendations._UmkmAmongIds) uses it,
# and with the id itself included, so PostgreSQL answers from the index alone.
FACTS_INDEX = "umkm_facts_by_id"
FACTS = (
    "partnerships_umkm ((id + 0)) "
    "INCLUDE (id, province_id, regency_id, size_class, has_export_experience, kbli_prefixes, "
    "certified_until, capacity_by_unit) "
    "WHERE verification_state = 'verified'"
)


# The same by place for the UMKM holding any certification (about a fifth): the cells of those
# holding every kind a need requires, read by place, scan these entries only.
CERTIFIED_INDEX = "umkm_certified_by_place"
CERTIFIED = (
    "partnerships_umkm (province_id, regency_id, id) "
    "INCLUDE (size_class, has_export_experience, kbli_prefixes, certified_until, capacity_by_unit) "
    "WHERE verification_state = 'verified' AND certified_until <> '{}'::jsonb"
)


def _replace_place_index(schema_editor, definition: str) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {PLACE_INDEX}")
    schema_editor.execute(f"CREATE INDEX {PLACE_INDEX} ON {definition}")


def index_with_prefixes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _replace_place_index(schema_editor, WITH_PREFIXES)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {FACTS_INDEX} ON {FACTS}")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {CERTIFIED_INDEX} ON {CERTIFIED}")


def index_without_prefixes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {CERTIFIED_INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {FACTS_INDEX}")
    _replace_place_index(schema_editor, WITHOUT_PREFIXES)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0015_directory_scale_indexes")]

    operations = [
        migrations.AddField(
            model_name="umkm",
            name="kbli_prefixes",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="KBLI prefixes"
            ),
        ),
        migrations.AddField(
            model_name="umkm",
            name="certified_until",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="certified until"
            ),
        ),
        migrations.AddField(
            model_name="umkm",
            name="capacity_by_unit",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="monthly capacity by unit"
            ),
        ),
        migrations.RunPython(fill_prefixes, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index_with_prefixes, index_without_prefixes, elidable=False),
    ]
