import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from partnerships.demo import DEMO_PASSWORD, OFFICIAL
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def table_sizes() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_it_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    once = table_sizes()
    call_command("seed_demo", verbosity=0)
    assert table_sizes() == once


def test_the_demo_official_can_sign_in_to_the_admin(client, settings):
    call_command("seed_demo", force=True, verbosity=0)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": OFFICIAL.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get(email=OFFICIAL.email).is_superuser


def test_it_prints_the_accounts_to_sign_in_with(capsys):
    call_command("seed_demo", force=True)
    printed = capsys.readouterr().out
    assert OFFICIAL.email in printed
    assert DEMO_PASSWORD in printed


def test_it_refuses_to_run_outside_a_local_demo(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="passwords are public"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_it_restores_a_demo_password_someone_changed(settings):
    call_command("seed_demo", force=True, verbosity=0)
    official = User.objects.get(email=OFFICIAL.email)
    official.set_password("changed-by-a-visitor")
    official.save(update_fields=["password"])
    call_command("seed_demo", force=True, verbosity=0)
    official.refresh_from_db()
    assert official.check_password(DEMO_PASSWORD)


def test_it_holds_the_ceremony_scale_with_a_verification_queue():
    from partnerships.models import Firm, Umkm, VerificationState

    call_command("seed_demo", force=True, verbosity=0)
    assert Umkm.objects.count() == 196
    assert Firm.objects.count() == 56
    states = set(Umkm.objects.values_list("verification_state", flat=True))
    assert states == set(VerificationState.values)
    assert Umkm.objects.filter(verification_state=VerificationState.SUBMITTED).count() == 10


def test_the_demo_owner_signs_in_to_a_verified_profile_with_a_photo(client):
    from partnerships.demo import UMKM_OWNER
    from partnerships.models import Umkm

    call_command("seed_demo", force=True, verbosity=0)
    response = client.post(
        "/accounts/login/", {"login": UMKM_OWNER.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    umkm = Umkm.objects.get(owner__email=UMKM_OWNER.email)
    assert umkm.is_verified
    product = umkm.products.get()
    assert client.get(f"/products/{product.pk}/thumbnail/").status_code == 200
    assert "Keripik Singkong Sari Rasa" in client.get("/dashboard/").text
