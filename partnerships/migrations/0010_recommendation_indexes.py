"""PostgreSQL's covering indexes for recommendations at national scale (SQLite goes without).

recommendations.recommend_umkm reads verified UMKM by place and by KBLI code, then their
certifications and products, a few columns each. With a million UMKM, covering indexes let
PostgreSQL answer those reads from the index alone instead of visiting the table's pages
(benchmarks/recommendations.py measures it).
"""

from django.db import migrations

INDEXES = {
    # The verified UMKM of a place, answered from the index alone.
    "partnerships_umkm_verified_by_place": (
        "partnerships_umkm (province_id, regency_id, id) "
        "INCLUDE (size_class, has_export_experience) WHERE verification_state = 'verified'"
    ),
    # The UMKM holding a KBLI code (the many-to-many table's own index leads with the UMKM).
    "partnerships_umkm_kbli_by_code": "partnerships_umkm_kbli_codes (kblicode_id, umkm_id)",
    # The holders of a certification a need requires, with their expiry.
    "partnerships_cert_holders": "partnerships_certification (kind, umkm_id) INCLUDE (expires_on)",
    # Products' capacities by UMKM.
    "partnerships_product_capacity": (
        "partnerships_product (umkm_id) INCLUDE (unit, monthly_capacity)"
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
    dependencies = [("partnerships", "0009_matchmaking_roles")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
