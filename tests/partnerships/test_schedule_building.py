"""Building a bridging session's schedule (partnerships/schedule_building.py): no database."""

import itertools
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships import schedule_building
from partnerships.schedule_building import (
    Candidate,
    InvalidLocks,
    Placement,
    Schedule,
    SessionShape,
    _certified,
    build_schedule,
    greedy_first_come,
    place_meetings,
    schedule_problems,
    select_meetings,
)

FAST = settings(deadline=None, max_examples=150)


# --- Instances ------------------------------------------------------------------------------


@st.composite
def shapes(draw):
    return SessionShape(
        slots=draw(st.integers(1, 3)), tables=draw(st.integers(1, 3)), cap=draw(st.integers(1, 3))
    )


@st.composite
def candidate_lists(draw, *, firms=4, umkm=5, most=9, top_priority=12):
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, firms - 1), st.integers(0, umkm - 1)),
            unique=True,
            max_size=most,
        )
    )
    return [
        Candidate(
            key=10 + i,
            firm=firm,
            umkm=party,
            priority=draw(st.integers(0, top_priority)),
            arrival=draw(st.integers(0, 20)),
        )
        for i, (firm, party) in enumerate(pairs)
    ]


@st.composite
def locked_placements(draw, shape, *, firms=4, umkm=5, most=5):
    """Valid locks between pairs the candidates never use (their keys are 100 and up)."""
    wishes = draw(
        st.lists(
            st.tuples(
                st.integers(0, firms - 1),
                st.integers(0, umkm - 1),
                st.integers(0, shape.slots - 1),
                st.integers(0, shape.tables - 1),
            ),
            max_size=most,
        )
    )
    locked: list[Placement] = []
    for firm, party, slot, table in wishes:
        lock = Placement(100 + len(locked), firm, party, slot, table)
        if not schedule_problems([*locked, lock], shape=shape):
            locked.append(lock)
    return locked


def best_by_brute_force(candidates, shape, locked=()):
    """(total priority, meetings) of the best subset within the limits, by trying them all."""
    base = Counter()
    for p in locked:
        base["f", p.firm] += 1
        base["u", p.umkm] += 1
    room = shape.capacity - len(locked)
    best = (0, 0)
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            if size > room:
                continue
            count = base.copy()
            for c in subset:
                count["f", c.firm] += 1
                count["u", c.umkm] += 1
            if all(n <= shape.per_party for n in count.values()):
                best = max(best, (sum(c.priority for c in subset), size))
    return best


def value(chosen):
    return (sum(c.priority for c in chosen), len(chosen))


def new_placements(schedule: Schedule, locked):
    locked_keys = {p.key for p in locked}
    return [p for p in schedule.placements if p.key not in locked_keys]


# --- Selection ------------------------------------------------------------------------------


@FAST
@given(shape=shapes(), candidates=candidate_lists())
def test_the_selection_is_as_good_as_the_best_subset(shape, candidates):
    chosen = select_meetings(candidates, shape=shape)

    assert value(chosen) == best_by_brute_force(candidates, shape)
    assert chosen == sorted(chosen, key=lambda c: c.key)


@FAST
@given(shape=shapes(), candidates=candidate_lists(top_priority=2))
def test_the_selection_is_exact_when_priorities_tie_a_lot(shape, candidates):
    assert value(select_meetings(candidates, shape=shape)) == best_by_brute_force(candidates, shape)


def test_priority_comes_first_and_ties_prefer_more_meetings():
    shape = SessionShape(slots=1, tables=5, cap=1)

    def candidates(alone):
        # Firm 1 and UMKM 1 can each meet once: either the one match between them, or the
        # two matches that each has with someone else.
        return [
            Candidate(1, firm=1, umkm=1, priority=alone),
            Candidate(2, firm=1, umkm=2, priority=1),
            Candidate(3, firm=2, umkm=1, priority=1),
        ]

    assert [c.key for c in select_meetings(candidates(3), shape=shape)] == [1]
    assert [c.key for c in select_meetings(candidates(2), shape=shape)] == [2, 3]


