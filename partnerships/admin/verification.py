"""What the UMKM and firm admins share: the verification queue, the decision, the audit fields.

Officials decide in two places: the changelist actions (many profiles, one reason) and the
"Decision" section of the change form (one profile). Both go through the verification services,
which lock the row, check the state and send the applicant the e-mail.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import F
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.models import Firm, Umkm, VerificationState
from partnerships.services.verification import (
    VerificationError,
    profile_reject,
    profile_verify,
)

Profile = Umkm | Firm

# Who decided, when and why: the services write these, officials only read them.
AUDIT_FIELDS = (
    "verification_state",
    "submitted_at",
    "reviewed_at",
    "reviewed_by",
    "rejection_reason",
    "npwp_check_overridden",
    "created_at",
    "updated_at",
)

# People type "tokoku.com"; https is what they mean (and Django 6's default).
URL_ASSUMES_HTTPS = {models.URLField: {"assume_scheme": "https"}}

QUEUE_QUERY = f"verification_state__exact={VerificationState.SUBMITTED}"


class Decision(models.TextChoices):
    KEEP = "keep", _("decide later")
    VERIFY = "verify", _("verify")
    REJECT = "reject", _("reject: the applicant must correct it")


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=capfirst(_("reason for rejection")),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "The applicant reads this in the e-mail and on their dashboard: say what to correct."
        ),
    )


class VerificationDecisionForm(forms.ModelForm):
    """The change form of a profile, with the official's decision beside the model fields."""

    decision = forms.ChoiceField(
        label=capfirst(_("decision")),
        choices=Decision.choices,
        initial=Decision.KEEP,
        required=False,
        widget=forms.RadioSelect,
    )
    decision_reason = _reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a rejection needs it; clean() says so beside the field.
        self.fields["decision_reason"].required = False

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision") or Decision.KEEP
        cleaned["decision"] = decision
        if decision == Decision.KEEP:
            return cleaned
        if self.instance.verification_state != VerificationState.SUBMITTED:
            self.add_error(
                "decision",
                forms.ValidationError(
                    _("Only a profile awaiting verification can be verified or rejected."),
                    code="not_submitted",
                ),
            )
        if decision == Decision.REJECT and not (cleaned.get("decision_reason") or "").strip():
            self.add_error(
                "decision_reason",
                forms.ValidationError(
                    _("Give the reason for rejecting, so the applicant knows what to correct."),
                    code="required",
                ),
            )
        return cleaned


class RejectionForm(forms.Form):
    """The intermediate page of the "reject selected" action: one reason for all of them."""

    reason = _reason_field()

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("This field is required."), code="required")
        return reason


def _names(profiles) -> str:
    return ", ".join(str(profile) for profile in profiles)


