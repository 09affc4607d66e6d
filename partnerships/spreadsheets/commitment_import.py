"""Importing historical commitments from the spreadsheets officials already keep (issue 7).

One row per commitment. Five columns are required: the firm's NIB (nib_perusahaan), the UMKM's
NIB (nib_umkm), the value (nilai), the partnership pattern (pola) and the date signed
(tanggal); the others are optional: the signing event (acara), the scope (lingkup), the
period (mulai, selesai) and the signatories. Headers are the Indonesian names of the template
file; the English names are accepted too, in any case, with spaces or hyphens for underscores.

The file is read in two passes, both inside django-import-export's flow:

1. ``before_import`` reads every row (partnerships.spreadsheets.cells), finds the parties of
   the whole file in a few queries, and notes each row's problems by column: an unknown NIB,
   a row that repeats an earlier one ("the same commitment as row 2"), a commitment already
   recorded, a party outside a regional official's provinces.
2. Each row is then recorded through ``commitment_record`` (partnerships/services/
   commitments.py), exactly as an official's form records one, so the follow-ups exist and the
   service's rules (no draft party, no date in the future, ...) apply word for word; a row the
   service refuses carries its message under the column it names.

Nothing is written unless the whole file is valid: import-export's preview is a dry run in a
transaction that is rolled back, and the confirmed import runs in one transaction that is rolled
back if any row is refused then (someone may have recorded one of the commitments between the
preview and the confirmation). Row numbers are the spreadsheet's: the header is row 1.

What is not in the file gets a default, which the import page explains: the event
"Impor data historis", the period from the signing date to a year later less a day, and
"Tidak tercatat" (not recorded) for a missing scope or signatory. Every imported commitment
starts at the statement stage (pre-contract); the agreement is signed on its page later.
"""

import datetime
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.results import Result
from openpyxl.utils import get_column_letter

from partnerships.models import Commitment, Firm, Umkm
from partnerships.officials import ByFirm, ByUmkm, in_scope, scoped_province_ids
from partnerships.services.commitments import CommitmentError, commitment_record, value_problem
from partnerships.spreadsheets.cells import (
    CellError,
    a_year_later_less_a_day,
    cell_text,
    header_key,
    is_blank,
    parse_date,
    parse_nib,
    parse_pattern,
    parse_value,
)
from partnerships.spreadsheets.exports import SpreadsheetResource
from partnerships.spreadsheets.formats import MAX_ROWS

# Stored data, in the language of the records (like the demo's signing events).
IMPORTED_SIGNING_EVENT = "Impor data historis"
NOT_RECORDED = "Tidak tercatat"

# The model's limits, checked here so the message names the row and the column.
SIGNING_EVENT_LENGTH = Commitment._meta.get_field("signing_event").max_length
SIGNATORY_LENGTH = Commitment._meta.get_field("firm_signatory").max_length

# Row N of the dataset is row N + 1 of the spreadsheet: the header is row 1.
HEADER_ROWS = 1


@dataclass(frozen=True)
class Column:
    name: str  # the Indonesian header of the template file
    aliases: tuple[str, ...]  # other headers accepted, the English one first
    argument: str  # what it gives commitment_record
    required: bool
    description: Promise
    example: object  # in the template file (CSV text; XLSX gets typed cells where they fit)
    typed_example: object = None

    @property
    def english(self) -> str:
        return self.aliases[0]


