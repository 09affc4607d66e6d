"""The officials' exports of commitments, UMKM, firms and meetings: exactly these columns, exact
values, the list's filters and search applied, a regional official's provinces only, cells that
cannot run as formulas, CSV and XLSX alike."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partnerships.models import (
    Attendance,
    CommitmentStage,
    InvestmentType,
    MeetingOutcome,
    PartnershipPattern,
    SessionState,
    VerificationState,
)
from partnerships.officials import OfficialRole
from partnerships.spreadsheets.exports import (
    CommitmentExportResource,
    FirmResource,
    MeetingResource,
    UmkmResource,
)
from tests.partnerships.factories import (
    PMA_FROM_JAPAN,
    VALID_NIK,
    VALID_NPWP,
    make_firm,
    make_full_umkm,
    make_official,
    make_umkm,
    make_user,
    province,
    regency,
)
from tests.partnerships.factories_commitments import CEREMONY_EVENT, make_commitment
from tests.partnerships.factories_sessions import meeting_factory, session_factory
from tests.partnerships.factories_spreadsheets import (
    CEREMONY,
    read_csv,
    read_xlsx,
    xlsx_data_types,
)

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the order of settings.IMPORT_EXPORT_FORMATS

COMMITMENT_COLUMNS = [
    "Firm",
    "Firm NIB",
    "UMKM",
    "UMKM NIB",
    "Province",
    "Session or signing event",
    "Signed on",
    "Value (Rp)",
    "Partnership pattern",
    "Stage",
    "Agreement signed on",
    "Period start",
    "Period end",
    "Realised value (Rp)",
    "Realised (%)",
]
UMKM_COLUMNS = [
    "NIB",
    "Business name",
    "Legal form",
    "Province",
    "Regency or city",
    "KBLI codes",
    "Size class",
    "Business capital (Rp)",
    "Annual sales (Rp)",
    "Employees",
    "Verification state",
    "Certifications",
    "Business phone",
    "Business e-mail",
]
FIRM_COLUMNS = [
    "NIB",
    "Company name",
    "Investment type",
    "Country of origin",
    "Sectors (KBLI)",
    "Operating locations",
    "Verification state",
]
MEETING_COLUMNS = [
    "Session",
    "Date",
    "Time slot",
    "Table",
    "Firm",
    "UMKM",
    "Attendance",
    "UMKM's outcome",
    "Firm's outcome",
]


@pytest.fixture(autouse=True)
def _admin_in_english(settings):
    # The admin (outside the i18n URL patterns) speaks the site's default language; the
    # headers are asserted as written, in English. One test checks the Indonesian default.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def export_url(model: str, **params) -> str:
    url = reverse(f"admin:partnerships_{model}_export")
    return f"{url}?{urlencode(params)}" if params else url


def export(client, model: str, fmt: str = CSV, **params):
    response = client.post(export_url(model, **params), {"format": fmt})
    assert response.status_code == 200, response.content[:500]
    return response


def exported(client, model: str, fmt: str = CSV, **params) -> list[list]:
    """The export's rows, the header first: text for CSV, typed values for XLSX."""
    response = export(client, model, fmt, **params)
    return read_csv(response.content) if fmt == CSV else read_xlsx(response.content)


def by_first_column(rows: list[list]) -> dict:
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


