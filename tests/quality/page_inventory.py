"""Every page of the portal, with whom to be and which demo record to open to reach it.

The quality checks (axe-core, the Nu HTML Checker, the status of every page) run over this
list, against the demo site that the `quality_server` fixture builds. A new page joins with
one line:

    page("need_detail", "/needs/{need}/"),                     # anyone
    page("interest_list", "/dashboard/interests/", as_=OWNER),  # signed in as a demo account

The first argument is the URL pattern's name (`admin:...` for the admin), the second the
path, whose `{placeholders}` are ids that tests/quality/demo_site.py looks up in the demo by
its stable identifiers (NIBs, names, addresses): a page that needs a record the demo lacks
gets a line there too. `status` is what the page answers (404 and 403 for the error pages),
`kind` says what it is when it is not an HTML page (json, image, text, redirect: these are
only checked for their status), and `label` tells apart several entries of one pattern.
Paths are the Indonesian ones; the checks add /en/ (or, in the admin, which has no language
prefix, an English Accept-Language) for English.

`test_inventory.py` fails when a URL pattern of the portal has neither an entry here nor an
excuse below. Django's generated admin pages (each model's changelist, add, change, delete
and history, and the admin site's own login, logout, password, autocomplete and JavaScript
catalogue views) are left to Django; the admin pages officials use most are listed all the
same, and every admin view the portal adds itself needs an entry or an excuse.
"""

from dataclasses import dataclass

from partnerships import demo

ANONYMOUS = "anonymous"
OWNER = "owner"
NEW_OWNER = "new_owner"
FIRM = "firm"
OFFICIAL = "official"
REGIONAL = "regional"
AUDITOR = "auditor"

# Who each role is: a demo account (README.md), all with the demo password.
ACCOUNTS = {
    OWNER: demo.UMKM_OWNER.email,
    NEW_OWNER: demo.NEW_OWNER.email,
    FIRM: demo.FIRM_REPRESENTATIVE.email,
    OFFICIAL: demo.OFFICIAL.email,
    REGIONAL: demo.REGIONAL_OFFICIAL.email,
    AUDITOR: demo.AUDITOR.email,
}
STAFF = frozenset({OFFICIAL, REGIONAL, AUDITOR})


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    role: str = ANONYMOUS
    status: int = 200
    kind: str = "html"
    label: str = ""

    @property
    def id(self) -> str:
        """The test id: `umkm_detail`, `dashboard[owner]`, `umkm_list[filtered]`."""
        extra = [part for part in (self.label, self.role if self.role != ANONYMOUS else "") if part]
        return f"{self.name}[{','.join(extra)}]" if extra else self.name

    @property
    def is_html(self) -> bool:
        return self.kind == "html"

    @property
    def is_admin(self) -> bool:
        return self.path.startswith("/admin/")

    def url(self, ids: dict[str, object], language: str = "id") -> str:
        path = self.path.format(**ids)
        if language != "id" and not self.is_admin and self.kind == "html":
            path = f"/{language}{path}"
        return path


def page(name: str, path: str, *, as_: str = ANONYMOUS, **options) -> Page:
    return Page(name=name, path=path, role=as_, **options)


