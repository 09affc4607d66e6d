"""The cast every test shares: an official, an UMKM owner, a firm representative, and an
outsider who has an account and no role. Each has a confirmed e-mail address, so each can
sign in; their businesses come from tests/partnerships/factories.py.
"""

from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from partnerships.models import Province
from portal.accounts.models import Role, User

PASSWORD = "correct-horse-battery-staple-2021"

# Tests never assert on wall-clock time: Hypothesis's per-example deadline (200 ms) fails an
# example on a busy machine, not on a bug.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    # Tests do not run collectstatic; the hashed-name storage is tested on its own.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    # A request under /en/ leaves English active in the thread; each test starts in Indonesian.
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts sign-in and sign-up attempts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; the tests check who may sign in, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory):
    # Uploaded photos and documents never land in the checkout's media/ folder.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


def _person(email: str, name: str, *, role: str = "", **fields) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, name=name, role=role, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def official(db) -> User:
    return _person("official@bkpm.test", "Siti Rahmawati", is_staff=True, is_superuser=True)


@pytest.fixture
def umkm_owner(db) -> User:
    return _person("owner@umkm.test", "Sari Wulandari", role=Role.UMKM_OWNER)


@pytest.fixture
def firm_representative(db) -> User:
    return _person("procurement@firm.test", "Andi Pratama", role=Role.FIRM_REPRESENTATIVE)


@pytest.fixture
def outsider(db) -> User:
    return _person("outsider@example.test", "Budi Santoso")


@pytest.fixture
def reference_data_after_flush(transactional_db) -> None:
    """Puts back what the data migrations loaded, once a flush has removed it: a test that
    commits (browser journeys, races between connections) is followed by a flush of every table.

    Django's serialized rollback cannot do this here: Playwright's sync API runs the test in
    another context, where Django hands out a connection without the serialized snapshot.
    """
    if not Province.objects.exists():
        loading = import_module("partnerships.migrations.0002_load_reference_data")
        loading.load_regions(django_apps, None)
        loading.load_kbli(django_apps, None)
    if not Group.objects.exists():
        # The officials' groups and their permissions (the flush's post_migrate has put the
        # permissions back; the groups are data of migrations 0007, 0009, 0012 and 0014).
        roles = import_module("partnerships.migrations.0007_official_roles")
        roles.create_groups(django_apps, None)
        matchmaking_roles = import_module("partnerships.migrations.0009_matchmaking_roles")
        matchmaking_roles.grant(django_apps, None)
        session_roles = import_module("partnerships.migrations.0012_session_roles")
        session_roles.grant(django_apps, None)
        commitment_roles = import_module("partnerships.migrations.0014_commitment_roles")
        commitment_roles.grant(django_apps, None)