def test_matches_of_priority_zero_are_chosen_when_there_is_room():
    shape = SessionShape(slots=2, tables=2, cap=2)
    candidates = [Candidate(1, 1, 1, 0), Candidate(2, 1, 2, 0), Candidate(3, 2, 1, 5)]

    assert [c.key for c in select_meetings(candidates, shape=shape)] == [1, 2, 3]


@pytest.mark.parametrize("priority", [1.5, -1, True, "3"])
def test_a_priority_must_be_a_whole_number_of_at_least_zero(priority):
    with pytest.raises(ValueError, match="priority"):
        select_meetings([Candidate(1, 1, 1, priority)], shape=SessionShape(1, 1, 1))


def test_the_selection_holds_the_session_to_its_seats():
    shape = SessionShape(slots=1, tables=2, cap=1)
    candidates = [Candidate(key, firm=key, umkm=key, priority=key) for key in range(1, 6)]

    schedule = build_schedule(candidates, shape=shape)

    assert [p.key for p in schedule.placements] == [4, 5]
    assert [c.key for c in schedule.left_out] == [1, 2, 3]
    assert schedule.total_priority == 9


def test_a_party_with_more_matches_than_slots_meets_once_a_slot():
    shape = SessionShape(slots=3, tables=5, cap=12)
    candidates = [Candidate(key, firm=1, umkm=key, priority=key) for key in range(1, 6)]

    schedule = build_schedule(candidates, shape=shape)

    assert sorted(p.key for p in schedule.placements) == [3, 4, 5]
    assert sorted(p.slot for p in schedule.placements) == [0, 1, 2]
    assert [c.key for c in schedule.left_out] == [1, 2]


def test_the_cap_limits_a_party_below_the_slots():
    shape = SessionShape(slots=4, tables=5, cap=2)
    candidates = [Candidate(key, firm=1, umkm=key, priority=key) for key in range(1, 6)]

    assert [c.key for c in select_meetings(candidates, shape=shape)] == [4, 5]


def test_the_optimality_check_rejects_a_selection_that_is_not_the_best():
    usable = [Candidate(1, 1, 1, 5), Candidate(2, 1, 2, 3)]
    rows, room = {("firm", 1): 0}, [1]
    weights = [5 * 2 + 1, 3 * 2 + 1]

    assert _certified([1.0, 0.0], [11.0], weights, usable, rows, None, room) == [True, False]
    assert _certified([0.0, 1.0], [7.0], weights, usable, rows, None, room) is None
    assert _certified([0.5, 0.5], [11.0], weights, usable, rows, None, room) is None
    assert _certified([1.0, 1.0], [0.0], weights, usable, rows, None, room) is None


@settings(deadline=None, max_examples=30)
@given(shape=shapes(), candidates=candidate_lists())
def test_the_integer_programme_stands_in_when_the_check_fails(shape, candidates):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schedule_building, "_certified", lambda *args: None)
        chosen = select_meetings(candidates, shape=shape)

    assert value(chosen) == best_by_brute_force(candidates, shape)


# --- Placement ------------------------------------------------------------------------------


@FAST
@given(shape=shapes(), candidates=candidate_lists())
def test_every_chosen_meeting_is_placed_and_the_schedule_is_valid(shape, candidates):
    schedule = build_schedule(candidates, shape=shape)

    assert schedule_problems(schedule.placements, shape=shape) == []
    assert schedule.unplaceable_because_of_locks == ()
    placed = {p.key for p in schedule.placements}
    assert placed.isdisjoint(c.key for c in schedule.left_out)
    assert placed | {c.key for c in schedule.left_out} == {c.key for c in candidates}
    assert (schedule.total_priority, len(placed)) == best_by_brute_force(candidates, shape)
    assert schedule.placements == tuple(
        sorted(schedule.placements, key=lambda p: (p.slot, p.table))
    )


