"""The officials' side of partnership commitments (issue 7): recording what was signed, moving
it through its stages, confirming the parties' realisation reports, and reading follow-ups,
ratings and moves up a size class.

Every write goes through partnerships.services.commitments (and, for reports, the realisation
services): the add and change form validates beside each field with the services' own rules
(``commitment_problems``) and then calls ``commitment_record`` or ``commitment_update``. Should
the service still refuse (another official recorded the same commitment a moment ago), the
whole save is rolled back and the form comes back with the reason beside its field and
everything typed kept. The stage buttons (sign the agreement, start, mark realised, cancel)
each open a page of their own that says what the step does and asks for what it needs; a GET
asks, a POST acts, like the session admin's steps.

Signed documents are private: the form takes a new upload (a PDF, checked by content) but
never shows a media URL; the links point at the download view that checks who asks
(partnerships.views.commitment_documents). Every change keeps who, when and what in the
history (simple-history; HistoryRequestMiddleware records the official).

Scope: a regional official works on the commitments whose UMKM is in their provinces or whose
firm operates there, with their reports, follow-ups and ratings (partnerships.officials).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partnerships.admin.scope import RegionalScopeAdmin, related_in_scope
from partnerships.admin.spreadsheets import CommitmentImportExportMixin
from partnerships.documents import MAX_DOCUMENT_MB, check_pdf
from partnerships.forms.rupiah import RupiahField
from partnerships.models import (
    BridgingSession,
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    Firm,
    Match,
    PartnershipRating,
    RealisationReport,
    ReportState,
    SizeClassChange,
    VerificationState,
)
from partnerships.officials import scoped_province_ids
from partnerships.services.commitments import (
    CLOSED_STAGES,
    EDITABLE_FIELDS,
    CommitmentError,
    commitment_cancel,
    commitment_mark_realised,
    commitment_problems,
    commitment_record,
    commitment_sign_agreement,
    commitment_start,
    commitment_update,
)
from partnerships.services.realisation import (
    RealisationError,
    realisation_report_confirm,
    realisation_report_reject,
    realised_percent,
)
from portal.money import format_rupiah

# --- display helpers ---------------------------------------------------------------------------


def rupiah(amount: int) -> str:
    """Rp1.500.000 (Rp1,500,000 in English)."""
    return format_rupiah(amount, get_language() or "id")


def long_date(day) -> str:
    """18 Januari 2021 (18 January 2021 in English); a dash when there is none."""
    return date_format(day, "DATE_FORMAT") if day else "\N{EN DASH}"


def percent(value) -> str:
    return f"{number_format(value, decimal_pos=2)}%"


def document_link(url: str, label) -> str:
    return format_html('<a href="{}">{}</a>', url, label)


def commitment_document_url(commitment: Commitment, kind: str) -> str:
    return reverse("commitment_document", args=[commitment.pk, kind])


def evidence_url(report: RealisationReport) -> str:
    return reverse("realisation_evidence", args=[report.pk])


class PrivatePdfInput(forms.FileInput):
    """A file input for a signed PDF: it never shows the stored file's media URL (the
    document's link, through the private view, is shown beside it) and it cannot clear the
    document (it was signed; a wrong one is replaced by uploading the right one)."""

    def __init__(self, attrs=None):
        super().__init__({"accept": "application/pdf,.pdf", **(attrs or {})})


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, which looks the posted value up to show it again: a value
    that is no id at all ("abc") is not looked up (Django's would fail with a server error);
    the field's own "Select a valid choice" says what is wrong."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        usable = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


def _pdf_field_clean(form: forms.Form, name: str):
    upload = form.cleaned_data.get(name)
    if isinstance(upload, UploadedFile):
        check_pdf(upload)
    return upload


def _pdf_help() -> str:
    return gettext("A PDF of at most %(limit)d MB, checked by its content.") % {
        "limit": MAX_DOCUMENT_MB
    }


PDF_HELP = lazy(_pdf_help, str)()


# --- the commitment's form ---------------------------------------------------------------------


class CommitmentForm(forms.ModelForm):
    """The fields an official records or corrects, each error beside its field (the services'
    rules, partnerships.services.commitments.commitment_problems)."""

    value = RupiahField(
        label=capfirst(_("value (Rp)")),
        help_text=_("The committed value in whole rupiah, e.g. 1.500.000.000."),
    )

    # A refusal of the service on a first attempt, shown beside its field on the second
    # (set per request by CommitmentAdmin.get_form).
    refusal: CommitmentError | None = None

    class Meta:
        model = Commitment
        fields = ("firm", "umkm", *EDITABLE_FIELDS)
        widgets = {
            "statement_document": PrivatePdfInput,
            "agreement_document": PrivatePdfInput,
            "scope": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("statement_document", "agreement_document"):
            if name in self.fields:
                self.fields[name].help_text = PDF_HELP
        session = self.fields.get("session")
        if session is not None and self.instance.session_id:
            # A national session is in no regional official's choices; a commitment made at
            # one keeps it when a regional official corrects another field.
            session.queryset = session.queryset | BridgingSession.objects.filter(
                pk=self.instance.session_id
            )

    def clean_statement_document(self):
        return _pdf_field_clean(self, "statement_document")

    def clean_agreement_document(self):
        return _pdf_field_clean(self, "agreement_document")

    def _value(self, name: str):
        """The typed value, the stored one when the field is not in the form, or None when
        the field has an error of its own already."""
        if name not in self.fields:
            return getattr(self.instance, name, None)
        if name in self.errors:
            return None
        return self.cleaned_data.get(name)

    def clean(self):
        cleaned = super().clean()
        adding = self.instance.pk is None
        firm = self._value("firm") if adding else self.instance.firm
        umkm = self._value("umkm") if adding else self.instance.umkm
        problems = commitment_problems(
            firm=firm,
            umkm=umkm,
            value=self._value("value"),
            pattern=self._value("pattern"),
            period_start=self._value("period_start"),
            period_end=self._value("period_end"),
            statement_signed_on=self._value("statement_signed_on"),
            session=self._value("session"),
            signing_event=self._value("signing_event") or "",
            match=self._value("match"),
            instance=None if adding else self.instance,
        )
        for problem in problems:
            self._add_problem(problem.field, problem.message, problem.code)
        if self.refusal is not None and not self.errors:
            self._add_problem(self.refusal.field, self.refusal.message, self.refusal.code)
        return cleaned

    def _add_problem(self, field: str | None, message, code: str) -> None:
        error = ValidationError(message, code=code)
        if field is not None and field in self.fields:
            if field not in self.errors:
                self.add_error(field, error)
        else:
            self.add_error(None, error)


# --- the stages: a page per step ---------------------------------------------------------------


class DateInput(forms.DateInput):
    """The browser's date picker; the date is sent as 2021-01-18 whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AgreementForm(forms.Form):
    signed_on = forms.DateField(
        label=capfirst(_("partnership agreement signed on")),
        widget=DateInput,
        help_text=_("Not before the statement of commitment, and not in the future."),
    )
    document = forms.FileField(
        label=capfirst(_("partnership agreement (PDF)")),
        required=False,
        widget=PrivatePdfInput,
        help_text=PDF_HELP,
    )

    def clean_document(self):
        return _pdf_field_clean(self, "document")