PAGES = [
    # --- Public pages --------------------------------------------------------------------------
    page("home", "/"),
    page("privacy", "/privacy/"),
    page("umkm_list", "/umkm/"),
    page("umkm_list", "/umkm/?province=32&kbli=10", label="filtered"),
    page("umkm_list", "/umkm/?q=keripik&scale=micro&certification=halal&page=1", label="searched"),
    page("umkm_list", "/umkm/?q=zzzzzzzz&province=99&kbli=x", label="bad filters, no results"),
    page("umkm_detail", "/umkm/{umkm}/"),
    page("umkm_detail", "/umkm/{umkm}/", as_=FIRM),
    page("umkm_detail", "/umkm/999999999/", status=404, label="404"),
    page("need_list", "/needs/"),
    page("need_list", "/needs/?province=32&pattern=supply_chain", label="filtered"),
    page("need_detail", "/needs/{need}/"),
    page("need_detail", "/needs/{need}/", as_=FIRM),
    page("firm_list", "/firms/"),
    page("firm_list", "/firms/?type=pma&province=32", label="filtered"),
    page("firm_detail", "/firms/{firm}/"),
    page("firm_detail", "/firms/{firm}/", as_=OWNER),
    page("statistics", "/statistics/"),
    page("firm_invitation_accept", "/invitations/{invitation_token}/"),
    page("product_thumbnail", "/products/{product}/thumbnail/", kind="image"),
    page("product_photo", "/products/{product}/photo/", kind="image"),
    page("regencies_json", "/regions/regencies/?province=32", kind="json"),
    page("healthz", "/healthz", kind="text"),
    page("favicon.ico", "/favicon.ico", status=302, kind="redirect"),
    # --- Accounts ------------------------------------------------------------------------------
    page("account_signup", "/accounts/signup/"),
    page("account_login", "/accounts/login/"),
    page("account_reset_password", "/accounts/password/reset/"),
    page("account_reset_password_done", "/accounts/password/reset/done/"),
    page(
        "account_reset_password_from_key",
        "/accounts/password/reset/key/1-set-password/",
        label="expired link",
    ),
    page("account_reset_password_from_key_done", "/accounts/password/reset/key/done/"),
    page("account_email_verification_sent", "/accounts/confirm-email/"),
    page("account_confirm_email", "/accounts/confirm-email/not-a-key/", label="expired link"),
    page("account_inactive", "/accounts/inactive/"),
    page("account_overview", "/accounts/", as_=OWNER),
    page("account_email", "/accounts/email/", as_=OWNER),
    page("account_change_password", "/accounts/password/change/", as_=OWNER),
    page("account_reauthenticate", "/accounts/reauthenticate/", as_=OWNER),
    page("account_request_reauthentication_code", "/accounts/reauthenticate/code/", as_=OWNER),
    page("account_data", "/accounts/data/", as_=OWNER),
    page("account_delete", "/accounts/delete/", as_=OWNER),
    page("account_logout", "/accounts/logout/", as_=OWNER),
    # --- Dashboards: each role's home ---------------------------------------------------------
    page("dashboard", "/dashboard/", status=302, kind="redirect"),
    page("dashboard", "/dashboard/", as_=OWNER),
    page("dashboard", "/dashboard/", as_=NEW_OWNER),
    page("dashboard", "/dashboard/", as_=FIRM),
    page("dashboard", "/dashboard/", as_=OFFICIAL),
    # --- An UMKM owner's profile ---------------------------------------------------------------
    page("umkm_profile_edit", "/dashboard/umkm/profile/", as_=OWNER),
    page("umkm_profile_edit", "/dashboard/umkm/profile/", as_=NEW_OWNER),
    page("umkm_claim", "/dashboard/umkm/claim/", as_=NEW_OWNER),
    page("umkm_kbli", "/dashboard/umkm/kbli/?q=keripik", as_=OWNER),
    page("umkm_certifications", "/dashboard/umkm/certifications/", as_=OWNER),
    page(
        "umkm_certification_edit",
        "/dashboard/umkm/certifications/{certification}/edit/",
        as_=OWNER,
    ),
    page("umkm_links", "/dashboard/umkm/links/", as_=OWNER),
    page("umkm_products", "/dashboard/umkm/products/", as_=OWNER),
    page("umkm_product_add", "/dashboard/umkm/products/add/", as_=OWNER),
    page("umkm_product_edit", "/dashboard/umkm/products/{product}/edit/", as_=OWNER),
    page("umkm_product_delete", "/dashboard/umkm/products/{product}/delete/", as_=OWNER),
    # --- A firm representative's profile and needs ---------------------------------------------
    page("firm_profile_edit", "/dashboard/firm/profile/", as_=FIRM),
    page("firm_sectors", "/dashboard/firm/sectors/?q=logam", as_=FIRM),
    page("firm_locations", "/dashboard/firm/locations/", as_=FIRM),
    page("firm_representatives", "/dashboard/firm/representatives/", as_=FIRM),
    page("firm_needs", "/dashboard/firm/needs/", as_=FIRM),
    page("firm_needs", "/dashboard/firm/needs/", as_=OWNER, status=403, label="403"),
    page("firm_need_add", "/dashboard/firm/needs/add/", as_=FIRM),
    page("firm_need_edit", "/dashboard/firm/needs/{need}/edit/", as_=FIRM),
    page("firm_need_close", "/dashboard/firm/needs/{need}/close/", as_=FIRM),
    # --- Matchmaking ---------------------------------------------------------------------------
    page("recommendations", "/dashboard/recommendations/", as_=OWNER),
    page("recommendations", "/dashboard/recommendations/", as_=FIRM),
    page(
        "recommendations", "/dashboard/recommendations/?need={need}&near=1", as_=FIRM, label="need"
    ),
    page("interest_list", "/dashboard/interests/", as_=OWNER),
    page("interest_list", "/dashboard/interests/", as_=FIRM),
    page("interest_new", "/dashboard/interests/new/?firm={firm}&need={need}", as_=OWNER),
    page("interest_new", "/dashboard/interests/new/?umkm={umkm}", as_=FIRM),
    page("interest_detail", "/dashboard/interests/{interest_for_owner}/", as_=OWNER),
    page("interest_detail", "/dashboard/interests/{interest_for_firm}/", as_=FIRM),
    # --- Bridging sessions ------------------------------------------------------------------------
    page("session_list", "/sessions/"),
    page("session_detail", "/sessions/{open_session}/"),
    page("session_detail", "/sessions/{open_session}/", as_=OWNER),
    page("session_detail", "/sessions/{open_session}/", as_=FIRM),
    page("session_detail", "/sessions/{past_session}/", label="held"),
    page("session_detail", "/sessions/{past_session}/", as_=OWNER, label="agenda"),
    page("session_agenda_print", "/sessions/{past_session}/agenda/", as_=OWNER),
    page("session_agenda_print", "/sessions/{past_session}/agenda/", as_=FIRM, status=403),
    page("session_agenda_ics", "/sessions/{past_session}/agenda.ics", as_=OWNER, kind="text"),
    # --- Commitments: the parties' pages and the private documents -----------------------------
    page("commitment_list", "/dashboard/commitments/", as_=OWNER),
    page("commitment_list", "/dashboard/commitments/", as_=FIRM),
    page("commitment_detail", "/dashboard/commitments/{commitment}/", as_=OWNER),
    page("commitment_detail", "/dashboard/commitments/{commitment}/", as_=FIRM),
    page("commitment_detail", "/dashboard/commitments/{commitment}/", as_=OFFICIAL),
    page(
        "commitment_detail",
        "/dashboard/commitments/{commitment}/",
        as_=NEW_OWNER,
        status=404,
        label="not a party",
    ),
    page(
        "commitment_document",
        "/commitments/{commitment}/documents/statement/",
        as_=OWNER,
        kind="pdf",
    ),
    page(
        "commitment_document",
        "/commitments/{commitment}/documents/agreement/",
        as_=FIRM,
        kind="pdf",
        label="agreement",
    ),
    page(
        "commitment_document",
        "/commitments/{commitment}/documents/statement/",
        as_=NEW_OWNER,
        status=404,
        kind="pdf",
        label="not a party",
    ),
    page(
        "commitment_document",
        "/commitments/{commitment}/documents/statement/",
        status=302,
        kind="redirect",
        label="anonymous",
    ),
    page(
        "realisation_evidence",
        "/commitments/reports/{report_with_evidence}/evidence/",
        as_=FIRM,
        kind="pdf",
    ),
    page(
        "realisation_evidence",
        "/commitments/reports/{report_with_evidence}/evidence/",
        as_=AUDITOR,
        kind="pdf",
    ),
    # --- The officials' admin: the pages they use most -----------------------------------------
    page("admin:login", "/admin/login/"),
    page("admin:index", "/admin/", as_=OFFICIAL),
    page("admin:index", "/admin/", as_=REGIONAL),
    page("admin:index", "/admin/", as_=AUDITOR),
    page("admin:partnerships_umkm_changelist", "/admin/partnerships/umkm/", as_=OFFICIAL),
    page("admin:partnerships_umkm_changelist", "/admin/partnerships/umkm/", as_=REGIONAL),
    page("admin:partnerships_umkm_change", "/admin/partnerships/umkm/{umkm}/change/", as_=OFFICIAL),
    page("admin:partnerships_umkm_add", "/admin/partnerships/umkm/add/", as_=OFFICIAL),
    page(
        "admin:partnerships_umkm_simple_history",
        "/admin/partnerships/umkm/{umkm}/history/{umkm_history}/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_umkm_claim_code",
        "/admin/partnerships/umkm/{assisted_umkm}/claim-code/",
        as_=REGIONAL,
    ),
    page("admin:partnerships_firm_changelist", "/admin/partnerships/firm/", as_=OFFICIAL),
    page("admin:partnerships_firm_change", "/admin/partnerships/firm/{firm}/change/", as_=OFFICIAL),
    page("admin:partnerships_need_change", "/admin/partnerships/need/{need}/change/", as_=OFFICIAL),
    page("admin:partnerships_match_changelist", "/admin/partnerships/match/", as_=OFFICIAL),
    page(
        "admin:partnerships_match_change",
        "/admin/partnerships/match/{waiting_match}/change/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_match_met_directly",
        "/admin/partnerships/match/{waiting_match}/met-directly/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_match_leave_queue",
        "/admin/partnerships/match/{waiting_match}/leave-queue/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_duplicatecandidate_change",
        "/admin/partnerships/duplicatecandidate/{duplicate}/change/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_duplicatecandidate_merge",
        "/admin/partnerships/duplicatecandidate/{duplicate}/merge/{duplicate_keep}/",
        as_=OFFICIAL,
    ),
    page("admin:partnerships_reminder_send", "/admin/partnerships/reminder/send/", as_=OFFICIAL),
    page(
        "admin:partnerships_bridgingsession_changelist",
        "/admin/partnerships/bridgingsession/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_bridgingsession_changelist",
        "/admin/partnerships/bridgingsession/",
        as_=REGIONAL,
    ),
    page(
        "admin:partnerships_bridgingsession_change",
        "/admin/partnerships/bridgingsession/{open_session}/change/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_bridgingsession_step",
        "/admin/partnerships/bridgingsession/{open_session}/steps/build/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_bridgingsession_grid",
        "/admin/partnerships/bridgingsession/{past_session}/grid/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_bridgingsession_grid_print",
        "/admin/partnerships/bridgingsession/{past_session}/grid/print/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_bridgingsession_grid_csv",
        "/admin/partnerships/bridgingsession/{past_session}/grid.csv",
        as_=OFFICIAL,
        kind="text",
    ),
    page(
        "admin:partnerships_bridgingsession_move",
        "/admin/partnerships/bridgingsession/{past_session}/grid/meetings/{past_meeting}/move/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_bridgingsession_cancel",
        "/admin/partnerships/bridgingsession/{past_session}/grid/meetings/{past_meeting}/cancel/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_bridgingsession_attendance",
        "/admin/partnerships/bridgingsession/{past_session}/grid/meetings/{past_meeting}/"
        "attendance/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_bridgingsession_simple_history",
        "/admin/partnerships/bridgingsession/{past_session}/history/{past_session_history}/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_commitment_changelist",
        "/admin/partnerships/commitment/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_commitment_changelist",
        "/admin/partnerships/commitment/",
        as_=REGIONAL,
    ),
    page("admin:partnerships_commitment_add", "/admin/partnerships/commitment/add/", as_=OFFICIAL),
    page(
        "admin:partnerships_commitment_change",
        "/admin/partnerships/commitment/{commitment}/change/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_commitment_change",
        "/admin/partnerships/commitment/{commitment}/change/",
        as_=AUDITOR,
    ),
    page(
        "admin:partnerships_commitment_step",
        "/admin/partnerships/commitment/{commitment}/stages/start/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_commitment_step",
        "/admin/partnerships/commitment/{commitment}/stages/cancel/",
        as_=OFFICIAL,
        label="cancel",
    ),
    page(
        "admin:partnerships_commitment_history",
        "/admin/partnerships/commitment/{commitment}/history/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_commitment_simple_history",
        "/admin/partnerships/commitment/{commitment}/history/{commitment_history}/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_commitment_import",
        "/admin/partnerships/commitment/import/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_commitment_import_template",
        "/admin/partnerships/commitment/import/template.csv",
        as_=OFFICIAL,
        kind="text",
    ),
    page(
        "admin:partnerships_commitment_export",
        "/admin/partnerships/commitment/export/",
        as_=OFFICIAL,
    ),
    page("admin:partnerships_umkm_export", "/admin/partnerships/umkm/export/", as_=OFFICIAL),
    page("admin:partnerships_firm_export", "/admin/partnerships/firm/export/", as_=OFFICIAL),
    page("admin:partnerships_meeting_export", "/admin/partnerships/meeting/export/", as_=OFFICIAL),
    page(
        "admin:partnerships_realisationreport_changelist",
        "/admin/partnerships/realisationreport/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_realisationreport_confirm",
        "/admin/partnerships/realisationreport/{report_with_evidence}/confirm/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_realisationreport_reject",
        "/admin/partnerships/realisationreport/{report_with_evidence}/reject/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_sizeclasschange_changelist",
        "/admin/partnerships/sizeclasschange/",
        as_=OFFICIAL,
    ),
    page(
        "admin:partnerships_programmesettings_changelist",
        "/admin/partnerships/programmesettings/",
        as_=OFFICIAL,
        status=302,
        kind="redirect",
    ),
    page(
        "admin:partnerships_programmesettings_change",
        "/admin/partnerships/programmesettings/{programme_settings}/change/",
        as_=OFFICIAL,
    ),
]