@st.composite
def feasible_choices(draw):
    """Any meetings within the limits, not only optimal ones, on larger graphs: König's
    theorem says they always fit."""
    shape = SessionShape(
        slots=draw(st.integers(1, 5)), tables=draw(st.integers(1, 6)), cap=draw(st.integers(1, 5))
    )
    candidates = draw(candidate_lists(firms=6, umkm=8, most=30))
    count, chosen = Counter(), []
    for c in candidates:
        if len(chosen) < shape.capacity and max(count["f", c.firm], count["u", c.umkm]) < (
            shape.per_party
        ):
            count["f", c.firm] += 1
            count["u", c.umkm] += 1
            chosen.append(c)
    return shape, chosen


@FAST
@given(instance=feasible_choices())
def test_any_meetings_within_the_limits_fit_into_equal_slots(instance):
    shape, chosen = instance

    placements, unplaced = place_meetings(chosen, shape=shape)

    assert unplaced == []
    assert sorted(p.key for p in placements) == sorted(c.key for c in chosen)
    assert schedule_problems(placements, shape=shape) == []
    per_slot = Counter(p.slot for p in placements)
    sizes = [per_slot[slot] for slot in range(shape.slots)]
    assert max(sizes) - min(sizes) <= 1


def test_place_meetings_refuses_meetings_beyond_the_limits():
    shape = SessionShape(slots=2, tables=1, cap=2)
    with pytest.raises(ValueError, match="firm 1"):
        place_meetings([Candidate(k, 1, k, 1) for k in range(3)], shape=shape)
    with pytest.raises(ValueError, match="more than 2"):
        place_meetings([Candidate(k, k, k, 1) for k in range(3)], shape=shape)


def test_the_same_input_gives_the_same_schedule_in_any_order():
    rng = random.Random(3)
    candidates = [
        Candidate(key, rng.randrange(6), rng.randrange(12), rng.randrange(30), key)
        for key in range(60)
    ]
    candidates = list({(c.firm, c.umkm): c for c in candidates}.values())
    shape = SessionShape(slots=4, tables=5, cap=3)
    first = build_schedule(candidates, shape=shape)
    rng.shuffle(candidates)

    assert build_schedule(candidates, shape=shape) == first


# --- Locks ----------------------------------------------------------------------------------


@st.composite
def instances_with_locks(draw):
    shape = draw(shapes())
    locked = draw(locked_placements(shape))
    locked_pairs = {(p.firm, p.umkm) for p in locked}
    candidates = [c for c in draw(candidate_lists()) if (c.firm, c.umkm) not in locked_pairs]
    return shape, locked, candidates


@FAST
@given(instance=instances_with_locks())
def test_locked_meetings_stay_where_they_were_promised(instance):
    shape, locked, candidates = instance

    schedule = build_schedule(candidates, shape=shape, locked=locked)

    assert set(locked) <= set(schedule.placements)
    assert schedule_problems(schedule.placements, shape=shape) == []
    new = new_placements(schedule, locked)
    by_key = {c.key: c for c in candidates}
    assert all((p.firm, p.umkm) == (by_key[p.key].firm, by_key[p.key].umkm) for p in new)
    assert schedule.total_priority == sum(by_key[p.key].priority for p in new)
    # Every candidate is placed, left out or set aside, once.
    keys = [p.key for p in new] + [c.key for c in schedule.left_out]
    keys += [c.key for c in schedule.unplaceable_because_of_locks]
    assert sorted(keys) == sorted(by_key)
    # The locks can only cost priority; what remains is chosen optimally.
    best, _ = best_by_brute_force(candidates, shape, locked)
    assert schedule.total_priority <= best
    set_aside = {c.key for c in schedule.unplaceable_because_of_locks}
    rest = [c for c in candidates if c.key not in set_aside]
    assert (schedule.total_priority, len(new)) == best_by_brute_force(rest, shape, locked)


