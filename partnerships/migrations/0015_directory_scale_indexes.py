"""PostgreSQL's indexes for the supplier directory at national scale (SQLite goes without).

/umkm/ lists verified UMKM newest first (or by name), filtered by place, size class, export
experience, KBLI code and certification, twenty to a page. With a million UMKM, each listing
without an index on its order sorted every verified row (a sequential scan of the table and
a sort: 1-3 s a page, deep pages alike). These partial indexes hold the verified UMKM in the
list's order, alone or after the filter's column, so a page reads its twenty rows (or, for a
deep page, the rows before them) from the index, and a count of a filter reads the index
alone. benchmarks/directory.py measures each filter combination and checks the plans.
"""

from django.db import migrations

NEWEST = "reviewed_at DESC NULLS LAST, created_at DESC, id DESC"
VERIFIED = "verification_state = 'verified'"

INDEXES = {
    # Every verified UMKM, newest first: the directory without filters, KBLI codes and
    # certifications (checked against each row walked), deep pages.
    "umkm_directory_newest": f"partnerships_umkm ({NEWEST}) WHERE {VERIFIED}",
    # Sorted by name.
    "umkm_directory_name": f"partnerships_umkm (name, id) WHERE {VERIFIED}",
    # A province's, a regency's, a size class's UMKM, newest first.
    "umkm_directory_province_newest": f"partnerships_umkm (province_id, {NEWEST}) WHERE {VERIFIED}",
    "umkm_directory_regency_newest": f"partnerships_umkm (regency_id, {NEWEST}) WHERE {VERIFIED}",
    "umkm_directory_size_newest": f"partnerships_umkm (size_class, {NEWEST}) WHERE {VERIFIED}",
    # Those with export experience (about one in twenty), newest first.
    "umkm_directory_export_newest": (
        f"partnerships_umkm ({NEWEST}) WHERE {VERIFIED} AND has_export_experience"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0014_commitment_roles")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
