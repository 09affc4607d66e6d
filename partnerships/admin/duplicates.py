"""The review list of possible duplicate UMKM: officials compare each pair side by side, then
merge it into one record or mark the two as different businesses.

Nothing is typed here: the page shows both records and offers the two decisions, each a POST
with its CSRF token (a merge after a confirmation page), through services.duplicates.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.models import DuplicateCandidate, DuplicateState, Umkm
from partnerships.services.duplicates import (
    DuplicateError,
    duplicate_mark_distinct,
    duplicate_merge,
)

PENDING_FIRST = Case(
    When(state=DuplicateState.PENDING, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(RegionalScopeAdmin):
    """In scope for a regional official when either UMKM is in one of their provinces."""

    list_display = ("__str__", "similarity", "state", "found_at", "decided_by", "decided_at")
    list_display_links = ("__str__",)
    list_filter = ("state",)
    list_select_related = ("first", "second", "decided_by")
    search_fields = ("first__name", "second__name", "first__nib", "second__nib")
    ordering = (PENDING_FIRST.asc(), "-similarity", "pk")
    review_template = "admin/partnerships/duplicatecandidate/review.html"
    merge_confirmation_template = "admin/partnerships/duplicatecandidate/merge_confirmation.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/merge/<int:keep_pk>/",
                view(self.merge_view),
                name="{}_{}_merge".format(*info),
            ),
            path(
                "<path:object_id>/distinct/",
                view(self.distinct_view),
                name="{}_{}_distinct".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- pages ----------------------------------------------------------------------------

    def _candidate(self, request: HttpRequest, object_id: str):
        candidate = self.get_object(request, unquote(object_id))
        if candidate is not None and not self.has_view_or_change_permission(request, candidate):
            raise PermissionDenied
        return candidate

    def _records(self, candidate: DuplicateCandidate) -> list[Umkm]:
        records = {
            umkm.pk: umkm
            for umkm in Umkm.objects.filter(pk__in=[candidate.first_id, candidate.second_id])
            .select_related("owner", "province", "regency")
            .annotate(product_count=Count("products"))
        }
        return [records[pk] for pk in (candidate.first_id, candidate.second_id) if pk in records]

    def _context(self, request: HttpRequest, candidate: DuplicateCandidate, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": candidate,
            "subtitle": None,
            "records": self._records(candidate),
            "may_decide": candidate.state == DuplicateState.PENDING
            and self.has_change_permission(request, candidate),
            "media": self.media,
            **extra,
        }

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        candidate = self._candidate(request, object_id)
        if candidate is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        request.current_app = self.admin_site.name
        context = self._context(
            request, candidate, title=gettext("Possible duplicate: compare the two records")
        )
        return TemplateResponse(request, self.review_template, context)

    def merge_view(self, request: HttpRequest, object_id: str, keep_pk: int) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        candidate = self._candidate(request, object_id)
        if candidate is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, candidate):
            raise PermissionDenied
        review_url = reverse("admin:partnerships_duplicatecandidate_change", args=[candidate.pk])
        if keep_pk not in (candidate.first_id, candidate.second_id):
            self.message_user(
                request,
                gettext("The record to keep must be one of the pair; nothing changed."),
                messages.ERROR,
            )
            return redirect(review_url)
        if request.method == "POST":
            try:
                kept = duplicate_merge(
                    candidate=candidate, keep=Umkm(pk=keep_pk), official=request.user
                )
            except DuplicateError as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return redirect(review_url)
            self.message_user(
                request,
                gettext("Merged into “%(name)s”; everything of the other record moved there.")
                % {"name": kept.name},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:partnerships_umkm_change", args=[kept.pk]))
        if candidate.state != DuplicateState.PENDING:
            self.message_user(
                request,
                gettext("This pair has already been decided by another official; nothing changed."),
                messages.WARNING,
            )
            return redirect(review_url)
        records = self._records(candidate)
        kept = next((umkm for umkm in records if umkm.pk == keep_pk), None)
        discarded = next((umkm for umkm in records if umkm.pk != keep_pk), None)
        request.current_app = self.admin_site.name
        context = self._context(
            request,
            candidate,
            title=gettext("Merge the two records?"),
            kept=kept,
            discarded=discarded,
            review_url=review_url,
        )
        return TemplateResponse(request, self.merge_confirmation_template, context)

    def distinct_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        candidate = self._candidate(request, object_id)
        if candidate is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, candidate):
            raise PermissionDenied
        try:
            duplicate_mark_distinct(candidate=candidate, official=request.user)
        except DuplicateError as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return redirect(
                reverse("admin:partnerships_duplicatecandidate_change", args=[candidate.pk])
            )
        self.message_user(
            request,
            gettext("Marked as different businesses: this pair will not be proposed again."),
            messages.SUCCESS,
        )
        return redirect(reverse("admin:partnerships_duplicatecandidate_changelist"))
