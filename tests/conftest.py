"""The cast every test shares: an official, an UMKM owner, a firm representative, and an
outsider who has an account and no role. Each has a confirmed e-mail address, so each can
sign in; their businesses come from tests/partnerships/factories.py.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.utils import translation

from portal.accounts.models import Role, User

PASSWORD = "correct-horse-battery-staple-2021"


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