class TestCommitments:
    @pytest.fixture
    def commitment(self):
        firm = make_firm(state=VerificationState.VERIFIED, name="PT Kemasan Nusantara")
        umkm = make_umkm(
            state=VerificationState.VERIFIED, name="Keripik Tempe Bu Sri", regency=regency("3374")
        )
        return make_commitment(
            firm=firm,
            umkm=umkm,
            value=12_345_678_901_232,  # tens of trillions, to the rupiah
            realised_value=1_543_209_862_654,  # exactly an eighth
            pattern=PartnershipPattern.SUBCONTRACTING,
            stage=CommitmentStage.IN_PROGRESS,
            statement_signed_on=CEREMONY,
            agreement_signed_on=datetime.date(2021, 2, 1),
            period_start=datetime.date(2021, 2, 1),
            period_end=datetime.date(2022, 1, 31),
        )

    def test_the_columns_are_exactly_these(self, official_client, commitment):
        assert exported(official_client, "commitment")[0] == COMMITMENT_COLUMNS
        assert exported(official_client, "commitment", XLSX)[0] == COMMITMENT_COLUMNS

    def test_csv_values_are_exact_integers_and_iso_dates(self, official_client, commitment):
        header, row = exported(official_client, "commitment")
        assert dict(zip(header, row, strict=True)) == {
            "Firm": "PT Kemasan Nusantara",
            "Firm NIB": commitment.firm.nib,
            "UMKM": "Keripik Tempe Bu Sri",
            "UMKM NIB": commitment.umkm.nib,
            "Province": "Jawa Tengah",
            "Session or signing event": CEREMONY_EVENT,
            "Signed on": "2021-01-18",
            "Value (Rp)": "12345678901232",
            "Partnership pattern": "subcontracting (subkontrak)",
            "Stage": "in progress",
            "Agreement signed on": "2021-02-01",
            "Period start": "2021-02-01",
            "Period end": "2022-01-31",
            "Realised value (Rp)": "1543209862654",
            "Realised (%)": "12.50",
        }

    def test_xlsx_values_are_numbers_and_dates(self, official_client, commitment):
        content = export(official_client, "commitment", XLSX).content
        header, row = read_xlsx(content)
        values = dict(zip(header, row, strict=True))
        assert values["Value (Rp)"] == 12_345_678_901_232
        assert isinstance(values["Value (Rp)"], int)
        assert values["Realised value (Rp)"] == 1_543_209_862_654
        assert Decimal(str(values["Realised (%)"])) == Decimal("12.50")
        assert values["Signed on"].date() == CEREMONY
        assert values["Period end"].date() == datetime.date(2022, 1, 31)
        types = dict(zip(header, xlsx_data_types(content)[1], strict=True))
        assert types["Value (Rp)"] == "n"
        assert types["Signed on"] == "d"

    def test_a_session_stands_in_for_the_signing_event(self, official_client):
        session = session_factory(
            title="Sesi Temu Usaha Maret", state=SessionState.CLOSED, days_ahead=-10
        )
        make_commitment(session=session)
        header, row = exported(official_client, "commitment")
        assert row[header.index("Session or signing event")] == "Sesi Temu Usaha Maret"

    def test_the_lists_filters_and_search_are_applied(self, official_client, commitment):
        cancelled = make_commitment(stage=CommitmentStage.CANCELLED)
        other = make_commitment()

        by_stage = exported(official_client, "commitment", stage__exact="cancelled")
        by_search = exported(official_client, "commitment", q=commitment.firm.name)
        by_nib = exported(official_client, "commitment", XLSX, q=other.umkm.nib)

        assert [row[0] for row in by_stage[1:]] == [cancelled.firm.name]
        assert [row[0] for row in by_search[1:]] == ["PT Kemasan Nusantara"]
        assert [row[0] for row in by_nib[1:]] == [other.firm.name]

    def test_the_export_page_counts_the_rows_of_the_filtered_list(
        self, official_client, commitment
    ):
        make_commitment(stage=CommitmentStage.CANCELLED)
        page = official_client.get(export_url("commitment", stage__exact="cancelled"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "The export holds the 1 row of" in html
        assert "stage__exact=cancelled" in html
        assert " style=" not in html
        assert "onchange=" not in html
        assert "<script>" not in html

    def test_the_list_links_the_export_with_its_filters(self, official_client, commitment):
        page = official_client.get(
            reverse("admin:partnerships_commitment_changelist"), {"stage__exact": "statement"}
        ).content.decode()
        assert export_url("commitment", stage__exact="statement") in page

    def test_an_unknown_filter_is_the_lists_error_not_a_crash(self, official_client):
        response = official_client.post(export_url("commitment", nonsense="1"), {"format": CSV})
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")

    def test_a_regional_official_exports_only_their_provinces(self, client, commitment):
        here = make_commitment()  # an UMKM in Bandung (Jawa Barat)
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32"]))

        rows = exported(client, "commitment")
        rows_xlsx = exported(client, "commitment", XLSX)

        assert [row[3] for row in rows[1:]] == [here.umkm.nib]
        assert [row[3] for row in rows_xlsx[1:]] == [here.umkm.nib]
        assert commitment.umkm.nib not in str(rows)

    def test_an_auditor_may_export(self, client, commitment):
        client.force_login(make_official(OfficialRole.AUDITOR))
        assert len(exported(client, "commitment")) == 2

    def test_staff_without_the_view_permission_may_not(self, client, commitment):
        client.force_login(make_user(is_staff=True))
        response = client.post(export_url("commitment"), {"format": CSV})
        assert response.status_code == 403

    def test_the_headers_are_indonesian_by_default(self, official_client, settings, commitment):
        settings.LANGUAGE_CODE = "id"
        with translation.override("id"):
            expected = CommitmentExportResource().get_export_headers()
        assert exported(official_client, "commitment")[0] == expected

    def test_the_file_is_named_after_the_list_and_the_day(self, official_client, commitment):
        response = export(official_client, "commitment", XLSX)
        assert response["Content-Disposition"].startswith('attachment; filename="commitments-')
        assert response["Content-Disposition"].endswith('.xlsx"')

    @pytest.mark.parametrize("fmt", [CSV, XLSX])
    def test_the_number_of_queries_does_not_grow_with_the_rows(self, official_client, fmt):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                export(official_client, "commitment", fmt)
            return len(queries)

        for _ in range(2):
            make_commitment()
        with_two = count()
        for _ in range(8):
            make_commitment()
        assert count() == with_two


class TestUmkm:
    @pytest.fixture
    def umkm(self):
        return make_full_umkm(
            state=VerificationState.VERIFIED, owner_nik=VALID_NIK, npwp=VALID_NPWP
        )

    def test_the_columns_and_values_are_exactly_these(self, official_client, umkm):
        header, row = exported(official_client, "umkm")
        assert header == UMKM_COLUMNS
        assert dict(zip(header, row, strict=True)) == {
            "NIB": umkm.nib,
            "Business name": "Kopi Tanjung Pura",
            "Legal form": "individual business (perorangan)",
            "Province": "Jawa Barat",
            "Regency or city": "Kabupaten Karawang",
            "KBLI codes": "10761; 46206",
            "Size class": str(umkm.get_size_class_display()),
            "Business capital (Rp)": "250000000",
            "Annual sales (Rp)": "1200000000",
            "Employees": "6",
            "Verification state": "verified",
            "Certifications": "halal ID32110000123450521",
            "Business phone": "'+62 812-3456-7890",  # a leading "+" would be a formula
            "Business e-mail": umkm.email,
        }

    def test_the_owners_nik_npwp_name_and_address_are_never_exported(self, official_client, umkm):
        for fmt in (CSV, XLSX):
            content = str(exported(official_client, "umkm", fmt))
            for private in (VALID_NIK, VALID_NPWP, "Dewi Lestari", "Jl. Tuparev"):
                assert private not in content

    def test_xlsx_keeps_the_phone_as_text_and_the_figures_as_numbers(self, official_client, umkm):
        header, row = exported(official_client, "umkm", XLSX)
        values = dict(zip(header, row, strict=True))
        assert values["Business phone"] == "+62 812-3456-7890"  # a text cell: never a formula
        assert values["Business capital (Rp)"] == 250_000_000
        assert values["Employees"] == 6

    @pytest.mark.parametrize("start", ["=", "+", "-", "@"])
    def test_a_csv_cell_that_would_be_a_formula_gets_an_apostrophe(self, official_client, start):
        make_umkm(name=f'{start}HYPERLINK("https://evil.example","klik")')
        [row] = exported(official_client, "umkm")[1:]
        assert row[1] == f'\'{start}HYPERLINK("https://evil.example","klik")'

    def test_an_xlsx_cell_starting_with_equals_stays_text(self, official_client):
        make_umkm(name="=1+1", email="=cmd@example.test")
        content = export(official_client, "umkm", XLSX).content
        header, row = read_xlsx(content)
        values = dict(zip(header, row, strict=True))
        assert values["Business name"] == "'=1+1"
        assert "f" not in xlsx_data_types(content)[1]

    def test_the_lists_filters_apply(self, official_client, umkm):
        make_umkm(name="Bandeng Presto Semarang", regency=regency("3374"))
        rows = exported(official_client, "umkm", province__id__exact=province("33").pk)
        assert [row[1] for row in rows[1:]] == ["Bandeng Presto Semarang"]

    def test_a_regional_official_exports_only_their_provinces(self, client, umkm):
        make_umkm(name="Bandeng Presto Semarang", regency=regency("3374"))
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["33"]))
        assert [row[1] for row in exported(client, "umkm")[1:]] == ["Bandeng Presto Semarang"]

    def test_the_number_of_queries_does_not_grow_with_the_rows(self, official_client):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                export(official_client, "umkm", XLSX)
            return len(queries)

        for _ in range(2):
            make_full_umkm()
        with_two = count()
        for _ in range(8):
            make_full_umkm()
        assert count() == with_two


