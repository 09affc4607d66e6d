from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.admin.spreadsheets import SpreadsheetExportMixin
from partnerships.admin.verification import VerifiableAdmin, VerificationDecisionForm
from partnerships.forms.identity import clean_nib_value
from partnerships.models import Firm, FirmInvitation, FirmRepresentative, InvestmentType
from partnerships.officials import ByFirm
from partnerships.spreadsheets.exports import FirmResource


class FirmAdminForm(VerificationDecisionForm):
    # No Meta: the admin builds it, so every field comes from formfield_for_dbfield.

    def clean_nib(self) -> str:
        return clean_nib_value(self.cleaned_data.get("nib", ""), current=self.instance)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("investment_type") == InvestmentType.PMA and not cleaned.get("country"):
            self.add_error(
                "country",
                forms.ValidationError(
                    _("A PMA firm needs the investor's country of origin."), code="required"
                ),
            )
        return cleaned


class FirmRepresentativeInline(admin.TabularInline):
    model = FirmRepresentative
    fields = ("user", "job_title", "joined_at")
    readonly_fields = ("joined_at",)
    autocomplete_fields = ("user",)
    extra = 0


class FirmInvitationInline(admin.TabularInline):
    """Representatives send invitations from the site; here officials only see them.
    The token is the invitation's secret and is never shown."""

    model = FirmInvitation
    fields = ("email", "invited_by", "created_at", "accepted_at")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("invited_by")


@admin.register(Firm)
class FirmAdmin(SpreadsheetExportMixin, VerifiableAdmin):
    resource_classes = [FirmResource]
    form = FirmAdminForm
    public_url_name = "firm_detail"
    list_display = (
        "name",
        "nib",
        "investment_type",
        "country",
        "is_exporter",
        "verification_state",
        "submitted_at",
    )
    list_filter = (
        "verification_state",
        "investment_type",
        ("locations__province", admin.RelatedOnlyFieldListFilter),
        "is_exporter",
    )
    search_fields = ("name", "nib")
    autocomplete_fields = ("sectors", "locations")
    inlines = (FirmRepresentativeInline, FirmInvitationInline)
    fieldsets = (
        (None, {"fields": ("name", "investment_type", "country", "nib", "npwp")}),
        (
            _("Business"),
            {
                "fields": (
                    "sectors",
                    "locations",
                    "capital",
                    "annual_sales",
                    "is_exporter",
                    "description",
                    "website",
                )
            },
        ),
        VerifiableAdmin.audit_fieldset,
    )


@admin.register(FirmRepresentative)
class FirmRepresentativeAdmin(RegionalScopeAdmin):
    province_scope = ByFirm("firm")
    list_display = ("user", "firm", "job_title", "joined_at")
    list_select_related = ("user", "firm")
    search_fields = ("user__name", "user__email", "firm__name", "firm__nib", "job_title")
    autocomplete_fields = ("user", "firm")
    readonly_fields = ("joined_at",)


@admin.register(FirmInvitation)
class FirmInvitationAdmin(RegionalScopeAdmin):
    """Read-only: invitations are sent and accepted on the site, with a secret token."""

    province_scope = ByFirm("firm")

    list_display = ("email", "firm", "invited_by", "created_at", "accepted_at")
    list_filter = (("accepted_at", admin.EmptyFieldListFilter),)
    list_select_related = ("firm", "invited_by")
    search_fields = ("email", "firm__name", "firm__nib")
    fields = ("email", "firm", "invited_by", "created_at", "accepted_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
