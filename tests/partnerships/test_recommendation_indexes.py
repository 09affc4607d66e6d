"""The PostgreSQL indexes that keep recommendations fast at a million UMKM (migration 0017;
benchmarks/recommendations.py measures them, and the narrowing's property test checks that
the conditions written for them keep every answer exact)."""

import pytest
from django.db import connection

from partnerships.models import CertificationKind

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's"),
]


def umkm_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'partnerships_umkm'"
        )
        return dict(cursor.fetchall())


def test_every_certification_kind_has_an_index_of_its_verified_holders():
    indexes = umkm_indexes()

    for kind in CertificationKind.values:
        definition = indexes[f"umkm_holding_{kind}"]
        assert f"(certified_until -> '{kind}'::text)" in definition
        assert "(verification_state)::text = 'verified'::text" in definition
        # Everything the walk reads of a row, so the index answers alone.
        for column in ("province_id", "regency_id", "kbli_prefixes", "capacity_by_unit"):
            assert column in definition.split("INCLUDE")[1]


def test_the_place_tokens_pair_the_province_with_every_prefix_of_the_codes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT partnerships_umkm_place_tokens(12, %s), partnerships_umkm_place_tokens(12, '')",
            [" C 10 107 1079 10792 "],
        )
        tokens, none = cursor.fetchone()

    assert tokens == ["12/C", "12/10", "12/107", "12/1079", "12/10792"]
    assert none == []
    assert (
        "gin (partnerships_umkm_place_tokens(province_id, kbli_prefixes))"
        in (umkm_indexes()["umkm_place_tokens"])
    )
