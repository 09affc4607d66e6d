from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.admin.spreadsheets import SpreadsheetExportMixin
from partnerships.admin.umkm_parts import UmkmPartAdmin
from partnerships.admin.verification import (
    URL_ASSUMES_HTTPS,
    Decision,
    VerifiableAdmin,
    VerificationDecisionForm,
)
from partnerships.business_size import classify_business
from partnerships.forms.identity import clean_nib_value
from partnerships.models import Certification, Product, Umkm, UmkmLink
from partnerships.services.assisted_registration import (
    CLAIM_CODE_VALIDITY,
    ClaimRefused,
    claim_code_issue,
    claim_url,
    umkm_register_assisted,
)
from partnerships.services.search_documents import umkm_search_document_refresh
from partnerships.services.size_classes import size_class_change_record_if_up
from partnerships.services.verification import FourEyesError, four_eyes_check
from partnerships.spreadsheets.exports import UmkmResource


class UmkmAdminForm(VerificationDecisionForm):
    # No Meta: the admin builds it, so every field comes from formfield_for_dbfield.
    # The signed-in official, set by UmkmAdmin.get_form on the class it builds per request.
    official = None

    def clean_nib(self) -> str:
        return clean_nib_value(self.cleaned_data.get("nib", ""), current=self.instance)

    def clean(self):
        cleaned = super().clean()
        province, regency = cleaned.get("province"), cleaned.get("regency")
        if province and regency and regency.province_id != province.pk:
            self.add_error(
                "regency",
                forms.ValidationError(
                    _("%(regency)s is not in %(province)s."),
                    code="regency_outside_province",
                    params={"regency": regency, "province": province},
                ),
            )
        capital = cleaned.get("capital")
        if capital is not None and "annual_sales" not in self.errors:
            # The size class follows from the figures (PP 7/2021); it is never typed in.
            size = classify_business(capital=capital, annual_sales=cleaned.get("annual_sales"))
            self.instance.size_class = size.size
            self.instance.size_criterion = size.criterion
        if cleaned.get("decision", Decision.KEEP) != Decision.KEEP and self.official is not None:
            try:
                four_eyes_check(profile=self.instance, official=self.official)
            except FourEyesError as refused:
                self.add_error("decision", forms.ValidationError(str(refused), code="four_eyes"))
        return cleaned


class ClaimCodeIssueForm(forms.Form):
    email = forms.EmailField(
        label=_("Owner's e-mail address (optional)"),
        required=False,
        help_text=_(
            "If the owner has an e-mail address, the portal sends the code and the link there. "
            "Leave it empty to print the code or read it out by phone."
        ),
    )


class CertificationInline(admin.TabularInline):
    model = Certification
    fields = ("kind", "other_name", "number", "expires_on")
    extra = 0


class UmkmLinkInline(admin.TabularInline):
    model = UmkmLink
    fields = ("kind", "url")
    formfield_overrides = URL_ASSUMES_HTTPS
    extra = 0


class ProductInline(admin.TabularInline):
    """Products are the owner's to write (their photos are re-encoded on upload): read here,
    edit one through its own admin page."""

    model = Product
    fields = ("name", "unit", "monthly_capacity", "minimum_order", "price_min", "price_max")
    readonly_fields = fields
    show_change_link = True
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# What the business does and its figures (the size class follows from them, read-only).
BUSINESS_FIELDSET = (
    _("Business"),
    {
        "fields": (
            "kbli_codes",
            "description",
            "year_founded",
            "employees",
            "capital",
            "annual_sales",
            "size_class",
            "size_criterion",
            "has_export_experience",
            "export_notes",
        )
    },
)


