"""Recommendations from the database: who is recommended, the nearby switch, pairs already in
touch, and that narrowing the candidates in the database never changes the list scoring every
verified UMKM would give."""

from contextlib import ExitStack
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships import recommendations
from partnerships.match_scoring import MatchScorer, UmkmFacts, score_match
from partnerships.models import InterestDirection, NeedState, Umkm
from partnerships.models import VerificationState as State
from partnerships.recommendations import (
    match_score_for,
    recommend_for_umkm,
    recommend_umkm,
    seeker_facts_for,
    umkm_facts_for,
)
from tests.partnerships.factories import make_need
from tests.partnerships.factories_matching import (
    UmkmSpec,
    make_matching_umkm,
    make_pending_interest,
    make_seeking_firm,
    make_umkm_in_bulk,
    make_waiting_match,
)

pytestmark = pytest.mark.django_db

KARAWANG, BEKASI, BANDUNG, SEMARANG, MEDAN, JAYAPURA = (
    "3215",
    "3216",
    "3273",
    "3374",
    "1271",
    "9171",
)


def ids(recommendations) -> list[int]:
    return [item.umkm.pk for item in recommendations]


def test_only_verified_umkm_are_recommended():
    firm = make_seeking_firm()
    verified = make_matching_umkm(kbli=("10792",), place=KARAWANG)
    for state in (State.DRAFT, State.SUBMITTED, State.REJECTED):
        make_matching_umkm(kbli=("10792",), place=KARAWANG, state=state)
    assert ids(recommend_umkm(firm=firm)) == [verified.pk]


def test_the_best_fit_comes_first_with_its_reasons():
    firm = make_seeking_firm(sectors=["10792"], locations=[KARAWANG])
    far = make_matching_umkm(kbli=("10792",), place=JAYAPURA, size="medium", met_a_firm=True)
    near = make_matching_umkm(kbli=("10792",), place=KARAWANG, size="medium", met_a_firm=True)
    other_line = make_matching_umkm(kbli=("47111",), place=KARAWANG, size="medium")
    with translation.override("en"):
        found = recommend_umkm(firm=firm)
    assert ids(found) == [near.pk, far.pk, other_line.pk]
    assert found[0].score.score == 90
    assert found[0].score.reasons == [
        "Same KBLI subclass 10792",
        "In Kabupaten Karawang, where the firm operates",
    ]
    assert found[0].umkm.regency.name == "Kabupaten Karawang"


def test_a_need_ranks_by_its_own_codes_places_and_requirements():
    firm = make_seeking_firm(sectors=["47111"], locations=[KARAWANG])
    need = make_need(
        firm, kbli=["107"], locations=[MEDAN], certifications=["halal"], volume=100, unit="kg"
    )
    certified = make_matching_umkm(
        kbli=("10792",),
        place=MEDAN,
        certifications=(("halal", None),),
        products=(("kg", 100),),
    )
    uncertified = make_matching_umkm(kbli=("10792",), place=MEDAN, products=(("kg", 100),))
    assert ids(recommend_umkm(firm=firm, need=need)) == [certified.pk, uncertified.pk]
    assert recommend_umkm(firm=firm, need=need)[0].score.score == 100


def test_the_limit_is_kept_and_ties_go_to_the_lower_id():
    firm = make_seeking_firm()
    umkm = make_umkm_in_bulk([UmkmSpec(kbli=("10792",), place=KARAWANG)] * 5)
    assert ids(recommend_umkm(firm=firm, limit=3)) == [item.pk for item in umkm[:3]]
    assert recommend_umkm(firm=firm, limit=0) == []


def test_nearby_only_keeps_the_umkm_in_the_regencies_and_provinces_of_the_sites():
    firm = make_seeking_firm(locations=[KARAWANG])
    need = make_need(firm, kbli=["10792"], locations=[MEDAN])
    in_karawang = make_matching_umkm(kbli=("10792",), place=KARAWANG)
    in_bandung = make_matching_umkm(kbli=("10792",), place=BANDUNG)
    in_binjai = make_matching_umkm(kbli=("10792",), place="1275")  # Sumatera Utara, like Medan
    in_semarang = make_matching_umkm(kbli=("10792",), place=SEMARANG)
    everyone = set(ids(recommend_umkm(firm=firm, need=need)))
    assert in_semarang.pk in everyone
    assert set(ids(recommend_umkm(firm=firm, need=need, nearby_only=True))) == {
        in_karawang.pk,
        in_bandung.pk,
        in_binjai.pk,
    }
    assert set(ids(recommend_umkm(firm=firm, nearby_only=True))) == {
        in_karawang.pk,
        in_bandung.pk,
    }


