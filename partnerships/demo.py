"""The demo database behind `make run`: realistic records so every feature can be tried.

Each part is idempotent: running the seed twice leaves the same database as running it once.
The accounts have published passwords, so this never runs against a real database.
"""

from dataclasses import dataclass

from django.db import transaction

from portal.accounts.models import User

DEMO_PASSWORD = "demo-kemitraan-2021"  # noqa: S105  (published in the README on purpose)


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    name: str


OFFICIAL = DemoAccount(
    role="central official (BKPM)", email="pejabat@kemitraan.test", name="Rina Kusumawati"
)


@transaction.atomic
def demo_seed() -> list[DemoAccount]:
    """Writes the demo records and returns the accounts people can sign in with."""
    _ensure_account(OFFICIAL, is_staff=True, is_superuser=True)
    return [OFFICIAL]


def _ensure_account(account: DemoAccount, *, is_staff: bool, is_superuser: bool) -> User:
    user, _created = User.objects.update_or_create(
        email=account.email,
        defaults={"name": account.name, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
