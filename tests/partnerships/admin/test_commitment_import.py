"""Officials import historical commitments from a spreadsheet, through the admin: upload, a
preview of the rows, confirm, and the commitments are recorded with their follow-ups. Every
problem names its row and column, and nothing is written unless the whole file is valid."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import (
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    PartnershipPattern,
    VerificationState,
)
from partnerships.officials import OfficialRole
from partnerships.spreadsheets.commitment_import import COLUMNS
from tests.partnerships.factories import make_firm, make_official, make_umkm, regency
from tests.partnerships.factories_commitments import make_commitment
from tests.partnerships.factories_spreadsheets import (
    CEREMONY,
    csv_bytes,
    csv_upload,
    import_row,
    read_xlsx,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:partnerships_commitment_import")
CONFIRM = reverse("admin:partnerships_commitment_process_import")
CHANGELIST = reverse("admin:partnerships_commitment_changelist")


@pytest.fixture(autouse=True)
def _admin_in_english(settings):
    # The admin, outside the i18n URL patterns, speaks the site's default language; the
    # messages are asserted as written (in English, the msgids).
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


@pytest.fixture
def firm():
    return make_firm(state=VerificationState.VERIFIED, name="PT Kemasan Nusantara")


@pytest.fixture
def umkm():
    return make_umkm(state=VerificationState.VERIFIED, name="Keripik Tempe Bu Sri")


@pytest.fixture
def other_umkm():
    return make_umkm(state=VerificationState.VERIFIED, name="Kopi Tanjung Pura")


@pytest.fixture
def third_umkm():
    return make_umkm(state=VerificationState.SUBMITTED, name="Batik Laweyan")


def upload(client, file, fmt: str = ""):
    """The first step: the file is checked, and the page shows a preview or the problems."""
    return client.post(IMPORT, {"import_file": file, "format": fmt})


def problems(response) -> list[str]:
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    with translation.override("en"):
        return response.context["result"].problems()


def confirm(client, preview):
    return client.post(CONFIRM, preview.context["confirm_form"].initial, follow=True)


class TestThePage:
    def test_the_list_offers_the_import_to_an_official(self, official_client):
        page = official_client.get(CHANGELIST).content.decode()
        assert IMPORT in page
        assert "Import from a spreadsheet" in page

    def test_the_page_explains_every_column_and_links_both_templates(self, official_client):
        page = official_client.get(IMPORT).content.decode()
        for column in COLUMNS:
            assert f"<code>{column.name}</code>" in page
            assert f"<code>{column.english}</code>" in page
        assert reverse("admin:partnerships_commitment_import_template", args=["csv"]) in page
        assert reverse("admin:partnerships_commitment_import_template", args=["xlsx"]) in page
        assert "Impor data historis" in page
        assert "a year after the start less a day" in page

    def test_the_page_needs_no_inline_script_or_style(self, official_client, firm, umkm):
        pages = [
            official_client.get(IMPORT).content.decode(),
            upload(official_client, csv_upload([import_row(firm, umkm)])).content.decode(),
            upload(official_client, csv_upload([import_row(firm, "1")])).content.decode(),
        ]
        for page in pages:
            assert "<script>" not in page
            assert '<script type="text/javascript">' not in page
            assert " style=" not in page
            assert " onchange=" not in page

    def test_the_csv_template_holds_the_columns_and_one_example_row(self, official_client):
        response = official_client.get(
            reverse("admin:partnerships_commitment_import_template", args=["csv"])
        )
        assert response.status_code == 200
        assert 'filename="komitmen-historis.csv"' in response["Content-Disposition"]
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].split(",") == [column.name for column in COLUMNS]
        assert len(lines) == 2
        assert '"1.500.000.000"' in lines[1] or "1.500.000.000" in lines[1]

    def test_the_xlsx_template_has_a_number_and_date_cells(self, official_client):
        response = official_client.get(
            reverse("admin:partnerships_commitment_import_template", args=["xlsx"])
        )
        header, example = read_xlsx(response.content)
        assert header == [column.name for column in COLUMNS]
        values = dict(zip(header, example, strict=True))
        assert values["nilai"] == 1_500_000_000
        assert values["tanggal"].date() == CEREMONY  # a date cell (openpyxl reads a datetime)

    def test_an_unknown_template_format_is_not_found(self, official_client):
        url = reverse("admin:partnerships_commitment_import_template", args=["ods"])
        assert official_client.get(url).status_code == 404

    def test_the_templates_import_once_their_nibs_are_replaced(self, official_client, firm, umkm):
        response = official_client.get(
            reverse("admin:partnerships_commitment_import_template", args=["csv"])
        )
        content = response.content.decode("utf-8-sig")
        content = content.replace("9120001234567", firm.nib).replace("9120007654321", umkm.nib)
        file = SimpleUploadedFile("template.csv", content.encode())
        preview = upload(official_client, file)
        assert preview.context["result"].problems() == []
        assert "confirm_form" in preview.context


class TestPreviewAndConfirmation:
    def test_an_upload_shows_the_rows_and_writes_nothing(
        self, official_client, firm, umkm, other_umkm
    ):
        preview = upload(
            official_client,
            csv_upload(
                [import_row(firm, umkm), import_row(firm, other_umkm, nilai="Rp 250.000.000")]
            ),
        )

        assert preview.status_code == 200
        assert "confirm_form" in preview.context
        page = preview.content.decode()
        assert "Keripik Tempe Bu Sri" in page
        assert "Kopi Tanjung Pura" in page
        assert "Rp1,750,000,000" in page  # the total, in English
        assert not Commitment.objects.exists()
        assert not CommitmentFollowUp.objects.exists()

    def test_confirming_records_every_row_with_its_follow_ups(
        self, official_client, official, firm, umkm, other_umkm
    ):
        preview = upload(
            official_client,
            csv_upload(
                [
                    import_row(firm, umkm, lingkup="Kemasan karton 10.000 lembar per bulan"),
                    import_row(firm, other_umkm, nilai="Rp 250.000.000", pola="Subkontrak"),
                ]
            ),
        )
        response = confirm(official_client, preview)

        assert response.redirect_chain[-1][0] == CHANGELIST
        with translation.override("en"):
            assert "2 commitments imported, worth Rp1,750,000,000 in all" in str(
                next(iter(response.context["messages"]))
            )
        first = Commitment.objects.get(umkm=umkm)
        second = Commitment.objects.get(umkm=other_umkm)
        assert first.value == 1_500_000_000
        assert second.value == 250_000_000
        assert second.pattern == PartnershipPattern.SUBCONTRACTING
        assert first.scope == "Kemasan karton 10.000 lembar per bulan"
        assert first.stage == CommitmentStage.STATEMENT
        assert first.recorded_by == official
        assert first.history.get().history_user == official
        for commitment in (first, second):
            assert commitment.follow_ups.count() == 6
        assert first.follow_ups.get(side="umkm", months=1).due_on == datetime.date(2021, 2, 18)

    def test_what_the_file_leaves_out_gets_the_documented_defaults(
        self, official_client, firm, umkm
    ):
        confirm(official_client, upload(official_client, csv_upload([import_row(firm, umkm)])))

        commitment = Commitment.objects.get()
        assert commitment.signing_event == "Impor data historis"
        assert commitment.statement_signed_on == CEREMONY
        assert commitment.period_start == CEREMONY
        assert commitment.period_end == datetime.date(2022, 1, 17)
        assert commitment.scope == "Tidak tercatat"
        assert commitment.firm_signatory == "Tidak tercatat"
        assert commitment.firm_signatory_title == "Tidak tercatat"
        assert commitment.umkm_signatory == "Tidak tercatat"
        assert commitment.umkm_signatory_title == ""

    def test_every_optional_column_is_read(self, official_client, firm, umkm):
        row = import_row(
            firm,
            umkm,
            acara="Penandatanganan Komitmen Kemitraan BKPM, 18 Januari 2021",
            lingkup="Pasokan tempe",
            mulai="1 Februari 2021",
            selesai="2022-01-31",
            penandatangan_perusahaan="Hendra Wijaya",
            jabatan_penandatangan_perusahaan="Direktur Pengadaan",
            penandatangan_umkm="Sri Wahyuni",
            jabatan_penandatangan_umkm="Pemilik",
        )
        confirm(official_client, upload(official_client, csv_upload([row])))

        commitment = Commitment.objects.get()
        assert (
            commitment.signing_event == "Penandatanganan Komitmen Kemitraan BKPM, 18 Januari 2021"
        )
        assert commitment.period_start == datetime.date(2021, 2, 1)
        assert commitment.period_end == datetime.date(2022, 1, 31)
        assert (commitment.firm_signatory, commitment.firm_signatory_title) == (
            "Hendra Wijaya",
            "Direktur Pengadaan",
        )
        assert (commitment.umkm_signatory, commitment.umkm_signatory_title) == (
            "Sri Wahyuni",
            "Pemilik",
        )

    def test_english_headers_and_labels_are_accepted(self, official_client, firm, umkm):
        row = {
            "Firm NIB": firm.nib,
            "UMKM NIB": umkm.nib,
            "Value": "Rp1,500,000,000",
            "Pattern": "Supply chain",
            "Date": "18 January 2021",
            "Scope": "Packaging",
        }
        confirm(official_client, upload(official_client, csv_upload([row])))

        commitment = Commitment.objects.get()
        assert commitment.value == 1_500_000_000
        assert commitment.pattern == PartnershipPattern.SUPPLY_CHAIN
        assert commitment.statement_signed_on == CEREMONY

    def test_an_xlsx_with_number_and_date_cells_is_read_exactly(
        self, official_client, firm, umkm, other_umkm
    ):
        rows = [
            import_row(
                firm,
                umkm,
                nilai=1_500_000_000.0,  # Excel's numbers arrive as floats
                tanggal=CEREMONY,  # date cells, which openpyxl reads back as datetimes
                mulai=datetime.date(2021, 2, 1),
            ),
            import_row(int(firm.nib), int(other_umkm.nib), nilai=99_999_999_999_999),
        ]
        preview = upload(official_client, xlsx_upload(rows))
        assert preview.context["result"].problems() == []
        confirm(official_client, preview)

        first = Commitment.objects.get(umkm=umkm)
        assert first.value == 1_500_000_000
        assert first.statement_signed_on == CEREMONY
        assert first.period_start == datetime.date(2021, 2, 1)
        assert first.period_end == datetime.date(2022, 1, 31)
        assert Commitment.objects.get(umkm=other_umkm).value == 99_999_999_999_999

    def test_a_csv_separated_by_semicolons_is_read(self, official_client, firm, umkm):
        file = SimpleUploadedFile("excel.csv", csv_bytes([import_row(firm, umkm)], delimiter=";"))
        confirm(official_client, upload(official_client, file))
        assert Commitment.objects.get().value == 1_500_000_000

    def test_a_running_number_column_and_empty_rows_are_read_past(
        self, official_client, firm, umkm, other_umkm
    ):
        rows = [
            {"No.": "1", **import_row(firm, umkm)},
            {},
            {"No.": "2", **import_row(firm, other_umkm, nib_umkm="not a nib")},
        ]
        # The empty row still counts: the bad row is the spreadsheet's row 4.
        assert problems(upload(official_client, csv_upload(rows))) == [
            "Row 4, nib_umkm: “not a nib” is not an NIB: an NIB has exactly 13 digits."
        ]

    def test_the_format_chosen_is_used_and_a_wrong_choice_is_explained(
        self, official_client, firm, umkm
    ):
        # 0 is CSV, 1 is XLSX (settings.IMPORT_EXPORT_FORMATS).
        good = upload(official_client, csv_upload([import_row(firm, umkm)], name="data.txt"), "0")
        wrong = upload(official_client, xlsx_upload([import_row(firm, umkm)]), "0")

        assert "confirm_form" in good.context
        assert wrong.context["form"].errors["format"] == [
            "This file is an XLSX workbook: choose XLSX."
        ]

    def test_a_file_whose_format_cannot_be_told_is_refused_beside_the_field(self, official_client):
        response = upload(official_client, SimpleUploadedFile("data.txt", b"nib;nilai\n"))
        assert response.context["form"].errors["format"] == [
            "Choose the format: the file's name does not end in .csv or .xlsx."
        ]

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"", "empty.csv", "empty"),
            (b"\n\n", "blank.csv", "The file is empty"),
            (b"nib_perusahaan,nib_umkm,nilai,pola,tanggal\n", "header.csv", "no rows below"),
            (b"PK\x03\x04 not really a workbook", "broken.xlsx", "could not be read as XLSX"),
            ("é".encode("latin-1") * 10, "latin.csv", "could not be read as CSV"),
        ],
    )
    def test_an_unreadable_file_is_refused_beside_the_field(
        self, official_client, content, name, message
    ):
        response = upload(official_client, SimpleUploadedFile(name, content))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["import_file"])
        assert not Commitment.objects.exists()

    def test_a_file_above_5_mb_is_refused(self, official_client):
        big = SimpleUploadedFile("big.csv", b"x" * (5 * 1024 * 1024 + 1))
        response = upload(official_client, big)
        assert "at most 5 MB" in response.context["form"].errors["import_file"][0]

    def test_a_commitment_recorded_after_the_preview_stops_the_whole_file(
        self, official_client, firm, umkm, other_umkm
    ):
        preview = upload(
            official_client, csv_upload([import_row(firm, umkm), import_row(firm, other_umkm)])
        )
        make_commitment(firm=firm, umkm=other_umkm, statement_signed_on=CEREMONY)

        response = confirm(official_client, preview)

        assert Commitment.objects.count() == 1  # the one recorded meanwhile
        assert not CommitmentFollowUp.objects.exists()
        assert response.context["result"].problems() == [
            "Row 3, tanggal: A commitment between PT Kemasan Nusantara and Kopi Tanjung Pura "
            "signed on 18 January 2021 is recorded already."
        ]

    def test_confirming_twice_imports_once(self, official_client, firm, umkm):
        preview = upload(official_client, csv_upload([import_row(firm, umkm)]))
        confirm(official_client, preview)
        again = confirm(official_client, preview)

        assert Commitment.objects.count() == 1
        assert "no longer available" in str(list(again.context["messages"])[-1])

    @pytest.mark.parametrize(
        "tampered",
        [{"format": "7"}, {"format": "csv"}, {"import_file_name": "../../etc/passwd"}, {}],
    )
    def test_a_tampered_confirmation_imports_nothing(self, official_client, firm, umkm, tampered):
        preview = upload(official_client, csv_upload([import_row(firm, umkm)]))
        data = {**preview.context["confirm_form"].initial, **tampered}
        if not tampered:
            data = {}
        response = official_client.post(CONFIRM, data, follow=True)

        assert response.status_code == 200
        assert not Commitment.objects.exists()

    def test_the_confirmation_is_a_post(self, official_client):
        assert official_client.get(CONFIRM).status_code == 405


class TestRefusedRows:
    """Each bad input: the problem names the row (the spreadsheet's: the column names are row 1)
    and the column, and nothing is written, even when only the last row is bad."""

    @pytest.mark.parametrize(
        ("overrides", "expected"),
        [
            (
                {"nib_umkm": "1234567890123"},
                "Row 4, nib_umkm: No UMKM has NIB 1234567890123.",
            ),
            (
                {"nib_perusahaan": "1234567890123"},
                "Row 4, nib_perusahaan: No firm has NIB 1234567890123.",
            ),
            (
                {"nib_umkm": "12345"},
                "Row 4, nib_umkm: “12345” is not an NIB: an NIB has exactly 13 digits.",
            ),
            ({"nilai": "-1.000.000"}, "Row 4, nilai: The value must be more than Rp0."),
            ({"nilai": "0"}, "Row 4, nilai: The value must be more than Rp0."),
            (
                {"nilai": "200.000.000.000.000"},
                "Row 4, nilai: Rp200.000.000.000.000 is more than Rp100.000.000.000.000, far "
                "above any single commitment: check the number of zeros.",
            ),
            (
                {"nilai": "1,5"},
                "Row 4, nilai: “1,5” has a fraction of a rupiah: write the value in whole "
                "rupiah, with dots between thousands (1.500.000.000).",
            ),
            (
                {"nilai": "satu miliar"},
                "Row 4, nilai: “satu miliar” is not an amount: write the value in whole rupiah, "
                "for example 1.500.000.000.",
            ),
            (
                {"pola": "barter"},
                "Row 4, pola: “barter” is not a partnership pattern of PP 7/2021. Write one of: "
                "inti_plasma, subkontrak, waralaba, perdagangan_umum, distribusi_keagenan, "
                "rantai_pasok, bagi_hasil, kerja_sama_operasional, usaha_patungan, "
                "penyumberluaran, lainnya.",
            ),
            (
                {"tanggal": "31/02/2021"},
                "Row 4, tanggal: “31/02/2021” is not a date: write it like 18/01/2021, "
                "2021-01-18 or 18 Januari 2021 (or use a date cell).",
            ),
            (
                {"tanggal": "kemarin"},
                "Row 4, tanggal: “kemarin” is not a date: write it like 18/01/2021, "
                "2021-01-18 or 18 Januari 2021 (or use a date cell).",
            ),
            (
                {"mulai": "01/03/2021", "selesai": "28/02/2021"},
                "Row 4, selesai: The period ends (28 February 2021) before it starts "
                "(1 March 2021).",
            ),
            ({"pola": ""}, "Row 4, pola: Empty: every commitment needs it."),
            (
                {"acara": "x" * 201},
                "Row 4, acara: At most 200 characters; this has 201.",
            ),
        ],
    )
    def test_a_bad_last_row_is_named_and_nothing_is_written(
        self, official_client, firm, umkm, other_umkm, third_umkm, overrides, expected
    ):
        rows = [
            import_row(firm, umkm),
            import_row(firm, other_umkm),
            import_row(firm, third_umkm, **overrides),
        ]
        response = upload(official_client, csv_upload(rows))

        assert problems(response) == [expected]
        assert expected in response.content.decode()
        assert not Commitment.objects.exists()
        assert not CommitmentFollowUp.objects.exists()

    def test_a_row_repeating_an_earlier_one_names_it(self, official_client, firm, umkm):
        rows = [
            import_row(firm, umkm),
            import_row(firm, umkm, nilai="2.000.000", tanggal="2021-01-18"),
        ]
        assert problems(upload(official_client, csv_upload(rows))) == [
            "Row 3, tanggal: The same commitment as row 2: the same firm, UMKM and date signed."
        ]

    def test_a_commitment_recorded_already_is_refused(self, official_client, firm, umkm):
        make_commitment(firm=firm, umkm=umkm, statement_signed_on=CEREMONY)
        assert problems(upload(official_client, csv_upload([import_row(firm, umkm)]))) == [
            "Row 2, tanggal: A commitment between PT Kemasan Nusantara and Keripik Tempe Bu Sri "
            "signed on 18 January 2021 is recorded already."
        ]
        assert Commitment.objects.count() == 1

    def test_swapped_nib_columns_are_pointed_out(self, official_client, firm, umkm):
        assert problems(upload(official_client, csv_upload([import_row(umkm, firm)]))) == [
            f"Row 2, nib_perusahaan: NIB {umkm.nib} is an UMKM's, not a firm's: are the two NIB "
            "columns swapped?",
            f"Row 2, nib_umkm: NIB {firm.nib} is a firm's, not an UMKM's: are the two NIB "
            "columns swapped?",
        ]

    def test_the_services_rules_apply_under_their_column(self, official_client, firm, umkm):
        draft = make_umkm(name="Usaha Setengah Jadi")
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        rows = [
            import_row(firm, umkm),
            import_row(firm, draft),
            import_row(firm, umkm, tanggal=tomorrow.isoformat()),
        ]
        assert problems(upload(official_client, csv_upload(rows))) == [
            "Row 3, nib_umkm: Usaha Setengah Jadi is still a draft registration: it must be "
            "submitted (or registered by an official) before a commitment is recorded for it.",
            f"Row 4, tanggal: {tomorrow.day} {tomorrow:%B} {tomorrow.year} is in the future: "
            "record a commitment once it is signed.",
        ]
        assert not Commitment.objects.exists()

    def test_several_problems_of_several_rows_are_all_listed_in_order(
        self, official_client, firm, umkm
    ):
        rows = [
            import_row(firm, "1234567890123", nilai="abc"),
            import_row(firm, umkm),
            import_row("", umkm, tanggal="32/01/2021"),
        ]
        assert [
            line.split(":")[0] for line in problems(upload(official_client, csv_upload(rows)))
        ] == [
            "Row 2, nib_umkm",
            "Row 2, nilai",
            "Row 4, nib_perusahaan",
            "Row 4, tanggal",
        ]

    def test_an_xlsx_value_with_a_fraction_of_a_rupiah_is_refused(
        self, official_client, firm, umkm
    ):
        rows = [import_row(firm, umkm, nilai=1_500_000_000.5)]
        assert problems(upload(official_client, xlsx_upload(rows))) == [
            "Row 2, nilai: 1500000000.5 has a fraction of a rupiah: write the value in whole "
            "rupiah."
        ]

    def test_a_problem_is_named_by_the_column_as_the_file_calls_it(
        self, official_client, firm, umkm
    ):
        row = {
            "Firm NIB": firm.nib,
            "UMKM NIB": "x",
            "Value": "1",
            "Pattern": "waralaba",
            "Date": "18/01/2021",
        }
        assert problems(upload(official_client, csv_upload([row]))) == [
            "Row 2, UMKM NIB: “x” is not an NIB: an NIB has exactly 13 digits."
        ]


class TestRefusedColumns:
    def test_a_missing_column_is_named_with_the_expected_ones(self, official_client, firm, umkm):
        row = import_row(firm, umkm)
        del row["pola"]
        found = problems(upload(official_client, csv_upload([row])))

        assert found == [
            "The column pola is missing. The columns are nib_perusahaan, nib_umkm, nilai, pola, "
            "tanggal (required) and acara, lingkup, mulai, selesai, penandatangan_perusahaan, "
            "jabatan_penandatangan_perusahaan, penandatangan_umkm, jabatan_penandatangan_umkm "
            "(optional); their English names (firm_nib, umkm_nib, value, pattern, date, ...) are "
            "accepted too."
        ]
        assert not Commitment.objects.exists()

    def test_a_misspelt_column_is_named(self, official_client, firm, umkm):
        row = import_row(firm, umkm)
        row["nib_umk"] = row.pop("nib_umkm")
        found = problems(upload(official_client, csv_upload([row])))

        assert found[0] == "Unknown column “nib_umk”."
        assert found[1].startswith("The column nib_umkm is missing. The columns are")
        assert len(found) == 2

    def test_a_column_given_twice_is_refused(self, official_client, firm, umkm):
        row = {**import_row(firm, umkm), "value": "2.000.000"}
        assert problems(upload(official_client, csv_upload([row]))) == [
            "The columns “nilai” and “value” both give nilai: keep one."
        ]

    def test_a_file_of_more_than_2000_rows_is_refused_whole(self, official_client, firm, umkm):
        rows = [import_row(firm, umkm, tanggal=f"{1 + n % 28}/01/2021") for n in range(2001)]
        assert problems(upload(official_client, csv_upload(rows))) == [
            "The file has more than 2000 rows: import it in parts of at most 2000."
        ]

    def test_values_under_no_column_name_are_refused(self, official_client, firm, umkm):
        content = csv_bytes([import_row(firm, umkm)]) + b",,,,,stray\n"
        file = SimpleUploadedFile("data.csv", content)
        assert problems(upload(official_client, file)) == [
            "Column F has values but no name in row 1."
        ]


class TestWhoMayImport:
    def test_an_auditor_may_export_but_not_import(self, client, firm, umkm):
        client.force_login(make_official(OfficialRole.AUDITOR))

        page = client.get(CHANGELIST).content.decode()
        assert "Import from a spreadsheet" not in page
        assert "Export to a spreadsheet" in page
        assert client.get(IMPORT).status_code == 403
        assert upload(client, csv_upload([import_row(firm, umkm)])).status_code == 403
        assert client.post(CONFIRM, {"format": "0"}).status_code == 403
        template = reverse("admin:partnerships_commitment_import_template", args=["csv"])
        assert client.get(template).status_code == 403
        assert not Commitment.objects.exists()

    def test_someone_who_is_not_an_official_is_sent_to_the_login(self, client, outsider):
        client.force_login(outsider)
        response = client.get(IMPORT)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_a_regional_official_imports_the_commitments_of_their_provinces(self, client):
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32"]))
        here = make_umkm(state=VerificationState.VERIFIED, name="Keripik Bandung")
        there = make_umkm(
            state=VerificationState.VERIFIED, name="Bandeng Semarang", regency=regency("3374")
        )
        firm_there = make_firm(state=VerificationState.VERIFIED, locations=["3374"])
        firm_here = make_firm(state=VerificationState.VERIFIED, locations=["3273"])

        refused = upload(
            client,
            csv_upload([import_row(firm_there, here), import_row(firm_there, there)]),
        )
        assert problems(refused) == [
            "Row 3, nib_umkm: Neither this UMKM nor this firm is in your provinces."
        ]
        assert "Bandeng Semarang" not in refused.content.decode()

        preview = upload(
            client, csv_upload([import_row(firm_there, here), import_row(firm_here, there)])
        )
        confirm(client, preview)
        assert Commitment.objects.count() == 2
