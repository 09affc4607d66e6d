"""Matches: pairs of a firm and an UMKM who accepted each other's interest, and the queue of
those waiting for a monthly bridging session."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models.firms import Firm
from partnerships.models.umkm import Umkm
from partnerships.queue_priority import (
    MUTUAL_INTEREST_POINTS,
    SCORE_POINTS_PER_SCORE,
    WAITING_POINTS_PER_DAY,
)


class QueueState(models.TextChoices):
    WAITING = "waiting", _("waiting for a session")
    MET_DIRECTLY = "met_directly", _("met directly, no session needed")
    LEFT = "left", _("left the queue")
    MET_AT_SESSION = "met_at_session", _("met at a bridging session")


class WholeDaysBetween(models.Func):
    """Whole days from the datetime ``start`` to ``end`` (a timezone-aware Python value)."""

    output_field = IntegerField()

    def __init__(self, start, end: datetime, **extra):
        super().__init__(start, Value(end, output_field=models.DateTimeField()), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"WholeDaysBetween is not written for {connection.vendor}.")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql_template(
            compiler, connection, "CAST(julianday(%(end)s) - julianday(%(start)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql_template(
            compiler,
            connection,
            "FLOOR(EXTRACT(EPOCH FROM (%(end)s - %(start)s)) / 86400)::integer",
        )

    def as_sql_template(self, compiler, connection, template):
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        # The end comes first in both templates.
        return template % {"start": start_sql, "end": end_sql}, [*end_params, *start_params]


class MatchQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(queue_state=QueueState.WAITING)

    def unscheduled(self):
        """Not promised a meeting yet: a scheduled match stays waiting until its meeting
        happens, and goes on waiting (with its waiting time) when the meeting does not."""
        from partnerships.models.sessions import Meeting

        return self.exclude(pk__in=Meeting.objects.upcoming().values("match"))

    def with_priority(self, now: datetime | None = None):
        """Annotates ``waiting_days`` and ``priority``, the formula of queue_priority."""
        now = now or timezone.now()
        return self.annotate(
            waiting_days=WholeDaysBetween(F("matched_at"), now),
            priority=Case(
                When(is_mutual=True, then=Value(MUTUAL_INTEREST_POINTS)),
                default=Value(0),
                output_field=IntegerField(),
            )
            + F("score") * SCORE_POINTS_PER_SCORE
            + F("waiting_days") * WAITING_POINTS_PER_DAY,
        )

    def by_priority(self, now: datetime | None = None):
        return self.with_priority(now).order_by("-priority", "matched_at", "pk")


class Match(models.Model):
    umkm = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="matches", verbose_name=_("UMKM")
    )
    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="matches", verbose_name=_("firm")
    )
    # Waiting since: a match that did not fit a session keeps it, so it rises month by month.
    matched_at = models.DateTimeField(_("matched at"), default=timezone.now, db_index=True)
    is_mutual = models.BooleanField(
        _("mutual interest"),
        default=False,
        help_text=_("Both sides sent interest on their own, not only answered."),
    )
    score = models.PositiveSmallIntegerField(
        _("match score"), help_text=_("0 to 100, when the match was made.")
    )
    queue_state = models.CharField(
        _("queue"),
        max_length=15,
        choices=QueueState.choices,
        default=QueueState.WAITING,
        db_index=True,
    )
    left_at = models.DateTimeField(_("left the queue at"), null=True, blank=True)
    left_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken out of the queue by"),
    )
    left_reason = models.CharField(_("why it left the queue"), max_length=500, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["matched_at", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.CheckConstraint(
                condition=Q(queue_state__in=QueueState.values),
                name="partnerships_match_queue_state_valid",
            ),
            # A pair waits in the queue once, however many needs they matched on.
            models.UniqueConstraint(
                fields=["umkm", "firm"],
                condition=Q(queue_state=QueueState.WAITING),
                name="partnerships_match_one_waiting_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="partnerships_match_score_range"
            ),
            models.CheckConstraint(
                condition=Q(queue_state=QueueState.WAITING) | Q(left_at__isnull=False),
                name="partnerships_match_leaving_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm} / {self.umkm}"
