"""Each UMKM's KBLI prefixes on its row (Umkm.kbli_prefixes), so recommendations decide KBLI
fit on the row instead of joining the codes of every UMKM of a place: with a million UMKM,
the join of a wide KBLI level (a division holds 300,000 code links) cost 100-230 ms a query.
On PostgreSQL the verified-by-place index (migration 0010) also carries the prefixes, so
those reads come from the index alone (benchmarks/recommendations.py measures it).
"""

from django.db import migrations, models

from partnerships.recommendations import kbli_prefix_text

BATCH = 2_000

PLACE_INDEX = "partnerships_umkm_verified_by_place"
WITH_PREFIXES = (
    "partnerships_umkm (province_id, regency_id, id) "
    "INCLUDE (size_class, has_export_experience, kbli_prefixes) "
    "WHERE verification_state = 'verified'"
)
WITHOUT_PREFIXES = (
    "partnerships_umkm (province_id, regency_id, id) "
    "INCLUDE (size_class, has_export_experience) WHERE verification_state = 'verified'"
)


def fill_prefixes(apps, schema_editor):
    Umkm = apps.get_model("partnerships", "Umkm")
    links = Umkm.kbli_codes.through.objects
    last = 0
    while ids := list(
        Umkm.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]
    ):
        codes = {pk: [] for pk in ids}
        for umkm_id, section, code in links.filter(umkm_id__in=ids).values_list(
            "umkm_id", "kblicode__section", "kblicode__code"
        ):
            codes[umkm_id].append((section, code))
        Umkm.objects.bulk_update(
            [Umkm(pk=pk, kbli_prefixes=kbli_prefix_text(found)) for pk, found in codes.items()],
            ["kbli_prefixes"],
        )
        last = ids[-1]


def _replace_place_index(schema_editor, definition: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {PLACE_INDEX}")
    schema_editor.execute(f"CREATE INDEX {PLACE_INDEX} ON {definition}")


def index_with_prefixes(apps, schema_editor):
    _replace_place_index(schema_editor, WITH_PREFIXES)


def index_without_prefixes(apps, schema_editor):
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
        migrations.RunPython(fill_prefixes, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index_with_prefixes, index_without_prefixes, elidable=False),
    ]