class TestFirms:
    def test_the_columns_and_values_are_exactly_these(self, official_client):
        firm = make_firm(
            state=VerificationState.SUBMITTED,
            name="PT Nippon Packaging Indonesia",
            locations=["3215", "3374"],
            **PMA_FROM_JAPAN,
        )
        firm.sectors.set(firm.sectors.model.objects.filter(code__in=["17021", "46900"]))

        header, row = exported(official_client, "firm")

        assert header == FIRM_COLUMNS
        assert dict(zip(header, row, strict=True)) == {
            "NIB": firm.nib,
            "Company name": "PT Nippon Packaging Indonesia",
            "Investment type": "PMA (foreign investment)",
            "Country of origin": "Japan",
            "Sectors (KBLI)": "17021; 46900",
            "Operating locations": "Kabupaten Karawang (Jawa Barat); Kota Semarang (Jawa Tengah)",
            "Verification state": "awaiting verification",
        }
        assert VALID_NPWP not in str(row)

    def test_the_lists_filters_apply(self, official_client):
        make_firm(name="PT Domestik", investment_type=InvestmentType.PMDN)
        make_firm(name="PT Asing", **PMA_FROM_JAPAN)
        rows = exported(official_client, "firm", XLSX, investment_type__exact="pma")
        assert [row[1] for row in rows[1:]] == ["PT Asing"]