# Actions that only take a POST (a GET answers 405): their forms sit on the pages named, which
# are in the inventory; test_inventory.py checks that a GET is refused.
POST_ONLY = {
    "umkm_submit": ("/dashboard/umkm/submit/", OWNER, "the dashboard's submit button"),
    "firm_submit": ("/dashboard/firm/submit/", FIRM, "the dashboard's submit button"),
    "umkm_certification_delete": (
        "/dashboard/umkm/certifications/{certification}/delete/",
        OWNER,
        "a button beside each certification on umkm_certifications",
    ),
    "umkm_link_delete": (
        "/dashboard/umkm/links/{link}/delete/",
        OWNER,
        "a button beside each link on umkm_links",
    ),
    "firm_invitation_cancel": (
        "/dashboard/firm/representatives/invitations/{invitation}/cancel/",
        FIRM,
        "a button beside each open invitation on firm_representatives",
    ),
    "firm_need_reopen": (
        "/dashboard/firm/needs/{need}/reopen/",
        FIRM,
        "a button beside each closed need on firm_needs",
    ),
    "interest_accept": (
        "/dashboard/interests/{interest_for_owner}/accept/",
        OWNER,
        "the answer form on interest_detail",
    ),
    "interest_decline": (
        "/dashboard/interests/{interest_for_owner}/decline/",
        OWNER,
        "the answer form on interest_detail",
    ),
    "interest_withdraw": (
        "/dashboard/interests/{interest_for_owner}/withdraw/",
        OWNER,
        "the sender's button on interest_detail",
    ),
    "match_leave": (
        "/dashboard/matches/{waiting_match}/leave/",
        OWNER,
        "the button on an accepted interest_detail",
    ),
    "session_invitation_answer": (
        "/sessions/{open_session}/invitation/",
        OWNER,
        "the invitation's buttons on session_detail and the dashboard",
    ),
    "meeting_outcome": (
        "/sessions/meetings/{owner_past_meeting}/outcome/",
        OWNER,
        "the outcome form beside each meeting that took place, on session_detail and the dashboard",
    ),
    "admin:partnerships_bridgingsession_lock": (
        "/admin/partnerships/bridgingsession/{past_session}/grid/meetings/{past_meeting}/lock/",
        OFFICIAL,
        "the lock button beside each meeting on the grid",
    ),
    "commitment_report": (
        "/dashboard/commitments/{commitment}/report/",
        OWNER,
        "the realisation report form on commitment_detail",
    ),
    "commitment_rate": (
        "/dashboard/commitments/{commitment}/rating/",
        OWNER,
        "the rating form on commitment_detail",
    ),
    "admin:partnerships_commitment_process_import": (
        "/admin/partnerships/commitment/process_import/",
        OFFICIAL,
        "the confirmation button on the import's preview (admin:partnerships_commitment_import)",
    ),
    "admin:partnerships_duplicatecandidate_distinct": (
        "/admin/partnerships/duplicatecandidate/{duplicate}/distinct/",
        OFFICIAL,
        "a button on the pair's change page",
    ),
}

