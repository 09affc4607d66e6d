"""Building the schedule of a monthly bridging session from the queue of matches.

Pure: plain dataclasses in and out, no database. The work has two steps.

**Selection** chooses which queued matches meet this month. Each party (a firm or an UMKM) can
have at most ``min(slots, cap)`` meetings, and the session holds at most ``slots * tables``.
Maximising the total queue priority under these limits is a degree-constrained bipartite
selection, which is a min-cost flow: source -> firm (its room), firm -> UMKM (one unit per
queued match, cost minus its weight), UMKM -> sink (its room), with the session's room on the
arc out of the source and flow free not to saturate. Its constraint matrix (one row per party
and one for the session) is totally unimodular, so the linear programme has an integral optimal
vertex and a dual simplex solver (HiGHS, through SciPy) returns one: no rounding and no search.
Each match weighs ``priority * (M + 1) + 1`` where M bounds the number of meetings, so priority
decides first and, among selections of equal priority, the one with more meetings wins. Every
answer is checked in integers: the selection is feasible and an integral dual solution proves
it optimal (weak duality); should the check ever fail, a mixed-integer solve with a zero gap
replaces it.

**Placement** gives each chosen meeting a slot and a table so that nobody is in two meetings at
once. Slots are the colours of a proper edge colouring of the bipartite graph of meetings, and
by König's theorem ``max degree <= slots`` colours always suffice. Each meeting (u, v) takes a
colour a free at u and b free at v; when they differ, the a/b alternating path from v is
swapped first, which frees a at v, and in a bipartite graph that path never comes back to u.
The colour classes are then made equitable (sizes differ by at most one): while the largest
class a has two more meetings than the smallest b, some component of the a/b subgraph holds
more a than b, and swapping it moves one meeting over. Every class then has at most
``ceil(E / slots) <= tables`` meetings, so each slot seats its meetings, and each meeting takes
the lowest free table of its slot.

**Locks.** An official may have promised a meeting a slot and table; it is kept exactly as is.
Locked meetings count against every limit, never change colour, and a path holding one is never
swapped, so the guarantee above no longer holds: a chosen meeting may find no slot. Such a
match is set aside (``unplaceable_because_of_locks``, and it stays in the queue) and the
selection is solved again without it, until everything chosen is placed. Matches whose two
parties have no slot in common that is free of their locks and has a table left are set aside
before the first solve.

Everything is ordered by key before it is used, and the solver is deterministic, so the same
input gives the same schedule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """A queued match: ``key`` is the match's id, ``arrival`` its order for first-come."""

    key: int
    firm: int
    umkm: int
    priority: int
    arrival: int = 0


@dataclass(frozen=True)
class Placement:
    key: int
    firm: int
    umkm: int
    slot: int
    table: int