def test_a_firm_without_sites_has_nobody_nearby():
    firm = make_seeking_firm(locations=[])
    make_matching_umkm(kbli=("10792",))
    assert recommend_umkm(firm=firm, nearby_only=True) == []
    assert len(recommend_umkm(firm=firm)) == 1


def test_pairs_already_in_touch_stay_in_the_list_marked():
    firm = make_seeking_firm()
    need = make_need(firm, kbli=["10792"])
    asked, asking, matched, fresh = make_umkm_in_bulk(
        [UmkmSpec(kbli=("10792",), place=KARAWANG)] * 4
    )
    make_pending_interest(asked, firm, need)
    make_pending_interest(asking, firm, need, from_firm=False)
    make_pending_interest(fresh, firm)  # in general, not about the need
    make_waiting_match(matched, firm)
    about_need = {item.umkm.pk: item for item in recommend_umkm(firm=firm, need=need)}
    assert about_need[asked.pk].pending_interest == InterestDirection.FROM_FIRM
    assert about_need[asking.pk].pending_interest == InterestDirection.FROM_UMKM
    assert about_need[fresh.pk].pending_interest == ""
    assert about_need[matched.pk].is_matched
    assert not about_need[fresh.pk].is_matched
    in_general = {item.umkm.pk: item for item in recommend_umkm(firm=firm)}
    assert in_general[fresh.pk].pending_interest == InterestDirection.FROM_FIRM
    assert in_general[asked.pk].pending_interest == ""


def test_an_expired_interest_does_not_mark_the_pair():
    firm = make_seeking_firm()
    umkm = make_matching_umkm(kbli=("10792",))
    interest = make_pending_interest(umkm, firm)
    interest.sent_at = timezone.now() - timedelta(days=20)
    interest.expires_at = timezone.now() - timedelta(days=1)
    interest.save(update_fields=["sent_at", "expires_at"])
    assert recommend_umkm(firm=firm)[0].pending_interest == ""


def test_having_met_a_firm_costs_the_fairness_boost():
    firm = make_seeking_firm()
    met, new = make_umkm_in_bulk(
        [
            UmkmSpec(kbli=("10792",), place=KARAWANG, met_a_firm=True),
            UmkmSpec(kbli=("10792",), place=KARAWANG),
        ]
    )
    found = recommend_umkm(firm=firm)
    assert ids(found) == [new.pk, met.pk]
    assert found[0].score.exact - found[1].score.exact == 5


def test_match_score_for_agrees_with_the_recommendation():
    firm = make_seeking_firm(is_exporter=True)
    need = make_need(firm, kbli=["1079"], certifications=["halal"], volume=120, unit="kg")
    umkm = make_matching_umkm(
        kbli=("10794",),
        place=BANDUNG,
        certifications=(("halal", None), ("sni", None)),
        products=(("kg", 30), ("pcs", 900)),
        exporter=True,
    )
    recommended = recommend_umkm(firm=firm, need=need)[0].score
    assert match_score_for(firm=firm, umkm=umkm, need=need) == recommended
    assert match_score_for(firm=firm, umkm=umkm).score == recommend_umkm(firm=firm)[0].score.score
    facts = umkm_facts_for(umkm)
    assert facts.certifications == (("halal", None), ("sni", None))
    assert sorted(facts.products) == [("kg", 30), ("pcs", 900)]


FULL_MARKS = {
    "certifications": (("halal", None),),
    "products": (("kg", 100),),
    "exporter": True,
}


