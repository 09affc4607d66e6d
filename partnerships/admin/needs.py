"""Officials' moderation of partnership needs: read them, correct them, remove them with a reason.

Firms post needs on the site; officials do not add them here. Removing goes through the
``need_remove`` service (an intermediate page asks the reason, which the firm is e-mailed).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.models import Need, NeedState, RequiredCertification
from partnerships.services.needs import NeedError, need_remove
from partnerships.services.search_documents import need_search_document_refresh

# Written by the services (closing, removal) and by the site: officials read them.
RECORD_FIELDS = ("state", "closed_at", "removal_reason", "created_by", "created_at", "updated_at")


class RequiredCertificationInline(admin.TabularInline):
    model = RequiredCertification
    fields = ("kind",)
    extra = 0


class RemovalForm(forms.Form):
    """The intermediate page of "remove selected needs": one reason for all of them."""

    reason = forms.CharField(
        label=capfirst(_("reason for removal")),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The firm's representatives read this in an e-mail: say what was wrong."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("This field is required."), code="required")
        return reason


@admin.register(Need)
class NeedAdmin(RegionalScopeAdmin, SimpleHistoryAdmin):
    list_display = ("title", "firm", "state", "deadline", "pattern", "estimated_value")
    list_filter = ("state", "pattern", "deadline")
    list_select_related = ("firm",)
    search_fields = ("title", "firm__name")
    date_hierarchy = "deadline"
    # KBLI (~1,800 codes), regencies (514) and firms have searchable admins: autocomplete
    # keeps the change form light.
    autocomplete_fields = ("firm", "kbli_codes", "locations")
    readonly_fields = RECORD_FIELDS
    inlines = (RequiredCertificationInline,)
    actions = ["remove_selected"]
    remove_confirmation_template = "admin/partnerships/remove_needs_confirmation.html"
    fieldsets = (
        (None, {"fields": ("firm", "title", "description", "pattern", "deadline")}),
        (
            _("What and where"),
            {"fields": ("kbli_codes", "locations", "volume", "unit", "period", "estimated_value")},
        ),
        (_("Record"), {"fields": RECORD_FIELDS}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Firms post their own needs on the site.
        return False

    def view_on_site(self, obj: Need) -> str:
        return reverse("need_detail", args=[obj.pk])

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # An official may have corrected the title, the description, codes or locations.
        need_search_document_refresh(need_id=form.instance.pk)

    @admin.action(description=_("Remove selected needs (with a reason)"), permissions=["change"])
    def remove_selected(self, request: HttpRequest, queryset):
        needs = list(queryset.select_related("firm").order_by("pk"))
        removable = [need for need in needs if need.state != NeedState.REMOVED]
        skipped = [need for need in needs if need.state == NeedState.REMOVED]
        self._warn_skipped(request, skipped)
        if not removable:
            return None
        form = RemovalForm(request.POST if request.POST.get("post") else None)
        if not form.is_valid():
            return self._remove_confirmation(request, form, removable)
        done, raced = [], []
        for need in removable:
            try:
                removed = need_remove(
                    need=need, official=request.user, reason=form.cleaned_data["reason"]
                )
            except NeedError:
                raced.append(need)
            else:
                done.append(removed)
                self.log_change(
                    request,
                    removed,
                    gettext("Removed: %(reason)s") % {"reason": removed.removal_reason},
                )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d need removed; the firm was e-mailed the reason.",
                    "%(count)d needs removed; the firms were e-mailed the reason.",
                    len(done),
                )
                % {"count": len(done)},
                messages.SUCCESS,
            )
        self._warn_skipped(request, raced)
        return None

    def _remove_confirmation(self, request: HttpRequest, form: RemovalForm, needs):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Remove needs"),
            "subtitle": None,
            "opts": opts,
            "form": form,
            "selected": needs,
            "action_name": "remove_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.remove_confirmation_template, context)

    def _warn_skipped(self, request: HttpRequest, skipped) -> None:
        if skipped:
            self.message_user(
                request,
                format_lazy(
                    _("Skipped, because they were already removed: {names}."),
                    names=", ".join(str(need) for need in skipped),
                ),
                messages.WARNING,
            )
