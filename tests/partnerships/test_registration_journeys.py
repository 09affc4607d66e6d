"""The whole registration, as each kind of person lives it, through the test client:
sign up, confirm the e-mail address, complete the profile, submit, an official verifies,
and the profile becomes visible to everyone."""

import re

import pytest
from django.core import mail

from partnerships.models import Firm, Regency, Umkm
from partnerships.models import VerificationState as State
from tests.conftest import PASSWORD
from tests.partnerships.factories import VALID_NPWP, umkm_form_data

pytestmark = pytest.mark.django_db


def sign_up_and_confirm(client, *, email: str, name: str, role: str) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "name": name,
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": role,
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content
    confirmation = mail.outbox[-1]
    assert confirmation.to == [email]
    link = re.search(r"https?://[^/\s]+(/\S*confirm-email/\S+)", confirmation.body).group(1)
    assert client.post(link).status_code == 302
    assert client.get("/dashboard/").status_code == 200


def official_verifies(client, official, model: str, pk: int, django_capture_on_commit_callbacks):
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/partnerships/{model}/",
            {"action": "verify_selected", "_selected_action": [str(pk)]},
        )
    assert response.status_code == 302
    client.logout()


def test_an_umkm_owner_registers_and_is_verified(
    client, official, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(client, email="sekar@batik.test", name="Sekar Ayu", role="umkm_owner")

    response = client.post("/dashboard/umkm/profile/", umkm_form_data(nib="3120000000456"))
    assert response.status_code == 302
    umkm = Umkm.objects.get(nib="3120000000456")
    assert umkm.phone.as_e164 == "+6281234567890"
    assert umkm.size_class == "small"  # by its sales of Rp3 miliar

    client.post("/dashboard/umkm/kbli/", {"code": "13134"})
    client.post(
        "/dashboard/umkm/products/add/",
        {
            "name": "Kain batik tulis",
            "unit": "lembar",
            "monthly_capacity": "300",
            "minimum_order": "10",
            "price_min": "350.000",
            "price_max": "1.200.000",
        },
    )
    assert umkm.kbli_codes.count() == 1
    assert umkm.products.count() == 1

    # Not yet visible to anyone else.
    client.post("/dashboard/umkm/submit/")
    umkm.refresh_from_db()
    assert umkm.verification_state == State.SUBMITTED
    client.logout()
    assert client.get(f"/umkm/{umkm.pk}/").status_code == 404

    official_verifies(client, official, "umkm", umkm.pk, django_capture_on_commit_callbacks)
    umkm.refresh_from_db()
    assert umkm.verification_state == State.VERIFIED
    assert mail.outbox[-1].to == ["sekar@batik.test"]

    public = client.get(f"/umkm/{umkm.pk}/")
    assert public.status_code == 200
    assert "Kain batik tulis" in public.text
    assert "sekar@example.test" not in public.text  # the business e-mail stays private


def test_a_firm_representative_registers_and_is_verified(
    client, official, django_capture_on_commit_callbacks
):
    sign_up_and_confirm(
        client, email="andi@presisi.test", name="Andi Pratama", role="firm_representative"
    )

    response = client.post(
        "/dashboard/firm/profile/",
        {
            "name": "PT Karawang Presisi Otomotif",
            "investment_type": "pma",
            "country": "JP",
            "nib": "8120000000789",
            "npwp": VALID_NPWP,
            "capital": "",
            "annual_sales": "",
            "description": "Komponen kendaraan roda empat.",
            "website": "presisi.example.test",
            "job_title": "Manajer Pengadaan",
        },
    )
    assert response.status_code == 302, response.content
    firm = Firm.objects.get(nib="8120000000789")
    assert firm.representatives.get().user.email == "andi@presisi.test"

    client.post("/dashboard/firm/sectors/", {"code": "29300"})
    karawang = Regency.objects.get(code="3215")
    client.post("/dashboard/firm/locations/", {"province": "32", "regency": str(karawang.pk)})
    assert firm.sectors.count() == 1
    assert list(firm.locations.all()) == [karawang]

    client.post("/dashboard/firm/submit/")
    firm.refresh_from_db()
    assert firm.verification_state == State.SUBMITTED
    client.logout()
    assert client.get(f"/firms/{firm.pk}/").status_code == 404

    official_verifies(client, official, "firm", firm.pk, django_capture_on_commit_callbacks)
    public = client.get(f"/firms/{firm.pk}/")
    assert public.status_code == 200
    assert "PT Karawang Presisi Otomotif" in public.text
    assert "Andi Pratama" not in public.text
