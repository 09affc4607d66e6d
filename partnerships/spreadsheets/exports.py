"""What the officials' exports hold: one resource per list (commitments, UMKM, firms, meetings).

The admin exports the list as it is filtered and searched, within the official's provinces
(partnerships/admin/spreadsheets.py); these resources say which columns, in which order, under
which headers (translated: Indonesian unless the official reads the admin in English), with
which values:

- amounts are whole rupiah as integers and percentages exact Decimals (number cells in XLSX);
- dates are date cells in XLSX and ISO dates (2021-01-18) in CSV, which every spreadsheet and
  program reads the same way whatever its language;
- choices are written as their labels, lists of codes or places separated by semicolons;
- text that a spreadsheet would run as a formula gets a leading apostrophe (cells.guard_formula).

Data minimisation: the UMKM export carries the business's phone and e-mail, which officials
need to reach the businesses they follow, but never the owner's NIK, the NPWP, the owner's name
or the address: a spreadsheet travels further than the admin, and a report does not need them.
The firm export has no NPWP either.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field

from partnerships.models import Commitment, Firm, Meeting, Umkm
from partnerships.spreadsheets.cells import guard_formula

LIST_SEPARATOR = "; "


def _listed(items) -> str:
    return LIST_SEPARATOR.join(str(item) for item in items)


class SpreadsheetResource(resources.ModelResource):
    """The export resources' base: preloads what the columns read (a fixed number of queries
    whatever the number of rows) and guards every text cell against formulas."""

    # What the rows' columns read, loaded with the queryset: select_related and prefetch paths.
    related = ()
    prefetched = ()

    def filter_export(self, queryset, **kwargs):
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.prefetched:
            queryset = queryset.prefetch_related(*self.prefetched)
        return queryset

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        # XLSX cells are typed: a text cell is never evaluated, only a value starting with "="
        # would be written as a formula. CSV cells are read by whatever opens them.
        return guard_formula(value, typed_cells=bool(kwargs.get("force_native_type")))

    def after_import(self, dataset, result, **kwargs):
        # ModelResource resets the table's id sequence here, which could hand out an id that a
        # concurrent transaction already holds. Nothing here imports explicit ids.
        pass


class CommitmentExportResource(SpreadsheetResource):
    firm_name = Field(column_name=_("Firm"))
    firm_nib = Field(column_name=_("Firm NIB"))
    umkm_name = Field(column_name=_("UMKM"))
    umkm_nib = Field(column_name=_("UMKM NIB"))
    province = Field(column_name=_("Province"))
    session_or_event = Field(column_name=_("Session or signing event"))
    signed_on = Field(column_name=_("Signed on"))
    committed_value = Field(column_name=_("Value (Rp)"))
    pattern_label = Field(column_name=_("Partnership pattern"))
    stage_label = Field(column_name=_("Stage"))
    agreement_on = Field(column_name=_("Agreement signed on"))
    period_from = Field(column_name=_("Period start"))
    period_until = Field(column_name=_("Period end"))
    realised = Field(column_name=_("Realised value (Rp)"))
    realised_share = Field(column_name=_("Realised (%)"))

    related = ("firm", "umkm__province", "session")

    class Meta:
        model = Commitment
        name = _("Commitments")
        fields = (
            "firm_name",
            "firm_nib",
            "umkm_name",
            "umkm_nib",
            "province",
            "session_or_event",
            "signed_on",
            "committed_value",
            "pattern_label",
            "stage_label",
            "agreement_on",
            "period_from",
            "period_until",
            "realised",
            "realised_share",
        )
        export_order = fields
        chunk_size = 2000

    def dehydrate_firm_name(self, commitment: Commitment) -> str:
        return commitment.firm.name

    def dehydrate_firm_nib(self, commitment: Commitment) -> str:
        return commitment.firm.nib

    def dehydrate_umkm_name(self, commitment: Commitment) -> str:
        return commitment.umkm.name

    def dehydrate_umkm_nib(self, commitment: Commitment) -> str:
        return commitment.umkm.nib

    def dehydrate_province(self, commitment: Commitment) -> str:
        return commitment.umkm.province.name

    def dehydrate_session_or_event(self, commitment: Commitment) -> str:
        return commitment.session.title if commitment.session_id else commitment.signing_event

    def dehydrate_signed_on(self, commitment: Commitment):
        return commitment.statement_signed_on

    def dehydrate_committed_value(self, commitment: Commitment) -> int:
        return commitment.value

    def dehydrate_pattern_label(self, commitment: Commitment) -> str:
        return str(commitment.get_pattern_display())

    def dehydrate_stage_label(self, commitment: Commitment) -> str:
        return str(commitment.get_stage_display())

    def dehydrate_agreement_on(self, commitment: Commitment):
        return commitment.agreement_signed_on

    def dehydrate_period_from(self, commitment: Commitment):
        return commitment.period_start

    def dehydrate_period_until(self, commitment: Commitment):
        return commitment.period_end

    def dehydrate_realised(self, commitment: Commitment) -> int:
        return commitment.realised_value

    def dehydrate_realised_share(self, commitment: Commitment):
        return commitment.realised_percent


class UmkmResource(SpreadsheetResource):
    nib_number = Field(column_name=_("NIB"))
    business_name = Field(column_name=_("Business name"))
    legal_form_label = Field(column_name=_("Legal form"))
    province_name = Field(column_name=_("Province"))
    regency_name = Field(column_name=_("Regency or city"))
    kbli = Field(column_name=_("KBLI codes"))
    size = Field(column_name=_("Size class"))
    business_capital = Field(column_name=_("Business capital (Rp)"))
    sales = Field(column_name=_("Annual sales (Rp)"))
    employee_count = Field(column_name=_("Employees"))
    verification = Field(column_name=_("Verification state"))
    certificates = Field(column_name=_("Certifications"))
    business_phone = Field(column_name=_("Business phone"))
    business_email = Field(column_name=_("Business e-mail"))

    related = ("province", "regency")
    prefetched = ("kbli_codes", "certifications")

    class Meta:
        model = Umkm
        name = _("UMKM")
        fields = (
            "nib_number",
            "business_name",
            "legal_form_label",
            "province_name",
            "regency_name",
            "kbli",
            "size",
            "business_capital",
            "sales",
            "employee_count",
            "verification",
            "certificates",
            "business_phone",
            "business_email",
        )
        export_order = fields
        chunk_size = 2000

    def dehydrate_nib_number(self, umkm: Umkm) -> str:
        return umkm.nib

    def dehydrate_business_name(self, umkm: Umkm) -> str:
        return umkm.name

    def dehydrate_legal_form_label(self, umkm: Umkm) -> str:
        return str(umkm.get_legal_form_display())

    def dehydrate_province_name(self, umkm: Umkm) -> str:
        return umkm.province.name

    def dehydrate_regency_name(self, umkm: Umkm) -> str:
        return umkm.regency.name

    def dehydrate_kbli(self, umkm: Umkm) -> str:
        return _listed(code.code for code in umkm.kbli_codes.all())

    def dehydrate_size(self, umkm: Umkm) -> str:
        return str(umkm.get_size_class_display())

    def dehydrate_business_capital(self, umkm: Umkm) -> int:
        return umkm.capital

    def dehydrate_sales(self, umkm: Umkm) -> int | None:
        return umkm.annual_sales

    def dehydrate_employee_count(self, umkm: Umkm) -> int:
        return umkm.employees

    def dehydrate_verification(self, umkm: Umkm) -> str:
        return str(umkm.get_verification_state_display())

    def dehydrate_certificates(self, umkm: Umkm) -> str:
        return _listed(
            f"{certification.label} {certification.number}".strip()
            for certification in umkm.certifications.all()
        )

    def dehydrate_business_phone(self, umkm: Umkm) -> str:
        return str(umkm.phone) if umkm.phone else ""

    def dehydrate_business_email(self, umkm: Umkm) -> str:
        return umkm.email


class FirmResource(SpreadsheetResource):
    nib_number = Field(column_name=_("NIB"))
    company_name = Field(column_name=_("Company name"))
    investment = Field(column_name=_("Investment type"))
    origin = Field(column_name=_("Country of origin"))
    sector_codes = Field(column_name=_("Sectors (KBLI)"))
    places = Field(column_name=_("Operating locations"))
    verification = Field(column_name=_("Verification state"))

    prefetched = ("sectors", "locations__province")

    class Meta:
        model = Firm
        name = _("Firms")
        fields = (
            "nib_number",
            "company_name",
            "investment",
            "origin",
            "sector_codes",
            "places",
            "verification",
        )
        export_order = fields
        chunk_size = 2000

    def dehydrate_nib_number(self, firm: Firm) -> str:
        return firm.nib

    def dehydrate_company_name(self, firm: Firm) -> str:
        return firm.name

    def dehydrate_investment(self, firm: Firm) -> str:
        return str(firm.get_investment_type_display())

    def dehydrate_origin(self, firm: Firm) -> str:
        return str(firm.country.name) if firm.country else ""

    def dehydrate_sector_codes(self, firm: Firm) -> str:
        return _listed(code.code for code in firm.sectors.all())

    def dehydrate_places(self, firm: Firm) -> str:
        return _listed(f"{place.name} ({place.province.name})" for place in firm.locations.all())

    def dehydrate_verification(self, firm: Firm) -> str:
        return str(firm.get_verification_state_display())


class MeetingResource(SpreadsheetResource):
    session_title = Field(column_name=_("Session"))
    session_date = Field(column_name=_("Date"))
    slot_time = Field(column_name=_("Time slot"))
    table_number = Field(column_name=_("Table"))
    firm_name = Field(column_name=_("Firm"))
    umkm_name = Field(column_name=_("UMKM"))
    attendance_label = Field(column_name=_("Attendance"))
    umkm_outcome_label = Field(column_name=_("UMKM's outcome"))
    firm_outcome_label = Field(column_name=_("Firm's outcome"))

    related = ("session", "firm", "umkm")

    class Meta:
        model = Meeting
        name = _("Meetings")
        fields = (
            "session_title",
            "session_date",
            "slot_time",
            "table_number",
            "firm_name",
            "umkm_name",
            "attendance_label",
            "umkm_outcome_label",
            "firm_outcome_label",
        )
        export_order = fields
        chunk_size = 2000

    def dehydrate_session_title(self, meeting: Meeting) -> str:
        return meeting.session.title

    def dehydrate_session_date(self, meeting: Meeting):
        return meeting.session.date

    def dehydrate_slot_time(self, meeting: Meeting) -> str:
        """When the meeting's slot runs, local time: "09.00-09.30" with an en dash."""
        session = meeting.session
        start, end = (
            date_format(timezone.localtime(moment), "TIME_FORMAT")
            for moment in (session.slot_start(meeting.slot), session.slot_end(meeting.slot))
        )
        return f"{start}\N{EN DASH}{end}"

    def dehydrate_table_number(self, meeting: Meeting) -> int:
        return meeting.table_number

    def dehydrate_firm_name(self, meeting: Meeting) -> str:
        return meeting.firm.name

    def dehydrate_umkm_name(self, meeting: Meeting) -> str:
        return meeting.umkm.name

    def dehydrate_attendance_label(self, meeting: Meeting) -> str:
        return str(meeting.get_attendance_display())

    def dehydrate_umkm_outcome_label(self, meeting: Meeting) -> str:
        return str(meeting.get_umkm_outcome_display()) if meeting.umkm_outcome else ""

    def dehydrate_firm_outcome_label(self, meeting: Meeting) -> str:
        return str(meeting.get_firm_outcome_display()) if meeting.firm_outcome else ""
