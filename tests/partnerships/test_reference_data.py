import csv
from collections import Counter
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.utils import translation

from partnerships.models import KbliCode, KbliLevel, Province, Regency, RegencyKind

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "partnerships" / "reference_data"


def csv_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class TestRegions:
    def test_all_38_provinces_are_loaded(self):
        assert Province.objects.count() == 38
        assert Province.objects.get(code="31").name == "Daerah Khusus Ibukota Jakarta"
        assert Province.objects.get(code="96").name == "Papua Barat Daya"

    def test_every_regency_of_the_source_is_loaded_under_its_province(self):
        assert Regency.objects.count() == len(csv_rows("regencies.csv")) == 514
        for regency in Regency.objects.select_related("province"):
            assert regency.code.startswith(regency.province.code)

    def test_known_regencies_have_their_kemendagri_codes(self):
        assert Regency.objects.get(code="3171").name == "Kota Administrasi Jakarta Pusat"
        assert Regency.objects.get(code="3174").name == "Kota Administrasi Jakarta Selatan"
        karawang = Regency.objects.get(code="3215")
        assert karawang.name == "Kabupaten Karawang"
        assert karawang.kind == RegencyKind.KABUPATEN
        assert karawang.province.name == "Jawa Barat"
        assert Regency.objects.get(code="9671").kind == RegencyKind.KOTA

    def test_there_are_416_kabupaten_and_98_kota(self):
        kinds = Counter(Regency.objects.values_list("kind", flat=True))
        assert kinds == {RegencyKind.KABUPATEN: 416, RegencyKind.KOTA: 98}

    def test_a_code_of_the_wrong_length_cannot_be_stored(self):
        with pytest.raises(IntegrityError):
            Province.objects.create(code="3", name="Bukan provinsi")


class TestKbli:
    def test_each_level_holds_as_many_codes_as_the_source(self):
        expected = Counter(row["level"] for row in csv_rows("kbli2020.csv"))
        loaded = Counter(KbliCode.objects.values_list("level", flat=True))
        assert loaded == expected
        assert loaded[KbliLevel.SUBCLASS] == 1789
        assert loaded[KbliLevel.SECTION] == 21

    def test_a_subclass_knows_its_whole_line(self):
        subclass = KbliCode.objects.get(version="2020", code="62019")
        assert subclass.title_id == "Aktivitas Pemrograman Komputer Lainnya"
        line = []
        code = subclass
        while code:
            line.append(code.code)
            code = code.parent
        assert line == ["62019", "6201", "620", "62", "J"]
        assert subclass.section == "J"

    def test_every_code_carries_its_section_letter(self):
        assert KbliCode.objects.get(code="10792").section == "C"
        assert set(KbliCode.objects.values_list("section", flat=True)) == set(
            "ABCDEFGHIJKLMNOPQRSTU"
        )

    def test_sections_and_divisions_have_english_titles(self):
        manufacturing = KbliCode.objects.get(code="C")
        with translation.override("en"):
            assert manufacturing.title == "Manufacturing"
        with translation.override("id"):
            assert manufacturing.title == "Industri Pengolahan"

    def test_deeper_codes_fall_back_to_the_indonesian_title_in_english(self):
        restaurant = KbliCode.objects.get(code="56101")
        with translation.override("en"):
            assert restaurant.title == "Restoran"
        assert str(restaurant) == "56101 Restoran"

    def test_a_code_must_fit_its_level(self):
        with pytest.raises(IntegrityError):
            KbliCode.objects.create(
                code="123",
                level=KbliLevel.SUBCLASS,
                title_id="Salah",
                parent=KbliCode.objects.get(code="1079"),
                section="C",
            )

    def test_only_a_section_lacks_a_parent(self):
        with pytest.raises(IntegrityError):
            KbliCode.objects.create(
                code="99999", level=KbliLevel.SUBCLASS, title_id="X", section="U"
            )

    def test_a_code_is_unique_within_its_edition(self):
        with pytest.raises(IntegrityError):
            KbliCode.objects.create(code="C", level=KbliLevel.SECTION, title_id="Lagi", section="C")