@admin.register(Umkm)
class UmkmAdmin(SpreadsheetExportMixin, VerifiableAdmin):
    resource_classes = [UmkmResource]
    form = UmkmAdminForm
    public_url_name = "umkm_detail"
    derived_fields = ("size_class", "size_criterion")
    list_display = (
        "name",
        "nib",
        "legal_form",
        "province",
        "regency",
        "size_class",
        "verification_state",
        "submitted_at",
    )
    list_filter = (
        "verification_state",
        "province",
        "legal_form",
        "size_class",
        "has_export_experience",
        "is_assisted",
    )
    list_select_related = ("province", "regency")
    search_fields = ("name", "nib", "owner_name")
    autocomplete_fields = ("owner", "province", "regency", "kbli_codes")
    readonly_fields = ("size_class", "size_criterion", "is_assisted", "registered_by")
    inlines = (CertificationInline, UmkmLinkInline, ProductInline)
    fieldsets = (
        (None, {"fields": ("name", "legal_form", "nib", "npwp")}),
        (
            _("Owner"),
            {
                "fields": (
                    "owner",
                    "owner_name",
                    "owner_nik",
                    "phone",
                    "email",
                    "contacts_visible_to_firms",
                )
            },
        ),
        (_("Location"), {"fields": ("province", "regency", "address")}),
        BUSINESS_FIELDSET,
        (_("Assisted registration"), {"fields": ("is_assisted", "registered_by")}),
        VerifiableAdmin.audit_fieldset,
    )
    # Adding an UMKM here is an assisted registration: an official enters what the owner's
    # paper form gives; the owner's account comes later, with a claim code.
    add_fieldsets = (
        (
            None,
            {
                "fields": ("name", "legal_form", "nib", "npwp"),
                "description": _(
                    "You are registering this business on its owner's behalf. Another "
                    "official verifies it; then issue a claim code so the owner can take "
                    "over the account."
                ),
            },
        ),
        (
            _("Owner"),
            {
                "fields": (
                    "owner_name",
                    "owner_nik",
                    "phone",
                    "email",
                    "contacts_visible_to_firms",
                )
            },
        ),
        (_("Location"), {"fields": ("province", "regency", "address")}),
        BUSINESS_FIELDSET,
    )
    claim_code_template = "admin/partnerships/umkm/claim_code.html"

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if obj is None:
            return self.add_fieldsets
        return super().get_fieldsets(request, obj)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.official = request.user  # a class built for this request only
        return form

    def save_model(self, request: HttpRequest, obj: Umkm, form, change: bool) -> None:
        if change:
            size_before = Umkm.objects.values_list("size_class", flat=True).get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            size_class_change_record_if_up(
                umkm=obj, before_class=size_before, recorded_by=request.user
            )
        else:
            umkm_register_assisted(official=request.user, umkm=obj)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # KBLI codes and the profile's words are part of the directory's search document.
        umkm_search_document_refresh(umkm_id=form.instance.pk)

    # --- four eyes in the changelist actions ------------------------------------------------

    def _without_own_registrations(self, request: HttpRequest, queryset):
        for profile in queryset.filter(registered_by=request.user).order_by("pk"):
            try:
                four_eyes_check(profile=profile, official=request.user)
            except FourEyesError as refused:
                self.message_user(request, str(refused), messages.ERROR)
        return queryset.exclude(registered_by=request.user)

    @admin.action(description=_("Verify selected profiles"), permissions=["change"])
    def verify_selected(self, request: HttpRequest, queryset) -> None:
        return super().verify_selected(request, self._without_own_registrations(request, queryset))

    @admin.action(description=_("Reject selected profiles (with a reason)"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset):
        return super().reject_selected(request, self._without_own_registrations(request, queryset))

    # --- claim codes --------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/claim-code/",
                self.admin_site.admin_view(self.claim_code_view),
                name="{}_{}_claim_code".format(*info),
            ),
            *super().get_urls(),
        ]

    def claim_code_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Issues a claim code and shows it once, large enough to print or read out."""
        umkm = self.get_object(request, unquote(object_id))
        if umkm is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (
            self.has_change_permission(request, umkm)
            and request.user.has_perm("partnerships.add_claimcode")
        ):
            raise PermissionDenied
        change_url = reverse("admin:partnerships_umkm_change", args=[umkm.pk])
        form = ClaimCodeIssueForm(request.POST if request.method == "POST" else None)
        plain_code = claim_code = None
        if request.method == "POST" and umkm.owner_id is None and form.is_valid():
            try:
                claim_code, plain_code = claim_code_issue(
                    umkm=umkm, official=request.user, email=form.cleaned_data["email"]
                )
            except ClaimRefused as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return redirect(change_url)
            self.log_change(
                request,
                umkm,
                gettext("Claim code issued (sent to %(email)s).")
                % {"email": claim_code.sent_to_email}
                if claim_code.sent_to_email
                else gettext("Claim code issued (printed or phoned)."),
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Claim code for %(name)s") % {"name": umkm.name},
            "subtitle": None,
            "opts": self.opts,
            "original": umkm,
            "form": form,
            "plain_code": plain_code,
            "claim_code": claim_code,
            "claim_url": claim_url(),
            "validity_days": CLAIM_CODE_VALIDITY.days,
            "change_url": change_url,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.claim_code_template, context)


@admin.register(Certification)
class CertificationAdmin(UmkmPartAdmin):
    """Certifications' last valid days are part of their UMKM's row (UmkmPartAdmin)."""

    list_display = ("umkm", "kind", "other_name", "number", "expires_on")
    list_filter = ("kind",)
    list_select_related = ("umkm",)
    search_fields = ("number", "other_name", "umkm__name", "umkm__nib")
    autocomplete_fields = ("umkm",)


@admin.register(UmkmLink)
class UmkmLinkAdmin(RegionalScopeAdmin):
    list_display = ("url", "kind", "umkm")
    list_filter = ("kind",)
    list_select_related = ("umkm",)
    search_fields = ("url", "umkm__name", "umkm__nib")
    formfield_overrides = URL_ASSUMES_HTTPS
    autocomplete_fields = ("umkm",)
