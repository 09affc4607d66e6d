"""One world for the whole package (tests/partnerships/factories_hardening.py), and clients signed
in as each role of the permission matrix.

The world is built once, in a transaction that stays open for the package and is rolled back at
its end; each test runs in a savepoint inside it (pytest-django's ``db``), so whatever a test
writes is gone for the next, and no test pays for building the world again. Its people are the
shared cast of tests/conftest.py (same addresses and names), made here because that file's
fixtures live one test long.
"""

import pytest
from django.db import transaction
from django.test import Client, override_settings

from portal.accounts.models import Role
from tests.partnerships.factories import make_user
from tests.partnerships.factories_hardening import ANONYMOUS, World, build_world

FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package")
def _package_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("hardening-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=FAST_HASHING),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world(
                owner=make_user("owner@umkm.test", role=Role.UMKM_OWNER, name="Sari Wulandari"),
                representative=make_user(
                    "procurement@firm.test", role=Role.FIRM_REPRESENTATIVE, name="Andi Pratama"
                ),
                official=make_user(
                    "official@bkpm.test", name="Siti Rahmawati", is_staff=True, is_superuser=True
                ),
            )
            yield world, media_root
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_package_world, db, settings) -> World:
    world, media_root = _package_world
    # The world's photos and documents live in the package's folder, not the test's.
    settings.MEDIA_ROOT = media_root
    return world


@pytest.fixture(scope="package")
def tours() -> dict:
    """What each role met on the matrix's tour (test_permission_matrix.tour), by role: the
    tour is taken once and its findings checked by several tests."""
    return {}


def client_as(world: World, role: str, **options) -> Client:
    """A test client signed in as ``role`` (not signed in for the anonymous visitor)."""
    client = Client(**options)
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client