class TestMeetings:
    def test_the_columns_and_values_are_exactly_these(self, official_client):
        session = session_factory(
            title="Sesi Temu Usaha Januari",
            date=datetime.date(2021, 1, 18),
            state=SessionState.HELD,
        )
        meeting = meeting_factory(
            session,
            slot=1,
            table=2,
            attendance=Attendance.BOTH_CAME,
            umkm_outcome=MeetingOutcome.READY_TO_SIGN,
        )

        header, row = exported(official_client, "meeting")

        assert header == MEETING_COLUMNS
        assert dict(zip(header, row, strict=True)) == {
            "Session": "Sesi Temu Usaha Januari",
            "Date": "2021-01-18",
            "Time slot": "09:30\N{EN DASH}10:00",
            "Table": "3",
            "Firm": meeting.firm.name,
            "UMKM": meeting.umkm.name,
            "Attendance": "both came",
            "UMKM's outcome": "ready to sign",
            "Firm's outcome": "",
        }

    def test_a_regional_official_exports_the_meetings_of_their_provincial_sessions(self, client):
        national = meeting_factory()
        provincial = meeting_factory(
            session_factory(province=province("32"), state=SessionState.SCHEDULED)
        )
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32"]))

        rows = exported(client, "meeting")

        assert [row[5] for row in rows[1:]] == [provincial.umkm.name]
        assert national.session.title not in str(rows)


@pytest.mark.parametrize(
    "resource",
    [CommitmentExportResource, UmkmResource, FirmResource, MeetingResource],
)
def test_every_column_has_a_translated_header(resource):
    with translation.override("en"):
        english = resource().get_export_headers()
    assert len(set(english)) == len(english)
    assert all(header and header[0].isupper() for header in english)
