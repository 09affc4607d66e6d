"""Every non-admin URL of the portal, as each role may reach it: the answer to a GET and to a POST,
and nothing private in any page a role may open that is not theirs to read.

The roles (tests/partnerships/factories_hardening.py builds their world): an anonymous visitor;
the owner of UMKM A; another owner (UMKM B, matched with nobody); the representative of firm F,
which is matched with A, has an interest, meetings and a commitment with it; another firm's
representative (firm G); an official. Each row of MATRIX gives a path (placeholders are the
world's ids) and the answers of the six roles in that order:

    200 the page; 400 a form refused (what was posted is shown again); 403 refused for the role;
    404 not there for this person (nobody learns that it exists); 405 the wrong method;
    login a redirect to the sign-in page; 302 any other redirect (a form's next page, a refusal
    as a message on another page)

A single word stands for all six. POSTs carry no data (a form's empty submission) and are rolled
back, so no row changes what the next one sees. A new URL pattern makes
``test_every_url_pattern_has_a_row_or_an_excuse`` fail until it has a row here (or an excuse in
EXCUSED, with the reason).

Each role takes the tour of every row once (``take_tour``); the tests here and in test_csrf.py
check its findings: the answers, the private values of others in any page or file of text
(contacts, NIK, NPWP, the representatives' addresses, a commitment's scope and documents' URLs,
an interest's message, a session's meeting link), POST forms without the CSRF token, and tables
that a GET wrote to.
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.hardening.conftest import client_as
from tests.partnerships.factories_hardening import ROLES, World

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    name: str
    path: str
    get: tuple[str, ...]
    post: tuple[str, ...]
    # Private values this page rightly shows to whoever may open it, with the reason.
    shows: tuple[str, ...] = ()
    # A POST that signs the person out: the tour returns to the session it had.
    signs_out: bool = False


def _answers(text: str) -> tuple[str, ...]:
    words = tuple(text.split())
    if len(words) == 1:
        return words * len(ROLES)
    assert len(words) == len(ROLES), text
    return words


def row(name: str, path: str, get: str, post: str, **options) -> Row:
    return Row(name=name, path=path, get=_answers(get), post=_answers(post), **options)


# Roles: anonymous, owner, other_owner, representative, other_representative, official.
MATRIX = [
    # --- Public pages ------------------------------------------------------------------------
    row("healthz", "/healthz", get="200", post="405"),
    row("favicon.ico", "/favicon.ico", get="302", post="405"),
    row("home", "/", get="200", post="405"),
    row("privacy", "/privacy/", get="200", post="405"),
    row("statistics", "/statistics/", get="200", post="405"),
    row("umkm_list", "/umkm/", get="200", post="405"),
    row("need_list", "/needs/", get="200", post="405"),
    row("firm_list", "/firms/", get="200", post="405"),
    row("session_list", "/sessions/", get="200", post="405"),
    row("umkm_detail", "/umkm/{umkm}/", get="200", post="405"),
    row("umkm_detail", "/umkm/{other_umkm}/", get="200", post="405"),
    row("firm_detail", "/firms/{firm}/", get="200", post="405"),
    row("firm_detail", "/firms/{other_firm}/", get="200", post="405"),
    row("need_detail", "/needs/{need}/", get="200", post="405"),
    row("product_photo", "/products/{product}/photo/", get="200", post="405"),
    row("product_thumbnail", "/products/{product}/thumbnail/", get="200", post="405"),
    row("regencies_json", "/regions/regencies/?province=32", get="200", post="405"),
    row("session_detail", "/sessions/{open_session}/", get="200", post="405"),
    row("session_detail", "/sessions/{held_session}/", get="200", post="405"),
    # Whoever holds the link's token may read whom it invites; only a fresh account may join.
    row(
        "firm_invitation_accept",
        "/invitations/{invitation_token}/",
        get="200",
        post="login 403 403 403 403 403",
        shows=("F's invitation to a colleague",),
    ),
    # --- Accounts (allauth's pages and ours) ------------------------------------------------
    row(
        "account_signup",
        "/accounts/signup/",
        get="200 302 302 302 302 302",
        post="200 302 302 302 302 302",
    ),
    row(
        "account_login",
        "/accounts/login/",
        get="200 302 302 302 302 302",
        post="200 302 302 302 302 302",
    ),
    row(
        "account_logout",
        "/accounts/logout/",
        get="302 200 200 200 200 200",
        post="302",
        signs_out=True,
    ),
    row("account_inactive", "/accounts/inactive/", get="200", post="405"),
    row(
        "account_overview",
        "/accounts/",
        get="login 200 200 200 200 200",
        post="login 405 405 405 405 405",
    ),
    row(
        "account_data",
        "/accounts/data/",
        get="login 200 200 200 200 200",
        post="login 200 200 200 200 200",
    ),
    row(
        "account_delete",
        "/accounts/delete/",
        get="login 200 200 200 200 200",
        post="login 200 200 200 200 200",
    ),
    row(
        "account_email",
        "/accounts/email/",
        get="login 200 200 200 200 200",
        post="login 302 302 302 302 302",
    ),
    row("account_email_verification_sent", "/accounts/confirm-email/", get="200", post="405"),
    row("account_confirm_email", "/accounts/confirm-email/not-a-key/", get="200", post="404"),
    row(
        "account_change_password",
        "/accounts/password/change/",
        get="login 200 200 200 200 200",
        post="login 200 200 200 200 200",
    ),
    # Every account has a password: allauth sends "set a password" to "change it".
    row(
        "account_set_password",
        "/accounts/password/set/",
        get="login 302 302 302 302 302",
        post="login 302 302 302 302 302",
    ),
    row("account_reset_password", "/accounts/password/reset/", get="200", post="200"),
    row("account_reset_password_done", "/accounts/password/reset/done/", get="200", post="405"),
    row(
        "account_reset_password_from_key",
        "/accounts/password/reset/key/1-set-password/",
        get="200",
        post="200",
    ),
    row(
        "account_reset_password_from_key_done",
        "/accounts/password/reset/key/done/",
        get="200",
        post="405",
    ),
    row(
        "account_reauthenticate",
        "/accounts/reauthenticate/",
        get="login 200 200 200 200 200",
        post="login 200 200 200 200 200",
    ),
    row(
        "account_request_reauthentication_code",
        "/accounts/reauthenticate/code/",
        get="login 200 200 200 200 200",
        post="login 200 200 200 200 200",
    ),
    # Sign-in and re-authentication by e-mailed code are off: no code was sent, so a redirect.
    row(
        "account_confirm_reauthentication_code",
        "/accounts/reauthenticate/code/confirm/",
        get="login 302 302 302 302 302",
        post="login 302 302 302 302 302",
    ),
    row(
        "account_confirm_login_code",
        "/accounts/login/code/confirm/",
        get="login 302 302 302 302 302",
        post="login 302 302 302 302 302",
    ),
    # --- Dashboards --------------------------------------------------------------------------
    row(
        "dashboard",
        "/dashboard/",
        get="login 200 200 200 200 200",
        post="login 405 405 405 405 405",
    ),
    row("umkm_submit", "/dashboard/umkm/submit/", get="405", post="login 302 302 403 403 403"),
    row("firm_submit", "/dashboard/firm/submit/", get="405", post="login 403 403 302 302 403"),
    # --- An UMKM owner's own pages: the owner's UMKM from the account, never from the URL ------
    row(
        "umkm_claim",
        "/dashboard/umkm/claim/",
        get="login 200 200 403 403 403",
        post="login 200 200 403 403 403",
    ),
    row(
        "umkm_profile_edit",
        "/dashboard/umkm/profile/",
        get="login 200 200 403 403 403",
        post="login 200 200 403 403 403",
    ),
    row(
        "umkm_kbli",
        "/dashboard/umkm/kbli/",
        get="login 200 200 403 403 403",
        post="login 302 302 403 403 403",
    ),
    row(
        "umkm_certifications",
        "/dashboard/umkm/certifications/",
        get="login 200 200 403 403 403",
        post="login 200 200 403 403 403",
    ),
    row(
        "umkm_certification_edit",
        "/dashboard/umkm/certifications/{certification}/edit/",
        get="login 200 404 403 403 403",
        post="login 200 404 403 403 403",
    ),
    row(
        "umkm_certification_delete",
        "/dashboard/umkm/certifications/{certification}/delete/",
        get="login 405 405 403 403 403",
        post="login 302 404 403 403 403",
    ),
    row(
        "umkm_links",
        "/dashboard/umkm/links/",
        get="login 200 200 403 403 403",
        post="login 200 200 403 403 403",
    ),
    row(
        "umkm_link_delete",
        "/dashboard/umkm/links/{link}/delete/",
        get="login 405 405 403 403 403",
        post="login 302 404 403 403 403",
    ),
    row(
        "umkm_products",
        "/dashboard/umkm/products/",
        get="login 200 200 403 403 403",
        post="login 200 200 403 403 403",
    ),
    row(
        "umkm_product_add",
        "/dashboard/umkm/products/add/",
        get="login 200 200 403 403 403",
        post="login 200 200 403 403 403",
    ),
    row(
        "umkm_product_edit",
        "/dashboard/umkm/products/{product}/edit/",
        get="login 200 404 403 403 403",
        post="login 200 404 403 403 403",
    ),
    row(
        "umkm_product_delete",
        "/dashboard/umkm/products/{product}/delete/",
        get="login 200 404 403 403 403",
        post="login 302 404 403 403 403",
    ),
    # --- A firm representative's own pages ---------------------------------------------------
    row(
        "firm_profile_edit",
        "/dashboard/firm/profile/",
        get="login 403 403 200 200 403",
        post="login 403 403 200 200 403",
    ),
    row(
        "firm_sectors",
        "/dashboard/firm/sectors/",
        get="login 403 403 200 200 403",
        post="login 403 403 200 200 403",
    ),
    row(
        "firm_locations",
        "/dashboard/firm/locations/",
        get="login 403 403 200 200 403",
        post="login 403 403 200 200 403",
    ),
    row(
        "firm_representatives",
        "/dashboard/firm/representatives/",
        get="login 403 403 200 200 403",
        post="login 403 403 200 200 403",
    ),
    row(
        "firm_invitation_cancel",
        "/dashboard/firm/representatives/invitations/{firm_invitation}/cancel/",
        get="405",
        post="login 403 403 302 404 403",
    ),
    row("firm_needs", "/dashboard/firm/needs/", get="login 403 403 200 200 403", post="405"),
    row(
        "firm_need_add",
        "/dashboard/firm/needs/add/",
        get="login 403 403 200 200 403",
        post="login 403 403 200 200 403",
    ),
    row(
        "firm_need_edit",
        "/dashboard/firm/needs/{need}/edit/",
        get="login 403 403 200 404 403",
        post="login 403 403 200 404 403",
    ),
    row(
        "firm_need_close",
        "/dashboard/firm/needs/{need}/close/",
        get="login 403 403 200 404 403",
        post="login 403 403 302 404 403",
    ),
    row(
        "firm_need_reopen",
        "/dashboard/firm/needs/{need}/reopen/",
        get="405",
        post="login 403 403 302 404 403",
    ),
    # --- Matchmaking: only the two sides of an interest see it -------------------------------
    row(
        "recommendations",
        "/dashboard/recommendations/",
        get="login 200 200 200 200 403",
        post="405",
    ),
    row("interest_list", "/dashboard/interests/", get="login 200 200 200 200 403", post="405"),
    # An owner sends interest to firms, a representative to UMKM.
    row(
        "interest_new",
        "/dashboard/interests/new/?umkm={umkm}",
        get="login 403 403 200 200 403",
        post="login 403 403 200 200 403",
    ),
    row(
        "interest_new",
        "/dashboard/interests/new/?firm={firm}&need={need}",
        get="login 200 200 403 403 403",
        post="login 200 200 403 403 403",
    ),
    row(
        "interest_detail",
        "/dashboard/interests/{interest}/",
        get="login 200 404 200 404 404",
        post="405",
    ),
    # The pending interest was sent by F: A answers it, F may only withdraw it.
    row(
        "interest_accept",
        "/dashboard/interests/{pending_interest}/accept/",
        get="405",
        post="login 302 404 403 404 404",
    ),
    row(
        "interest_decline",
        "/dashboard/interests/{pending_interest}/decline/",
        get="405",
        post="login 302 404 403 404 404",
    ),
    row(
        "interest_withdraw",
        "/dashboard/interests/{pending_interest}/withdraw/",
        get="405",
        post="login 403 404 302 404 404",
    ),
    row(
        "match_leave",
        "/dashboard/matches/{match}/leave/",
        get="405",
        post="login 400 404 400 404 404",
    ),
    # --- Bridging sessions: each party sees its own agenda -----------------------------------
    row(
        "session_invitation_answer",
        "/sessions/{open_session}/invitation/",
        get="405",
        post="login 400 404 400 404 404",
    ),
    row(
        "session_agenda_ics",
        "/sessions/{held_session}/agenda.ics",
        get="login 200 403 200 403 403",
        post="405",
    ),
    row(
        "session_agenda_print",
        "/sessions/{held_session}/agenda/",
        get="login 200 403 200 403 403",
        post="405",
    ),
    row(
        "meeting_outcome",
        "/sessions/meetings/{meeting}/outcome/",
        get="405",
        post="login 400 404 400 404 404",
    ),
    # --- Commitments: the two parties and officials; nobody else learns they exist ------------
    row("commitment_list", "/dashboard/commitments/", get="login 200 200 200 200 302", post="405"),
    row(
        "commitment_detail",
        "/dashboard/commitments/{commitment}/",
        get="login 200 404 200 404 200",
        post="405",
    ),
    # Officials read a commitment on the site and change it in the admin.
    row(
        "commitment_report",
        "/dashboard/commitments/{commitment}/report/",
        get="405",
        post="login 400 404 400 404 403",
    ),
    row(
        "commitment_rate",
        "/dashboard/commitments/{commitment}/rating/",
        get="405",
        post="login 400 404 400 404 403",
    ),
    row(
        "commitment_document",
        "/commitments/{commitment}/documents/statement/",
        get="login 200 404 200 404 200",
        post="405",
    ),
    row(
        "commitment_document",
        "/commitments/{commitment}/documents/agreement/",
        get="login 404 404 404 404 404",
        post="405",
    ),
    row(
        "commitment_document",
        "/commitments/{commitment}/documents/nonsense/",
        get="login 404 404 404 404 404",
        post="405",
    ),
    row(
        "realisation_evidence",
        "/commitments/reports/{report}/evidence/",
        get="login 200 404 200 404 200",
        post="405",
    ),
]

# URL patterns without a row, each with the reason (none today: every pattern has a row).
EXCUSED: dict[str, str] = {}

TEXT_TYPES = ("text/", "application/json")


def url_patterns(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """(name, route) of every URL pattern; an unnamed one is named by its route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield (name or route), route