class CancelForm(forms.Form):
    cancelled_on = forms.DateField(
        label=capfirst(_("cancelled on")), widget=DateInput, initial=timezone.localdate
    )
    reason = forms.CharField(
        label=capfirst(_("reason for cancelling")),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Both parties read it; say what happened."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("This field is required."), code="required")
        return reason


def _sign_agreement(commitment: Commitment, official, data: dict) -> str:
    commitment_sign_agreement(
        official=official,
        commitment=commitment,
        signed_on=data["signed_on"],
        document=data.get("document") or None,
    )
    return gettext("The partnership agreement is recorded, signed on %(date)s.") % {
        "date": long_date(data["signed_on"])
    }


def _start(commitment: Commitment, official, data: dict) -> str:
    commitment_start(official=official, commitment=commitment)
    return gettext("The agreed work is in progress.")


def _mark_realised(commitment: Commitment, official, data: dict) -> str:
    commitment_mark_realised(official=official, commitment=commitment)
    return gettext("The commitment is marked as realised.")


def _cancel(commitment: Commitment, official, data: dict) -> str:
    commitment_cancel(
        official=official,
        commitment=commitment,
        reason=data["reason"],
        cancelled_on=data["cancelled_on"],
    )
    return gettext("The commitment is cancelled, on %(date)s.") % {
        "date": long_date(data["cancelled_on"])
    }


@dataclass(frozen=True)
class CommitmentStep:
    """One button of the commitment's page: its URL part, words, the stages it is offered
    in, the form it asks (if any) and what it runs (one service), returning the message."""

    name: str
    label: str
    explanation: str
    stages: tuple[str, ...]
    run: Callable[[Commitment, object, dict], str]
    form_class: type[forms.Form] | None = None

    def offered_for(self, commitment: Commitment) -> bool:
        return commitment.stage in self.stages


STEPS = {
    step.name: step
    for step in (
        CommitmentStep(
            "agreement",
            _("Sign the partnership agreement"),
            _(
                "The statement of commitment becomes a contract: the parties signed the "
                "partnership agreement (Kesepakatan Kemitraan Usaha). Its value then counts "
                "as contract value in the statistics."
            ),
            (CommitmentStage.STATEMENT,),
            _sign_agreement,
            AgreementForm,
        ),
        CommitmentStep(
            "start",
            _("Start the work"),
            _("The agreed supply or work has begun; the parties report its realisation."),
            (CommitmentStage.AGREEMENT,),
            _start,
        ),
        CommitmentStep(
            "realised",
            _("Mark as realised"),
            _(
                "The partnership delivered what was agreed. The commitment is then closed: "
                "nothing in it changes any more."
            ),
            (CommitmentStage.IN_PROGRESS,),
            _mark_realised,
        ),
        CommitmentStep(
            "cancel",
            _("Cancel the commitment"),
            _(
                "The commitment ends without being realised. Its value leaves the committed "
                "total; the reason stays on the record for both parties."
            ),
            (CommitmentStage.STATEMENT, CommitmentStage.AGREEMENT, CommitmentStage.IN_PROGRESS),
            _cancel,
            CancelForm,
        ),
    )
}


# --- realisation reports on the commitment's page ----------------------------------------------


class ReadOnlyAdminMixin:
    """A list and pages to read: the records are written by the services, never here."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _report_value(report: RealisationReport) -> str:
    return rupiah(report.value)


def _report_period(report: RealisationReport) -> str:
    return f"{long_date(report.period_start)} \N{EN DASH} {long_date(report.period_end)}"


def _evidence(report: RealisationReport) -> str:
    if not report.evidence:
        return "\N{EN DASH}"
    return document_link(evidence_url(report), gettext("evidence"))


class RealisationReportInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The parties' reports, to read; each pending one links to its confirm and reject
    pages (a form inside the commitment's form would not work)."""

    model = RealisationReport
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("side", "period", "value_rupiah", "event", "state", "evidence_link", "decide")
    readonly_fields = fields
    verbose_name_plural = _("realisation reports")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("commitment")

    @admin.display(description=_("period"))
    def period(self, report: RealisationReport) -> str:
        return _report_period(report)

    @admin.display(description=_("value realised (Rp)"))
    def value_rupiah(self, report: RealisationReport) -> str:
        return _report_value(report)

    @admin.display(description=_("evidence"))
    def evidence_link(self, report: RealisationReport) -> str:
        return _evidence(report)

    @admin.display(description=_("decision"))
    def decide(self, report: RealisationReport) -> str:
        if report.state != ReportState.PENDING:
            return "\N{EN DASH}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:partnerships_realisationreport_confirm", args=[report.pk]),
            gettext("Confirm"),
            reverse("admin:partnerships_realisationreport_reject", args=[report.pk]),
            gettext("Reject"),
        )