@pytest.mark.parametrize(
    ("leader", "runner_up"),
    [
        # Same line and place as asked, everything but the boost: 90. The runner-up's cell
        # (class only, 28) is visited after the threshold is known; it wins on every other
        # part and the boost: 91.7.
        (
            UmkmSpec(kbli=("10792",), place=KARAWANG, size="medium", met_a_firm=True, **FULL_MARKS),
            UmkmSpec(kbli=("10793",), place=KARAWANG, **FULL_MARKS),
        ),
        # The leader lacks export (81); the runner-up, in the same province only, comes from
        # the pass over the rest of its KBLI level and wins with everything (89).
        (
            UmkmSpec(
                kbli=("10792",),
                place=KARAWANG,
                size="medium",
                met_a_firm=True,
                **{**FULL_MARKS, "exporter": False},
            ),
            UmkmSpec(kbli=("10792",), place=BANDUNG, **FULL_MARKS),
        ),
    ],
)
def test_a_later_cell_wins_on_the_parts_the_database_checks_before_loading(leader, runner_up):
    firm = make_seeking_firm(locations=[KARAWANG], is_exporter=True)
    need = make_need(firm, kbli=["10792"], certifications=["halal"], volume=100, unit="kg")
    first, second = make_umkm_in_bulk([leader, runner_up])
    # Filler in the leader's cell keeps the threshold from being lowered by a short list.
    make_umkm_in_bulk([UmkmSpec(kbli=("47111",), place=JAYAPURA, met_a_firm=True)] * 3)
    found = recommend_umkm(firm=firm, need=need, limit=1)
    assert ids(found) == [second.pk]
    assert ids(recommend_umkm(firm=firm, need=need, limit=2)) == [second.pk, first.pk]


def test_a_holder_of_the_required_certification_outranks_a_closer_fit_whose_one_lapsed():
    firm = make_seeking_firm(locations=[KARAWANG])
    need = make_need(firm, kbli=["10792"], certifications=["halal"])
    yesterday = timezone.localdate() - timedelta(days=1)
    lapsed, holder = make_umkm_in_bulk(
        [
            UmkmSpec(
                kbli=("10792",),
                place=KARAWANG,
                size="medium",
                met_a_firm=True,
                certifications=(("halal", yesterday),),
            ),
            UmkmSpec(
                kbli=("10793",),
                place=KARAWANG,
                size="medium",
                met_a_firm=True,
                certifications=(("halal", timezone.localdate()),),
            ),
        ]
    )
    assert ids(recommend_umkm(firm=firm, need=need, limit=1)) == [holder.pk]
    assert ids(recommend_umkm(firm=firm, need=need)) == [holder.pk, lapsed.pk]


# The other direction


def test_an_umkm_gets_open_needs_and_verified_firms():
    umkm = make_matching_umkm(kbli=("10792",), place=KARAWANG)
    firm = make_seeking_firm(sectors=["10792"])
    need = make_need(firm, kbli=["10792"])
    unverified = make_seeking_firm(state=State.SUBMITTED)
    make_need(unverified, kbli=["10792"])
    make_need(firm, kbli=["10792"], state=NeedState.CLOSED, closed_at=timezone.now())
    make_need(
        firm,
        kbli=["10792"],
        state=NeedState.REMOVED,
        closed_at=timezone.now(),
        removal_reason="Spam.",
    )
    make_need(firm, kbli=["10792"], deadline=timezone.localdate() - timedelta(days=1))
    found = recommend_for_umkm(umkm=umkm)
    assert {(item.firm.pk, item.need.pk if item.need else None) for item in found} == {
        (firm.pk, None),
        (firm.pk, need.pk),
    }


def test_an_umkm_sees_the_best_fits_first_firms_before_their_needs_on_a_tie():
    umkm = make_matching_umkm(kbli=("10792",), place=KARAWANG)
    near = make_seeking_firm(sectors=["10792"], locations=[KARAWANG])
    far = make_seeking_firm(sectors=["10792"], locations=[JAYAPURA])
    near_need = make_need(near, kbli=["10792"])
    found = recommend_for_umkm(umkm=umkm, limit=10)
    assert [(item.firm.pk, item.need and item.need.pk) for item in found] == [
        (near.pk, None),
        (near.pk, near_need.pk),
        (far.pk, None),
    ]
    assert found[0].score == match_score_for(firm=near, umkm=umkm)
    assert found[1].score == match_score_for(firm=near, umkm=umkm, need=near_need)
    assert len(recommend_for_umkm(umkm=umkm, limit=1)) == 1
    assert recommend_for_umkm(umkm=umkm, limit=0) == []