def test_a_match_whose_parties_are_free_at_different_times_is_set_aside():
    shape = SessionShape(slots=2, tables=2, cap=2)
    locked = [Placement(90, firm=1, umkm=9, slot=0, table=0), Placement(91, 9, 1, 1, 0)]
    candidates = [Candidate(1, firm=1, umkm=1, priority=50), Candidate(2, 2, 2, 1)]

    schedule = build_schedule(candidates, shape=shape, locked=locked)

    assert [c.key for c in schedule.unplaceable_because_of_locks] == [1]
    assert {p.key for p in schedule.placements} == {90, 91, 2}
    assert schedule.total_priority == 1


def test_a_match_the_locks_crowd_out_is_set_aside_and_the_rest_chosen_again():
    """Firms 0 and 1 are locked in slot 0, so both can meet UMKM 2 only in slot 1: not both.
    The first selection takes both (with 4: 6 + 8 + 5); the placement cannot seat 2, which
    is set aside, and the selection again finds 1, 3 and 4 (6 + 3 + 5 = 14), the best that
    fits around the locks (2 and 4 alone make 13, firm 1 having room for one more meeting)."""
    shape = SessionShape(slots=2, tables=3, cap=2)
    locked = [Placement(100, 2, 1, 1, 0), Placement(101, 1, 1, 0, 2), Placement(102, 0, 3, 0, 1)]
    candidates = [
        Candidate(1, firm=0, umkm=2, priority=6),
        Candidate(2, firm=1, umkm=2, priority=8),
        Candidate(3, firm=1, umkm=3, priority=3),
        Candidate(4, firm=2, umkm=0, priority=5),
    ]
    first = select_meetings(candidates, shape=shape, locked=locked)
    assert [c.key for c in first] == [1, 2, 4]
    assert [c.key for c in place_meetings(first, shape=shape, locked=locked)[1]] == [2]

    schedule = build_schedule(candidates, shape=shape, locked=locked)

    assert [c.key for c in schedule.unplaceable_because_of_locks] == [2]
    assert sorted(p.key for p in new_placements(schedule, locked)) == [1, 3, 4]
    assert schedule.total_priority == 14
    assert schedule.left_out == ()
    assert schedule_problems(schedule.placements, shape=shape) == []


def test_a_match_between_parties_whose_free_slots_are_full_is_set_aside():
    shape = SessionShape(slots=2, tables=1, cap=2)
    locked = [Placement(90, firm=9, umkm=9, slot=0, table=0), Placement(91, 1, 8, 1, 0)]

    schedule = build_schedule([Candidate(1, 2, 2, 5)], shape=shape, locked=locked)

    assert [c.key for c in schedule.unplaceable_because_of_locks] == [1]


def test_new_meetings_take_the_lowest_tables_the_locks_leave_free():
    shape = SessionShape(slots=1, tables=3, cap=1)
    locked = [Placement(90, firm=9, umkm=9, slot=0, table=1)]
    candidates = [Candidate(1, 1, 1, 5), Candidate(2, 2, 2, 5)]

    schedule = build_schedule(candidates, shape=shape, locked=locked)

    assert [(p.key, p.table) for p in schedule.placements] == [(1, 0), (90, 1), (2, 2)]


def test_locks_that_break_the_rules_are_refused():
    shape = SessionShape(slots=2, tables=2, cap=2)
    clash = [Placement(1, 1, 1, 0, 0), Placement(2, 1, 2, 0, 1)]

    with pytest.raises(InvalidLocks) as refused:
        build_schedule([], shape=shape, locked=clash)
    assert refused.value.problems == ["firm 1 has meetings 1 and 2 in slot 0"]
    with pytest.raises(ValueError, match="table 2 is outside"):
        build_schedule([], shape=shape, locked=[Placement(1, 1, 1, 0, 2)])


def test_a_candidate_may_not_repeat_a_locked_key_or_pair():
    shape = SessionShape(slots=2, tables=2, cap=2)
    locked = [Placement(1, firm=1, umkm=1, slot=0, table=0)]

    with pytest.raises(ValueError, match="also locked"):
        build_schedule([Candidate(1, 2, 2, 1)], shape=shape, locked=locked)
    with pytest.raises(ValueError, match="already paired"):
        build_schedule([Candidate(2, 1, 1, 1)], shape=shape, locked=locked)