class VerifiableAdmin(RegionalScopeAdmin, SimpleHistoryAdmin):
    """The admin of a profile that officials verify (UMKM and firms): in the official's
    regional scope, with the audit history (who changed what, when) as its "History" page."""

    form = VerificationDecisionForm
    formfield_overrides = URL_ASSUMES_HTTPS
    public_url_name: str = ""
    # Fields the form's clean() derives from others; saved with whatever the official changed.
    derived_fields: tuple[str, ...] = ()
    actions = ["verify_selected", "reject_selected"]
    date_hierarchy = "submitted_at"
    # The queue is worked oldest first; drafts (never submitted) come last.
    ordering = (F("submitted_at").asc(nulls_last=True), "pk")
    change_list_template = "admin/partnerships/verifiable_change_list.html"
    reject_confirmation_template = "admin/partnerships/reject_selected_confirmation.html"
    decision_fieldset = (
        _("Decision"),
        {
            "fields": ("decision", "decision_reason"),
            "description": _(
                "Verifying makes the profile visible to others; rejecting sends it back to "
                "the applicant with your reason. Either way the applicant gets an e-mail."
            ),
        },
    )
    audit_fieldset = (
        _("Verification record"),
        {"fields": AUDIT_FIELDS},
    )

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return (*super().get_readonly_fields(request, obj), *AUDIT_FIELDS)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if (
            obj is not None
            and obj.verification_state == VerificationState.SUBMITTED
            and self.has_change_permission(request, obj)
        ):
            fieldsets.insert(0, self.decision_fieldset)
        return fieldsets

    def view_on_site(self, obj: Profile) -> str:
        # Officials see every profile on the public site, verified or not: never a 404.
        return reverse(self.public_url_name, args=[obj.pk])

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {
            "queue_query": QUEUE_QUERY,
            "queue_count": self.get_queryset(request)
            .filter(verification_state=VerificationState.SUBMITTED)
            .count(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    # --- the change form's decision -------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Profile, form, change: bool) -> None:
        if change:
            # Only the columns this official changed: writing every column back would undo a
            # decision another official took while this form was open.
            concrete = {field.name for field in obj._meta.concrete_fields if not field.primary_key}
            changed = [name for name in form.changed_data if name in concrete]
            changed += self.derived_fields
            if changed:
                obj.save(update_fields=[*changed, "updated_at"])
        else:
            obj.save()
        decision = form.cleaned_data.get("decision") or Decision.KEEP
        if decision == Decision.KEEP:
            return
        try:
            if decision == Decision.VERIFY:
                decided = profile_verify(profile=obj, official=request.user)
            else:
                decided = profile_reject(
                    profile=obj, official=request.user, reason=form.cleaned_data["decision_reason"]
                )
        except VerificationError:
            self.message_user(
                request,
                format_lazy(
                    _("“{name}” was not awaiting verification any more: no decision was taken."),
                    name=obj,
                ),
                messages.WARNING,
            )
            return
        for name in AUDIT_FIELDS:
            setattr(obj, name, getattr(decided, name))
        self.log_change(request, obj, self._decision_log_message(decided))

    # --- the changelist actions -----------------------------------------------------------

    @admin.action(description=_("Verify selected profiles"), permissions=["change"])
    def verify_selected(self, request: HttpRequest, queryset) -> None:
        awaiting, skipped = self._split_by_state(queryset)
        done, raced = self._decide_each(
            request,
            awaiting,
            lambda profile: profile_verify(profile=profile, official=request.user),
        )
        skipped.extend(raced)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d profile verified; the applicant was e-mailed.",
                    "%(count)d profiles verified; the applicants were e-mailed.",
                    len(done),
                )
                % {"count": len(done)},
                messages.SUCCESS,
            )
        self._warn_skipped(request, skipped)

    @admin.action(description=_("Reject selected profiles (with a reason)"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset):
        awaiting, skipped = self._split_by_state(queryset)
        self._warn_skipped(request, skipped)
        if not awaiting:
            return None
        form = RejectionForm(request.POST if request.POST.get("post") else None)
        if not form.is_valid():
            return self._reject_confirmation(request, form, awaiting)
        reason = form.cleaned_data["reason"]
        done, raced = self._decide_each(
            request,
            awaiting,
            lambda profile: profile_reject(profile=profile, official=request.user, reason=reason),
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d profile rejected; the applicant was e-mailed the reason.",
                    "%(count)d profiles rejected; the applicants were e-mailed the reason.",
                    len(done),
                )
                % {"count": len(done)},
                messages.SUCCESS,
            )
        self._warn_skipped(request, raced)
        return None

    def _decide_each(self, request: HttpRequest, awaiting, decide):
        """Applies one decision to each profile; another official may have decided first."""
        done, raced = [], []
        for profile in awaiting:
            try:
                decided = decide(profile)
            except VerificationError:
                raced.append(profile)
            else:
                done.append(decided)
                self.log_change(request, decided, self._decision_log_message(decided))
        return done, raced

    def _reject_confirmation(self, request: HttpRequest, form: RejectionForm, awaiting):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject and ask for corrections"),
            "subtitle": None,
            "opts": opts,
            "objects_name": opts.verbose_name_plural,
            "form": form,
            "selected": awaiting,
            "action_name": "reject_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.reject_confirmation_template, context)

    def _split_by_state(self, queryset) -> tuple[list[Profile], list[Profile]]:
        awaiting, skipped = [], []
        for profile in queryset.order_by("pk"):
            if profile.verification_state == VerificationState.SUBMITTED:
                awaiting.append(profile)
            else:
                skipped.append(profile)
        return awaiting, skipped

    def _warn_skipped(self, request: HttpRequest, skipped) -> None:
        if skipped:
            self.message_user(
                request,
                format_lazy(
                    _("Skipped, because they are not awaiting verification: {names}."),
                    names=_names(skipped),
                ),
                messages.WARNING,
            )

    @staticmethod
    def _decision_log_message(profile: Profile) -> str:
        # Kept in the admin's history of the profile, beside who did it and when.
        if profile.verification_state == VerificationState.VERIFIED:
            return gettext("Verified.")
        return gettext("Rejected: %(reason)s") % {"reason": profile.rejection_reason}