@dataclass(frozen=True)
class SessionShape:
    slots: int
    tables: int
    cap: int

    def __post_init__(self):
        for name in ("slots", "tables", "cap"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")

    @property
    def per_party(self) -> int:
        """Meetings a party can have: one per slot at most, and no more than the cap."""
        return min(self.slots, self.cap)

    @property
    def capacity(self) -> int:
        return self.slots * self.tables


@dataclass(frozen=True)
class Schedule:
    placements: tuple[Placement, ...]  # locked and new, sorted by (slot, table)
    left_out: tuple[Candidate, ...]  # not chosen: they stay in the queue
    unplaceable_because_of_locks: tuple[Candidate, ...]  # chosen, but no slot around the locks
    total_priority: int  # of the new (not locked) placements


class InvalidLocks(ValueError):
    """The locked placements break the session's own rules, so no schedule can keep them."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# --- Checks ---------------------------------------------------------------------------------


def schedule_problems(placements: Iterable[Placement], *, shape: SessionShape) -> list[str]:
    """What makes these placements an invalid schedule for the shape; empty when valid.

    Checked: slot and table in range, one meeting per table and slot, nobody in two meetings
    in one slot, a party's meetings within ``shape.per_party``, all within ``shape.capacity``,
    keys and (firm, UMKM) pairs unique.
    """
    placements = sorted(placements, key=lambda p: (p.slot, p.table, p.key))
    problems = []
    seen_keys, seen_pairs, seen_seats = set(), set(), {}
    busy: dict[tuple[str, int, int], int] = {}
    meetings: Counter[tuple[str, int]] = Counter()
    for p in placements:
        if not 0 <= p.slot < shape.slots:
            problems.append(f"meeting {p.key}: slot {p.slot} is outside 0..{shape.slots - 1}")
        if not 0 <= p.table < shape.tables:
            problems.append(f"meeting {p.key}: table {p.table} is outside 0..{shape.tables - 1}")
        if p.key in seen_keys:
            problems.append(f"meeting {p.key} appears twice")
        seen_keys.add(p.key)
        if (p.firm, p.umkm) in seen_pairs:
            problems.append(f"firm {p.firm} and UMKM {p.umkm} meet twice (meeting {p.key})")
        seen_pairs.add((p.firm, p.umkm))
        seat = (p.slot, p.table)
        if seat in seen_seats:
            problems.append(
                f"meetings {seen_seats[seat]} and {p.key} share table {p.table} in slot {p.slot}"
            )
        seen_seats.setdefault(seat, p.key)
        for side, party in (("firm", p.firm), ("UMKM", p.umkm)):
            where = (side, party, p.slot)
            if where in busy:
                problems.append(
                    f"{side} {party} has meetings {busy[where]} and {p.key} in slot {p.slot}"
                )
            busy.setdefault(where, p.key)
            meetings[side, party] += 1
    for (side, party), count in sorted(meetings.items()):
        if count > shape.per_party:
            problems.append(f"{side} {party} has {count} meetings, more than {shape.per_party}")
    if len(placements) > shape.capacity:
        problems.append(f"{len(placements)} meetings, more than the {shape.capacity} seats")
    return problems


def _checked(
    candidates: Iterable[Candidate], locked: Iterable[Placement], shape: SessionShape
) -> tuple[list[Candidate], list[Placement]]:
    """The inputs sorted by key, after refusing what the caller must never pass."""
    if not isinstance(shape, SessionShape):
        raise TypeError("shape must be a SessionShape")
    locked = sorted(locked, key=lambda p: p.key)
    problems = schedule_problems(locked, shape=shape)
    if problems:
        raise InvalidLocks(problems)
    candidates = sorted(candidates, key=lambda c: c.key)
    keys = {p.key for p in locked}
    pairs = {(p.firm, p.umkm) for p in locked}
    for c in candidates:
        if not isinstance(c.priority, int) or isinstance(c.priority, bool) or c.priority < 0:
            raise ValueError(f"candidate {c.key}: priority must be an integer >= 0")
        if c.key in keys:
            raise ValueError(f"candidate {c.key} appears twice or is also locked")
        if (c.firm, c.umkm) in pairs:
            raise ValueError(
                f"candidate {c.key}: firm {c.firm} and UMKM {c.umkm} are already paired"
            )
        keys.add(c.key)
        pairs.add((c.firm, c.umkm))
    return candidates, locked


def _rooms(locked: list[Placement], shape: SessionShape):
    """Meetings each party and the session can still take beside the locked ones."""
    firm_room: defaultdict[int, int] = defaultdict(lambda: shape.per_party)
    umkm_room: defaultdict[int, int] = defaultdict(lambda: shape.per_party)
    for p in locked:
        firm_room[p.firm] -= 1
        umkm_room[p.umkm] -= 1
    return firm_room, umkm_room, shape.capacity - len(locked)


# --- Selection ------------------------------------------------------------------------------


def select_meetings(
    candidates: Iterable[Candidate], *, shape: SessionShape, locked: Iterable[Placement] = ()
) -> list[Candidate]:
    """The candidates to meet, sorted by key: the greatest total priority (then the most
    meetings) within each party's ``shape.per_party`` and the session's ``shape.capacity``,
    locked meetings counted. Exact (see the module's docstring)."""
    candidates, locked = _checked(candidates, locked, shape)
    firm_room, umkm_room, total_room = _rooms(locked, shape)
    usable = [c for c in candidates if firm_room[c.firm] > 0 and umkm_room[c.umkm] > 0]
    if not usable or total_room <= 0:
        return []
    chosen = _solve_selection(usable, firm_room, umkm_room, total_room)
    return [c for c, take in zip(usable, chosen, strict=True) if take]


def _solve_selection(usable, firm_room, umkm_room, total_room) -> list[bool]:
    # SciPy takes half a second to import: only the schedule builder pays for it.
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_array

    n = len(usable)
    firm_degree = Counter(c.firm for c in usable)
    umkm_degree = Counter(c.umkm for c in usable)
    # Only limits the candidates could exceed become rows (the others hold whatever is
    # chosen): fewer rows to build and to price, and a subset of rows stays unimodular.
    rows: dict[tuple[str, int], int] = {}
    room: list[int] = []
    for side, degree, party_room in (
        ("firm", firm_degree, firm_room),
        ("umkm", umkm_degree, umkm_room),
    ):
        for party in sorted(degree):
            if degree[party] > party_room[party]:
                rows[side, party] = len(room)
                room.append(party_room[party])
    session_row = None
    if n > total_room:
        session_row = len(room)
        room.append(total_room)
    if not room:
        return [True] * n

    most = min(n, total_room)
    weights = [c.priority * (most + 1) + 1 for c in usable]
    entries_row, entries_col = [], []
    for column, c in enumerate(usable):
        for key in (("firm", c.firm), ("umkm", c.umkm)):
            if key in rows:
                entries_row.append(rows[key])
                entries_col.append(column)
        if session_row is not None:
            entries_row.append(session_row)
            entries_col.append(column)
    matrix = csr_array(
        (np.ones(len(entries_row)), (np.array(entries_row), np.array(entries_col))),
        shape=(len(room), n),
    )
    bounds_room = np.array(room, dtype=float)
    cost = -np.array(weights, dtype=float)
    # Dual simplex ends on a vertex, which total unimodularity makes integral.
    result = linprog(cost, A_ub=matrix, b_ub=bounds_room, bounds=(0, 1), method="highs-ds")
    if result.status == 0:
        chosen = _certified(
            result.x, -result.ineqlin.marginals, weights, usable, rows, session_row, room
        )
        if chosen is not None:
            return chosen
    return _solve_as_integer_programme(cost, matrix, bounds_room, usable, rows, session_row, room)


def _solve_as_integer_programme(cost, matrix, bounds_room, usable, rows, session_row, room):
    """The fallback should the linear programme's answer fail its check: integrality imposed,
    and a zero optimality gap."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    result = milp(
        cost,
        constraints=LinearConstraint(matrix, -np.inf, bounds_room),
        integrality=np.ones(len(cost)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0},
    )
    if result.x is None:
        raise RuntimeError(f"the selection could not be solved: {result.message}")
    chosen = [value > 0.5 for value in result.x]
    if _overfull(chosen, usable, rows, session_row, room):
        raise RuntimeError("the selection solver returned an infeasible answer")
    return chosen


def _overfull(chosen, usable, rows, session_row, room) -> bool:
    used = [0] * len(room)
    for take, c in zip(chosen, usable, strict=True):
        if take:
            for key in (("firm", c.firm), ("umkm", c.umkm)):
                if key in rows:
                    used[rows[key]] += 1
            if session_row is not None:
                used[session_row] += 1
    return any(u > r for u, r in zip(used, room, strict=True))


def _certified(x, duals, weights, usable, rows, session_row, room) -> list[bool] | None:
    """The 0/1 selection in ``x`` when it is feasible and provably optimal, else None.

    The proof is weak duality in integers: for the row prices y (>= 0, rounded from the
    solver's duals) and each candidate's surplus t_e = max(0, w_e - sum of its rows' y), every
    selection weighs at most sum(room * y) + sum(t). A selection that weighs that much is
    optimal; with a totally unimodular matrix such integral prices exist.
    """
    if any(abs(value - round(value)) > 1e-6 for value in x):
        return None
    chosen = [round(value) == 1 for value in x]
    if _overfull(chosen, usable, rows, session_row, room):
        return None
    prices = [max(0, round(value)) for value in duals]
    bound = sum(r * y for r, y in zip(room, prices, strict=True))
    weight = 0
    for take, c, w in zip(chosen, usable, weights, strict=True):
        paid = sum(prices[rows[key]] for key in (("firm", c.firm), ("umkm", c.umkm)) if key in rows)
        if session_row is not None:
            paid += prices[session_row]
        bound += max(0, w - paid)
        weight += w if take else 0
    return chosen if weight == bound else None


# --- Placement ------------------------------------------------------------------------------


class _Colouring:
    """A proper edge colouring of the meetings graph in progress: colours are slots."""

    def __init__(self, slots: int):
        self.slots = slots
        self.at: dict[tuple[str, int], list[int | None]] = {}
        self.ends: list[tuple[tuple[str, int], tuple[str, int]]] = []
        self.colour: list[int | None] = []
        self.locked: list[bool] = []
        self.members: list[set[int]] = [set() for _ in range(slots)]

    def add(self, firm: int, umkm: int, *, colour: int | None = None, locked=False) -> int:
        edge = len(self.ends)
        ends = (("f", firm), ("u", umkm))
        for node in ends:
            self.at.setdefault(node, [None] * self.slots)
        self.ends.append(ends)
        self.colour.append(None)
        self.locked.append(locked)
        if colour is not None:
            self._set(edge, colour)
        return edge

    def _set(self, edge: int, colour: int) -> None:
        self.colour[edge] = colour
        self.members[colour].add(edge)
        for node in self.ends[edge]:
            self.at[node][colour] = edge

    def _unset(self, edge: int) -> None:
        colour = self.colour[edge]
        self.colour[edge] = None
        self.members[colour].discard(edge)
        for node in self.ends[edge]:
            self.at[node][colour] = None

    def _swap(self, edges: list[int], a: int, b: int) -> None:
        old = [self.colour[e] for e in edges]
        for e in edges:
            self._unset(e)
        for e, colour in zip(edges, old, strict=True):
            self._set(e, b if colour == a else a)

    def _path(self, start, first: int, second: int) -> list[int]:
        """The alternating first/second path from ``start``, where ``second`` is free: each
        node has one edge of a colour at most, so it is a path, not a cycle."""
        path, node, want = [], start, first
        while (edge := self.at[node][want]) is not None:
            path.append(edge)
            u, v = self.ends[edge]
            node = v if node == u else u
            want = second if want == first else first
        return path

    def colour_edge(self, edge: int) -> bool:
        """Colours an uncoloured meeting, swapping one alternating path if need be; False when
        every way is barred by locked meetings (or a party has no free slot)."""
        u, v = self.ends[edge]
        by_size = sorted(range(self.slots), key=lambda c: (len(self.members[c]), c))
        free_u = [c for c in by_size if self.at[u][c] is None]
        free_v = [c for c in by_size if self.at[v][c] is None]
        common = [c for c in free_u if self.at[v][c] is None]
        if common:
            self._set(edge, common[0])
            return True
        for a in free_u:
            for b in free_v:
                # Swapping a/b along the path from v frees a at v; it never reaches u, where a
                # is free (bipartite). Symmetrically from u for b.
                for start, free_here, other in ((v, a, b), (u, b, a)):
                    path = self._path(start, free_here, other)
                    if not any(self.locked[e] for e in path):
                        self._swap(path, free_here, other)
                        self._set(edge, free_here)
                        return True
        return False

    def _component(self, edge: int, a: int, b: int) -> list[int]:
        """The a/b alternating path or cycle through ``edge``."""
        seen = [edge]
        members = {edge}
        for start in self.ends[edge]:
            node, want = start, b if self.colour[edge] == a else a
            while (nxt := self.at[node][want]) is not None and nxt not in members:
                seen.append(nxt)
                members.add(nxt)
                x, y = self.ends[nxt]
                node = y if node == x else x
                want = b if want == a else a
        return seen

    def _movable(self, a: int, b: int) -> list[int] | None:
        """A component of the a/b subgraph without locked meetings that holds more a than b."""
        visited: set[int] = set()
        for edge in sorted(self.members[a]):
            if edge in visited:
                continue
            component = self._component(edge, a, b)
            visited.update(component)
            surplus = sum(1 if self.colour[e] == a else -1 for e in component)
            if surplus > 0 and not any(self.locked[e] for e in component):
                return component
        return None

    def balance(self) -> None:
        """Evens out the slots' sizes. Each move takes one meeting from a class to one at
        least two smaller, so the sum of squared sizes falls and the loop ends."""
        while True:
            sizes = [len(m) for m in self.members]
            big = sorted(range(self.slots), key=lambda c: (-sizes[c], c))
            small = sorted(range(self.slots), key=lambda c: (sizes[c], c))
            moved = False
            for a in big:
                for b in small:
                    if sizes[a] - sizes[b] < 2:
                        break
                    component = self._movable(a, b)
                    if component is not None:
                        self._swap(component, a, b)
                        moved = True
                        break
                if moved:
                    break
            if not moved:
                return


def place_meetings(
    chosen: Iterable[Candidate], *, shape: SessionShape, locked: Iterable[Placement] = ()
) -> tuple[list[Placement], list[Candidate]]:
    """Slots and tables for the chosen meetings around the locked ones.

    Returns every placement of the session (the locked ones unchanged, then the new ones),
    sorted by (slot, table), and the chosen candidates that could not be placed, sorted by key.
    Without locks that list is always empty. ``chosen`` must respect the limits that
    select_meetings keeps (ValueError otherwise).
    """
    chosen, locked = _checked(chosen, locked, shape)
    firm_room, umkm_room, total_room = _rooms(locked, shape)
    for c in chosen:
        firm_room[c.firm] -= 1
        umkm_room[c.umkm] -= 1
    over = sorted({f"firm {f}" for f, r in firm_room.items() if r < 0}) + sorted(
        {f"UMKM {u}" for u, r in umkm_room.items() if r < 0}
    )
    if over:
        raise ValueError(f"more than {shape.per_party} meetings for {', '.join(over)}")
    if len(chosen) > total_room:
        raise ValueError(f"{len(chosen) + len(locked)} meetings, more than {shape.capacity}")

    colouring = _Colouring(shape.slots)
    for p in locked:
        colouring.add(p.firm, p.umkm, colour=p.slot, locked=True)
    # Busiest parties first: their meetings have the fewest ways around the locks.
    load = Counter()
    for c in chosen:
        load[c.firm, "f"] += 1
        load[c.umkm, "u"] += 1
    order = sorted(chosen, key=lambda c: (-max(load[c.firm, "f"], load[c.umkm, "u"]), c.key))
    edge_of: dict[int, int] = {}
    unplaced: list[Candidate] = []
    for c in order:
        edge = colouring.add(c.firm, c.umkm)
        if colouring.colour_edge(edge):
            edge_of[c.key] = edge
        else:
            unplaced.append(c)
    colouring.balance()

    # Locks can leave a slot over-full; its lowest-priority new meetings give way.
    by_edge = {edge: c for c in chosen if (edge := edge_of.get(c.key)) is not None}
    for slot in range(shape.slots):
        members = colouring.members[slot]
        excess = len(members) - shape.tables
        if excess > 0:
            movable = sorted(
                (by_edge[e] for e in members if not colouring.locked[e]),
                key=lambda c: (c.priority, -c.arrival, -c.key),
            )
            for c in movable[:excess]:
                colouring._unset(edge_of.pop(c.key))
                unplaced.append(c)

    placements = list(locked)
    taken = defaultdict(set)
    for p in locked:
        taken[p.slot].add(p.table)
    next_table = defaultdict(int)
    for c in sorted((c for c in chosen if c.key in edge_of), key=lambda c: c.key):
        slot = colouring.colour[edge_of[c.key]]
        table = next_table[slot]
        while table in taken[slot]:
            table += 1
        taken[slot].add(table)
        next_table[slot] = table + 1
        placements.append(Placement(c.key, c.firm, c.umkm, slot, table))
    placements.sort(key=lambda p: (p.slot, p.table))
    return placements, sorted(unplaced, key=lambda c: c.key)


# --- The whole build ------------------------------------------------------------------------


def build_schedule(
    candidates: Iterable[Candidate], *, shape: SessionShape, locked: Iterable[Placement] = ()
) -> Schedule:
    """The optimal schedule: select_meetings, then place_meetings, again without any chosen
    match the locks leave no slot for (see the module's docstring)."""
    candidates, locked = _checked(candidates, locked, shape)
    firm_room, umkm_room, _ = _rooms(locked, shape)
    set_aside: dict[int, Candidate] = {}
    if locked:
        seated = Counter(p.slot for p in locked)
        open_slots = {slot for slot in range(shape.slots) if seated[slot] < shape.tables}
        lock_free = defaultdict(lambda: set(open_slots))
        for p in locked:
            lock_free["f", p.firm].discard(p.slot)
            lock_free["u", p.umkm].discard(p.slot)
        for c in candidates:
            has_room = firm_room[c.firm] > 0 and umkm_room[c.umkm] > 0
            if has_room and not lock_free["f", c.firm] & lock_free["u", c.umkm]:
                set_aside[c.key] = c
    while True:
        chosen = select_meetings(
            [c for c in candidates if c.key not in set_aside], shape=shape, locked=locked
        )
        placements, unplaced = place_meetings(chosen, shape=shape, locked=locked)
        if not unplaced:
            break
        set_aside.update((c.key, c) for c in unplaced)
    chosen_keys = {c.key for c in chosen}
    return Schedule(
        placements=tuple(placements),
        left_out=tuple(
            c for c in candidates if c.key not in chosen_keys and c.key not in set_aside
        ),
        unplaceable_because_of_locks=tuple(sorted(set_aside.values(), key=lambda c: c.key)),
        total_priority=sum(c.priority for c in chosen),
    )


def greedy_first_come(
    candidates: Iterable[Candidate], *, shape: SessionShape, locked: Iterable[Placement] = ()
) -> list[Placement]:
    """What event tools do, for comparison: in order of arrival, each match takes the first
    slot where both parties are free and under the cap and a table is free, or is skipped.
    Returns every placement (locked ones included), sorted by (slot, table)."""
    candidates, locked = _checked(candidates, locked, shape)
    busy = {("f", p.firm, p.slot) for p in locked} | {("u", p.umkm, p.slot) for p in locked}
    meetings = Counter()
    tables_taken: defaultdict[int, set[int]] = defaultdict(set)
    for p in locked:
        meetings["f", p.firm] += 1
        meetings["u", p.umkm] += 1
        tables_taken[p.slot].add(p.table)
    placements = list(locked)
    for c in sorted(candidates, key=lambda c: (c.arrival, c.key)):
        if max(meetings["f", c.firm], meetings["u", c.umkm]) >= shape.per_party:
            continue
        for slot in range(shape.slots):
            if ("f", c.firm, slot) in busy or ("u", c.umkm, slot) in busy:
                continue
            if len(tables_taken[slot]) >= shape.tables:
                continue
            table = min(set(range(shape.tables)) - tables_taken[slot])
            tables_taken[slot].add(table)
            busy.update({("f", c.firm, slot), ("u", c.umkm, slot)})
            meetings["f", c.firm] += 1
            meetings["u", c.umkm] += 1
            placements.append(Placement(c.key, c.firm, c.umkm, slot, table))
            break
    placements.sort(key=lambda p: (p.slot, p.table))
    return placements
