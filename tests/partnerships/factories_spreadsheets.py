"""Spreadsheets as officials upload them, and reading back what the exports hold.

``import_row(firm, umkm)`` is one row of the historical commitments' file: the five required
columns (Indonesian names) for a supply-chain commitment worth Rp1.500.000.000 signed on
18 January 2021; overrides change or add any column, ``None`` leaves a cell empty.
``csv_upload(rows)`` and ``xlsx_upload(rows)`` write rows (dicts keyed by column name) under
the union of their keys as the header, in order of first appearance.
"""

import csv
import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import Firm, Umkm

CEREMONY = datetime.date(2021, 1, 18)


def import_row(firm: Firm | Umkm | str | int, umkm: Umkm | Firm | str | int, **overrides) -> dict:
    """A row for ``firm`` and ``umkm`` (records, or their NIBs as text or number cells)."""
    row = {
        "nib_perusahaan": firm.nib if isinstance(firm, Firm | Umkm) else firm,
        "nib_umkm": umkm.nib if isinstance(umkm, Firm | Umkm) else umkm,
        "nilai": "1.500.000.000",
        "pola": "rantai_pasok",
        "tanggal": "18/01/2021",
    }
    row.update(overrides)
    return row


def _header(rows: list[dict], header: list[str] | None) -> list[str]:
    if header is not None:
        return header
    names: list[str] = []
    for row in rows:
        names.extend(name for name in row if name not in names)
    return names


def csv_bytes(rows: list[dict], *, header: list[str] | None = None, delimiter: str = ",") -> bytes:
    names = _header(rows, header)
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row.get(name) for name in names])
    return stream.getvalue().encode("utf-8")


def csv_upload(rows: list[dict], name: str = "komitmen.csv", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows, **options), content_type="text/csv")


def xlsx_bytes(rows: list[dict], *, header: list[str] | None = None) -> bytes:
    """An XLSX workbook; each cell keeps its Python type (int and float numbers, dates)."""
    names = _header(rows, header)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(names)
    for row in rows:
        sheet.append([row.get(name) for name in names])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def xlsx_upload(rows: list[dict], name: str = "komitmen.xlsx", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        xlsx_bytes(rows, **options),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def read_csv(content: bytes) -> list[list[str]]:
    """An exported CSV's rows, the header first (it starts with a byte order mark)."""
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes) -> list[list]:
    """An exported workbook's first sheet as rows of typed values, the header first."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def xlsx_data_types(content: bytes) -> list[list[str]]:
    """The openpyxl data type of each cell ("n" number, "s" text, "d" date, "f" formula)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [[cell.data_type for cell in row] for row in book.active.iter_rows()]
