"""Every form the public site posts, fed hostile input through its real view: never a server
error, never a redirect off the site, and what was typed comes back escaped, in the form's
answer and on the pages that show what was stored.

Each target starts from valid data (so the hostile values reach the checks behind the first
error) and replaces some of its fields (hostile.py draws them). Every example is rolled back,
so each starts from the same world. ``test_html_sent_through_every_form_is_escaped_everywhere``
then stores markup through each form for real and opens every page, the admin's included.

HARDENING_EXAMPLES sets the number of examples per form (30 by default, to keep the suite
quick; a few hundred on PostgreSQL now and then finds what 30 miss).
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from partnerships.models import (
    CertificationKind,
    Interest,
    InvestmentType,
    LinkKind,
    MeetingOutcome,
    Need,
    PartnershipPattern,
    Product,
    RealisationReport,
)
from portal.accounts.models import Role
from tests.conftest import PASSWORD
from tests.hardening.conftest import client_as
from tests.hardening.hostile import (
    MARKUP,
    assert_safe_answer,
    hostile_fields,
    is_html,
    raw_markup_in,
)
from tests.hardening.test_permission_matrix import MATRIX
from tests.partnerships.factories import make_owner, make_user, regency, umkm_form_data
from tests.partnerships.factories_hardening import OFFICIAL, ROLES, World
from tests.partnerships.factories_needs import need_form_data

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HARDENING_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass(frozen=True)
class Target:
    """A form: who posts it where, valid data to start from, and the pages that show it."""

    id: str
    role: str
    path: str
    data: Callable[[World], dict]
    shows: tuple[str, ...] = ()
    # Who posts when it is nobody of the matrix: a function of the world giving the account.
    user: Callable[[World], object] | None = None
    fields: tuple[str, ...] = field(default=())

    def fuzzed_fields(self, world: World) -> tuple[str, ...]:
        return self.fields or tuple(self.data(world))


def _today():
    return timezone.localdate()


def _signup(world):
    return {
        "name": "Dewi Lestari",
        "email": "dewi.lestari@example.test",
        "password1": "tempe-goreng-renyah-2021",
        "password2": "tempe-goreng-renyah-2021",
        "role": Role.UMKM_OWNER,
        "consent": "on",
    }


def _firm_profile(world):
    return {
        "name": "PT Sinar Pangan Nusantara",
        "investment_type": InvestmentType.PMDN,
        "country": "",
        "nib": world.firm.nib,
        "npwp": "01.300.066.6-091.000",
        "capital": "Rp 25.000.000.000",
        "annual_sales": "",
        "description": "Produsen makanan ringan.",
        "website": "sinarpangan.example.id",
        "job_title": "Procurement Manager",
        "is_exporter": "on",
        "npwp_confirmed": "",
    }


def _report(world):
    return {
        "report-period_start": (_today() - timedelta(days=30)).isoformat(),
        "report-period_end": (_today() - timedelta(days=1)).isoformat(),
        "report-value": "25.000.000",
        "report-event": "delivered",
        "report-notes": "2.000 bungkus dikirim.",
        "report-over_value_confirmed": "",
    }


def _rating(world):
    return {
        "rating-quality": "4",
        "rating-on_time": "5",
        "rating-fair_price": "3",
        "rating-would_continue": "yes",
        "rating-comment": "Kualitas baik.",
    }


def _product(world):
    return {
        "name": "Keripik tempe original",
        "description": "Renyah, 250 g.",
        "unit": "bungkus",
        "monthly_capacity": "1000",
        "minimum_order": "50",
        "price_min": "12.000",
        "price_max": "15.000",
    }


def _invited(world):
    return make_user(world.firm_invitation.email, role=Role.FIRM_REPRESENTATIVE)


def _new_owner(world):
    return make_owner("belum.punya.usaha@example.test")


TARGETS = [
    # --- Accounts ----------------------------------------------------------------------------
    Target("signup", "anonymous", "/accounts/signup/", _signup),
    Target(
        "login",
        "anonymous",
        "/accounts/login/",
        lambda w: {"login": w.users["owner"].email, "password": "bukan-sandi", "remember": "on"},
    ),
    Target(
        "password_reset", "anonymous", "/accounts/password/reset/", lambda w: {"email": "a@b.test"}
    ),
    Target("account_delete", "owner", "/accounts/delete/", lambda w: {"password": "bukan-sandi"}),
    Target(
        "account_email",
        "owner",
        "/accounts/email/",
        lambda w: {"email": "baru@example.test", "action_add": ""},
    ),
    Target(
        "change_password",
        "owner",
        "/accounts/password/change/",
        lambda w: {"oldpassword": PASSWORD, "password1": "sandi-baru-2021!", "password2": "x"},
    ),
    Target("reauthenticate", "owner", "/accounts/reauthenticate/", lambda w: {"password": "x"}),
    # --- An UMKM owner's profile ---------------------------------------------------------------
    Target(
        "umkm_profile",
        "owner",
        "/dashboard/umkm/profile/",
        lambda w: umkm_form_data(nib=w.umkm.nib, contacts_visible_to_firms="on", npwp_confirmed=""),
        shows=("/umkm/{umkm}/",),
    ),
    Target(
        "umkm_claim",
        "new_owner",
        "/dashboard/umkm/claim/",
        lambda w: {"code": "KMT-ABCD-EFGH"},
        user=_new_owner,
    ),
    Target(
        "umkm_kbli",
        "owner",
        "/dashboard/umkm/kbli/",
        lambda w: {"code": "10794", "action": "add", "q": "keripik"},
    ),
    Target(
        "umkm_kbli_remove",
        "owner",
        "/dashboard/umkm/kbli/",
        lambda w: {"code": "10794", "action": "remove", "q": ""},
    ),
    Target(
        "umkm_certification",
        "owner",
        "/dashboard/umkm/certifications/",
        lambda w: {"kind": CertificationKind.OTHER, "other_name": "Organik", "number": "OR-1"},
        shows=("/umkm/{umkm}/",),
        fields=("kind", "other_name", "number", "expires_on"),
    ),
    Target(
        "umkm_certification_edit",
        "owner",
        "/dashboard/umkm/certifications/{certification}/edit/",
        lambda w: {"kind": CertificationKind.HALAL, "number": "ID-1", "expires_on": ""},
        fields=("kind", "other_name", "number", "expires_on"),
    ),
    Target(
        "umkm_link",
        "owner",
        "/dashboard/umkm/links/",
        lambda w: {"kind": LinkKind.WEBSITE, "url": "https://keripik.example.id/"},
        shows=("/umkm/{umkm}/",),
    ),
    Target(
        "product_add",
        "owner",
        "/dashboard/umkm/products/add/",
        _product,
        shows=("/dashboard/umkm/products/",),
        fields=(*_product(None), "photo"),
    ),
    Target(
        "product_edit",
        "owner",
        "/dashboard/umkm/products/{product}/edit/",
        lambda w: {**_product(w), "remove_photo": "on"},
        shows=("/umkm/{umkm}/",),
        fields=(*_product(None), "photo", "remove_photo"),
    ),
    # --- A firm representative's profile and needs -------------------------------------------
    Target(
        "firm_profile",
        "representative",
        "/dashboard/firm/profile/",
        _firm_profile,
        shows=("/firms/{firm}/",),
    ),
    Target(
        "firm_sectors",
        "representative",
        "/dashboard/firm/sectors/",
        lambda w: {"code": "10710", "action": "add", "q": "roti"},
    ),
    Target(
        "firm_locations",
        "representative",
        "/dashboard/firm/locations/",
        lambda w: {"province": "32", "regency": str(regency("3273").pk), "action": "add"},
        fields=("province", "regency", "action", "code", "refresh_regencies"),
    ),
    Target(
        "firm_invitation",
        "representative",
        "/dashboard/firm/representatives/",
        lambda w: {"email": "rekan.baru@example.test"},
    ),
    Target(
        "firm_invitation_accept",
        "invited",
        "/invitations/{invitation_token}/",
        lambda w: {"job_title": "Staf Pengadaan"},
        shows=("/firms/{firm}/",),
        user=_invited,
    ),
    Target(
        "need_add",
        "representative",
        "/dashboard/firm/needs/add/",
        lambda w: need_form_data(pattern=PartnershipPattern.SUPPLY_CHAIN),
        shows=("/needs/",),
    ),
    Target(
        "need_edit",
        "representative",
        "/dashboard/firm/needs/{need}/edit/",
        lambda w: need_form_data(),
        shows=("/needs/{need}/",),
    ),
    # --- Matchmaking ----------------------------------------------------------------------------
    Target(
        "interest_new",
        "other_representative",
        "/dashboard/interests/new/?umkm={umkm}",
        lambda w: {"need": str(w.other_need.pk), "message": "Kami mencari pemasok."},
        shows=("/dashboard/interests/",),
    ),
    Target(
        "interest_decline",
        "owner",
        "/dashboard/interests/{pending_interest}/decline/",
        lambda w: {"decline-reason": "Kapasitas penuh."},
    ),
    Target(
        "match_leave",
        "owner",
        "/dashboard/matches/{match}/leave/",
        lambda w: {"leave-reason": "Sudah bermitra langsung."},
    ),
    # --- Bridging sessions ----------------------------------------------------------------------
    Target(
        "session_invitation",
        "owner",
        "/sessions/{open_session}/invitation/",
        lambda w: {"answer": "confirmed", "next": "/dashboard/"},
    ),
    Target(
        "meeting_outcome",
        "representative",
        "/sessions/meetings/{meeting}/outcome/",
        lambda w: {"outcome": MeetingOutcome.READY_TO_SIGN, "next": "/dashboard/"},
    ),
    # --- Commitments --------------------------------------------------------------------------
    Target(
        "commitment_report",
        "owner",
        "/dashboard/commitments/{commitment}/report/",
        _report,
        shows=("/dashboard/commitments/{commitment}/",),
        fields=(*_report(None), "report-evidence"),
    ),
    Target(
        "commitment_rating",
        "representative",
        "/dashboard/commitments/{commitment}/rating/",
        _rating,
        shows=("/dashboard/commitments/{commitment}/",),
    ),
]


def signed_in(world: World, target: Target) -> Client:
    if target.user is None:
        return client_as(world, target.role)
    client = Client()
    client.force_login(target.user(world))
    return client


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.id)
def test_hostile_input_never_breaks_a_form_nor_comes_back_unescaped(world, target):
    client = signed_in(world, target)
    path = target.path.format(**world.ids)
    base = target.data(world)

    @FUZZ
    @given(fuzzed=hostile_fields(target.fuzzed_fields(world)))
    def post(fuzzed):
        cache.clear()  # the rate limits would answer instead of the form
        data = {**base, **fuzzed}
        with transaction.atomic():
            response = client.post(path, data)
            assert_safe_answer(response, data)
            if response.status_code == 302:
                for shown in target.shows:
                    assert_safe_answer(client.get(shown.format(**world.ids)), data)
            transaction.set_rollback(True)

    post()


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.id)
def test_a_nul_byte_in_any_one_field_is_no_server_error(world, target):
    """Deterministic, field by field, where the random search may miss one: PostgreSQL refuses
    a NUL byte in any query, so a value that reaches the database unchecked is a 500 there."""
    client = signed_in(world, target)
    path = target.path.format(**world.ids)
    base = target.data(world)
    for name in target.fuzzed_fields(world):
        # After the valid value, so the rest of the field's checks still pass up to the query.
        value = f"{base.get(name, '')}\x00"
        with transaction.atomic():
            cache.clear()
            assert_safe_answer(client.post(path, {**base, name: value}), (name, value))
            transaction.set_rollback(True)


def test_the_valid_data_of_every_target_is_accepted(world):
    """The fuzzing starts from data the form takes, so hostile values meet the later checks."""
    refused = {}
    for target in TARGETS:
        if target.id in {"login", "account_delete", "change_password", "reauthenticate"}:
            continue  # their starting password is wrong on purpose
        if target.id == "umkm_claim":
            continue  # no business waits for the code
        client = signed_in(world, target)
        with transaction.atomic():
            response = client.post(target.path.format(**world.ids), target.data(world))
            transaction.set_rollback(True)
        if response.status_code != 302:
            refused[target.id] = response.status_code
    assert refused == {}


# --- Stored markup, shown on every page -------------------------------------------------------

SCRIPT = MARKUP[0]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _store_markup_through_the_forms(world: World) -> dict[str, int]:
    """Posts each form that stores free text with the script in every text field; the answers."""
    marked = f"Keripik {SCRIPT}"
    posts = [
        (
            "owner",
            "/dashboard/umkm/profile/",
            umkm_form_data(
                nib=world.umkm.nib,
                # A new name or legal form would take the profile back to the officials.
                name=world.umkm.name,
                legal_form=world.umkm.legal_form,
                description=marked,
                owner_name=marked,
                address=marked,
                export_notes=marked,
            ),
        ),
        (
            "owner",
            "/dashboard/umkm/products/add/",
            {**_product(world), "name": marked, "description": marked, "unit": "kg <b>"},
        ),
        (
            "owner",
            "/dashboard/umkm/certifications/",
            {"kind": CertificationKind.OTHER, "other_name": marked, "number": marked},
        ),
        (
            "owner",
            f"/dashboard/interests/{world.pending_interest.pk}/decline/",
            {"decline-reason": marked},
        ),
        (
            "owner",
            f"/dashboard/commitments/{world.commitment.pk}/report/",
            {**_report(world), "report-notes": marked},
        ),
        (
            "owner",
            f"/dashboard/commitments/{world.commitment.pk}/rating/",
            {**_rating(world), "rating-comment": marked},
        ),
        (
            "representative",
            "/dashboard/firm/profile/",
            {**_firm_profile(world), "description": marked, "job_title": marked},
        ),
        (
            "representative",
            "/dashboard/firm/needs/add/",
            need_form_data(title=marked, description=marked, unit="kg"),
        ),
        (
            "other_representative",
            f"/dashboard/interests/new/?umkm={world.umkm.pk}",
            {"need": "", "message": marked},
        ),
        ("representative", f"/dashboard/matches/{world.match.pk}/leave/", {"leave-reason": marked}),
        # New names: these two go back to the officials, who see them in the admin.
        (
            "other_owner",
            "/dashboard/umkm/profile/",
            umkm_form_data(nib=world.other_umkm.nib, name=marked),
        ),
        (
            "other_representative",
            "/dashboard/firm/profile/",
            {**_firm_profile(world), "nib": world.other_firm.nib, "name": marked},
        ),
    ]
    answers = {}
    for role, path, data in posts:
        answers[path] = client_as(world, role).post(path, data).status_code
    signup = Client().post("/accounts/signup/", {**_signup(world), "name": marked})
    answers["/accounts/signup/"] = signup.status_code
    return answers


# Loaded by the migrations, never typed by a party: their admin lists show nothing posted here.
REFERENCE_DATA = {"partnerships.kblicode", "partnerships.regency", "partnerships.province"}


def _admin_pages(world: World) -> list[str]:
    """Each model's list in the admin, and the change page of every record the forms wrote to."""
    pages = ["/admin/"]
    for model in admin.site._registry:
        opts = model._meta
        if opts.label_lower not in REFERENCE_DATA:
            pages.append(f"/admin/{opts.app_label}/{opts.model_name}/")
    records = [
        world.umkm,
        world.other_umkm,
        world.firm,
        world.other_firm,
        world.interest,
        world.pending_interest,
        world.match,
        world.commitment,
        world.held_session,
        *Product.objects.filter(umkm=world.umkm),
        *RealisationReport.objects.filter(commitment=world.commitment),
        *world.firm.needs.all(),
    ]
    for record in records:
        opts = record._meta
        pages.append(f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/")
    pages.append(f"/admin/partnerships/bridgingsession/{world.held_session.pk}/grid/")
    return pages


def test_html_sent_through_every_form_is_escaped_everywhere(world):
    answers = _store_markup_through_the_forms(world)
    assert {path: status for path, status in answers.items() if status != 302} == {}

    # The matrix's pages, and those of the records the forms made (the new need, interest...).
    pages = [entry.path.format(**world.ids) for entry in MATRIX]
    pages += [f"/dashboard/interests/{pk}/" for pk in Interest.objects.values_list("pk", flat=True)]
    pages += [f"/needs/{pk}/" for pk in Need.objects.values_list("pk", flat=True)]
    pages += ["/en/umkm/?q=Keripik", "/en/needs/?q=Keripik"]
    raw, escaped = [], set()
    for role in ROLES:
        client = client_as(world, role)
        paths = list(pages)
        if role == OFFICIAL:
            paths += _admin_pages(world)
        for path in paths:
            response = client.get(path)
            assert response.status_code < 500, path
            found = raw_markup_in(response)
            if found:
                raw.append(f"{role} {path}")
            if is_html(response) and ESCAPED in response.content.decode():
                escaped.add((role, path))
    assert raw == []
    # Not vacuous: the stored markup is on these pages, escaped.
    expected = {
        ("anonymous", f"/umkm/{world.umkm.pk}/"),
        ("anonymous", f"/firms/{world.firm.pk}/"),
        ("anonymous", "/needs/"),
        ("owner", f"/dashboard/commitments/{world.commitment.pk}/"),
        ("representative", f"/dashboard/interests/{world.pending_interest.pk}/"),
        ("official", f"/admin/partnerships/umkm/{world.other_umkm.pk}/change/"),
        ("official", "/admin/accounts/user/"),
    }
    assert expected - escaped == set()


# --- Where a form sends people next --------------------------------------------------------

NOT_PATHS = [
    "dashboard",  # a URL pattern's name, which redirect() would look up
    '"><img src=x onerror=alert(1)>',
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "http://testserver.evil.example/",
]


@pytest.mark.parametrize("next_", NOT_PATHS)
@pytest.mark.parametrize(
    ("role", "path", "data", "fallback"),
    [
        (
            "owner",
            "/sessions/{open_session}/invitation/",
            {"answer": "confirmed"},
            "/sessions/{open_session}/#invitation",
        ),
        (
            "representative",
            "/sessions/meetings/{meeting}/outcome/",
            {"outcome": MeetingOutcome.CONTINUE_TALKING},
            "/sessions/{held_session}/#meeting-{meeting}",
        ),
    ],
    ids=["invitation", "outcome"],
)
def test_a_next_address_that_is_not_a_path_of_the_site_falls_back_to_the_session(
    world, role, path, data, fallback, next_
):
    response = client_as(world, role).post(path.format(**world.ids), {**data, "next": next_})
    assert response.status_code == 302
    assert response["Location"] == fallback.format(**world.ids)


@pytest.mark.parametrize("next_", NOT_PATHS[2:])
def test_signing_in_never_follows_a_next_address_off_the_site(world, next_):
    response = Client().post(
        "/accounts/login/",
        {"login": world.users["owner"].email, "password": PASSWORD, "next": next_},
    )
    assert response.status_code == 302
    assert_safe_answer(response, next_)
