"""The priority of a match waiting in the queue for a monthly bridging session.

Pure: plain values in, an explained number out. Mutual interest comes first, then the match
score, then the time waiting. Waiting keeps adding points, so a match with a low score still
rises to the top in the end: nobody waits forever. The database orders the queue by the same
formula (``MatchQuerySet.with_priority``); a test keeps the two equal.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Both sides reached out on their own: one point more than the whole score range, so among
# matches that waited alike, mutual ones come first whatever their scores.
MUTUAL_INTEREST_POINTS = 101
# The match score (0..100) counts one point per score point.
SCORE_POINTS_PER_SCORE = 1
# A day in the queue is worth a score point: after 100 days a match outranks a fresh match
# that scored 100 more.
WAITING_POINTS_PER_DAY = 1


@dataclass(frozen=True)
class PriorityPart:
    points: int
    reason: str


@dataclass(frozen=True)
class Priority:
    points: int
    parts: tuple[PriorityPart, ...]

    @property
    def reasons(self) -> list[str]:
        return [part.reason for part in self.parts]


def queue_priority(*, is_mutual: bool, score: int, waiting_days: int) -> Priority:
    """The priority of a match, with each part's reason in words."""
    waiting_days = max(waiting_days, 0)
    parts = [
        PriorityPart(
            MUTUAL_INTEREST_POINTS if is_mutual else 0,
            _("both sides reached out")
            if is_mutual
            else _("one side reached out, the other accepted"),
        ),
        PriorityPart(SCORE_POINTS_PER_SCORE * score, _("match score %(score)s") % {"score": score}),
        PriorityPart(
            WAITING_POINTS_PER_DAY * waiting_days,
            ngettext("waiting %(days)s day", "waiting %(days)s days", waiting_days)
            % {"days": waiting_days},
        ),
    ]
    return Priority(points=sum(part.points for part in parts), parts=tuple(parts))