COLUMNS = (
    Column(
        "nib_perusahaan",
        ("firm_nib", "nib_firm"),
        "firm",
        True,
        gettext_lazy("The firm's NIB: 13 digits."),
        "9120001234567",
    ),
    Column(
        "nib_umkm",
        ("umkm_nib",),
        "umkm",
        True,
        gettext_lazy("The UMKM's NIB: 13 digits."),
        "9120007654321",
    ),
    Column(
        "nilai",
        ("value", "nilai_rp", "value_rp"),
        "value",
        True,
        gettext_lazy(
            "The committed value in whole rupiah: 1.500.000.000, Rp 1.500.000.000 or a number "
            "cell. No fractions of a rupiah."
        ),
        "1.500.000.000",
        1_500_000_000,
    ),
    Column(
        "pola",
        ("pattern",),
        "pattern",
        True,
        gettext_lazy(
            "The partnership pattern of PP 7/2021: its code (rantai_pasok) or its name in "
            "Indonesian or English (Rantai pasok, supply chain), in any case."
        ),
        "rantai_pasok",
    ),
    Column(
        "tanggal",
        ("date", "signed_on", "date_signed"),
        "statement_signed_on",
        True,
        gettext_lazy(
            "The date the commitment was signed: a date cell, 18/01/2021 (day first), "
            "2021-01-18 or 18 Januari 2021."
        ),
        "18/01/2021",
        datetime.date(2021, 1, 18),
    ),
    Column(
        "acara",
        ("event", "signing_event"),
        "signing_event",
        False,
        gettext_lazy("Where it was signed. Left out or empty: “Impor data historis”."),
        "Penandatanganan Komitmen Kemitraan BKPM, 18 Januari 2021",
    ),
    Column(
        "lingkup",
        ("scope",),
        "scope",
        False,
        gettext_lazy(
            "What is supplied or done, and how much. Left out or empty: “Tidak tercatat”."
        ),
        "Pasokan kemasan karton 10.000 lembar per bulan",
    ),
    Column(
        "mulai",
        ("start", "period_start"),
        "period_start",
        False,
        gettext_lazy("The period's first day, written like the date. Left out: the date signed."),
        "18/01/2021",
        datetime.date(2021, 1, 18),
    ),
    Column(
        "selesai",
        ("end", "period_end"),
        "period_end",
        False,
        gettext_lazy(
            "The period's last day. Left out: a year after the start less a day (18 January "
            "2021 to 17 January 2022)."
        ),
        "17/01/2022",
        datetime.date(2022, 1, 17),
    ),
    Column(
        "penandatangan_perusahaan",
        ("firm_signatory",),
        "firm_signatory",
        False,
        gettext_lazy("Who signed for the firm. Left out or empty: “Tidak tercatat”."),
        "Hendra Wijaya",
    ),
    Column(
        "jabatan_penandatangan_perusahaan",
        ("firm_signatory_title",),
        "firm_signatory_title",
        False,
        gettext_lazy("Their position. Left out or empty: “Tidak tercatat”."),
        "Direktur Pengadaan",
    ),
    Column(
        "penandatangan_umkm",
        ("umkm_signatory",),
        "umkm_signatory",
        False,
        gettext_lazy("Who signed for the UMKM. Left out or empty: “Tidak tercatat”."),
        "Sri Wahyuni",
    ),
    Column(
        "jabatan_penandatangan_umkm",
        ("umkm_signatory_title",),
        "umkm_signatory_title",
        False,
        gettext_lazy("Their position. May stay empty."),
        "Pemilik",
    ),
)
COLUMN_BY_ARGUMENT = {column.argument: column for column in COLUMNS}
COLUMN_ORDER = {column.argument: position for position, column in enumerate(COLUMNS)}
COLUMN_BY_KEY = {
    header_key(name): column for column in COLUMNS for name in (column.name, *column.aliases)
}
# A running number is the first column of many spreadsheets; it is read past.
IGNORED_HEADERS = frozenset({"no", "nomor", "number"})


def expected_columns() -> str:
    required = ", ".join(column.name for column in COLUMNS if column.required)
    optional = ", ".join(column.name for column in COLUMNS if not column.required)
    return _(
        "The columns are %(required)s (required) and %(optional)s (optional); their English "
        "names (%(english)s, ...) are accepted too."
    ) % {
        "required": required,
        "optional": optional,
        "english": ", ".join(column.english for column in COLUMNS if column.required),
    }


# --- the header --------------------------------------------------------------------------------


@dataclass
class Header:
    index: dict[str, int] = field(default_factory=dict)  # argument -> column index
    shown: dict[str, str] = field(default_factory=dict)  # argument -> the file's header
    problems: list[str] = field(default_factory=list)

    def name_of(self, argument: str | None) -> str:
        """The column a message is about, as the file calls it."""
        if argument is None:
            return NON_FIELD_ERRORS
        column = COLUMN_BY_ARGUMENT.get(argument)
        if column is None:
            return NON_FIELD_ERRORS
        return self.shown.get(argument, column.name)


