"""Two kinds of index on PostgreSQL for recommendations at a million UMKM
(benchmarks/recommendations.py measures them):

- for each certification kind, the verified UMKM holding it, keyed on its last valid day
  (``Umkm.certified_until``) with the facts recommendations read: the holders of the kinds a
  need requires, in a wide KBLI level, come from that index alone. Looked up by id instead
  (migration 0016's facts index), the 13,000 holders of ISO 9001 cost 25-35 ms a query;
  scanned here, 5-12 ms. Each holds only its kind's holders, a few MB.
- each verified UMKM's (province, KBLI token) pairs, "12/1411" for an UMKM of West Java
  holding a code of class 1411, in a GIN index: the UMKM of a popular class in three large
  provinces are a few thousand of the 200,000 the place index would read (95 ms -> 22 ms).
"""

from django.db import migrations

# The kinds of partnerships.models.CertificationKind when this was written; a later kind
# gets its index in a later migration (tests/partnerships/test_recommendation_indexes.py).
KINDS = ("halal", "sni", "bpom", "pirt", "iso9001", "other")

PLACE_TOKENS_FUNCTION = """
CREATE OR REPLACE FUNCTION partnerships_umkm_place_tokens(province bigint, prefixes text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(province::text || '/' || token), '{}')
    FROM unnest(string_to_array(btrim(prefixes), ' ')) AS token
$$
"""
PLACE_TOKENS_INDEX = (
    "CREATE INDEX IF NOT EXISTS umkm_place_tokens ON partnerships_umkm "
    "USING gin (partnerships_umkm_place_tokens(province_id, kbli_prefixes)) "
    "WHERE verification_state = 'verified'"
)


def holders_index(kind: str) -> str:
    # Keyed on the expression the holders' condition compares (``certified_until -> kind``);
    # PostgreSQL proves the index's predicate from that comparison, which is strict.
    return (
        f"CREATE INDEX IF NOT EXISTS umkm_holding_{kind} ON partnerships_umkm "
        f"((certified_until -> '{kind}')) "
        "INCLUDE (id, province_id, regency_id, size_class, has_export_experience, "
        "kbli_prefixes, certified_until, capacity_by_unit) "
        f"WHERE verification_state = 'verified' AND (certified_until -> '{kind}') IS NOT NULL"
    )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in KINDS:
        schema_editor.execute(holders_index(kind))
    schema_editor.execute(PLACE_TOKENS_FUNCTION)
    schema_editor.execute(PLACE_TOKENS_INDEX)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS umkm_place_tokens")
    schema_editor.execute("DROP FUNCTION IF EXISTS partnerships_umkm_place_tokens(bigint, text)")
    for kind in KINDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS umkm_holding_{kind}")


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0016_umkm_row_facts")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
