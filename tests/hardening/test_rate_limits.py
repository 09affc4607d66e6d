"""The rate limits of portal/settings.py ACCOUNT_RATE_LIMITS hold, through allauth's real views:

- sign-in ("login": 30/m/ip): the 31st POST in a minute from one address is a 429;
- failed sign-ins ("login_failed": 10/m/ip, 5/5m/key): the sixth failure on one account, or the
  eleventh from one address, is refused even with the right password;
- sign-up ("signup": 20/m/ip): the 21st POST in a minute from one address is a 429;
- password reset ("reset_password": 20/m/ip, 5/m/key): one address gets at most five e-mails a
  minute.

A flood of wrong passwords locks neither other accounts nor other addresses, and a made-up
X-Forwarded-For header does not buy an attacker a fresh allowance: by default the portal counts
the address the server sees; behind TRUSTED_PROXY_COUNT proxies of its own, the address the
outermost of them saw, never one the client wrote itself.
"""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from portal.accounts.models import Role, User
from tests.conftest import PASSWORD
from tests.partnerships.factories import make_owner

pytestmark = pytest.mark.django_db

TOO_MANY_FAILURES = "Too many failed login attempts. Try again later."
ATTACKER = "203.0.113.66"


def limit(action: str, per: str) -> int:
    """The number of attempts the settings allow for ``action`` counted ``per`` ip/key."""
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, _period, counted = rate.strip().split("/")
        if counted == per:
            return int(amount)
    raise LookupError(action)


def client_at(address: str, **headers) -> Client:
    return Client(REMOTE_ADDR=address, **headers)


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/en/accounts/login/", {"login": email, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_the_limits_are_the_ones_this_file_checks():
    assert limit("login", "ip") == 30
    assert limit("login_failed", "ip") == 10
    assert limit("login_failed", "key") == 5
    assert limit("signup", "ip") == 20
    assert limit("reset_password", "key") == 5


def test_the_sign_in_page_answers_429_after_thirty_posts_a_minute_from_one_address():
    client = client_at(ATTACKER)
    for _attempt in range(limit("login", "ip")):
        assert client.post("/en/accounts/login/", {}).status_code == 200
    assert client.post("/en/accounts/login/", {}).status_code == 429
    # Reading the page is not an attempt.
    assert client.get("/en/accounts/login/").status_code == 200


def test_after_five_wrong_passwords_the_account_refuses_even_the_right_one():
    person = make_owner()
    client = client_at("198.51.100.7")
    for _attempt in range(limit("login_failed", "key")):
        assert TOO_MANY_FAILURES not in sign_in(client, person.email, "tebakan").content.decode()

    response = sign_in(client, person.email)

    assert TOO_MANY_FAILURES in response.content.decode()
    assert not signed_in(response)


def test_a_flood_of_wrong_passwords_from_one_address_locks_neither_other_accounts_nor_addresses():
    target, bystander = make_owner(), make_owner()
    attacker = client_at(ATTACKER)
    for _attempt in range(3 * limit("login_failed", "ip")):
        assert sign_in(attacker, target.email, "tebakan").status_code in (200, 429)

    # The attacker's address is refused for every account, the right password or not...
    refused = sign_in(attacker, bystander.email)
    assert not signed_in(refused)
    # ...while everyone else signs in from their own address.
    assert signed_in(sign_in(client_at("192.0.2.10"), bystander.email))


def test_failures_spread_over_many_accounts_trip_the_limit_of_the_address():
    accounts = [make_owner() for _ in range(limit("login_failed", "ip"))]
    attacker = client_at(ATTACKER)
    for account in accounts:
        sign_in(attacker, account.email, "tebakan")
    victim = make_owner()

    response = sign_in(attacker, victim.email)

    assert TOO_MANY_FAILURES in response.content.decode()
    assert not signed_in(response)
    assert signed_in(sign_in(client_at("192.0.2.11"), victim.email))


def flood_with_forged_addresses(proxy: str, real: str | None) -> None:
    """Eleven failed sign-ins, each claiming another address in X-Forwarded-For (and, behind a
    proxy, with the address the proxy saw appended, as nginx does)."""
    for attempt in range(limit("login_failed", "ip") + 1):
        forged = f"10.0.{attempt}.1"
        header = f"{forged}, {real}" if real else forged
        client = client_at(proxy, HTTP_X_FORWARDED_FOR=header)
        sign_in(client, f"orang{attempt}@example.test", "tebakan")


def test_a_made_up_forwarded_for_header_does_not_reset_the_limit(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # the default: the header is not read at all
    target = make_owner()
    flood_with_forged_addresses(ATTACKER, None)

    response = sign_in(client_at(ATTACKER, HTTP_X_FORWARDED_FOR="10.9.9.9"), target.email)

    assert TOO_MANY_FAILURES in response.content.decode()
    assert not signed_in(response)


def test_behind_one_proxy_the_address_it_saw_counts_not_the_ones_the_client_made_up(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # TRUSTED_PROXY_COUNT=1: one nginx in front
    proxy, target = "10.0.0.2", make_owner()
    flood_with_forged_addresses(proxy, ATTACKER)

    attacker = client_at(proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}")
    response = sign_in(attacker, target.email)
    assert TOO_MANY_FAILURES in response.content.decode()
    # Everyone else comes through the same proxy and is not locked out with the attacker.
    neighbour = client_at(proxy, HTTP_X_FORWARDED_FOR="192.0.2.13")
    assert signed_in(sign_in(neighbour, target.email))


def signup_data(number: int) -> dict:
    return {
        "name": f"Pendaftar {number}",
        "email": f"pendaftar{number}@example.test",
        "password1": "tempe-goreng-renyah-2021",
        "password2": "tempe-goreng-renyah-2021",
        "role": Role.UMKM_OWNER,
        "consent": "on",
    }


def test_the_twenty_first_sign_up_in_a_minute_from_one_address_is_a_429():
    client = client_at(ATTACKER)
    allowed = limit("signup", "ip")
    for number in range(allowed):
        assert client.post("/en/accounts/signup/", signup_data(number)).status_code == 302
        client.cookies.clear()  # signed up and signed in: sign out for the next one
    assert User.objects.filter(email__startswith="pendaftar").count() == allowed

    response = client.post("/en/accounts/signup/", signup_data(allowed))

    assert response.status_code == 429
    assert not User.objects.filter(email=f"pendaftar{allowed}@example.test").exists()
    # Another address still signs up.
    other = client_at("192.0.2.12").post("/en/accounts/signup/", signup_data(allowed))
    assert other.status_code == 302
    assert User.objects.filter(email=f"pendaftar{allowed}@example.test").exists()


def test_one_address_gets_at_most_five_password_reset_e_mails_a_minute():
    person = make_owner()
    answers = [
        client_at(f"192.0.2.{number}")
        .post("/en/accounts/password/reset/", {"email": person.email})
        .status_code
        for number in range(20, 28)
    ]

    assert answers[: limit("reset_password", "key")] == [302] * 5
    assert set(answers[5:]) == {429}
    assert len([message for message in mail.outbox if person.email in message.to]) == 5
