"""Possible duplicate UMKM: found by name within a regency, reviewed and merged by officials.

A pair is stored once (lower primary key first). Officials either merge it, moving everything
that belongs to the discarded record onto the kept one, or mark the two as different
businesses; a decided pair is never proposed again.
"""

import difflib
import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from partnerships.models import (
    Attendance,
    Certification,
    ClaimCode,
    Commitment,
    DuplicateCandidate,
    DuplicateState,
    Interest,
    InterestState,
    Match,
    Meeting,
    Product,
    QueueState,
    SessionInvitation,
    SizeClassChange,
    Umkm,
    UmkmLink,
)
from partnerships.models.sessions import NOT_CANCELLED
from partnerships.services.search_documents import umkm_search_document_refresh

# PostgreSQL: pg_trgm's similarity() of the two names (index umkm_name_trgm, migration 0006).
TRIGRAM_THRESHOLD = 0.6
# SQLite (the demo): difflib's ratio of the normalised names, which runs higher than trigrams.
SEQUENCE_RATIO_THRESHOLD = 0.8
# Words that say what kind of business it is rather than which one; left out when comparing.
LEGAL_FORM_WORDS = frozenset({"cv", "pt", "ud", "pd", "fa", "firma", "koperasi", "kop", "tbk"})
_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")


