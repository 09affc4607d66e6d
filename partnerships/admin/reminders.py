"""Reminders in the admin: the record of every reminder sent (read-only, in the official's
scope), and the "Send reminders" page that lists who would get one today and sends them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.models import Reminder
from partnerships.services.reminders import (
    REMINDER_PERMISSION,
    reminder_recipients,
    reminders_send,
)

RECIPIENTS_PER_PAGE = 100


@admin.register(Reminder)
class ReminderAdmin(RegionalScopeAdmin):
    """Reminders are sent from the "Send reminders" page and never edited or deleted here."""

    list_display = ("recipient", "kind", "sent_at", "sent_by")
    list_filter = ("kind", "sent_at")
    list_select_related = ("recipient", "sent_by")
    search_fields = ("recipient__name", "recipient__email")
    date_hierarchy = "sent_at"
    fields = ("recipient", "kind", "sent_at", "sent_on", "sent_by")
    readonly_fields = fields
    change_list_template = "admin/partnerships/reminder/change_list.html"
    send_template = "admin/partnerships/reminder/send.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Not through the add form: reminders are sent (see send_view), not typed in.
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def may_send(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REMINDER_PERMISSION)

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {"may_send_reminders": self.may_send(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "send/",
                self.admin_site.admin_view(self.send_view),
                name="{}_{}_send".format(*info),
            ),
            *super().get_urls(),
        ]

    def send_view(self, request: HttpRequest) -> HttpResponse:
        """GET: who would get a reminder today and why. POST: send them."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if not self.may_send(request):
            raise PermissionDenied
        send_url = reverse("admin:partnerships_reminder_send")
        if request.method == "POST":
            sent = reminders_send(official=request.user)
            if sent:
                self.message_user(
                    request,
                    ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", sent)
                    % {"count": sent},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    gettext("No reminder was sent: everyone was reminded today already."),
                    messages.WARNING,
                )
            if self.has_view_permission(request):
                return redirect("admin:partnerships_reminder_changelist")
            return redirect(send_url)
        recipients = reminder_recipients(official=request.user)
        page = Paginator(recipients, RECIPIENTS_PER_PAGE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Send reminders"),
            "subtitle": None,
            "opts": self.opts,
            "recipients_count": len(recipients),
            "page": page,
            "send_url": send_url,
            "may_view_reminders": self.has_view_permission(request),
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.send_template, context)