def is_admin(name: str, route: str) -> bool:
    return name.startswith("admin") or route.startswith("admin/")


def portal_patterns() -> set[str]:
    return {name for name, route in url_patterns() if not is_admin(name, route)}


def test_every_url_pattern_has_a_row_or_an_excuse():
    covered = {entry.name for entry in MATRIX} | set(EXCUSED)
    assert sorted(portal_patterns() - covered) == [], (
        "Add a row to MATRIX in tests/hardening/test_permission_matrix.py for each of these "
        "URL patterns (or an excuse with its reason to EXCUSED)."
    )


def test_the_matrix_names_only_patterns_that_exist():
    listed = {entry.name for entry in MATRIX} | set(EXCUSED)
    assert sorted(listed - portal_patterns()) == []


def answer(response) -> str:
    if response.status_code == 302:
        return "login" if "/accounts/login/" in response["Location"] else "302"
    return str(response.status_code)


def page_text(response) -> str:
    """The body of a page, a calendar or JSON; "" for files (photos, documents)."""
    if response.streaming or not response.get("Content-Type", "").startswith(TEXT_TYPES):
        return ""
    return response.content.decode()


def leaks(world: World, role: str, entry: Row, path: str, text: str) -> list[str]:
    # A page may say which address was asked for (the 404 page does): that is no leak.
    text = text.replace(path, "")
    return [
        secret.what
        for secret in world.secrets_hidden_from(role)
        if secret.what not in entry.shows and any(form in text for form in secret.forms)
    ]