def read_header(dataset: tablib.Dataset) -> Header:
    """Which column holds what, or what is wrong with the first row: an unknown column, a
    required one missing, one given twice, values under no name."""
    header, unknown = Header(), []
    for index, title in enumerate(dataset.headers or []):
        key = header_key(title)
        if not key:
            if any(not is_blank(row[index]) for row in dataset):
                header.problems.append(
                    _("Column %(letter)s has values but no name in row 1.")
                    % {"letter": get_column_letter(index + 1)}
                )
            continue
        if key in IGNORED_HEADERS:
            continue
        column = COLUMN_BY_KEY.get(key)
        if column is None:
            unknown.append(cell_text(title))
        elif column.argument in header.index:
            header.problems.append(
                _("The columns “%(first)s” and “%(second)s” both give %(name)s: keep one.")
                % {
                    "first": header.shown[column.argument],
                    "second": cell_text(title),
                    "name": column.name,
                }
            )
        else:
            header.index[column.argument] = index
            header.shown[column.argument] = cell_text(title)
    for title in unknown:
        header.problems.append(_("Unknown column “%(column)s”.") % {"column": title})
    for column in COLUMNS:
        if column.required and column.argument not in header.index:
            header.problems.append(_("The column %(column)s is missing.") % {"column": column.name})
    if unknown or any(c.required and c.argument not in header.index for c in COLUMNS):
        # The last problem says which columns there are, so that it can be put right.
        header.problems[-1] = f"{header.problems[-1]} {expected_columns()}"
    return header


# --- one row -----------------------------------------------------------------------------------


@dataclass
class RowReading:
    """What one row says, read and checked: ``values`` are commitment_record's arguments (the
    parties as their NIBs until the file's parties are looked up), ``errors`` its problems by
    argument."""

    number: int  # the spreadsheet's row number
    blank: bool = False
    values: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def refuse(self, argument: str | None, message: str) -> None:
        self.errors.setdefault(argument, []).append(message)

    def error_dict(self, header: Header) -> dict[str, list[str]]:
        """The problems keyed by the file's column names, in the columns' order."""
        errors: dict[str, list[str]] = {}
        for argument, messages in sorted(self.errors.items(), key=_column_order):
            errors.setdefault(header.name_of(argument), []).extend(messages)
        return errors


def _column_order(item) -> int:
    return COLUMN_ORDER.get(item[0], len(COLUMNS))


def _date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _text(reading: RowReading, cells: dict, argument: str, *, default: str, limit=None) -> None:
    text = cell_text(cells.get(argument))
    if limit is not None and len(text) > limit:
        reading.refuse(
            argument,
            _("At most %(limit)d characters; this has %(count)d.")
            % {"limit": limit, "count": len(text)},
        )
    reading.values[argument] = text or default


def read_row(cells: dict, number: int) -> RowReading:
    """One row, its cells keyed by commitment_record's arguments; no database."""
    reading = RowReading(number=number)
    if all(is_blank(value) for value in cells.values()):
        reading.blank = True
        return reading
    readers = {
        "firm": parse_nib,
        "umkm": parse_nib,
        "value": parse_value,
        "pattern": parse_pattern,
        "statement_signed_on": parse_date,
    }
    for argument, reader in readers.items():
        value = cells.get(argument)
        if is_blank(value):
            reading.refuse(argument, _("Empty: every commitment needs it."))
            continue
        try:
            reading.values[argument] = reader(value)
        except CellError as refused:
            reading.refuse(argument, refused.message)
    if (problem := value_problem(reading.values.get("value"))) is not None:
        reading.refuse("value", problem.message)

    for argument in ("period_start", "period_end"):
        if not is_blank(cells.get(argument)):
            try:
                reading.values[argument] = parse_date(cells[argument])
            except CellError as refused:
                reading.refuse(argument, refused.message)
    start = reading.values.get("period_start") or reading.values.get("statement_signed_on")
    if start is not None and "period_start" not in reading.errors:
        reading.values["period_start"] = start
        end = reading.values.setdefault("period_end", a_year_later_less_a_day(start))
        if "period_end" not in reading.errors and end < start:
            reading.refuse(
                "period_end",
                _("The period ends (%(end)s) before it starts (%(start)s).")
                % {"end": _date(end), "start": _date(start)},
            )

    _text(
        reading,
        cells,
        "signing_event",
        default=IMPORTED_SIGNING_EVENT,
        limit=SIGNING_EVENT_LENGTH,
    )
    _text(reading, cells, "scope", default=NOT_RECORDED)
    for argument in ("firm_signatory", "firm_signatory_title", "umkm_signatory"):
        _text(reading, cells, argument, default=NOT_RECORDED, limit=SIGNATORY_LENGTH)
    _text(reading, cells, "umkm_signatory_title", default="", limit=SIGNATORY_LENGTH)
    return reading