# --- Greedy first-come ----------------------------------------------------------------------


def test_first_come_leaves_out_a_meeting_that_fits():
    """Two slots, two meetings each for firms 1 and 2 and UMKM 3. First come: 1-1 takes slot 0,
    2-2 takes slot 0, 2-3 takes slot 1 (firm 2 is busy in slot 0); then 1-3 finds firm 1 busy
    in slot 0 and UMKM 3 busy in slot 1, and is skipped, though all four fit: 1-1 and 2-3 in
    one slot, 1-3 and 2-2 in the other. The optimal build places all four."""
    shape = SessionShape(slots=2, tables=2, cap=2)
    candidates = [
        Candidate(1, firm=1, umkm=1, priority=10, arrival=1),
        Candidate(2, firm=2, umkm=2, priority=10, arrival=2),
        Candidate(3, firm=2, umkm=3, priority=10, arrival=3),
        Candidate(4, firm=1, umkm=3, priority=10, arrival=4),
    ]

    greedy = greedy_first_come(candidates, shape=shape)
    schedule = build_schedule(candidates, shape=shape)

    assert sorted(p.key for p in greedy) == [1, 2, 3]
    assert len(schedule.placements) == 4
    assert schedule_problems(greedy, shape=shape) == []
    assert schedule_problems(schedule.placements, shape=shape) == []


@FAST
@given(instance=instances_with_locks())
def test_first_come_keeps_the_rules_and_never_beats_the_build(instance):
    shape, locked, candidates = instance

    greedy = greedy_first_come(candidates, shape=shape, locked=locked)

    assert schedule_problems(greedy, shape=shape) == []
    assert set(locked) <= set(greedy)
    if not locked:
        by_key = {c.key: c for c in candidates}
        greedy_priority = sum(by_key[p.key].priority for p in greedy)
        assert greedy_priority <= build_schedule(candidates, shape=shape).total_priority


# --- Edges ----------------------------------------------------------------------------------


def test_no_candidates_make_an_empty_schedule():
    schedule = build_schedule([], shape=SessionShape(slots=3, tables=2, cap=2))

    assert schedule == Schedule((), (), (), 0)


def test_no_candidates_keep_the_locks():
    locked = [Placement(1, 1, 1, 2, 1)]

    schedule = build_schedule([], shape=SessionShape(3, 2, 2), locked=locked)

    assert schedule.placements == tuple(locked)


@pytest.mark.parametrize(
    ("slots", "tables", "cap"), [(0, 1, 1), (1, 0, 1), (1, 1, 0), (-1, 2, 2), (1.5, 2, 2)]
)
def test_a_shape_needs_at_least_one_slot_table_and_meeting(slots, tables, cap):
    with pytest.raises(ValueError, match="at least 1"):
        SessionShape(slots=slots, tables=tables, cap=cap)


def test_the_shape_tells_the_room():
    shape = SessionShape(slots=12, tables=150, cap=6)

    assert (shape.per_party, shape.capacity) == (6, 1800)
    assert SessionShape(slots=3, tables=1, cap=12).per_party == 3


def test_schedule_problems_names_each_broken_rule():
    shape = SessionShape(slots=2, tables=2, cap=1)
    placements = [
        Placement(1, firm=1, umkm=1, slot=0, table=0),
        Placement(2, firm=1, umkm=2, slot=1, table=0),
        Placement(3, firm=2, umkm=2, slot=1, table=0),
        Placement(4, firm=3, umkm=3, slot=2, table=5),
    ]

    assert schedule_problems(placements, shape=shape) == [
        "meetings 2 and 3 share table 0 in slot 1",
        "UMKM 2 has meetings 2 and 3 in slot 1",
        "meeting 4: slot 2 is outside 0..1",
        "meeting 4: table 5 is outside 0..1",
        "UMKM 2 has 2 meetings, more than 1",
        "firm 1 has 2 meetings, more than 1",
    ]
