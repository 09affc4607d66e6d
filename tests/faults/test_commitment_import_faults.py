"""A failure in the middle of importing historical commitments leaves nothing recorded.

The official uploads a spreadsheet of four commitments, sees the preview and confirms; the
failure is injected when the third row is recorded (the first two really are, through the
commitment service, follow-ups and history included). Whatever the failure (the database
lost, a bug), every table holds afterwards exactly what it held before the confirmation, and
the page says that nothing was imported and which row failed, without a stack trace.

Real transactions (``transaction=True``), as in production.
"""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from partnerships.models import Commitment
from partnerships.spreadsheets import commitment_import
from tests.faults.database_state import database_rows, differences
from tests.partnerships.factories import make_firm, make_umkm
from tests.partnerships.factories_spreadsheets import csv_upload, import_row

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data_after_flush"),
]

IMPORT = reverse("admin:partnerships_commitment_import")
CONFIRM = reverse("admin:partnerships_commitment_process_import")
FAIL_AT = 3
ROWS = 4


@pytest.fixture(autouse=True)
def _admin_in_english(settings):
    # The admin speaks the site's default language; its messages are read as written.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def preview(client, official):
    """The preview of a valid file of four commitments, as the official sees it."""
    firm = make_firm(state="verified")
    rows = [import_row(firm, make_umkm(state="verified")) for _ in range(ROWS)]
    client.force_login(official)
    response = client.post(IMPORT, {"import_file": csv_upload(rows), "format": ""})
    assert "confirm_form" in response.context, response.content.decode()[-2000:]
    return response


def _recording_fails_at(error: Exception):
    real = commitment_import.commitment_record
    calls = []

    def record(**arguments):
        calls.append(arguments)
        if len(calls) == FAIL_AT:
            raise error
        return real(**arguments)

    return mock.patch.object(commitment_import, "commitment_record", record), calls


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly (injected)"),
        RuntimeError("a bug in the middle of the import (injected)"),
    ],
    ids=["database lost", "bug"],
)
def test_a_failure_at_the_third_row_records_none_of_the_file(client, preview, error):
    client.raise_request_exception = False
    before = database_rows(leave_out=("django_session",))
    failing, calls = _recording_fails_at(error)

    with failing:
        response = client.post(CONFIRM, preview.context["confirm_form"].initial)

    assert len(calls) >= FAIL_AT  # two rows were recorded before the failure
    assert differences(before, database_rows(leave_out=("django_session",))) == {}
    assert not Commitment.objects.exists()
    assert response.status_code == 200
    page = _text(response)
    assert "Nothing was imported" in page
    assert f"Row {FAIL_AT + 1}" in page  # the spreadsheet's row: the header is row 1
    assert "Traceback" not in page


def test_without_a_failure_the_same_confirmation_records_the_file(client, preview):
    # The control: the injection point is on the import's path.
    client.post(CONFIRM, preview.context["confirm_form"].initial)
    assert Commitment.objects.count() == ROWS
