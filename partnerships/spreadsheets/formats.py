"""Reading uploaded spreadsheets so that row N of the dataset is row N + 1 of the file.

Officials are told "row 4" and look for row 4 in their spreadsheet, so no row may go missing
on the way: django-import-export's readers drop empty CSV lines (tablib skips them) and ask
openpyxl for a sheet whose rows all have the header's width. These readers keep every row,
pad short ones, and widen the header (with empty names) when a row is longer, so that a value
under no header is reported rather than lost. They also accept what Indonesian spreadsheets
write: a CSV separated by semicolons (Excel's "CSV" where the decimal mark is a comma).

They stop reading after ``MAX_ROWS`` rows with something in them plus one: the import then
refuses the file as too long, without reading a sheet of a million rows into memory.
"""

import csv
import io

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

# More rows than any ceremony's record (the 2021 ceremony signed 196 commitments).
MAX_ROWS = 2000


class UnreadableSpreadsheet(ValueError):
    """The file holds nothing to import; ``message`` says so, translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _has_values(row) -> bool:
    return any(cell is not None and str(cell).strip() for cell in row)


def _dataset(rows) -> tablib.Dataset:
    """A dataset from an iterable of rows, the first being the header."""
    rows = iter(rows)
    header = list(next(rows, []))
    body, filled = [], 0
    for row in rows:
        row = list(row)
        body.append(row)
        if _has_values(row):
            filled += 1
            if filled > MAX_ROWS:
                break
    if not _has_values(header):
        raise UnreadableSpreadsheet(
            _("The file is empty: its first row should hold the column names.")
        )
    if not filled:
        raise UnreadableSpreadsheet(_("The file has no rows below its column names."))
    width = max([len(header), *(len(row) for row in body)])
    dataset = tablib.Dataset()
    dataset.headers = [*header, *[""] * (width - len(header))]
    for row in body:
        dataset.append([*row, *[""] * (width - len(row))])
    return dataset


class ImportCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        first_line = in_stream.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        return _dataset(csv.reader(io.StringIO(in_stream), delimiter=delimiter))


class ImportXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        import openpyxl

        # data_only: a formula cell gives its last computed value, never the formula.
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            return _dataset(book.active.iter_rows(values_only=True))
        finally:
            book.close()


IMPORT_FORMATS = [ImportCSV, ImportXLSX]