# Reference data and Django's own bookkeeping: no page writes them, and they are large.
NOT_SNAPSHOTTED = {
    "partnerships.province",
    "partnerships.regency",
    "partnerships.kblicode",
    "auth.permission",
    "contenttypes.contenttype",
}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table the portal writes, in order."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_SNAPSHOTTED
    }


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def forms_without_token(html: str) -> int:
    """How many POST forms of the page lack the hidden CSRF token."""
    count = 0
    for form in html.split("<form")[1:]:
        opening, _sep, rest = form.partition(">")
        body = rest.split("</form>")[0]
        if 'method="post"' in opening.lower() and 'name="csrfmiddlewaretoken"' not in body:
            count += 1
    return count


@dataclass
class Tour:
    """What a role met on a tour of every row of the matrix."""

    wrong: list[str] = field(default_factory=list)  # answers other than the matrix's
    leaks: list[str] = field(default_factory=list)  # private values of others on a page
    without_token: list[str] = field(default_factory=list)  # pages with a tokenless POST form
    changed_by_gets: list[str] = field(default_factory=list)  # tables the GETs wrote to


def take_tour(world: World, role: str) -> Tour:
    """A GET and a POST of every row as ``role``. The POSTs are rolled back one by one; the GETs
    are not, so the database compared before and after tells whether any GET wrote."""
    tour = Tour()
    client = client_as(world, role)
    before = snapshot()
    for entry in MATRIX:
        path = entry.path.format(**world.ids)
        for method, expected in (("get", entry.get), ("post", entry.post)):
            if method == "get":
                response = client.get(path)
            else:
                session = client.cookies.get(settings.SESSION_COOKIE_NAME)
                with transaction.atomic():
                    response = client.post(path)
                    transaction.set_rollback(True)
                if entry.signs_out and session is not None:
                    # The sign-out was rolled back: the old session is there to return to.
                    client.cookies[settings.SESSION_COOKIE_NAME] = session.value
            got, want = answer(response), expected[ROLES.index(role)]
            where = f"{method.upper()} {path} ({entry.name})"
            if got != want:
                tour.wrong.append(f"{where}: {want} expected, got {got}")
            found = leaks(world, role, entry, path, page_text(response))
            if found:
                tour.leaks.append(f"{where} shows {', '.join(found)}")
            if page_text(response) and forms_without_token(page_text(response)):
                tour.without_token.append(where)
    tour.changed_by_gets = changed_tables(before, snapshot())
    return tour


