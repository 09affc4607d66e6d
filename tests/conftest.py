"""The cast every test shares: an official, and an outsider who has an account and no role.

The UMKM owner and the firm representative join the cast when their profiles exist.
"""

import pytest

from portal.accounts.models import User

PASSWORD = "correct-horse-battery-staple-2021"


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    # Tests do not run collectstatic; the hashed-name storage is tested on its own.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def official(db) -> User:
    return User.objects.create_superuser(
        email="official@bkpm.test", password=PASSWORD, name="Siti Rahmawati"
    )


@pytest.fixture
def outsider(db) -> User:
    return User.objects.create_user(
        email="outsider@example.test", password=PASSWORD, name="Budi Santoso"
    )
