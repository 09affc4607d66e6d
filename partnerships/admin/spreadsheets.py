"""Exports of the admin's lists, and the import of historical commitments (django-import-export).

``SpreadsheetExportMixin`` puts an Export button on a changelist. The export holds the list as
the official sees it: the changelist's filters and search applied (the button carries them), on
the admin's queryset, so a regional official exports only their provinces. CSV and XLSX
(settings.IMPORT_EXPORT_FORMATS). Anyone who may view the list may export it, auditors too
(IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view").

``CommitmentImportExportMixin`` adds the import of historical commitments to the commitments'
list, for those who may add commitments (IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"; not
auditors). The page explains the columns and offers a template file; an upload is read and
checked as a whole and shown as a preview, or as the list of its problems by row and column;
"Confirm" records the commitments through the commitment service, all of them or none
(partnerships/spreadsheets/commitment_import.py).

The pages are the portal's own templates: translated, without inline script or style (the
portal's Content Security Policy), and complete without JavaScript (the file's format is told
from its name or content when the official leaves the choice empty).
"""

import contextlib
import os

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportMixin
from import_export.forms import ExportForm, ImportForm

from partnerships.spreadsheets.commitment_import import (
    COLUMNS,
    CommitmentImportResource,
    template_dataset,
)
from partnerships.spreadsheets.exports import CommitmentExportResource
from partnerships.spreadsheets.formats import IMPORT_FORMATS, MAX_ROWS, UnreadableSpreadsheet
from portal.money import format_rupiah

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"  # an XLSX workbook is a zip archive


class SpreadsheetExportMixin(ExportMixin):
    """An Export button on the changelist: the list as filtered and searched, CSV or XLSX."""

    export_form_class = ExportForm  # one fixed set of columns per list
    export_template_name = "admin/partnerships/spreadsheets/export.html"
    to_encoding = "utf-8-sig"  # a byte order mark, so Excel reads the CSV as UTF-8

    def get_export_filename(self, request: HttpRequest, queryset, file_format) -> str:
        name = slugify(str(self.opts.verbose_name_plural))
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def export_action(self, request: HttpRequest):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # A filter the list does not have: what the changelist answers (?e=1).
            changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return HttpResponseRedirect(f"{changelist}?e=1")

    def init_request_context_data(self, request: HttpRequest, form):
        context = super().init_request_context_data(request, form)
        context["row_count"] = self.get_export_queryset(request).count()
        context["filtered"] = bool(request.GET)
        context["changelist_url"] = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        ) + (f"?{request.GET.urlencode()}" if request.GET else "")
        context["columns"] = [
            str(column) for _name, columns in context["fields_list"] for column in columns
        ]
        # "CSV" and "XLSX", XLSX first chosen: officials open the file in Excel.
        titles = [fmt().get_title() for fmt in self.get_export_formats()]
        form.fields["format"].choices = [(str(i), title.upper()) for i, title in enumerate(titles)]
        if "xlsx" in titles:
            form.fields["format"].initial = str(titles.index("xlsx"))
        return context


