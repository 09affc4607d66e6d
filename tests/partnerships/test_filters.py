"""The public lists' FilterSets: each filter alone and combined, KBLI at every level, bad
values reported and ignored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partnerships.filters import FirmFilter, NeedFilter, UmkmFilter
from partnerships.models import (
    CertificationKind,
    Firm,
    InvestmentType,
    KbliCode,
    Need,
    PartnershipPattern,
    Umkm,
)
from partnerships.models import VerificationState as State
from tests.partnerships.factories import PMA_FROM_JAPAN, make_firm, make_need
from tests.partnerships.factories_directory import make_listed_umkm

pytestmark = pytest.mark.django_db


def umkm_names(data) -> list[str]:
    filterset = UmkmFilter(data, queryset=Umkm.objects.verified())
    return sorted(umkm.name for umkm in filterset.qs)


def need_titles(data) -> list[str]:
    return sorted(need.title for need in NeedFilter(data, queryset=Need.objects.open()).qs)


def firm_names(data) -> list[str]:
    return sorted(firm.name for firm in FirmFilter(data, queryset=Firm.objects.verified()).qs)


@pytest.fixture
def two_suppliers():
    """Crackers in Karawang (Jawa Barat) and a fish trader in Kota Surabaya (Jawa Timur)."""
    today = timezone.localdate()
    crackers = make_listed_umkm(
        name="Kerupuk Karawang",
        place="3215",
        kbli=["10794"],
        certifications=[(CertificationKind.HALAL, today + timedelta(days=30))],
        has_export_experience=True,
        capital=100_000_000,
        annual_sales=1_000_000_000,  # micro
    )
    fish = make_listed_umkm(
        name="Ikan Segar Surabaya",
        place="3578",
        kbli=["46206"],
        certifications=[(CertificationKind.HALAL, today - timedelta(days=1))],  # expired
        capital=2_000_000_000,
        annual_sales=10_000_000_000,  # small
    )
    return crackers, fish


def test_without_filters_every_verified_umkm_is_listed(two_suppliers):
    make_listed_umkm(name="Draft Business", state=State.DRAFT)
    make_listed_umkm(name="Awaiting Business", state=State.SUBMITTED)
    assert umkm_names({}) == ["Ikan Segar Surabaya", "Kerupuk Karawang"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"province": "32"}, ["Kerupuk Karawang"]),
        ({"province": "35"}, ["Ikan Segar Surabaya"]),
        ({"regency": "3215"}, ["Kerupuk Karawang"]),
        ({"province": "32", "regency": "3215"}, ["Kerupuk Karawang"]),
        ({"scale": "micro"}, ["Kerupuk Karawang"]),
        ({"scale": "small"}, ["Ikan Segar Surabaya"]),
        ({"scale": "medium"}, []),
        ({"export": "on"}, ["Kerupuk Karawang"]),
        ({"certification": "halal"}, ["Kerupuk Karawang"]),
        ({"certification": "sni"}, []),
        ({"q": "kerupuk"}, ["Kerupuk Karawang"]),
        ({"province": "32", "kbli": "C", "scale": "micro", "export": "on"}, ["Kerupuk Karawang"]),
        ({"province": "35", "kbli": "C"}, []),
    ],
)
def test_each_umkm_filter_alone_and_combined(two_suppliers, data, expected):
    assert umkm_names(data) == expected


@pytest.mark.parametrize(
    ("level", "code", "expected"),
    [
        ("section", "C", ["Kerupuk Karawang"]),
        ("section, lower case", "g", ["Ikan Segar Surabaya"]),
        ("division", "10", ["Kerupuk Karawang"]),
        ("group", "107", ["Kerupuk Karawang"]),
        ("class", "1079", ["Kerupuk Karawang"]),
        ("subclass", "10794", ["Kerupuk Karawang"]),
        ("subclass", "46206", ["Ikan Segar Surabaya"]),
        ("another division", "11", []),
    ],
)
def test_kbli_matches_every_umkm_with_a_code_under_it_at_any_level(
    two_suppliers, level, code, expected
):
    assert umkm_names({"kbli": code}) == expected


def test_an_umkm_with_two_matching_codes_is_listed_once():
    make_listed_umkm(name="Dua Kode", kbli=["10794", "10761"])
    assert umkm_names({"kbli": "10"}) == ["Dua Kode"]
    assert umkm_names({"kbli": "C"}) == ["Dua Kode"]


def test_a_certification_without_expiry_counts_and_an_expired_one_does_not():
    make_listed_umkm(name="Forever Halal", certifications=[(CertificationKind.HALAL, None)])
    make_listed_umkm(
        name="Expired Halal",
        certifications=[(CertificationKind.HALAL, timezone.localdate() - timedelta(days=1))],
    )
    make_listed_umkm(
        name="Valid Today",
        certifications=[(CertificationKind.HALAL, timezone.localdate())],
    )
    assert umkm_names({"certification": "halal"}) == ["Forever Halal", "Valid Today"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"province": "abc"}, "province"),
        ({"province": "99"}, "province"),
        ({"regency": "abcd"}, "regency"),
        ({"regency": "9999"}, "regency"),
        ({"province": "35", "regency": "3215"}, "regency"),
        ({"kbli": "99999999"}, "kbli"),
        ({"kbli": "99999"}, "kbli"),
        ({"kbli": "1"}, "kbli"),
        ({"kbli": "\x00"}, "kbli"),
        ({"scale": "large"}, "scale"),
        ({"certification": "gold"}, "certification"),
        ({"sort": "price"}, "sort"),
    ],
)
def test_a_bad_filter_is_an_error_and_is_ignored(two_suppliers, data, field):
    filterset = UmkmFilter(data, queryset=Umkm.objects.verified())
    assert field in filterset.form.errors
    # The other filters still apply; the bad one is left out.
    remaining = {key: value for key, value in data.items() if key != field}
    assert sorted(umkm.name for umkm in filterset.qs) == umkm_names(remaining)


def test_a_long_search_is_cut_with_a_notice_and_nul_bytes_are_dropped(two_suppliers):
    filterset = UmkmFilter({"q": "kerupuk\x00 " + "x" * 10_000}, queryset=Umkm.objects.all())
    assert filterset.form.is_valid()
    assert len(filterset.form.cleaned_data["q"]) == 200
    assert "\x00" not in filterset.form.cleaned_data["q"]
    assert filterset.form.notices
    list(filterset.qs)  # and the database takes it


def test_umkm_sort_by_name_and_by_newest(two_suppliers):
    _crackers, fish = two_suppliers
    Umkm.objects.filter(pk=fish.pk).update(reviewed_at=timezone.now() + timedelta(hours=1))
    names = [u.name for u in UmkmFilter({"sort": "name"}, queryset=Umkm.objects.verified()).qs]
    assert names == ["Ikan Segar Surabaya", "Kerupuk Karawang"]
    newest = [u.name for u in UmkmFilter({}, queryset=Umkm.objects.verified()).qs]
    assert newest == ["Ikan Segar Surabaya", "Kerupuk Karawang"]


# Needs


@pytest.fixture
def three_needs():
    firm = make_firm(state=State.VERIFIED, name="PT Pangan Nusantara")
    today = timezone.localdate()
    west = make_need(
        firm,
        title="Kerupuk for Karawang",
        kbli=["10794"],
        locations=["3215"],
        certifications=[CertificationKind.HALAL],
        pattern=PartnershipPattern.SUPPLY_CHAIN,
        deadline=today + timedelta(days=5),
        estimated_value=10_000_000,
    )
    east = make_need(
        firm,
        title="Fish for Surabaya",
        kbli=["46206"],
        locations=["3578"],
        pattern=PartnershipPattern.GENERAL_TRADE,
        deadline=today + timedelta(days=2),
        estimated_value=None,
    )
    anywhere = make_need(
        firm,
        title="Software from anywhere",
        kbli=["62019"],
        pattern=PartnershipPattern.OUTSOURCING,
        deadline=today + timedelta(days=9),
        estimated_value=900_000_000,
    )
    return west, east, anywhere


def test_only_open_needs_of_verified_firms_are_listed(three_needs):
    make_need(make_firm(state=State.SUBMITTED), title="Unverified firm's need")
    make_need(title="Past deadline", deadline=timezone.localdate() - timedelta(days=1))
    assert need_titles({}) == [
        "Fish for Surabaya",
        "Kerupuk for Karawang",
        "Software from anywhere",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # A need without locations is wanted from anywhere: every place filter includes it.
        ({"province": "32"}, ["Kerupuk for Karawang", "Software from anywhere"]),
        ({"province": "35"}, ["Fish for Surabaya", "Software from anywhere"]),
        ({"regency": "3215"}, ["Kerupuk for Karawang", "Software from anywhere"]),
        ({"province": "11"}, ["Software from anywhere"]),
        ({"kbli": "C"}, ["Kerupuk for Karawang"]),
        ({"kbli": "46"}, ["Fish for Surabaya"]),
        ({"kbli": "620"}, ["Software from anywhere"]),
        ({"kbli": "1079"}, ["Kerupuk for Karawang"]),
        ({"kbli": "10794"}, ["Kerupuk for Karawang"]),
        ({"certification": "halal"}, ["Kerupuk for Karawang"]),
        ({"pattern": "perdagangan_umum"}, ["Fish for Surabaya"]),
        ({"province": "32", "kbli": "J"}, ["Software from anywhere"]),
        ({"province": "35", "certification": "halal"}, []),
    ],
)
def test_each_need_filter_alone_and_combined(three_needs, data, expected):
    assert need_titles(data) == expected


def test_needs_sort_by_deadline_newest_and_value(three_needs):
    def order(sort):
        data = {"sort": sort} if sort else {}
        return [n.title for n in NeedFilter(data, queryset=Need.objects.open()).qs]

    assert order("") == ["Fish for Surabaya", "Kerupuk for Karawang", "Software from anywhere"]
    assert order("newest") == [
        "Software from anywhere",
        "Fish for Surabaya",
        "Kerupuk for Karawang",
    ]
    # Highest value first; a need without a value last.
    assert order("value") == ["Software from anywhere", "Kerupuk for Karawang", "Fish for Surabaya"]


# Firms


@pytest.fixture
def two_firms():
    japanese = make_firm(
        state=State.VERIFIED,
        name="Nippon Motor Indonesia",
        locations=["3215"],
        description="Komponen otomotif.",
        **PMA_FROM_JAPAN,
    )
    japanese.sectors.set(KbliCode.objects.filter(code="29300"))
    domestic = make_firm(
        state=State.VERIFIED, name="PT Pangan Nusantara", locations=["3578", "3515"]
    )
    domestic.sectors.set(KbliCode.objects.filter(code="10794"))
    make_firm(state=State.SUBMITTED, name="PT Belum Diverifikasi")
    return japanese, domestic


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, ["Nippon Motor Indonesia", "PT Pangan Nusantara"]),
        ({"type": InvestmentType.PMA}, ["Nippon Motor Indonesia"]),
        ({"type": InvestmentType.PMDN}, ["PT Pangan Nusantara"]),
        ({"province": "32"}, ["Nippon Motor Indonesia"]),
        ({"province": "35"}, ["PT Pangan Nusantara"]),
        ({"kbli": "C"}, ["Nippon Motor Indonesia", "PT Pangan Nusantara"]),
        ({"kbli": "29"}, ["Nippon Motor Indonesia"]),
        ({"kbli": "10794"}, ["PT Pangan Nusantara"]),
        ({"q": "otomotif"}, ["Nippon Motor Indonesia"]),
        ({"q": "pangan"}, ["PT Pangan Nusantara"]),
        ({"type": "pma", "province": "35"}, []),
    ],
)
def test_each_firm_filter_alone_and_combined(two_firms, data, expected):
    assert firm_names(data) == expected


def test_a_firm_in_two_regencies_of_a_province_is_listed_once(two_firms):
    assert firm_names({"province": "35"}) == ["PT Pangan Nusantara"]