def test_an_umkm_sees_which_partners_it_is_in_touch_with():
    umkm = make_matching_umkm(kbli=("10792",), place=KARAWANG)
    firm = make_seeking_firm()
    need = make_need(firm, kbli=["10792"])
    make_pending_interest(umkm, firm, need, from_firm=False)
    make_waiting_match(umkm, firm)
    found = {item.need and item.need.pk: item for item in recommend_for_umkm(umkm=umkm)}
    assert found[need.pk].pending_interest == InterestDirection.FROM_UMKM
    assert found[None].pending_interest == ""
    assert found[need.pk].is_matched
    assert found[None].is_matched


def test_recommendations_for_an_umkm_run_a_fixed_number_of_queries(django_assert_num_queries):
    umkm = make_matching_umkm(kbli=("10792",), place=KARAWANG)
    for _ in range(3):
        firm = make_seeking_firm()
        make_need(firm, kbli=["10792"], locations=[BANDUNG], certifications=["halal"])
    with django_assert_num_queries(15):
        assert len(recommend_for_umkm(umkm=umkm)) == 6


# Narrowing never changes the list

TREE = ["10792", "10793", "10794", "10710", "10110", "11010", "47111", "47112", "01111"]
ASKED = [*TREE, "1079", "107", "10", "4711", "47"]
PLACES = [KARAWANG, BEKASI, BANDUNG, SEMARANG, MEDAN, JAYAPURA, "5171"]
TODAY_OFFSETS = st.one_of(st.none(), st.integers(-30, 30))

# A unit with a double quote, which SQLite's JSON paths cannot name (recommendations reads the
# whole capacity JSON then).
PIPE = 'pipa 5"'
umkm_specs = st.builds(
    UmkmSpec,
    place=st.sampled_from(PLACES),
    kbli=st.lists(st.sampled_from(TREE), max_size=3, unique=True).map(tuple),
    certifications=st.lists(
        st.tuples(st.sampled_from(["halal", "sni", "bpom"]), TODAY_OFFSETS), max_size=3
    ).map(tuple),
    products=st.lists(
        st.tuples(st.sampled_from(["kg", "KG", "pcs", PIPE]), st.integers(1, 3_000)), max_size=2
    ).map(tuple),
    exporter=st.booleans(),
    size=st.sampled_from(["micro", "small", "medium"]),
    met_a_firm=st.booleans(),
    state=st.sampled_from([State.VERIFIED] * 5 + [State.SUBMITTED]),
)
seekers = st.fixed_dictionaries(
    {
        "sectors": st.lists(st.sampled_from(TREE), min_size=1, max_size=2, unique=True),
        "locations": st.lists(st.sampled_from(PLACES), max_size=2, unique=True),
        "exporter": st.booleans(),
        "need": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {
                    "kbli": st.lists(st.sampled_from(ASKED), max_size=2, unique=True),
                    "locations": st.lists(st.sampled_from(PLACES), max_size=2, unique=True),
                    "certifications": st.lists(
                        st.sampled_from(["halal", "sni", "bpom"]), max_size=2, unique=True
                    ),
                    "volume": st.integers(1, 5_000),
                    "unit": st.sampled_from(["kg", "pcs", PIPE]),
                    "period": st.sampled_from(["month", "year", "total"]),
                }
            ),
        ),
        "limit": st.integers(1, 8),
        "nearby_only": st.booleans(),
    }
)


def _dated(specs: list[UmkmSpec]) -> list[UmkmSpec]:
    today = timezone.localdate()
    return [
        UmkmSpec(
            **{
                **spec.__dict__,
                "certifications": tuple(
                    (kind, None if offset is None else today + timedelta(days=offset))
                    for kind, offset in spec.certifications
                ),
            }
        )
        for spec in specs
    ]


def _every_verified_umkm() -> list[UmkmFacts]:
    """What scoring every verified UMKM sees, read straight from the models."""
    umkm = (
        Umkm.objects.verified()
        .select_related("province", "regency")
        .prefetch_related("kbli_codes", "certifications", "products", "matches")
    )
    return [
        UmkmFacts(
            id=item.pk,
            kbli=tuple(sorted((code.section, code.code) for code in item.kbli_codes.all())),
            province_code=item.province.code,
            regency_code=item.regency.code,
            regency_name=item.regency.name,
            certifications=tuple((c.kind, c.expires_on) for c in item.certifications.all()),
            products=tuple((p.unit, p.monthly_capacity) for p in item.products.all()),
            has_export_experience=item.has_export_experience,
            size_class=item.size_class,
            has_met_a_firm=bool(item.matches.all()),
        )
        for item in umkm
    ]


