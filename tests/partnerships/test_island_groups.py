"""Island groups by Kemendagri province code, without a database."""

import csv
from pathlib import Path

import pytest

from partnerships.island_groups import (
    PROVINCE_CODE_RANGES,
    IslandGroup,
    is_java,
    island_group_of,
    province_codes_in,
)

PROVINCES = Path(__file__).resolve().parents[2] / "partnerships/reference_data/provinces.csv"


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("11", IslandGroup.SUMATERA),  # Aceh
        ("19", IslandGroup.SUMATERA),  # Kepulauan Bangka Belitung
        ("21", IslandGroup.SUMATERA),  # Kepulauan Riau
        ("31", IslandGroup.JAWA),  # DKI Jakarta
        ("36", IslandGroup.JAWA),  # Banten
        ("51", IslandGroup.BALI_NUSA_TENGGARA),
        ("53", IslandGroup.BALI_NUSA_TENGGARA),
        ("61", IslandGroup.KALIMANTAN),
        ("65", IslandGroup.KALIMANTAN),  # Kalimantan Utara
        ("71", IslandGroup.SULAWESI),
        ("76", IslandGroup.SULAWESI),  # Sulawesi Barat
        ("81", IslandGroup.MALUKU),
        ("82", IslandGroup.MALUKU),
        ("91", IslandGroup.PAPUA),
        ("96", IslandGroup.PAPUA),  # Papua Barat Daya, 2022
        ("97", IslandGroup.PAPUA),
    ],
)
def test_each_province_code_falls_in_its_island_group(code, group):
    assert island_group_of(code) == group


@pytest.mark.parametrize("code", ["", "1", "10", "22", "37", "50", "99", "3a", "٣١", "032", None])
def test_a_code_that_is_no_provinces_has_no_group(code):
    assert island_group_of(code) is None
    assert not is_java(code)


def test_every_province_of_the_reference_data_has_a_group():
    with PROVINCES.open(encoding="utf-8") as rows:
        codes = [row["code"] for row in csv.DictReader(rows)]
    assert len(codes) == 38
    assert all(island_group_of(code) is not None for code in codes)
    assert sorted(code for code in codes if is_java(code)) == ["31", "32", "33", "34", "35", "36"]


def test_groups_do_not_overlap_and_list_their_codes():
    seen = set()
    for group in IslandGroup:
        codes = province_codes_in(group)
        first, last = PROVINCE_CODE_RANGES[group]
        assert codes[0] == f"{first:02d}"
        assert codes[-1] == f"{last:02d}"
        assert not seen.intersection(codes)
        seen.update(codes)
        assert all(island_group_of(code) == group for code in codes)
