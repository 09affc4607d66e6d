"""The officials' side of matchmaking (issue 5): the queue of matches waiting for a monthly
bridging session, the interests behind them, and the programme's settings.

The queue ("Antrean sesi") is ordered by priority: the formula of partnerships.queue_priority,
computed by the database (``Match.objects.with_priority``) so the order holds across pages,
and explained on each row by the same pure function. Officials do not edit a match: they mark
a pair as met directly or take it out of the queue with a reason, through the services in
partnerships.services.matches. Interests are the parties' to answer; here officials read them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from partnerships.admin.queue_filters import (
    AnswerDueFilter,
    PairProvinceFilter,
    QueueStateFilter,
    ScoreFilter,
    UmkmSectorFilter,
    WaitingSinceFilter,
)
from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.models import (
    Interest,
    KbliCode,
    KbliLevel,
    Match,
    ProgrammeSettings,
    QueueState,
    Regency,
)
from partnerships.officials import scoped_province_ids
from partnerships.queue_priority import queue_priority
from partnerships.services.matches import (
    MatchError,
    match_leave_queue,
    match_mark_met_directly,
)

REASON_MAX_LENGTH = Match._meta.get_field("left_reason").max_length


# --- the two decisions officials take on a waiting match -----------------------------------


class MetDirectlyForm(forms.Form):
    reason = forms.CharField(
        label=capfirst(_("how they met")),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Optional: where or how the two met, for the record."),
    )


class LeaveQueueForm(forms.Form):
    reason = forms.CharField(
        label=capfirst(_("reason")),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Why the pair no longer waits for a session; it stays on the record."),
    )


@dataclass(frozen=True)
class QueueDecision:
    """Taking a waiting match out of the queue, one way or the other: the changelist action
    and the change page's button share it."""

    name: str
    title: str
    form_class: type[forms.Form]
    template: str
    service: Callable[..., object]
    log_message: str

    def take(self, match: Match, user, reason: str) -> None:
        self.service(match=match, user=user, reason=reason)


MET_DIRECTLY = QueueDecision(
    name="mark_met_directly",
    title=_("Met directly: no session needed"),
    form_class=MetDirectlyForm,
    template="admin/partnerships/match/met_directly_confirmation.html",
    service=match_mark_met_directly,
    log_message=_("Met directly, no session needed. %(reason)s"),
)
LEAVE_QUEUE = QueueDecision(
    name="take_out_of_queue",
    title=_("Take out of the queue"),
    form_class=LeaveQueueForm,
    template="admin/partnerships/match/leave_queue_confirmation.html",
    service=match_leave_queue,
    log_message=_("Taken out of the queue: %(reason)s"),
)


def _names(matches) -> str:
    return ", ".join(str(match) for match in matches)


def _sector_annotations() -> dict[str, Subquery]:
    """The UMKM's main KBLI code (its lowest), its section and its division's titles."""
    main_code = KbliCode.objects.filter(umkm=OuterRef("umkm")).order_by("code", "-version")
    return {
        "sector_code": Subquery(main_code.values("code")[:1]),
        "sector_section": Subquery(main_code.values("section")[:1]),
    }


def _division_annotations() -> dict[str, Subquery]:
    division = KbliCode.objects.filter(
        level=KbliLevel.DIVISION, code=Substr(OuterRef("sector_code"), 1, 2)
    ).order_by("-version")
    return {
        "sector_title_id": Subquery(division.values("title_id")[:1]),
        "sector_title_en": Subquery(division.values("title_en")[:1]),
    }


class DeletedOnlyWithTheParties(RegionalScopeAdmin):
    """Interests and matches are the record of what the parties did: this admin offers no
    way to delete one (no delete page, action or link). They go only when their UMKM or
    firm is deleted, which the person's role must allow for them too (central officials'
    may), so ``has_delete_permission`` stays the role's."""

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):
        self.get_object(request, unquote(object_id))  # outside the scope: a 404 first
        raise PermissionDenied

    def render_change_form(
        self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None
    ):
        context["show_delete"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Match)