class DuplicateError(Exception):
    """The decision cannot be taken; ``message`` says why, for the official to read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalised_name(name: str) -> str:
    words = _PUNCTUATION.sub(" ", name.lower()).split()
    return " ".join(word for word in words if word not in LEGAL_FORM_WORDS)


def _similar_names(umkm: Umkm) -> list[tuple[int, float]]:
    """(pk, similarity) of the other UMKM in the same regency with a very similar name."""
    others = Umkm.objects.filter(regency_id=umkm.regency_id).exclude(pk=umkm.pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            others.annotate(similarity=TrigramSimilarity("name", umkm.name))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .values_list("pk", "similarity")
        )
    mine = normalised_name(umkm.name)
    found = []
    for pk, name in others.values_list("pk", "name"):
        ratio = difflib.SequenceMatcher(None, mine, normalised_name(name)).ratio()
        if ratio >= SEQUENCE_RATIO_THRESHOLD:
            found.append((pk, ratio))
    return found


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@transaction.atomic
def duplicate_candidates_find(*, umkm: Umkm) -> list[DuplicateCandidate]:
    """Records the pairs of ``umkm`` with similar names in its regency for review.

    Returns the pending pairs found; pairs already decided (merged or distinct) are skipped.
    """
    pending = []
    for other_pk, similarity in _similar_names(umkm):
        first, second = _ordered(umkm.pk, other_pk)
        candidate, _created = DuplicateCandidate.objects.get_or_create(
            first_id=first, second_id=second, defaults={"similarity": round(similarity, 4)}
        )
        if candidate.state == DuplicateState.PENDING:
            pending.append(candidate)
    return pending


def _locked_pending(candidate: DuplicateCandidate) -> DuplicateCandidate:
    locked = DuplicateCandidate.objects.select_for_update().filter(pk=candidate.pk).first()
    if locked is None or locked.state != DuplicateState.PENDING:
        raise DuplicateError(
            gettext("This pair has already been decided by another official; nothing changed.")
        )
    return locked


def _decide(candidate: DuplicateCandidate, state: str, official) -> None:
    candidate.state = state
    candidate.decided_at = timezone.now()
    candidate.decided_by = official
    candidate._history_user = official
    candidate.save(update_fields=["state", "decided_at", "decided_by"])


@transaction.atomic
def duplicate_mark_distinct(*, candidate: DuplicateCandidate, official) -> DuplicateCandidate:
    locked = _locked_pending(candidate)
    _decide(locked, DuplicateState.DISTINCT, official)
    return locked


# --- merging --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovedRelation:
    """Rows that belong to an UMKM through a foreign key and move to the kept record on a
    merge. ``unique_with``: the other fields of a unique constraint with the foreign key; a
    row the kept record already has (same values) is not moved and goes with the discarded
    record. ``unique_when``: the constraint holds only for rows meeting this condition (a
    partial unique index), so only those can clash; the others always move."""

    model: type[models.Model]
    field: str = "umkm"
    unique_with: tuple[str, ...] = ()
    unique_when: Q | None = None
    # A clash refuses the merge instead (DuplicateError with this message, given the
    # discarded record's clashing row): for records that must never be dropped.
    refuse_clash: Callable[[models.Model], str] | None = None
    # Moved one row at a time with the official as the history's user, for models whose
    # every change is kept (simple-history); the others move in one UPDATE.
    keep_history: bool = False


def _commitment_clash(commitment: Commitment) -> str:
    return gettext(
        "Both records have a commitment with %(firm)s signed on %(date)s: probably one "
        "commitment recorded twice. A signed commitment is never dropped by a merge: delete "
        "the duplicate commitment (or correct its date), then merge."
    ) % {"firm": commitment.firm, "date": date_format(commitment.statement_signed_on)}


# What moves on a merge (matches move by _merge_matches, before these).
MOVED_RELATIONS: tuple[MovedRelation, ...] = (
    MovedRelation(Product),
    MovedRelation(Certification, unique_with=("kind", "number")),
    MovedRelation(UmkmLink, unique_with=("url",)),
    # Every interest moves, answered or not. A pending one the kept record also has (the same
    # firm and need, or both in general) is the same question asked twice of one business:
    # the kept record's stays open, the other is deleted with the discarded record. The
    # answer to the one left is the answer to both.
    MovedRelation(
        Interest, unique_with=("firm", "need"), unique_when=Q(state=InterestState.PENDING)
    ),
    # Invitations to bridging sessions: invited twice to one session, the kept record's
    # invitation (and its answer) stands; the other goes with the discarded record.
    MovedRelation(SessionInvitation, unique_with=("session",)),
    # Meetings follow their match (moved first, by _merge_matches), so that a meeting's UMKM
    # stays its match's. One business cannot sit at two tables at once: where both records
    # have a meeting in the same slot of one session (neither cancelled), the kept record's
    # stays and the other is deleted with the discarded record; its match, if waiting, is back
    # in the queue.
    MovedRelation(Meeting, unique_with=("session", "slot"), unique_when=NOT_CANCELLED),
    # Commitments (the UMKM is PROTECTed: none may stay behind) move with their reports,
    # follow-ups and ratings. One pair signs once a day: where both records have a commitment
    # with the same firm on the same day, the merge is refused, since one of two signed
    # records would have to go; the official decides which.
    MovedRelation(
        Commitment,
        unique_with=("firm", "statement_signed_on"),
        refuse_clash=_commitment_clash,
        keep_history=True,
    ),
    # Moves up a size class count in the statistics: the kept record keeps them all.
    MovedRelation(SizeClassChange, keep_history=True),
)


def _move_rows(relation: MovedRelation, discarded: Umkm, kept: Umkm, official=None) -> int:
    manager = relation.model._default_manager
    rows = manager.filter(**{relation.field: discarded})
    if relation.unique_with:
        theirs, ours = rows, manager.filter(**{relation.field: kept})
        if relation.unique_when is not None:
            theirs, ours = theirs.filter(relation.unique_when), ours.filter(relation.unique_when)
        taken = set(ours.values_list(*relation.unique_with))
        clashing = [
            pk
            for pk, *key in theirs.values_list("pk", *relation.unique_with)
            if tuple(key) in taken
        ]
        if clashing and relation.refuse_clash is not None:
            raise DuplicateError(relation.refuse_clash(manager.get(pk=min(clashing))))
        rows = rows.exclude(pk__in=clashing)
    if not relation.keep_history:
        return rows.update(**{relation.field: kept})
    moved = 0
    for row in rows.select_for_update().order_by("pk"):
        setattr(row, relation.field, kept)
        row._history_user = official
        row.save(update_fields=[relation.field])
        moved += 1
    return moved


def _merge_matches(discarded: Umkm, kept: Umkm) -> None:
    """Matches move to the kept record. A pair waits in the queue once: when both records
    wait for a session with the same firm, the kept record's match stays, with the earlier
    waiting-since date (the pair has waited that long) and mutual if either was; the
    interests accepted into the other match now belong to it, and the other is deleted."""
    waiting = Match.objects.select_for_update().filter(queue_state=QueueState.WAITING)
    kept_waiting = {match.firm_id: match for match in waiting.filter(umkm=kept)}
    for duplicate in waiting.filter(umkm=discarded, firm_id__in=list(kept_waiting)):
        match = kept_waiting[duplicate.firm_id]
        _move_meetings(duplicate, match)
        Interest.objects.filter(match=duplicate).update(match=match)
        match.matched_at = min(match.matched_at, duplicate.matched_at)
        match.is_mutual = match.is_mutual or duplicate.is_mutual
        match.save(update_fields=["matched_at", "is_mutual"])
        duplicate.delete()
    Match.objects.filter(umkm=discarded).update(umkm=kept)


def _move_meetings(duplicate: Match, match: Match) -> None:
    """The pair's meetings follow the match that stays. A match has one meeting still to come
    and one per session at most: where both have one, an official must cancel one first (which
    of the two the pair keeps is theirs to decide, not the merge's)."""
    theirs = Meeting.objects.filter(match=duplicate).filter(NOT_CANCELLED)
    ours = Meeting.objects.filter(match=match).filter(NOT_CANCELLED)
    both_to_come = (
        theirs.filter(attendance=Attendance.NOT_RECORDED).exists()
        and ours.filter(attendance=Attendance.NOT_RECORDED).exists()
    )
    same_session = theirs.filter(session__in=ours.values("session")).exists()
    if both_to_come or same_session:
        raise DuplicateError(
            gettext(
                "Both records have a meeting with %(firm)s still to come or in the same "
                "bridging session. Cancel one of the two meetings in the session's grid, "
                "then merge."
            )
            % {"firm": match.firm}
        )
    Meeting.objects.filter(match=duplicate).update(match=match)


def _move_claim_codes(discarded: Umkm, kept: Umkm, now) -> None:
    # Codes keep their history on the kept record; a live code of the discarded one would
    # hand the kept record to whoever holds it, so it stops working unless the kept record
    # is still waiting for its owner and has no live code of its own.
    live = Q(claimed_at__isnull=True, revoked_at__isnull=True)
    kept_has_live = ClaimCode.objects.filter(live, umkm=kept).exists()
    if kept.owner_id is not None or kept_has_live:
        ClaimCode.objects.filter(live, umkm=discarded).update(revoked_at=now)
    ClaimCode.objects.filter(umkm=discarded).update(umkm=kept)


def _move_duplicate_candidates(
    merged: DuplicateCandidate, discarded: Umkm, kept: Umkm, official
) -> None:
    """Other pairs of the discarded record become pairs of the kept one (unless the kept
    record already has a pair with the same UMKM, whose decision stands)."""
    others = DuplicateCandidate.objects.filter(Q(first=discarded) | Q(second=discarded)).exclude(
        pk=merged.pk
    )
    for candidate in others.select_for_update():
        other_pk = candidate.second_id if candidate.first_id == discarded.pk else candidate.first_id
        if other_pk == kept.pk:
            continue
        first, second = _ordered(kept.pk, other_pk)
        if DuplicateCandidate.objects.filter(first_id=first, second_id=second).exists():
            continue  # deleted with the discarded record; its history remains
        candidate.first_id, candidate.second_id = first, second
        candidate._history_user = official
        candidate.save(update_fields=["first", "second"])


@transaction.atomic
def duplicate_merge(*, candidate: DuplicateCandidate, keep: Umkm, official) -> Umkm:
    """Merges the pair into ``keep``: the kept record's own fields stay as they are, every
    related row of the other one moves over, and the other one is deleted (its history keeps
    who deleted it and when). Returns the kept UMKM."""
    if candidate.first_id == candidate.second_id:
        raise DuplicateError(gettext("A record cannot be merged with itself; nothing changed."))
    if keep.pk not in (candidate.first_id, candidate.second_id):
        raise DuplicateError(
            gettext("The record to keep must be one of the pair; nothing changed.")
        )
    locked = _locked_pending(candidate)
    rows = {
        umkm.pk: umkm
        for umkm in Umkm.objects.select_for_update()
        .filter(pk__in=[locked.first_id, locked.second_id])
        .order_by("pk")
    }
    if len(rows) != 2:
        raise DuplicateError(gettext("One of the two records no longer exists; nothing changed."))
    kept = rows[keep.pk]
    discarded = rows[locked.second_id if keep.pk == locked.first_id else locked.first_id]
    now = timezone.now()

    # What the expiry job would do anyway, first: a live interest of the discarded record is
    # never dropped for a kept one that has expired but still says pending.
    Interest.objects.filter(
        umkm__in=[kept, discarded], state=InterestState.PENDING, expires_at__lte=now
    ).update(state=InterestState.EXPIRED, answered_at=F("expires_at"))
    _merge_matches(discarded, kept)
    for relation in MOVED_RELATIONS:
        _move_rows(relation, discarded, kept, official)
    kept.kbli_codes.add(*discarded.kbli_codes.all())
    _move_claim_codes(discarded, kept, now)
    _move_duplicate_candidates(locked, discarded, kept, official)
    _decide(locked, DuplicateState.MERGED, official)

    # The owner's account follows the business when the kept record has none yet.
    owner_id = discarded.owner_id if kept.owner_id is None else None
    discarded._history_user = official
    discarded.delete()  # the merged pair goes with it (CASCADE); its history stays
    if owner_id is not None:
        kept.owner_id = owner_id
        kept._history_user = official
        kept.save(update_fields=["owner", "updated_at"])
    umkm_search_document_refresh(umkm_id=kept.pk)
    return kept