# URL patterns that are not pages of their own, each with the reason (test_inventory.py checks
# the status each of these answers where the reason depends on it).
EXCUSED = {
    "admin:partnerships_firm_simple_history": "the same view (scope.history_form_view) and "
    "template as admin:partnerships_umkm_simple_history, which is in the inventory",
    "admin:partnerships_need_simple_history": "the same view (scope.history_form_view) and "
    "template as admin:partnerships_umkm_simple_history, which is in the inventory",
    "admin:partnerships_realisationreport_simple_history": "the same view "
    "(scope.history_form_view) and template as admin:partnerships_commitment_simple_history, "
    "which is in the inventory",
    "admin:partnerships_partnershiprating_simple_history": "the same view "
    "(scope.history_form_view) and template as admin:partnerships_commitment_simple_history, "
    "which is in the inventory",
    "admin:partnerships_sizeclasschange_simple_history": "the same view "
    "(scope.history_form_view) and template as admin:partnerships_commitment_simple_history, "
    "which is in the inventory",
    "account_set_password": "every account has a password (sign-up asks for one), so allauth "
    "redirects this to the change-password page, which is in the inventory",
    "account_confirm_login_code": "sign-in by e-mailed code is off (ACCOUNT_LOGIN_BY_CODE_ENABLED "
    "is not set): with no code sent, allauth redirects to the sign-in page",
    "account_confirm_reauthentication_code": "a redirect to account_request_reauthentication_code "
    "(in the inventory) until a code has been e-mailed",
}
# What the excused patterns answer (GET, as the role given): the reasons above depend on it.
EXCUSED_ANSWERS = {
    "account_set_password": ("/accounts/password/set/", OWNER, 302),
    "account_confirm_login_code": ("/accounts/login/code/confirm/", ANONYMOUS, 302),
    "account_confirm_reauthentication_code": (
        "/accounts/reauthenticate/code/confirm/",
        OWNER,
        302,
    ),
}

# The admin's generated views, left to Django (see the module's docstring).
ADMIN_GENERATED_SUFFIXES = ("_changelist", "_add", "_change", "_delete", "_history")
ADMIN_SITE_VIEWS = frozenset(
    {
        "admin:login",
        "admin:logout",
        "admin:password_change",
        "admin:password_change_done",
        "admin:autocomplete",
        "admin:jsi18n",
        "admin:view_on_site",
        "admin:app_list",
    }
)
