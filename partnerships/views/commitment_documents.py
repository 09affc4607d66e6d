"""The private files of commitments, under /commitments/: the signed statement of commitment and
partnership agreement, and the evidence of a realisation report.

They are never served from a media URL (MEDIA_URL serves nothing: portal/urls.py has no media
route, in DEBUG or not, and the files live under private/ with random names). Each download
goes through ``get_commitment_for_viewer``: the UMKM's owner, the firm's representatives and
officials whose scope holds the commitment get the file; anybody else gets a 404, so nobody
learns which commitments exist. A visitor who is not signed in is sent to sign in first (the
redirect says nothing either: it comes before the commitment is looked up), so a party who
follows a link from an e-mail gets the file after signing in.

The file goes out as an attachment with a clean name ("komitmen-12-pernyataan.pdf"), its
content type from its content (checked on upload by partnerships.documents), and headers that
keep it out of shared caches and stop browsers guessing another type.
"""

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_safe

from partnerships.access import get_commitment_for_viewer
from partnerships.documents import CONTENT_TYPES, EXTENSIONS, PDF_WINDOW, document_kind
from partnerships.models import RealisationReport

# The URL's kind, the field that holds it, and the word in the downloaded file's name
# (Indonesian, as the documents themselves are).
DOCUMENTS = {
    "statement": ("statement_document", "pernyataan"),
    "agreement": ("agreement_document", "kesepakatan"),
}


def _private_file(stored: FieldFile, filename_stem: str) -> FileResponse:
    if not stored:
        raise Http404("No document has been uploaded.")
    try:
        handle = stored.storage.open(stored.name, "rb")
    except OSError:
        raise Http404("The document's file is missing.") from None
    kind = document_kind(handle.read(PDF_WINDOW))
    handle.seek(0)
    if kind is None:
        # Checked on upload; a file that is not what it was is not handed out.
        handle.close()
        raise Http404("The document's file is not a document.")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename_stem}.{EXTENSIONS[kind]}",
        content_type=CONTENT_TYPES[kind],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def commitment_document(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    if kind not in DOCUMENTS:
        raise Http404("No such document.")
    commitment = get_commitment_for_viewer(request.user, pk)
    field, word = DOCUMENTS[kind]
    return _private_file(getattr(commitment, field), f"komitmen-{commitment.pk}-{word}")


@require_safe
@login_required
def realisation_evidence(request: HttpRequest, pk: int) -> FileResponse:
    reports = RealisationReport.objects.only("pk", "commitment", "evidence")
    report = get_object_or_404(reports, pk=pk)
    # 404 unless this person may see the report's commitment.
    get_commitment_for_viewer(request.user, report.commitment_id)
    return _private_file(report.evidence, f"realisasi-{report.pk}-bukti")


urlpatterns = [
    path("<int:pk>/documents/<slug:kind>/", commitment_document, name="commitment_document"),
    path("reports/<int:pk>/evidence/", realisation_evidence, name="realisation_evidence"),
]