# --- the whole file ----------------------------------------------------------------------------


def check_parties(readings: list[RowReading], official) -> None:
    """Looks the file's parties up (a few queries, whatever the number of rows) and notes
    what is wrong: an unknown NIB, a party outside a regional official's provinces, a row
    that repeats an earlier one, a commitment that is recorded already."""
    nibs = {
        reading.values[argument]
        for reading in readings
        for argument in ("firm", "umkm")
        if argument in reading.values
    }
    firms = {firm.nib: firm for firm in Firm.objects.filter(nib__in=nibs)}
    umkm = {
        business.nib: business
        for business in Umkm.objects.select_related("province").filter(nib__in=nibs)
    }
    for reading in readings:
        for argument, found, other in (("firm", firms, umkm), ("umkm", umkm, firms)):
            nib = reading.values.get(argument)
            if nib is None:
                continue
            if nib in found:
                reading.values[argument] = found[nib]
                continue
            del reading.values[argument]
            if nib in other:
                message = (
                    _("NIB %(nib)s is an UMKM's, not a firm's: are the two NIB columns swapped?")
                    if argument == "firm"
                    else _(
                        "NIB %(nib)s is a firm's, not an UMKM's: are the two NIB columns swapped?"
                    )
                )
            else:
                message = (
                    _("No firm has NIB %(nib)s.")
                    if argument == "firm"
                    else _("No UMKM has NIB %(nib)s.")
                )
            reading.refuse(argument, message % {"nib": nib})

    paired = [
        r
        for r in readings
        if isinstance(r.values.get("firm"), Firm) and isinstance(r.values.get("umkm"), Umkm)
    ]
    if scoped_province_ids(official) is not None:
        firm_ids = {r.values["firm"].pk for r in paired}
        umkm_ids = {r.values["umkm"].pk for r in paired}
        firms_here = set(
            in_scope(Firm.objects.filter(pk__in=firm_ids), official, ByFirm()).values_list(
                "pk", flat=True
            )
        )
        umkm_here = set(
            in_scope(Umkm.objects.filter(pk__in=umkm_ids), official, ByUmkm()).values_list(
                "pk", flat=True
            )
        )
        for reading in paired:
            if (
                reading.values["firm"].pk not in firms_here
                and reading.values["umkm"].pk not in umkm_here
            ):
                # Names left out: the official may not read records outside their provinces.
                reading.refuse("umkm", _("Neither this UMKM nor this firm is in your provinces."))

    dated = [r for r in paired if "statement_signed_on" in r.values]
    recorded = (
        set(
            Commitment.objects.filter(
                firm__in={r.values["firm"].pk for r in dated},
                umkm__in={r.values["umkm"].pk for r in dated},
                statement_signed_on__in={r.values["statement_signed_on"] for r in dated},
            ).values_list("firm_id", "umkm_id", "statement_signed_on")
        )
        if dated
        else set()
    )
    first_row: dict[tuple, int] = {}
    for reading in dated:
        key = (
            reading.values["firm"].pk,
            reading.values["umkm"].pk,
            reading.values["statement_signed_on"],
        )
        if key in first_row:
            reading.refuse(
                "statement_signed_on",
                _("The same commitment as row %(row)d: the same firm, UMKM and date signed.")
                % {"row": first_row[key]},
            )
            continue
        first_row[key] = reading.number
        if key in recorded:
            reading.refuse(
                "statement_signed_on",
                _(
                    "A commitment between %(firm)s and %(umkm)s signed on %(date)s is recorded "
                    "already."
                )
                % {
                    "firm": reading.values["firm"],
                    "umkm": reading.values["umkm"],
                    "date": _date(key[2]),
                },
            )