# --- the commitment admin ----------------------------------------------------------------------

RECORD_FIELDS = (
    "stage",
    "agreement_signed_on",
    "current_agreement_document",
    "cancelled_on",
    "cancellation_reason",
    "realised",
    "over_value_confirmed",
    "recorded_by",
    "created_at",
    "updated_at",
)


@admin.register(Commitment)
class CommitmentAdmin(CommitmentImportExportMixin, RegionalScopeAdmin, SimpleHistoryAdmin):
    """Commitments: recorded, corrected and moved through their stages by officials; their
    history shows who changed what and when."""

    form = CommitmentForm
    list_display = (
        "firm_name",
        "umkm_name",
        "province",
        "value_rupiah",
        "stage",
        "signed_on",
        "realised_share",
    )
    list_filter = (
        "stage",
        "pattern",
        "umkm__province",
        ("session", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("firm", "umkm__province", "session")
    search_fields = ("firm__name", "umkm__name", "firm__nib", "umkm__nib", "signing_event")
    date_hierarchy = "statement_signed_on"
    autocomplete_fields = ("firm", "umkm", "session", "match")
    inlines = (RealisationReportInline,)
    change_form_template = "admin/partnerships/commitment/change_form.html"
    step_template = "admin/partnerships/commitment/step.html"

    # --- the list ------------------------------------------------------------------------

    @admin.display(description=_("firm"), ordering="firm__name")
    def firm_name(self, commitment: Commitment) -> str:
        return commitment.firm.name

    @admin.display(description=_("UMKM"), ordering="umkm__name")
    def umkm_name(self, commitment: Commitment) -> str:
        return commitment.umkm.name

    @admin.display(description=_("province"), ordering="umkm__province__name")
    def province(self, commitment: Commitment) -> str:
        return commitment.umkm.province.name

    @admin.display(description=_("value (Rp)"), ordering="value")
    def value_rupiah(self, commitment: Commitment) -> str:
        return rupiah(commitment.value)

    @admin.display(description=_("signed on"), ordering="statement_signed_on")
    def signed_on(self, commitment: Commitment) -> str:
        return long_date(commitment.statement_signed_on)

    @admin.display(description=_("realised"))
    def realised_share(self, commitment: Commitment) -> str:
        return percent(realised_percent(commitment.realised_value, commitment.value))

    @admin.display(description=_("realised (confirmed)"))
    def realised(self, commitment: Commitment) -> str:
        return gettext("%(value)s (%(percent)s of the value)") % {
            "value": rupiah(commitment.realised_value),
            "percent": self.realised_share(commitment),
        }

    @admin.display(description=_("statement of commitment (PDF)"))
    def current_statement_document(self, commitment: Commitment) -> str:
        if not commitment.statement_document:
            return gettext("not uploaded")
        return document_link(
            commitment_document_url(commitment, "statement"),
            gettext("Download the signed statement of commitment"),
        )

    @admin.display(description=_("partnership agreement (PDF)"))
    def current_agreement_document(self, commitment: Commitment) -> str:
        if not commitment.agreement_document:
            return gettext("not uploaded")
        return document_link(
            commitment_document_url(commitment, "agreement"),
            gettext("Download the signed partnership agreement"),
        )

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        # A signed commitment is a record: one recorded by mistake is deleted one at a time.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Only a commitment recorded by mistake (nothing reported on it yet); any other is
        # cancelled with a reason instead.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not obj.realisation_reports.exists())

    # --- the form --------------------------------------------------------------------------

    def get_inlines(self, request: HttpRequest, obj=None):
        return self.inlines if obj is not None else ()

    def get_autocomplete_fields(self, request: HttpRequest):
        fields = super().get_autocomplete_fields(request)
        if scoped_province_ids(request.user) is None:
            return fields
        # A regional official chooses the firm from a list (see formfield_for_foreignkey).
        return tuple(name for name in fields if name != "firm")

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if (
            db_field.name == "firm"
            and "queryset" not in kwargs
            and scoped_province_ids(request.user) is not None
        ):
            # A commitment is in a regional official's scope when its UMKM is, whatever firm
            # signed it: a local UMKM often supplies a firm based elsewhere. So the firm is
            # one in their scope or any verified firm (public on the site anyway); the firm
            # admin's autocomplete would offer only the first.
            kwargs["queryset"] = (
                related_in_scope(Firm, Firm.objects.all(), request.user)
                | Firm.objects.filter(verification_state=VerificationState.VERIFIED)
            ).order_by("name")
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        if db_field.name == "match" and "queryset" not in kwargs:
            # The match admin orders by a priority its own queryset annotates; here the
            # choices are plain matches in the official's scope.
            kwargs["queryset"] = related_in_scope(
                Match, Match.objects.select_related("firm", "umkm"), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        # The upload fields only for those who may replace a document: read-only, Django
        # would show a stored file as a link to its media URL (which serves nothing).
        may_upload = obj is None or (
            self.has_change_permission(request, obj) and obj.stage not in CLOSED_STAGES
        )
        documents = ["statement_signed_on"]
        if may_upload:
            documents.append("statement_document")
        if obj is not None:
            documents.insert(1, "current_statement_document")
            documents += ["agreement_signed_on", "current_agreement_document"]
            if may_upload and obj.agreement_signed_on is not None:
                documents.append("agreement_document")
        fieldsets = [
            (_("Parties"), {"fields": ("firm", "umkm")}),
            (
                _("Where it was signed"),
                {
                    "fields": ("session", "signing_event", "match"),
                    "description": _(
                        "The bridging session where the parties met, or the signing event "
                        "(a ceremony); the match, if it came from the queue."
                    ),
                },
            ),
            (
                _("What was committed"),
                {"fields": ("value", "pattern", "scope", "period_start", "period_end")},
            ),
            (
                _("Signatories"),
                {
                    "fields": (
                        "firm_signatory",
                        "firm_signatory_title",
                        "umkm_signatory",
                        "umkm_signatory_title",
                    )
                },
            ),
            (_("Signed documents"), {"fields": documents}),
        ]
        if obj is not None:
            record = [
                name
                for name in RECORD_FIELDS
                if name not in ("agreement_signed_on", "current_agreement_document")
            ]
            fieldsets.append((_("Stage and record"), {"fields": record}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return ()
        fields = ["firm", "umkm", "current_statement_document", *RECORD_FIELDS]
        if obj.stage in (CommitmentStage.REALISED, CommitmentStage.CANCELLED):
            fields += [name for name in EDITABLE_FIELDS if name not in fields]
        return fields

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        form_class.refusal = getattr(request, "_commitment_refusal", None)
        return form_class

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url="", extra_context=None
    ):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except CommitmentError as refused:
            # The save was rolled back whole; the form comes back with the reason beside its
            # field and everything the official typed.
            request._commitment_refusal = refused
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Commitment, form, change: bool) -> None:
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
            if changes:
                commitment_update(official=request.user, commitment=obj, **changes)
            return
        recorded = commitment_record(
            official=request.user,
            firm=data["firm"],
            umkm=data["umkm"],
            value=data["value"],
            pattern=data["pattern"],
            scope=data["scope"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            statement_signed_on=data["statement_signed_on"],
            signing_event=data.get("signing_event") or "",
            session=data.get("session"),
            match=data.get("match"),
            firm_signatory=data["firm_signatory"],
            firm_signatory_title=data["firm_signatory_title"],
            umkm_signatory=data["umkm_signatory"],
            umkm_signatory_title=data.get("umkm_signatory_title") or "",
            statement_document=data.get("statement_document") or None,
        )
        # The admin goes on with ``obj`` (the log entry, the redirect): it is the new row.
        obj.pk = recorded.pk
        obj._state.adding = False
        obj._state.db = recorded._state.db
        obj.stage = recorded.stage
        obj.recorded_by = recorded.recorded_by

    def render_change_form(
        self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None:
            context.update(self._panel_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _panel_context(self, request: HttpRequest, commitment: Commitment) -> dict:
        steps = []
        if self.has_change_permission(request, commitment):
            steps = [
                {
                    "name": step.name,
                    "label": step.label,
                    "explanation": step.explanation,
                    "url": reverse(
                        "admin:partnerships_commitment_step", args=[commitment.pk, step.name]
                    ),
                }
                for step in STEPS.values()
                if step.offered_for(commitment)
            ]
        return {"commitment": commitment, "commitment_steps": steps}

    # --- the steps -------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/stages/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="{}_{}_step".format(*info),
            ),
            *super().get_urls(),
        ]

    def step_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        """GET: what the step does and what it asks; POST: the step, then back to the
        commitment's page."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        chosen = STEPS.get(step)
        if chosen is None:
            raise Http404(gettext("There is no such step."))
        commitment = self.get_object(request, unquote(object_id))
        if commitment is None:
            raise Http404(gettext("There is no such commitment."))
        if not self.has_change_permission(request, commitment):
            raise PermissionDenied
        change_url = reverse("admin:partnerships_commitment_change", args=[commitment.pk])
        form = None
        if chosen.form_class is not None:
            if request.method == "POST":
                form = chosen.form_class(request.POST, request.FILES)
            else:
                form = chosen.form_class()
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                message = chosen.run(commitment, request.user, form.cleaned_data if form else {})
            except CommitmentError as refused:
                if form is not None and refused.field in form.fields:
                    form.add_error(refused.field, ValidationError(refused.message, refused.code))
                else:
                    self.message_user(request, refused.message, messages.ERROR)
                    return redirect(change_url)
            else:
                self.log_change(request, commitment, message)
                self.message_user(request, message, messages.SUCCESS)
                return redirect(change_url)
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": commitment,
            "commitment": commitment,
            "title": chosen.label,
            "subtitle": None,
            "step": chosen,
            "offered": chosen.offered_for(commitment),
            "form": form,
            "change_url": change_url,
            "media": self.media + (form.media if form is not None else forms.Media()),
        }
        return TemplateResponse(request, self.step_template, context)


# --- realisation reports -----------------------------------------------------------------------


class RejectReportForm(forms.Form):
    reason = forms.CharField(
        label=capfirst(_("reason for rejecting")),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The party who reported reads it: say what to correct or send again."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("This field is required."), code="required")
        return reason


@admin.register(RealisationReport)
class RealisationReportAdmin(RegionalScopeAdmin, SimpleHistoryAdmin):
    """What the parties reported, pending first. Officials confirm a report (its value then
    counts in the commitment's realised total) or reject it with a reason, one at a time on
    its page or several with the list's actions. Nothing else changes here."""

    list_display = (
        "commitment",
        "side",
        "period",
        "value_rupiah",
        "event",
        "state",
        "reported_on",
        "evidence_link",
    )
    list_filter = ("state", "side", "event")
    list_select_related = ("commitment__firm", "commitment__umkm")
    search_fields = (
        "commitment__firm__name",
        "commitment__umkm__name",
        "commitment__firm__nib",
        "commitment__umkm__nib",
    )
    ordering = (
        Case(
            When(state=ReportState.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        "-period_end",
        "-pk",
    )
    actions = ["confirm_selected", "reject_selected"]
    fields = (
        "commitment",
        "side",
        "reported_by",
        "period_start",
        "period_end",
        "value_rupiah",
        "event",
        "notes",
        "evidence_link",
        "over_value_confirmed",
        "state",
        "reviewed_by",
        "reviewed_at",
        "rejection_reason",
        "created_at",
    )
    readonly_fields = fields
    change_form_template = "admin/partnerships/realisationreport/change_form.html"
    decide_template = "admin/partnerships/realisationreport/decide.html"
    reject_confirmation_template = "admin/partnerships/realisationreport/reject_confirmation.html"

    @admin.display(description=_("period"), ordering="period_end")
    def period(self, report: RealisationReport) -> str:
        return _report_period(report)

    @admin.display(description=_("value realised (Rp)"), ordering="value")
    def value_rupiah(self, report: RealisationReport) -> str:
        return _report_value(report)

    @admin.display(description=_("reported at"), ordering="created_at")
    def reported_on(self, report: RealisationReport) -> str:
        return long_date(timezone.localdate(report.created_at))

    @admin.display(description=_("evidence"))
    def evidence_link(self, report: RealisationReport) -> str:
        return _evidence(report)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the parties report on the site

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # The page is a record to read; deciding (the actions, the two pages) asks for the
        # permission without an object.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    def has_decide_permission(self, request: HttpRequest) -> bool:
        return super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def render_change_form(
        self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None
    ):
        if (
            obj is not None
            and obj.state == ReportState.PENDING
            and self.has_decide_permission(request)
        ):
            context["decide_urls"] = {
                "confirm": reverse("admin:partnerships_realisationreport_confirm", args=[obj.pk]),
                "reject": reverse("admin:partnerships_realisationreport_reject", args=[obj.pk]),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- one report: its confirm and reject pages --------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/confirm/",
                view(self.confirm_view),
                name="{}_{}_confirm".format(*info),
            ),
            path(
                "<path:object_id>/reject/",
                view(self.reject_view),
                name="{}_{}_reject".format(*info),
            ),
            *super().get_urls(),
        ]

    def _report(self, request: HttpRequest, object_id: str) -> RealisationReport:
        if not self.has_decide_permission(request):
            raise PermissionDenied
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404(gettext("There is no such realisation report."))
        return report

    def _decided(self, request: HttpRequest, report: RealisationReport, message: str):
        self.log_change(request, report, message)
        self.message_user(request, message, messages.SUCCESS)
        return redirect(
            reverse("admin:partnerships_commitment_change", args=[report.commitment_id])
        )

    def _decide_page(self, request: HttpRequest, report: RealisationReport, **extra):
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": report,
            "report": report,
            "subtitle": None,
            "value": _report_value(report),
            "period": _report_period(report),
            "evidence": _evidence(report),
            "back_url": reverse("admin:partnerships_realisationreport_change", args=[report.pk]),
            **extra,
        }
        return TemplateResponse(request, self.decide_template, context)

    def confirm_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        report = self._report(request, object_id)
        if request.method == "POST":
            try:
                realisation_report_confirm(official=request.user, report=report)
            except RealisationError as refused:
                self.message_user(request, refused.message, messages.ERROR)
            else:
                return self._decided(
                    request, report, gettext("Confirmed: %(report)s.") % {"report": report}
                )
        return self._decide_page(
            request, report, title=gettext("Confirm this realisation report?"), confirming=True
        )

    def reject_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        report = self._report(request, object_id)
        form = RejectReportForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                realisation_report_reject(
                    official=request.user, report=report, reason=form.cleaned_data["reason"]
                )
            except RealisationError as refused:
                if refused.field == "reason":
                    form.add_error("reason", refused.message)
                else:
                    self.message_user(request, refused.message, messages.ERROR)
            else:
                return self._decided(
                    request, report, gettext("Rejected: %(report)s.") % {"report": report}
                )
        return self._decide_page(
            request, report, title=gettext("Reject this realisation report?"), form=form
        )

    # --- several reports: the list's actions -------------------------------------------------

    def _pending(self, request: HttpRequest, queryset: QuerySet) -> list[RealisationReport]:
        pending = list(
            queryset.filter(state=ReportState.PENDING).select_related(
                "commitment__firm", "commitment__umkm"
            )
        )
        skipped = queryset.exclude(state=ReportState.PENDING).count()
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report was decided already and was left as it is.",
                    "%(count)d reports were decided already and were left as they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
        return pending

    def _decide_each(self, request: HttpRequest, reports, decide) -> int:
        done = 0
        for report in reports:
            try:
                decide(report)
            except RealisationError as refused:
                self.message_user(request, f"{report}: {refused.message}", messages.ERROR)
            else:
                done += 1
                self.log_change(request, report, gettext("Decided: %s") % report.state)
        return done

    @admin.action(description=_("Confirm selected reports"), permissions=["decide"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        pending = self._pending(request, queryset)
        done = self._decide_each(
            request,
            pending,
            lambda report: realisation_report_confirm(official=request.user, report=report),
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report confirmed: its value counts as realised.",
                    "%(count)d reports confirmed: their values count as realised.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Reject selected reports (with a reason)"), permissions=["decide"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet):
        pending = self._pending(request, queryset)
        if not pending:
            return None
        form = RejectReportForm(request.POST if request.POST.get("post") else None)
        if not form.is_valid():
            request.current_app = self.admin_site.name
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Reject realisation reports"),
                "subtitle": None,
                "selected": pending,
                "form": form,
                "action_name": "reject_selected",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "media": self.media,
            }
            return TemplateResponse(request, self.reject_confirmation_template, context)
        reason = form.cleaned_data["reason"]
        done = self._decide_each(
            request,
            pending,
            lambda report: realisation_report_reject(
                official=request.user, report=report, reason=reason
            ),
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report rejected; the reporter reads your reason.",
                    "%(count)d reports rejected; the reporters read your reason.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        return None


# --- follow-ups, ratings and moves up a size class: to read ------------------------------------


def overdue_q(today) -> Q:
    """Follow-ups due before ``today`` that nobody answered, of commitments not cancelled
    (a cancelled partnership has nothing left to ask about)."""
    return Q(due_on__lt=today, answered_at__isnull=True) & ~Q(
        commitment__stage=CommitmentStage.CANCELLED
    )


class OverdueFilter(admin.SimpleListFilter):
    """Follow-ups whose day has passed without an answer."""

    title = _("answer")
    parameter_name = "overdue"
    OVERDUE = "yes"

    def lookups(self, request: HttpRequest, model_admin):
        return [(self.OVERDUE, _("overdue: due, not answered, not cancelled"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() != self.OVERDUE:
            return queryset
        return queryset.filter(overdue_q(timezone.localdate()))


@admin.register(CommitmentFollowUp)
class CommitmentFollowUpAdmin(ReadOnlyAdminMixin, RegionalScopeAdmin):
    """The questions to each side 1, 3 and 6 months after signing: when they are due, when
    the e-mail went and when the side answered (by reporting or rating)."""

    list_display = ("commitment", "side", "months", "due", "asked_at", "answered_at")
    list_filter = (OverdueFilter, "side", "months")
    list_select_related = ("commitment__firm", "commitment__umkm")
    search_fields = ("commitment__firm__name", "commitment__umkm__name")
    date_hierarchy = "due_on"

    @admin.display(description=_("due on"), ordering="due_on")
    def due(self, follow_up: CommitmentFollowUp) -> str:
        return long_date(follow_up.due_on)


@admin.register(PartnershipRating)
class PartnershipRatingAdmin(ReadOnlyAdminMixin, RegionalScopeAdmin, SimpleHistoryAdmin):
    """How each side rates the partnership (1 to 5), and whether it would go on."""

    list_display = (
        "commitment",
        "side",
        "quality",
        "on_time",
        "fair_price",
        "would_continue",
        "rated_at",
    )
    list_filter = ("side", "would_continue", "quality", "on_time", "fair_price")
    list_select_related = ("commitment__firm", "commitment__umkm")
    search_fields = ("commitment__firm__name", "commitment__umkm__name")


@admin.register(SizeClassChange)
class SizeClassChangeAdmin(ReadOnlyAdminMixin, RegionalScopeAdmin, SimpleHistoryAdmin):
    """Naik kelas: the UMKM that moved into a higher size class after a commitment. This list
    is what the statistics count."""

    list_display = ("umkm", "from_class", "to_class", "criterion", "changed", "commitment")
    list_filter = ("from_class", "to_class", "criterion", "umkm__province")
    list_select_related = ("umkm", "commitment__firm", "commitment__umkm")
    search_fields = ("umkm__name", "umkm__nib")
    date_hierarchy = "changed_on"

    @admin.display(description=_("changed on"), ordering="changed_on")
    def changed(self, change: SizeClassChange) -> str:
        return long_date(change.changed_on)