def tour_of(tours: dict, world: World, role: str) -> Tour:
    if role not in tours:
        tours[role] = take_tour(world, role)
    return tours[role]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_the_matrix_gives(world, tours, role):
    assert tour_of(tours, world, role).wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_role_the_contacts_identifiers_or_documents_of_others(world, tours, role):
    assert tour_of(tours, world, role).leaks == []


def test_the_private_values_do_show_where_they_belong(world):
    """The leak check is not vacuous: each private value appears to someone allowed to read it."""
    pages = {
        "owner": ["/dashboard/umkm/profile/", "/accounts/", "/dashboard/interests/{interest}/"],
        "other_owner": ["/dashboard/umkm/profile/", "/accounts/"],
        "representative": [
            "/dashboard/firm/profile/",
            "/dashboard/firm/representatives/",
            "/dashboard/interests/{interest}/",
            "/dashboard/commitments/{commitment}/",
            "/sessions/{open_session}/",
            "/umkm/{umkm}/",
        ],
        "other_representative": ["/dashboard/firm/profile/", "/accounts/"],
    }
    shown = set()
    for role, paths in pages.items():
        client = client_as(world, role)
        text = "".join(client.get(path.format(**world.ids)).content.decode() for path in paths)
        shown |= {
            secret.what
            for secret in world.private
            if role in secret.readers and any(form in text for form in secret.forms)
        }
    assert sorted({secret.what for secret in world.private} - shown) == []


INT_ID_PATTERNS = sorted(
    {
        (name, route)
        for name, route in url_patterns()
        if not is_admin(name, route) and "<int:pk>" in route
    }
)


@pytest.mark.parametrize("role", ["owner", "representative", "official"])
@pytest.mark.parametrize("bad_id", ["999999999", "99999999999999999999", "0"])
def test_ids_that_are_not_there_answer_404_never_an_error(world, role, bad_id):
    client = client_as(world, role)
    answers = {}
    for name, route in INT_ID_PATTERNS:
        path = "/" + route.replace("<int:pk>", bad_id).replace("<slug:kind>", "statement")
        with transaction.atomic():
            answers[name] = (client.get(path).status_code, client.post(path).status_code)
            transaction.set_rollback(True)
    # 403: a page of another role's area (the role check comes before the id is looked up);
    # 405: the wrong method, also checked before the id.
    unexpected = {
        name: codes for name, codes in answers.items() if not set(codes) <= {403, 404, 405}
    }
    assert unexpected == {}
