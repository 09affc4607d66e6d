"""What several app servers behind a load balancer need besides a shared cache (see
test_redis_cache.py): sessions that any server can read, uploads that go through Django's
storage API, so that an S3-compatible store (django-storages) can replace the local folder by
settings alone, and rate limits that count each visitor's address behind the proxy.

The storage tests swap STORAGES["default"] for Django's in-memory storage with one memory for
all its instances, as one bucket serves every app server, and no folder at all: a product
photo uploaded through the owner's page and served by the photo views, the signed documents
and realisation evidence of a commitment downloaded through their views, and a spreadsheet of
commitments kept between its preview and its confirmation all work, and nothing lands in
MEDIA_ROOT or in the temporary folder. Code that reached for a file's path on disk (``.path``,
``open(MEDIA_ROOT / ...)``) would fail here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.files.storage.memory import InMemoryDirNode
from django.core.management.utils import get_random_secret_key
from django.urls import reverse

from partnerships.models import Commitment, CommitmentStage, Product
from tests.partnerships.factories import make_firm, make_owner, make_representative, make_umkm
from tests.partnerships.factories_commitment_records import MINIMAL_PDF, image_bytes
from tests.partnerships.factories_commitments import make_commitment, make_report
from tests.partnerships.factories_spreadsheets import csv_upload, import_row
from tests.partnerships.views.umkm_pages import en, upload
from tests.portal.test_settings import documented_production_values, manage

SHARED_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}
PROCESS_MEMORY = "django.core.cache.backends.locmem.LocMemCache"
PRINT_SESSIONS = (
    "from django.conf import settings; "
    "print('SESSIONS', settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'])"
)


# --- sessions -------------------------------------------------------------------------------


def where_sessions_live(engine: str, cache_backend: str) -> str:
    if engine in SHARED_SESSION_ENGINES:
        return "database"
    if engine == "django.contrib.sessions.backends.cache":
        return "process memory" if cache_backend == PROCESS_MEMORY else "shared cache"
    return f"elsewhere ({engine})"


def test_the_test_settings_keep_sessions_in_the_database():
    backend = settings.CACHES["default"]["BACKEND"]
    assert where_sessions_live(settings.SESSION_ENGINE, backend) == "database"


@pytest.mark.parametrize(
    "cache",
    [{}, {"CACHE_URL": "file:///var/tmp/kemitraan-cache"}, {"REDIS_URL": "redis://cache:6379/0"}],
    ids=["no cache configured", "a folder", "redis"],
)
def test_sessions_never_live_in_one_process_memory_whatever_the_cache(cache):
    result = manage("shell", "-c", PRINT_SESSIONS, DEBUG="true", **cache)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("SESSIONS ")]
    _word, engine, backend = line.split()
    assert where_sessions_live(engine, backend) in {"database", "shared cache"}


# --- uploads through the storage API ----------------------------------------------------------


class SharedMemoryStorage(InMemoryStorage):
    """Django's in-memory storage, with one memory for all its instances: what one request
    saves, another reads through an instance of its own, as from one bucket."""

    shared_root = InMemoryDirNode()

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._root = type(self).shared_root
        self._resolve(self.base_location, create_if_missing=True, leaf_cls=InMemoryDirNode)


@pytest.fixture
def memory_storage(settings, tmp_path) -> InMemoryStorage:
    SharedMemoryStorage.shared_root = InMemoryDirNode()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.SharedMemoryStorage"},
    }
    storage = storages["default"]
    assert isinstance(storage, SharedMemoryStorage)
    assert Product._meta.get_field("photo").storage is default_storage  # which wraps it
    yield storage
    SharedMemoryStorage.shared_root = InMemoryDirNode()
    # Not one byte went to the folder.
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_product_photo_goes_in_and_out_through_the_storage_alone(
    client, memory_storage, django_capture_on_commit_callbacks
):
    owner = make_owner()
    umkm = make_umkm(owner=owner, state="verified")
    client.force_login(owner)

    response = client.post(
        en("umkm_product_add"),
        {
            "name": "Kain batik tulis 2 m",
            "unit": "lembar",
            "monthly_capacity": "120",
            "minimum_order": "10",
            "photo": upload(),
        },
    )

    assert response.status_code == 302
    product = Product.objects.get(umkm=umkm)
    for field in ("photo", "thumbnail"):
        stored = getattr(product, field)
        assert memory_storage.exists(stored.name)
        # Read before serving: the memory store hands out one file object per name.
        expected = memory_storage.open(stored.name, "rb").read()
        client.logout()  # a verified UMKM's photos are public
        served = client.get(reverse(f"product_{field}", args=[product.pk]))
        assert served.status_code == 200
        assert body(served) == expected
        assert expected.startswith((b"\xff\xd8", b"RIFF"))  # JPEG photo, WebP thumbnail

    client.force_login(owner)
    names = [product.photo.name, product.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("umkm_product_delete", product.pk))
    assert not any(memory_storage.exists(name) for name in names)


@pytest.mark.django_db
def test_commitment_documents_and_evidence_come_out_of_the_storage_alone(client, memory_storage):
    owner = make_owner()
    umkm = make_umkm(owner=owner, state="verified")
    firm = make_firm(state="verified")
    make_representative(firm)
    commitment = make_commitment(firm=firm, umkm=umkm, stage=CommitmentStage.AGREEMENT)
    commitment.statement_document.save("pernyataan.pdf", ContentFile(MINIMAL_PDF), save=False)
    commitment.agreement_document.save("kesepakatan.pdf", ContentFile(MINIMAL_PDF), save=False)
    commitment.save()
    report = make_report(commitment)
    report.evidence.save("nota.png", ContentFile(image_bytes("PNG")), save=True)
    client.force_login(owner)

    for kind in ("statement", "agreement"):
        assert memory_storage.exists(getattr(commitment, f"{kind}_document").name)
        response = client.get(reverse("commitment_document", args=[commitment.pk, kind]))
        assert response.status_code == 200
        assert body(response) == MINIMAL_PDF
    response = client.get(reverse("realisation_evidence", args=[report.pk]))
    assert response.status_code == 200
    assert body(response) == image_bytes("PNG")


@pytest.mark.django_db
def test_a_spreadsheet_waits_for_its_confirmation_in_the_storage(client, official, memory_storage):
    firm = make_firm(state="verified")
    rows = [import_row(firm, make_umkm(state="verified")) for _ in range(2)]
    client.force_login(official)

    preview = client.post(
        reverse("admin:partnerships_commitment_import"),
        {"import_file": csv_upload(rows), "format": ""},
    )

    confirmation = preview.context["confirm_form"].initial
    kept = f"django-import-export/{confirmation['import_file_name']}"
    assert memory_storage.exists(kept)
    assert not Path(tempfile.gettempdir(), confirmation["import_file_name"]).exists()
    # The confirmation may reach another app server: it reads the file from the storage.
    response = client.post(reverse("admin:partnerships_commitment_process_import"), confirmation)
    assert response.status_code == 302
    assert Commitment.objects.count() == 2
    assert not memory_storage.exists(kept)


# --- behind a reverse proxy: the rate limits count each visitor ------------------------------

SIGN_UP = "/en/accounts/signup/"
SIGN_UPS_PER_MINUTE = 20  # ACCOUNT_RATE_LIMITS["signup"]: "20/m/ip"


def sign_up_attempts(client, addresses: list[str]) -> list[int]:
    """A sign-up post (empty: nobody is created) from each forwarded address, in turn."""
    return [
        client.post(SIGN_UP, {}, HTTP_X_FORWARDED_FOR=address).status_code for address in addresses
    ]


def test_no_forwarded_address_is_trusted_unless_the_deployment_says_so():
    production = {**documented_production_values(), "SECRET_KEY": get_random_secret_key() * 2}
    documented = production.pop("TRUSTED_PROXY_COUNT")
    show = (
        "from django.conf import settings; print('PROXIES', settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    unset = manage("shell", "-c", show, **production)
    behind_a_proxy = manage("shell", "-c", show, **production, TRUSTED_PROXY_COUNT=documented)
    assert unset.returncode == behind_a_proxy.returncode == 0, unset.stderr + behind_a_proxy.stderr
    assert "PROXIES 0" in unset.stdout
    assert f"PROXIES {documented}" in behind_a_proxy.stdout


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_address_does_not_escape_the_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    addresses = [f"203.0.113.{number}" for number in range(SIGN_UPS_PER_MINUTE + 1)]
    statuses = sign_up_attempts(client, addresses)
    assert statuses[:SIGN_UPS_PER_MINUTE] == [200] * SIGN_UPS_PER_MINUTE
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_behind_one_proxy_each_visitor_has_a_limit_of_their_own(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # Many visitors through the same proxy: none is held back by the others.
    visitors = [f"203.0.113.{number}" for number in range(SIGN_UPS_PER_MINUTE + 5)]
    assert set(sign_up_attempts(client, visitors)) == {200}
    # One visitor alone still meets the limit, whatever they put before the proxy's entry.
    one = [f"198.51.100.{n}, 192.0.2.9" for n in range(SIGN_UPS_PER_MINUTE + 1)]
    assert sign_up_attempts(client, one)[-1] == 429
