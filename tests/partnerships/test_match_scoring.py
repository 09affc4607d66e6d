"""Match scoring, without a database: every part and its reason at every level, the fairness
boost, the bounds, and properties over generated pairs."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships.match_scoring import (
    BOOST_MAX,
    CERTIFICATION_LABELS,
    FIT_MAX,
    KBLI_MAX,
    KBLI_POINTS,
    LOCALITY_MAX,
    LOCALITY_POINTS,
    KbliShare,
    MatchScorer,
    Nearness,
    Place,
    SeekerFacts,
    UmkmFacts,
    applicable_max,
    best_kbli_fit,
    kbli_fit,
    kbli_prefixes,
    kbli_tokens_earning,
    normal_unit,
    score_match,
    score_upper_bound,
)
from partnerships.models import CertificationKind

TODAY = date(2025, 6, 1)
KARAWANG = Place("3215", "Kabupaten Karawang", "32")
BANDUNG = Place("3273", "Kota Bandung", "32")
SEMARANG = Place("3374", "Kota Semarang", "33")
MEDAN = Place("1271", "Kota Medan", "12")
JAYAPURA = Place("9171", "Kota Jayapura", "91")
DENPASAR = Place("5171", "Kota Denpasar", "51")


def umkm(**fields) -> UmkmFacts:
    """A medium UMKM in Karawang that has met a firm (no boost), making biscuits (10792)."""
    values = {
        "id": 1,
        "kbli": (("C", "10792"),),
        "province_code": KARAWANG.province_code,
        "regency_code": KARAWANG.regency_code,
        "regency_name": KARAWANG.regency_name,
        "size_class": "medium",
        "has_met_a_firm": True,
    }
    if "place" in fields:
        place = fields.pop("place")
        values.update(
            province_code=place.province_code,
            regency_code=place.regency_code,
            regency_name=place.regency_name,
        )
    return UmkmFacts(**{**values, **fields})


def firm(**fields) -> SeekerFacts:
    """A firm in general, biscuits (10792), with a plant in Karawang."""
    return SeekerFacts(
        **{"firm_id": 7, "kbli": (("C", "10792"),), "firm_places": (KARAWANG,), **fields}
    )


def need(**fields) -> SeekerFacts:
    return firm(**{"need_id": 3, "volume": 1_000, "unit": "kg", "period": "month", **fields})


def part(score, name):
    return next(part for part in score.parts if part.name == name)


def names(score) -> list[str]:
    return [part.name for part in score.parts]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# KBLI


@pytest.mark.parametrize(
    ("held", "points", "reason"),
    [
        (("C", "10792"), 35, "Same KBLI subclass 10792"),
        (("C", "10793"), 28, "Same KBLI class 1079 only"),
        (("C", "1079"), 28, "Same KBLI class 1079 only"),
        (("C", "10710"), 21, "Same KBLI group 107 only"),
        (("C", "10110"), 14, "Same KBLI division 10 only"),
        (("C", "11010"), 7, "Same KBLI section C only"),
        (("G", "47111"), 0, "No shared KBLI"),
    ],
)
def test_kbli_fit_is_the_deepest_level_shared(held, points, reason):
    score = score_match(firm(), umkm(kbli=(held,)), today=TODAY)
    assert part(score, "kbli").points == points
    assert part(score, "kbli").max_points == KBLI_MAX
    assert part(score, "kbli").reason == reason


@pytest.mark.parametrize(
    ("asked", "held", "reason"),
    [
        (("C", "1079"), ("C", "10792"), "KBLI 10792, in the class 1079 asked for"),
        (("C", "107"), ("C", "10792"), "KBLI 10792, in the group 107 asked for"),
        (("C", "10"), ("C", "10792"), "KBLI 10792, in the division 10 asked for"),
        (("C", "C"), ("C", "10792"), "KBLI 10792, in the section C asked for"),
        (("C", "107"), ("C", "107"), "Same KBLI group 107"),
    ],
)
def test_a_code_under_the_coarser_code_asked_for_earns_full_marks(asked, held, reason):
    score = score_match(firm(kbli=(asked,)), umkm(kbli=(held,)), today=TODAY)
    assert part(score, "kbli").points == KBLI_MAX
    assert part(score, "kbli").reason == reason


def test_a_coarser_code_held_shares_only_its_own_level():
    # Asked 10792, held only the group 107: they share the group.
    score = score_match(firm(), umkm(kbli=(("C", "107"),)), today=TODAY)
    assert part(score, "kbli").points == KBLI_POINTS[KbliShare.GROUP]


def test_kbli_fit_is_the_best_over_all_pairs():
    seeker = firm(kbli=(("G", "47111"), ("C", "1079")))
    held = (("A", "01111"), ("C", "10793"), ("C", "10110"))
    score = score_match(seeker, umkm(kbli=held), today=TODAY)
    assert part(score, "kbli").points == KBLI_MAX
    assert part(score, "kbli").reason == "KBLI 10793, in the class 1079 asked for"


def test_a_seeker_without_codes_welcomes_any_line_of_business():
    score = score_match(firm(kbli=()), umkm(kbli=()), today=TODAY)
    assert part(score, "kbli").points == KBLI_MAX
    assert part(score, "kbli").reason == "Any line of business is welcome"


def test_an_umkm_without_codes_shares_none():
    assert part(score_match(firm(), umkm(kbli=()), today=TODAY), "kbli").points == 0


def test_kbli_fit_of_one_pair():
    fit = kbli_fit(("C", "10792"), ("C", "10799"))
    assert (fit.points, fit.share, fit.under_asked) == (28, KbliShare.CLASS, False)
    assert best_kbli_fit([], [("C", "10792")]) is None


# Locality


@pytest.mark.parametrize(
    ("place", "points", "reason"),
    [
        (KARAWANG, 25, "In Kabupaten Karawang, where the firm operates"),
        (BANDUNG, 15, "In Kota Bandung, in the same province as a site of the firm"),
        (SEMARANG, 7, "In Kota Semarang, on the same islands (Jawa) as a site of the firm"),
        (MEDAN, 0, "In Kota Medan, far from the firm's sites"),
    ],
)
def test_locality_counts_the_firms_surroundings_first(place, points, reason):
    score = score_match(firm(), umkm(place=place), today=TODAY)
    assert part(score, "locality").points == points
    assert part(score, "locality").max_points == LOCALITY_MAX
    assert part(score, "locality").reason == reason


@pytest.mark.parametrize(
    ("place", "points", "reason"),
    [
        (MEDAN, 25, "In Kota Medan, where the need wants supply"),
        (
            Place("1275", "Kota Binjai", "12"),
            15,
            "In Kota Binjai, in the same province as a place where the need wants supply",
        ),
        (
            Place("1371", "Kota Padang", "13"),
            7,
            "In Kota Padang, on the same islands (Sumatera) as a place where the need wants supply",
        ),
        (JAYAPURA, 0, "In Kota Jayapura, far from where supply is wanted"),
        (KARAWANG, 25, "In Kabupaten Karawang, where the firm operates"),
    ],
)
def test_the_needs_places_count_as_much_as_the_firms_sites(place, points, reason):
    score = score_match(need(wanted_places=(MEDAN,)), umkm(place=place), today=TODAY)
    assert part(score, "locality").points == points
    assert part(score, "locality").reason == reason


def test_a_firm_without_sites_has_no_place_to_compare():
    score = score_match(firm(firm_places=()), umkm(), today=TODAY)
    assert part(score, "locality").points == 0
    assert part(score, "locality").reason == (
        "In Kabupaten Karawang; the firm lists no sites to compare with"
    )


# Certifications


def test_certifications_count_only_when_the_need_requires_some():
    assert "certifications" not in names(score_match(need(), umkm(), today=TODAY))
    assert "certifications" not in names(score_match(firm(), umkm(), today=TODAY))


def test_certifications_earn_in_proportion_to_the_kinds_held_valid():
    seeker = need(required_certifications=("halal", "sni", "bpom"))
    held = (
        ("halal", None),
        ("sni", TODAY),  # valid through today
        ("bpom", TODAY - timedelta(days=1)),  # expired yesterday
        ("pirt", None),  # not asked for
    )
    certifications = part(
        score_match(seeker, umkm(certifications=held), today=TODAY), "certifications"
    )
    assert certifications.points == 10
    assert certifications.max_points == 15
    assert certifications.reason == "Holds halal and SNI; missing BPOM (expired)"


@pytest.mark.parametrize(
    ("held", "points", "reason"),
    [
        ((("halal", None),), 15, "Holds halal"),
        ((), 0, "Missing halal"),
        ((("halal", date(2020, 1, 1)),), 0, "Missing halal (expired)"),
    ],
)
def test_certification_reasons_name_what_is_held_and_missing(held, points, reason):
    seeker = need(required_certifications=("halal",))
    certifications = part(
        score_match(seeker, umkm(certifications=held), today=TODAY), "certifications"
    )
    assert (certifications.points, certifications.reason) == (points, reason)


def test_every_certification_kind_has_a_label():
    assert set(CERTIFICATION_LABELS) == set(CertificationKind.values)


# Capacity


@pytest.mark.parametrize(
    ("products", "points", "reason"),
    [
        ((("kg", 600), ("KG ", 400)), 15, "Can supply the monthly volume: 1,000 kg a month"),
        ((("kg", 400), ("pcs", 5000)), 6, "Can supply about 40% of the monthly volume"),
        ((("kg", 5),), Fraction(3, 40), "Can supply less than 1% of the monthly volume"),
        ((("pcs", 5000),), 0, "No product counted in kg"),
        ((), 0, "No product counted in kg"),
    ],
)
def test_capacity_counts_products_in_the_needs_unit_against_the_monthly_volume(
    products, points, reason
):
    capacity = part(score_match(need(), umkm(products=products), today=TODAY), "capacity")
    assert (capacity.points, capacity.max_points, capacity.reason) == (points, 15, reason)


@pytest.mark.parametrize("period", ["year", "total"])
def test_a_yearly_or_total_volume_is_spread_over_twelve_months(period):
    seeker = need(volume=12_000, period=period)
    assert part(
        score_match(seeker, umkm(products=(("kg", 500),)), today=TODAY), "capacity"
    ).points == Fraction(15, 2)


def test_units_compare_trimmed_and_case_insensitive():
    assert normal_unit("  Kg ") == normal_unit("kg") == "kg"
    assert normal_unit("Liter") != normal_unit("kg")


def test_capacity_does_not_apply_without_a_volume():
    assert "capacity" not in names(score_match(firm(), umkm(), today=TODAY))


# Export


def test_export_counts_only_when_the_firm_exports():
    assert "export" not in names(score_match(firm(), umkm(has_export_experience=True), today=TODAY))
    exporter = firm(firm_is_exporter=True)
    assert (
        part(score_match(exporter, umkm(has_export_experience=True), today=TODAY), "export").points
        == 10
    )
    export = part(score_match(exporter, umkm(), today=TODAY), "export")
    assert (export.points, export.reason) == (0, "No export experience yet, and the firm exports")


# Fit, boost, total


def test_the_fit_scales_the_points_earned_to_ninety_over_the_parts_that_apply():
    # Firm in general: KBLI and locality apply (60 points): 28 + 15 earned.
    score = score_match(firm(), umkm(kbli=(("C", "10793"),), place=BANDUNG), today=TODAY)
    assert score.exact == Fraction(90 * 43, 60)
    assert score.score == 65  # 64.5 rounds half up
    assert applicable_max(firm()) == 60
    assert applicable_max(need(required_certifications=("sni",), firm_is_exporter=True)) == 100


def test_a_perfect_pair_scores_exactly_one_hundred():
    seeker = need(required_certifications=("halal",), firm_is_exporter=True)
    best = umkm(
        certifications=(("halal", None),),
        products=(("kg", 1_000),),
        has_export_experience=True,
        size_class="micro",
        has_met_a_firm=False,
        place=KARAWANG,
    )
    score = score_match(seeker, best, today=TODAY)
    # Karawang is in Java: no outside-Java boost, so 90 + 5 + 3.
    assert score.score == 98
    outside_java = score_match(
        replace(seeker, firm_places=(MEDAN,)), replace(best, **_at(MEDAN)), today=TODAY
    )
    assert outside_java.score == 100


def _at(place: Place) -> dict:
    return {
        "province_code": place.province_code,
        "regency_code": place.regency_code,
        "regency_name": place.regency_name,
    }


@pytest.mark.parametrize(
    ("fields", "boost", "reasons"),
    [
        ({}, 0, []),
        (
            {"has_met_a_firm": False},
            5,
            ["Has not met a firm yet: the programme spreads opportunity"],
        ),
        ({"size_class": "micro"}, 3, ["A micro or small business: the programme helps it grow"]),
        ({"size_class": "small"}, 3, ["A micro or small business: the programme helps it grow"]),
        (
            _at(DENPASAR),
            2,
            ["Outside Java: the programme spreads opportunity across Indonesia"],
        ),
        ({"has_met_a_firm": False, "size_class": "micro", **_at(JAYAPURA)}, 10, None),
    ],
)
def test_the_fairness_boost_comes_on_top_of_the_fit(fields, boost, reasons):
    plain = score_match(firm(), umkm(), today=TODAY)
    boosted = score_match(firm(), umkm(**fields), today=TODAY)
    locality_change = part(plain, "locality").points - part(boosted, "locality").points
    assert boosted.exact == plain.exact - Fraction(90 * locality_change, 60) + boost
    boost_parts = [
        p for p in boosted.parts if p.name in ("never_met", "small_business", "outside_java")
    ]
    assert sum(p.points for p in boost_parts) == boost
    if reasons is not None:
        assert [p.reason for p in boost_parts] == reasons


def test_reasons_follow_the_parts():
    score = score_match(need(required_certifications=("halal",)), umkm(), today=TODAY)
    assert score.reasons == [p.reason for p in score.parts]
    assert names(score) == ["kbli", "locality", "certifications", "capacity"]


def test_reasons_are_translated():
    with translation.override("id"):
        score = score_match(firm(), umkm(kbli=(("G", "47111"),)), today=TODAY)
    with translation.override("en"):
        english = score_match(firm(), umkm(kbli=(("G", "47111"),)), today=TODAY)
    assert english.reasons[0] == "No shared KBLI"
    assert len(score.reasons) == len(english.reasons)


def test_the_weights_fill_exactly_one_hundred():
    assert FIT_MAX + BOOST_MAX == 100
    assert KBLI_MAX == KBLI_POINTS[KbliShare.SUBCLASS] == 35
    assert LOCALITY_MAX == LOCALITY_POINTS[Nearness.REGENCY] == 25
    assert list(KBLI_POINTS.values()) == sorted(KBLI_POINTS.values(), reverse=True)


# Properties over generated pairs

CODES = [
    ("C", "10"), ("C", "107"), ("C", "1079"), ("C", "10792"), ("C", "10793"), ("C", "1071"),
    ("C", "10710"), ("C", "101"), ("C", "10110"), ("C", "11"), ("C", "11010"), ("C", "C"),
    ("G", "47"), ("G", "4711"), ("G", "47111"), ("G", "47112"), ("A", "01"), ("A", "01111"),
]  # fmt: skip
BOOST_PARTS = ("never_met", "small_business", "outside_java")
SUBCLASSES = [pair for pair in CODES if len(pair[1]) == 5]
PLACES = [KARAWANG, BANDUNG, SEMARANG, MEDAN, JAYAPURA, DENPASAR]
KINDS = ["halal", "sni", "bpom", "pirt", "iso9001", "other"]
UNITS = ["kg", " KG", "pcs", "liter"]

dates = st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2026, 12, 31)))
umkm_facts = st.builds(
    lambda place, **fields: UmkmFacts(**_at(place), **fields),
    id=st.integers(1, 10_000),
    place=st.sampled_from(PLACES),
    kbli=st.lists(st.sampled_from(CODES), max_size=3).map(tuple),
    certifications=st.lists(st.tuples(st.sampled_from(KINDS), dates), max_size=4).map(tuple),
    products=st.lists(st.tuples(st.sampled_from(UNITS), st.integers(1, 50_000)), max_size=3).map(
        tuple
    ),
    has_export_experience=st.booleans(),
    size_class=st.sampled_from(["micro", "small", "medium"]),
    has_met_a_firm=st.booleans(),
)
seeker_facts = st.builds(
    SeekerFacts,
    firm_id=st.just(1),
    kbli=st.lists(st.sampled_from(CODES), max_size=3).map(tuple),
    firm_places=st.lists(st.sampled_from(PLACES), max_size=2).map(tuple),
    wanted_places=st.lists(st.sampled_from(PLACES), max_size=2).map(tuple),
    required_certifications=st.lists(st.sampled_from(KINDS), max_size=3, unique=True).map(tuple),
    volume=st.one_of(st.none(), st.integers(1, 100_000)),
    unit=st.sampled_from(UNITS),
    period=st.sampled_from(["month", "year", "total"]),
    firm_is_exporter=st.booleans(),
)


@settings(max_examples=300)
@given(seeker_facts, umkm_facts)
def test_every_score_lies_in_zero_to_one_hundred_and_is_its_exact_value_rounded(seeker, facts):
    score = score_match(seeker, facts, today=TODAY)
    assert 0 <= score.exact <= 100
    assert 0 <= score.score <= 100
    assert abs(score.score - score.exact) <= Fraction(1, 2)
    boost = sum(p.points for p in score.parts if p.name in BOOST_PARTS)
    fit = sum(p.points for p in score.parts if p.name not in BOOST_PARTS)
    assert score.exact - boost == Fraction(FIT_MAX) * fit / applicable_max(seeker) <= FIT_MAX
    assert boost <= BOOST_MAX


@settings(max_examples=300)
@given(seeker_facts, umkm_facts)
def test_ranking_values_equal_the_explained_score(seeker, facts):
    scorer = MatchScorer(seeker, today=TODAY)
    assert Fraction(scorer.rank_value(facts), scorer.denominator) == scorer.score(facts).exact
    assert scorer.exact(facts) == scorer.score(facts).exact


@settings(max_examples=300)
@given(seeker_facts, umkm_facts)
def test_the_upper_bound_holds_under_its_caps(seeker, facts):
    score = score_match(seeker, facts, today=TODAY)
    kbli, locality = part(score, "kbli").points, part(score, "locality").points
    assert score.exact <= score_upper_bound(
        seeker, kbli_points_at_most=kbli, locality_points_at_most=locality
    )
    assert score.exact <= score_upper_bound(
        seeker, kbli_points_at_most=KBLI_MAX, locality_points_at_most=LOCALITY_MAX
    )


@settings(max_examples=300)
@given(seeker_facts, umkm_facts)
def test_the_upper_bound_holds_for_the_certifications_an_umkm_has(seeker, facts):
    scorer = MatchScorer(seeker, today=TODAY)
    score = scorer.score(facts)
    kbli, locality = part(score, "kbli").points, part(score, "locality").points
    required = len(set(seeker.required_certifications))
    held = required if scorer.holds_every_required(facts) else required - 1
    assert score.exact <= score_upper_bound(
        seeker,
        kbli_points_at_most=kbli,
        locality_points_at_most=locality,
        certifications_held_at_most=held,
    )


def test_the_upper_bound_drops_for_certifications_not_all_held():
    seeker = SeekerFacts(firm_id=1, required_certifications=("halal", "sni"), volume=100)
    full = score_upper_bound(seeker, kbli_points_at_most=35, locality_points_at_most=25)
    assert full == FIT_MAX + BOOST_MAX
    one_held = score_upper_bound(
        seeker, kbli_points_at_most=35, locality_points_at_most=25, certifications_held_at_most=1
    )
    assert full - one_held == Fraction(FIT_MAX * 15, 2 * applicable_max(seeker))


def test_holding_every_required_kind_needs_each_valid_today():
    seeker = SeekerFacts(firm_id=1, required_certifications=("halal", "sni"), volume=10, unit="kg")
    scorer = MatchScorer(seeker, today=TODAY)
    valid, lapsed = TODAY, TODAY - timedelta(days=1)
    assert scorer.holds_every_required(umkm(certifications=(("halal", None), ("sni", valid))))
    assert not scorer.holds_every_required(umkm(certifications=(("halal", None), ("sni", lapsed))))
    assert not scorer.holds_every_required(umkm(certifications=(("halal", None),)))


@settings(max_examples=300)
@given(seeker_facts, umkm_facts)
def test_a_bound_before_loading_everything_never_undercuts_the_score(seeker, facts):
    scorer = MatchScorer(seeker, today=TODAY)
    value = scorer.rank_value(facts)
    kbli = part(scorer.score(facts), "kbli").points
    rowless = replace(facts, kbli=(), certifications=(), products=())
    assert (
        scorer.rank_bound(
            rowless, kbli_points=int(kbli), certifications_known=False, products_known=False
        )
        >= value
    )
    without_products = replace(facts, products=())
    assert scorer.rank_bound(without_products, products_known=False) >= value


@settings(max_examples=300)
@given(seeker_facts, umkm_facts, st.sampled_from(SUBCLASSES), st.integers(2, 5))
def test_a_deeper_kbli_match_never_scores_lower(seeker, facts, asked, depth):
    # The same UMKM holding a code that shares ``depth`` digits with an asked subclass, and
    # one that shares one digit fewer: the deeper one never scores lower.
    seeker = replace(seeker, kbli=(asked,))
    section, code = asked
    deeper = replace(facts, kbli=(((section, code[:depth] + "9" * (5 - depth)),)))
    shallower = replace(facts, kbli=(((section, code[: depth - 1] + "8" + "9" * (5 - depth)),)))
    assert (
        score_match(seeker, deeper, today=TODAY).exact
        >= score_match(seeker, shallower, today=TODAY).exact
    )


# KBLI codes as the reference data shapes them: a section, and 2 to 5 digits (or the section's
# letter alone, which a seeker may give).
kbli_codes = st.one_of(
    st.tuples(st.sampled_from("ABC"), st.text("0123", min_size=2, max_size=5)),
    st.sampled_from("ABC").map(lambda section: (section, section)),
)


@given(
    seeker=st.lists(kbli_codes, min_size=1, max_size=3),
    held=st.lists(kbli_codes.filter(lambda code: code[1].isdigit()), min_size=1, max_size=3),
)
def test_kbli_tokens_tell_which_points_an_umkm_earns_at_least(seeker, held):
    """The database decides KBLI fit on tokens (recommendations' narrowing): an UMKM's codes
    share a token with those earning some points, or better, exactly when the best fit over
    every pair earns at least those points."""
    earning = kbli_tokens_earning(seeker)
    tokens = set().union(*(kbli_prefixes(section, code) for section, code in held))
    best = best_kbli_fit(seeker, held).points
    for points in KBLI_POINTS.values():
        if not points:
            continue
        at_least = set().union(*(found for level, found in earning.items() if level >= points))
        assert bool(tokens & at_least) == (best >= points), (points, earning, tokens)


def test_kbli_prefixes_hold_the_section_and_every_leading_run_of_digits():
    assert kbli_prefixes("C", "10792") == {"C", "1", "10", "107", "1079", "10792"}
