"""No input from a user or a URL yields a server error, on any registration page."""

import pytest

from partnerships.models import FirmRepresentative, KbliCode, Product
from tests.partnerships.factories import make_firm, make_umkm

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "",
    " ",
    "-1",
    "1e309",
    "9" * 400,
    "١٢٣",  # Arabic-Indic digits
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "🙂" * 50,
    "../../etc/passwd",
]
UMKM_FIELDS = [
    "name",
    "legal_form",
    "nib",
    "npwp",
    "npwp_confirmed",
    "year_founded",
    "employees",
    "description",
    "owner_name",
    "owner_nik",
    "phone",
    "email",
    "province",
    "regency",
    "address",
    "capital",
    "annual_sales",
    "export_notes",
    "code",
    "action",
    "q",
    "kind",
    "number",
    "other_name",
    "expires_on",
    "url",
    "unit",
    "monthly_capacity",
    "minimum_order",
    "price_min",
    "price_max",
    "refresh_regencies",
]
FIRM_FIELDS = [
    "name",
    "investment_type",
    "country",
    "nib",
    "npwp",
    "capital",
    "annual_sales",
    "description",
    "website",
    "job_title",
    "code",
    "action",
    "q",
    "province",
    "regency",
    "email",
]


def post_everything(client, paths, fields):
    for path in paths:
        for value in HOSTILE_VALUES:
            response = client.post(path, dict.fromkeys(fields, value))
            assert response.status_code < 500, (path, value)
            response = client.get(path, dict.fromkeys(("q", "province", "page"), value))
            assert response.status_code < 500, (path, value)


def test_the_umkm_pages_survive_hostile_input(client, umkm_owner):
    umkm = make_umkm(owner=umkm_owner)
    umkm.kbli_codes.add(KbliCode.objects.get(code="10794"))
    product = Product.objects.create(umkm=umkm, name="Keripik", unit="kg", monthly_capacity=9)
    client.force_login(umkm_owner)
    post_everything(
        client,
        [
            "/dashboard/umkm/profile/",
            "/dashboard/umkm/kbli/",
            "/dashboard/umkm/certifications/",
            "/dashboard/umkm/links/",
            "/dashboard/umkm/products/add/",
            f"/dashboard/umkm/products/{product.pk}/edit/",
            "/dashboard/umkm/submit/",
            "/regions/regencies/",
        ],
        UMKM_FIELDS,
    )


def test_the_firm_pages_survive_hostile_input(client, firm_representative):
    FirmRepresentative.objects.create(firm=make_firm(), user=firm_representative)
    client.force_login(firm_representative)
    post_everything(
        client,
        [
            "/dashboard/firm/profile/",
            "/dashboard/firm/sectors/",
            "/dashboard/firm/locations/",
            "/dashboard/firm/representatives/",
            "/dashboard/firm/submit/",
            "/invitations/not-a-token/",
        ],
        FIRM_FIELDS,
    )


@pytest.mark.parametrize(
    "path",
    [
        "/umkm/0/",
        "/umkm/99999999999999999999/",
        "/firms/-1/",
        "/products/99999999999999999999/photo/",
        "/products/1/thumbnail/",
        "/dashboard/umkm/products/99999999999999999999/edit/",
        "/dashboard/umkm/certifications/99999999999999999999/edit/",
        "/invitations/%00/",
        "/accounts/confirm-email/%00/",
        "/accounts/confirm-email/abc%00def/",
        "/accounts/password/reset/key/1-%00/",
        "/en/accounts/confirm-email/%00/",
    ],
)
def test_odd_urls_are_not_found_rather_than_errors(client, umkm_owner, path):
    make_umkm(owner=umkm_owner)
    client.force_login(umkm_owner)
    status = client.get(path).status_code
    # allauth answers a broken key with its own "bad link" page (200); ours are 404.
    assert status < 500
    if not path.startswith(("/accounts/", "/en/accounts/")):
        assert status == 404