class CommitmentImportResult(Result):
    """import-export's result, with what the import page shows: the problems as sentences
    that name the row and the column, and the commitments of the preview with their total."""

    def problems(self) -> list[str]:
        lines = []
        for error in self.base_errors:
            lines.extend(_messages(error.error))
        numbered = []
        for invalid in self.invalid_rows:
            row = invalid.number + HEADER_ROWS
            for column, messages in invalid.error_dict.items():
                for message in messages:
                    if column == NON_FIELD_ERRORS:
                        text = _("Row %(row)d: %(message)s") % {"row": row, "message": message}
                    else:
                        text = _("Row %(row)d, %(column)s: %(message)s") % {
                            "row": row,
                            "column": column,
                            "message": message,
                        }
                    numbered.append((row, text))
        for error_row in self.error_rows:
            row = error_row.number + HEADER_ROWS
            for error in error_row.errors:
                for message in _messages(error.error):
                    numbered.append(
                        (
                            row,
                            _("Row %(row)d: it could not be recorded (%(message)s).")
                            % {"row": row, "message": message},
                        )
                    )
        numbered.sort(key=lambda item: item[0])
        return lines + [text for _row, text in numbered]

    def commitments(self) -> list[Commitment]:
        return [row.instance for row in self.valid_rows() if row.instance is not None]

    def total_value(self) -> int:
        return sum(commitment.value for commitment in self.commitments())


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [str(error)]


class CommitmentImportResource(SpreadsheetResource):
    """The historical commitments of a spreadsheet, recorded through commitment_record."""

    # What the import page lists as the file's columns (the help table says more).
    firm_nib = Field(column_name="nib_perusahaan")
    umkm_nib = Field(column_name="nib_umkm")
    committed_value = Field(column_name="nilai")
    pattern_code = Field(column_name="pola")
    signed_on = Field(column_name="tanggal")

    class Meta:
        model = Commitment
        name = gettext_lazy("Historical commitments")
        fields = ("firm_nib", "umkm_nib", "committed_value", "pattern_code", "signed_on")
        use_transactions = True
        force_init_instance = True  # every row is a new commitment
        skip_diff = True  # the preview shows the commitments themselves
        store_instance = True
        report_skipped = False  # empty rows
        clean_model_instances = False  # the service checks, with its own words

    @classmethod
    def get_result_class(cls):
        return CommitmentImportResult

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        header = read_header(dataset)
        problems = list(header.problems)
        filled = sum(1 for row in dataset if any(not is_blank(cell) for cell in row))
        if filled > MAX_ROWS:
            problems.append(
                _("The file has more than %(count)d rows: import it in parts of at most %(count)d.")
                % {"count": MAX_ROWS}
            )
        if problems:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(ValidationError(problem)))
            return result
        self.header = header
        # The whole file or nothing: a row refused when the import is confirmed rolls back the
        # rows before it.
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    def before_import(self, dataset, **kwargs):
        self.official = kwargs.get("user")
        if self.official is None:
            raise ValueError("The import needs the official who runs it (user=...).")
        readings = []
        for number, row in enumerate(dataset, start=1):
            cells = {argument: row[index] for argument, index in self.header.index.items()}
            readings.append(read_row(cells, number + HEADER_ROWS))
        check_parties([r for r in readings if not r.blank], self.official)
        self.readings = {reading.number - HEADER_ROWS: reading for reading in readings}

    def import_instance(self, instance, row, **kwargs):
        reading = self.readings[kwargs["row_number"]]
        instance.import_reading = reading
        instance.import_row_number = reading.number
        if reading.errors:
            raise ValidationError(reading.error_dict(self.header))
        for argument, value in reading.values.items():
            setattr(instance, argument, value)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return instance.import_reading.blank

    def do_instance_save(self, instance, is_create):
        arguments = {argument: getattr(instance, argument) for argument in COLUMN_BY_ARGUMENT}
        try:
            recorded = commitment_record(official=self.official, **arguments)
        except CommitmentError as refused:
            raise ValidationError({self.header.name_of(refused.field): [refused.message]}) from None
        instance.pk = recorded.pk
        instance._state.adding = False


def template_dataset(*, typed: bool) -> tablib.Dataset:
    """The template file: the columns' names and one example row (typed: number and date
    cells where they fit, for XLSX)."""
    dataset = tablib.Dataset(headers=[column.name for column in COLUMNS])
    dataset.append(
        [
            column.typed_example if typed and column.typed_example is not None else column.example
            for column in COLUMNS
        ]
    )
    return dataset