class MatchAdmin(DeletedOnlyWithTheParties):
    """The queue for the bridging sessions. In scope for a regional official where the UMKM
    is registered or the firm operates. Nobody adds, edits or deletes a match here."""

    list_display = (
        "firm_name",
        "umkm_name",
        "umkm_province",
        "firm_provinces",
        "matched_on",
        "sector",
        "score",
        "is_mutual",
        "waiting_since",
        "days_waiting",
        "priority_explained",
    )
    list_display_links = ("firm_name",)
    list_filter = (
        QueueStateFilter,
        PairProvinceFilter,
        UmkmSectorFilter,
        WaitingSinceFilter,
        ScoreFilter,
        "is_mutual",
    )
    list_select_related = ("firm", "umkm__province")
    search_fields = ("firm__name", "umkm__name")
    # One count instead of two on every page of the queue.
    show_full_result_count = False
    actions = [MET_DIRECTLY.name, LEAVE_QUEUE.name]
    fields = (
        "firm",
        "umkm",
        "queue_state",
        "priority_explained",
        "score",
        "is_mutual",
        "matched_at",
        "days_waiting",
        "interests_behind",
        "left_at",
        "left_by",
        "left_reason",
    )
    readonly_fields = fields
    change_form_template = "admin/partnerships/match/change_form.html"

    # --- who may do what -------------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A match is made when a party accepts an interest.
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # The change page is a record to read: a match changes only through the two queue
        # decisions (the services), for which the change permission is asked without an obj.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    def may_decide(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request)

    # --- the queue -------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .with_priority()
            .annotate(**_sector_annotations())
            .annotate(**_division_annotations())
            .prefetch_related(
                Prefetch("firm__locations", queryset=Regency.objects.select_related("province")),
                Prefetch(
                    "interests",
                    queryset=Interest.objects.select_related("need").order_by("sent_at", "pk"),
                    to_attr="interests_behind_match",
                ),
            )
        )

    def get_ordering(self, request: HttpRequest):
        # Expressions, resolved once get_queryset has annotated the priority; the same order
        # as Match.objects.by_priority().
        return (F("priority").desc(), F("matched_at").asc(), "pk")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {
            "title": gettext("Queue for the bridging sessions"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("firm"), ordering="firm__name")
    def firm_name(self, match: Match) -> str:
        return match.firm.name

    @admin.display(description=_("UMKM"), ordering="umkm__name")
    def umkm_name(self, match: Match) -> str:
        return match.umkm.name

    @admin.display(description=_("UMKM's province"), ordering="umkm__province__code")
    def umkm_province(self, match: Match) -> str:
        return match.umkm.province.name

    @admin.display(description=_("firm operates in"))
    def firm_provinces(self, match: Match) -> str | None:
        names = sorted({location.province.name for location in match.firm.locations.all()})
        return ", ".join(names) or None  # the admin shows its "-"

    @admin.display(description=_("matched on"))
    def matched_on(self, match: Match) -> str:
        titles = []
        for interest in match.interests_behind_match:
            if interest.need_id and interest.need.title not in titles:
                titles.append(interest.need.title)
        return "; ".join(titles) or gettext("interest in general")

    @admin.display(description=_("sector"), ordering="sector_code")
    def sector(self, match: Match) -> str | None:
        if not match.sector_section:
            return None
        title = match.sector_title_id
        if match.sector_title_en and (get_language() or "").startswith("en"):
            title = match.sector_title_en
        if not title:
            return match.sector_section
        return f"{match.sector_section} · {match.sector_code[:2]} {title}"

    @admin.display(description=_("waiting since"), ordering="matched_at")
    def waiting_since(self, match: Match) -> str:
        return date_format(timezone.localtime(match.matched_at), "DATE_FORMAT")

    @admin.display(description=_("days waiting"), ordering="waiting_days")
    def days_waiting(self, match: Match) -> int | None:
        if match.queue_state != QueueState.WAITING:
            return None
        return match.waiting_days

    @admin.display(description=_("priority"), ordering="priority")
    def priority_explained(self, match: Match) -> str:
        if match.queue_state != QueueState.WAITING:
            return match.get_queue_state_display()
        priority = queue_priority(
            is_mutual=match.is_mutual, score=match.score, waiting_days=match.waiting_days
        )
        return format_html("<strong>{}</strong>: {}", priority.points, "; ".join(priority.reasons))

    @admin.display(description=_("interests behind it"))
    def interests_behind(self, match: Match) -> str | None:
        interests = match.interests_behind_match
        if not interests:
            return None
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}, {})</li>',
                (
                    (
                        reverse("admin:partnerships_interest_change", args=[interest.pk]),
                        interest,
                        interest.get_direction_display(),
                        date_format(timezone.localtime(interest.sent_at), "DATE_FORMAT"),
                    )
                    for interest in interests
                ),
            ),
        )

    # --- the decisions: changelist actions and the change page's buttons -------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/met-directly/",
                view(self.met_directly_view),
                name="{}_{}_met_directly".format(*info),
            ),
            path(
                "<path:object_id>/leave-queue/",
                view(self.leave_queue_view),
                name="{}_{}_leave_queue".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(
        self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None
    ):
        # The two decisions, as buttons beside "History", for a waiting match.
        decisions = []
        if obj is not None and obj.queue_state == QueueState.WAITING and self.may_decide(request):
            decisions = [
                (reverse(f"admin:partnerships_match_{view}", args=[obj.pk]), decision.title)
                for view, decision in (("met_directly", MET_DIRECTLY), ("leave_queue", LEAVE_QUEUE))
            ]
        context["queue_decisions"] = decisions
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_action(self, request: HttpRequest, queryset):
        if request.POST.get("select_across") != "1":
            # Rows chosen one by one: a match another official took out of the queue
            # meanwhile has left the filtered queue, but the decision must still meet it, to
            # say so. "All N matching" keeps the filtered list.
            queryset = self.get_queryset(request)
        return super().response_action(request, queryset)

    @admin.action(description=_("Met directly: no session needed"), permissions=["change"])
    def mark_met_directly(self, request: HttpRequest, queryset):
        return self._decide(request, list(queryset), MET_DIRECTLY)

    @admin.action(description=_("Take out of the queue (with a reason)"), permissions=["change"])
    def take_out_of_queue(self, request: HttpRequest, queryset):
        return self._decide(request, list(queryset), LEAVE_QUEUE)

    def met_directly_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._decision_view(request, object_id, MET_DIRECTLY)

    def leave_queue_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return self._decision_view(request, object_id, LEAVE_QUEUE)

    def _decision_view(
        self, request: HttpRequest, object_id: str, decision: QueueDecision
    ) -> HttpResponse:
        """GET: the page that asks for the reason; POST (with ``post``): the decision."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        match = self.get_object(request, unquote(object_id))
        if match is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.may_decide(request):
            raise PermissionDenied
        response = self._decide(request, [match], decision)
        return response or redirect(reverse("admin:partnerships_match_change", args=[match.pk]))

    def _decide(self, request: HttpRequest, matches: list[Match], decision: QueueDecision):
        waiting = [match for match in matches if match.queue_state == QueueState.WAITING]
        gone = [match for match in matches if match.queue_state != QueueState.WAITING]
        if gone:
            self.message_user(
                request,
                format_lazy(
                    _("Not waiting in the queue any more, so nothing changed for: {names}."),
                    names=_names(gone),
                ),
                messages.ERROR,
            )
        if not waiting:
            return None
        form = decision.form_class(request.POST if request.POST.get("post") else None)
        if not form.is_valid():
            return self._confirmation(request, decision, form, waiting)
        reason = form.cleaned_data["reason"]
        done = []
        for match in waiting:
            try:
                decision.take(match, request.user, reason)
            except MatchError as refused:
                self.message_user(request, f"{match}: {refused.message}", messages.ERROR)
            else:
                done.append(match)
                self.log_change(request, match, (decision.log_message % {"reason": reason}).strip())
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d match left the queue.",
                    "%(count)d matches left the queue.",
                    len(done),
                )
                % {"count": len(done)},
                messages.SUCCESS,
            )
        return None

    def _confirmation(self, request: HttpRequest, decision: QueueDecision, form, matches):
        context = {
            **self.admin_site.each_context(request),
            "title": decision.title,
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "selected": matches,
            "action_name": decision.name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, decision.template, context)


@admin.register(Interest)
class InterestAdmin(DeletedOnlyWithTheParties):
    """Interests, to read: the parties answer them on the site, officials do not answer for
    them. In scope where the UMKM is registered or the firm operates."""

    list_display = (
        "state",
        "direction",
        "firm",
        "umkm",
        "need",
        "sent_at",
        "expires_at",
        "answered_at",
    )
    list_filter = ("state", AnswerDueFilter, "direction", "sent_at")
    list_select_related = ("firm", "umkm", "need")
    search_fields = ("firm__name", "umkm__name", "need__title")
    fields = (
        "direction",
        "firm",
        "umkm",
        "need",
        "message",
        "state",
        "sent_by",
        "sent_at",
        "expires_at",
        "reminded_at",
        "answered_by",
        "answered_at",
        "decline_reason",
        "match",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --- the programme's settings -------------------------------------------------------------


class ProgrammeSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSettings
        fields = ("interest_validity_days", "interest_reminder_days")

    def clean(self):
        cleaned = super().clean()
        validity = cleaned.get("interest_validity_days")
        reminder = cleaned.get("interest_reminder_days")
        if validity is not None and reminder is not None and reminder >= validity:
            # Beside the field, and instead of the database constraint's bare name.
            self.add_error(
                "interest_reminder_days",
                forms.ValidationError(
                    _(
                        "The reminder must come before the interest expires: choose fewer "
                        "days than an interest waits for an answer (%(days)d)."
                    ),
                    code="reminder_not_before_expiry",
                    params={"days": validity},
                ),
            )
        return cleaned


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(admin.ModelAdmin):
    """The one row of settings (ProgrammeSettings.current()). National: it has no regional
    scope, so only officials without one (central, auditors) see it, whatever a group's
    permissions say; the regional officials' group has none on it anyway (migration 0009)."""

    form = ProgrammeSettingsForm
    fields = ("interest_validity_days", "interest_reminder_days", "updated_at")
    readonly_fields = ("updated_at",)

    def _national(self, request: HttpRequest) -> bool:
        return scoped_province_ids(request.user) is None

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._national(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._national(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # A list of one row: straight to it.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings = ProgrammeSettings.current()
        return redirect(reverse("admin:partnerships_programmesettings_change", args=[settings.pk]))

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        if str(object_id) == "1":
            ProgrammeSettings.current()  # the row exists from the first look on
        return super().get_object(request, object_id, from_field)