# At a million UMKM a KBLI level is listed by id or read by place depending on how many UMKM
# hold its codes; tiny limits take the small examples down the paths that only large data would
# otherwise reach.
NARROWING_LIMITS = {
    "as in production": {},
    "some levels listed": {"MAX_LISTED_IDS": 2, "MAX_DRIVER_IDS": 6},
    "every level read by place": {"MAX_LISTED_IDS": 50, "MAX_DRIVER_IDS": 0},
    "lists cut to one": {"MAX_LISTED_IDS": 1, "MAX_DRIVER_IDS": 1},
    "loaded two at a time": {"LOAD_STEP": 2},
    "holders read in one pass": {"MAX_LEVEL_HOLDERS_IDS": 0},
}


@pytest.mark.parametrize("limits", NARROWING_LIMITS.values(), ids=NARROWING_LIMITS.keys())
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(umkm_specs, min_size=5, max_size=40), seeker=seekers)
def test_narrowing_gives_the_top_of_scoring_every_verified_umkm(limits, specs, seeker):
    with ExitStack() as patches, transaction.atomic():
        for name, value in limits.items():
            patches.enter_context(mock.patch.object(recommendations, name, value))
        make_umkm_in_bulk(_dated(specs))
        firm = make_seeking_firm(
            sectors=seeker["sectors"], locations=seeker["locations"], is_exporter=seeker["exporter"]
        )
        need = None
        if seeker["need"] is not None:
            need = make_need(firm, **seeker["need"])
        limit, nearby_only = seeker["limit"], seeker["nearby_only"]

        scorer = MatchScorer(seeker_facts_for(firm=firm, need=need), today=timezone.localdate())
        candidates = _every_verified_umkm()
        if nearby_only:
            candidates = [
                facts
                for facts in candidates
                if score_match(scorer.seeker, facts, today=scorer.today).parts[1].points >= 15
            ]
        expected = sorted(candidates, key=lambda facts: (-scorer.exact(facts), facts.id))[:limit]

        found = recommend_umkm(firm=firm, need=need, limit=limit, nearby_only=nearby_only)
        assert [(item.umkm.pk, item.score.exact) for item in found] == [
            (facts.id, scorer.exact(facts)) for facts in expected
        ]
        assert [item.score for item in found] == [scorer.score(facts) for facts in expected]
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    "limits",
    [{}, {"MAX_DRIVER_IDS": 2}],
    ids=["the level's holders listed", "the level too wide to list, the holders not"],
)
def test_the_best_holder_of_a_required_certification_is_not_missed(limits):
    """Two halal holders and a business without it, all making biscuits in Karawang: the
    holders' cell is read first, and once its runner-up holds the list, the cell of those
    lacking a kind (a bound a certification lower) is never read."""
    biscuits = {"kbli": ("10792",), "place": KARAWANG, "products": (("bungkus", 10_000),)}
    halal = (("halal", None),)
    best, _runner_up, _without = make_umkm_in_bulk(
        [
            UmkmSpec(**biscuits, certifications=halal),
            UmkmSpec(**biscuits, certifications=halal, met_a_firm=True),
            UmkmSpec(**biscuits),
        ]
    )
    firm = make_seeking_firm(sectors=["10792"], locations=[KARAWANG])
    need = make_need(firm, kbli=["10792"], locations=[KARAWANG], certifications=["halal"])

    with ExitStack() as patches:
        for name, value in limits.items():
            patches.enter_context(mock.patch.object(recommendations, name, value))
        found = recommend_umkm(firm=firm, need=need, limit=1)

    assert [item.umkm for item in found] == [best]


def test_the_row_keeps_each_kinds_last_valid_day():
    until = recommendations.certified_until_of(
        [
            ("halal", date(2026, 1, 31)),
            ("halal", date(2027, 5, 31)),
            ("sni", None),
            ("sni", date(2025, 1, 1)),
        ]
    )
    assert until == {"halal": "2027-05-31", "sni": recommendations.NEVER_EXPIRES}
