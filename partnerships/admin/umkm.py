from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerships.admin.verification import (
    URL_ASSUMES_HTTPS,
    VerifiableAdmin,
    VerificationDecisionForm,
)
from partnerships.business_size import classify_business
from partnerships.forms.identity import clean_nib_value
from partnerships.models import Certification, Product, Umkm, UmkmLink


class UmkmAdminForm(VerificationDecisionForm):
    # No Meta: the admin builds it, so every field comes from formfield_for_dbfield.

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
        return cleaned


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


@admin.register(Umkm)
class UmkmAdmin(VerifiableAdmin):
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
    )
    list_select_related = ("province", "regency")
    search_fields = ("name", "nib", "owner_name")
    autocomplete_fields = ("owner", "province", "regency", "kbli_codes")
    readonly_fields = ("size_class", "size_criterion")
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
        (
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
        ),
        VerifiableAdmin.audit_fieldset,
    )


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ("umkm", "kind", "other_name", "number", "expires_on")
    list_filter = ("kind",)
    list_select_related = ("umkm",)
    search_fields = ("number", "other_name", "umkm__name", "umkm__nib")
    autocomplete_fields = ("umkm",)


@admin.register(UmkmLink)
class UmkmLinkAdmin(admin.ModelAdmin):
    list_display = ("url", "kind", "umkm")
    list_filter = ("kind",)
    list_select_related = ("umkm",)
    search_fields = ("url", "umkm__name", "umkm__nib")
    formfield_overrides = URL_ASSUMES_HTTPS
    autocomplete_fields = ("umkm",)
