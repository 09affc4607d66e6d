"""PostgreSQL's search indexes over the stored search documents (SQLite searches without).

Built with Django's own expressions, so they match the ones partnerships.search queries with.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

SEARCH_CONFIG = "indonesian"


def _indexes(apps):
    umkm = apps.get_model("partnerships", "Umkm")
    need = apps.get_model("partnerships", "Need")
    return [
        (
            umkm,
            GinIndex(
                SearchVector("search_text", config=SEARCH_CONFIG),
                name="partnerships_umkm_search_gin",
            ),
        ),
        (umkm, GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="umkm_name_trgm")),
        (
            need,
            GinIndex(
                SearchVector("search_text", config=SEARCH_CONFIG),
                name="partnerships_need_search_gin",
            ),
        ),
    ]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0005_needs_assisted_registration_duplicates_reminders"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