class CommitmentImportForm(ImportForm):
    """The upload: the file and, optionally, its format (told from the file when left empty)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].label = _("Spreadsheet")
        self.fields["import_file"].help_text = _(
            "A CSV (UTF-8) or XLSX file of at most 5 MB, one commitment per row."
        )
        self.fields["import_file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.fields["format"].label = _("Format")
        self.fields["format"].choices = [
            ("", _("told from the file")),
            *((str(index), fmt().get_title().upper()) for index, fmt in enumerate(formats)),
        ]
        self.fields["format"].required = False
        self.fields["format"].help_text = _("Leave it empty to tell it from the file.")

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most 5 MB. Import it in parts.")
                % {"size": f"{upload.size / (1024 * 1024):.1f}"},
                code="too_big",
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        head = upload.read(4)
        upload.seek(0)
        titles = [fmt().get_title().lower() for fmt in self.formats]
        chosen = cleaned.get("format")
        is_zip = head == ZIP_MAGIC
        if not chosen:
            extension = os.path.splitext(upload.name)[1].lstrip(".").lower()
            guessed = "xlsx" if is_zip else extension
            if guessed not in titles:
                self.add_error(
                    "format",
                    _("Choose the format: the file's name does not end in .csv or .xlsx."),
                )
                return cleaned
            cleaned["format"] = str(titles.index(guessed))
        elif titles[int(chosen)] == "xlsx" and not is_zip:
            self.add_error("format", _("This file is not an XLSX workbook: choose CSV."))
        elif titles[int(chosen)] == "csv" and is_zip:
            self.add_error("format", _("This file is an XLSX workbook: choose XLSX."))
        return cleaned


class CommitmentImportExportMixin(ImportMixin, SpreadsheetExportMixin):
    """The commitments' list: exports, and the import of historical commitments."""

    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_template_name = "admin/partnerships/commitment/import.html"
    import_form_class = CommitmentImportForm
    import_formats = IMPORT_FORMATS  # readers that keep every row, so row numbers are true
    resource_classes = [CommitmentExportResource]

    def get_import_resource_classes(self, request: HttpRequest):
        return [CommitmentImportResource]

    def choose_import_resource_class(self, form, request: HttpRequest):
        return CommitmentImportResource

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/template.<str:extension>",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- the page ------------------------------------------------------------------------------

    def get_import_context_data(self, **kwargs):
        info = self.opts.app_label, self.opts.model_name
        template = "admin:{}_{}_import_template".format(*info)
        return {
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
            "template_csv_url": reverse(template, args=["csv"]),
            "template_xlsx_url": reverse(template, args=["xlsx"]),
            "import_url": reverse("admin:{}_{}_import".format(*info)),
        }

    def import_action(self, request: HttpRequest, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        if "confirm_form" not in context and form is not None and form.is_bound:
            # Refused: the uploaded copy will not be confirmed, so it is not kept.
            upload = getattr(form, "cleaned_data", {}).get("import_file")
            stored = getattr(upload, "tmp_storage_name", None)
            if stored:
                self._remove_upload(stored)
        return response

    def _upload_kept(self, name: str) -> bool:
        if not name:
            return False
        storage = self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs())
        try:
            return storage.read() is not None
        except (OSError, ValueError):  # a file storage's missing file
            return False

    def _remove_upload(self, name: str) -> None:
        storage = self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs())
        with contextlib.suppress(OSError):
            storage.remove()

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnreadableSpreadsheet):
            form.add_error("import_file", e.message)
            return
        form.add_error(
            "import_file",
            _(
                "The file could not be read as %(format)s. Save it from your spreadsheet as "
                "“CSV UTF-8” or as an Excel workbook (.xlsx), and upload it again."
            )
            % {"format": self._format_title(form)},
        )

    def _format_title(self, form) -> str:
        chosen = form.cleaned_data.get("format") or ""
        formats = self.get_import_formats()
        if not (chosen.isdigit() and int(chosen) < len(formats)):
            return "CSV / XLSX"
        return formats[int(chosen)]().get_title().upper()

    # --- the confirmation ------------------------------------------------------------------------

    def process_import(self, request: HttpRequest, **kwargs):
        if request.method == "POST":
            if not self.has_import_permission(request):
                raise PermissionDenied
            confirm = self.create_confirm_form(request)
            formats = self.get_import_formats()
            fmt = confirm.data.get("format", "")
            stored = os.path.basename(confirm.data.get("import_file_name", ""))
            if not (fmt.isdigit() and int(fmt) < len(formats) and self._upload_kept(stored)):
                # Confirmed twice, or a preview whose file is gone: nothing to import.
                messages.error(
                    request,
                    gettext(
                        "This preview is no longer available (was it confirmed already?). "
                        "Nothing was imported: upload the file again."
                    ),
                )
                return HttpResponseRedirect(self.get_import_context_data()["import_url"])
        return super().process_import(request, **kwargs)

    def process_result(self, result, request: HttpRequest):
        if result.has_errors() or result.has_validation_errors():
            # Something changed since the preview (a commitment recorded meanwhile): the
            # transaction was rolled back, and the page says why.
            formats = self.get_import_formats()
            form = self.get_import_form_class(request)(
                formats, self.get_import_resource_classes(request)
            )
            context = {
                **self.get_import_context_data(),
                **self.admin_site.each_context(request),
                "title": gettext("Import"),
                "form": form,
                "opts": self.opts,
                "media": self.media + form.media,
                "result": result,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def add_success_message(self, result, request: HttpRequest) -> None:
        count = len(result.commitments())
        messages.success(
            request,
            ngettext(
                "%(count)d commitment imported, worth %(total)s, with its follow-ups.",
                "%(count)d commitments imported, worth %(total)s in all, with their follow-ups.",
                count,
            )
            % {
                "count": count,
                "total": format_rupiah(result.total_value(), get_language() or "id"),
            },
        )

    # --- the template file ---------------------------------------------------------------------

    def import_template_view(self, request: HttpRequest, extension: str) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in ("csv", "xlsx"):
            raise Http404
        dataset = template_dataset(typed=extension == "xlsx")
        if extension == "csv":
            response = HttpResponse(
                dataset.export("csv").encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                dataset.export("xlsx"),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="komitmen-historis.{extension}"'
        return response
