"""What the benchmarks at national scale share: Django set up as in production (DEBUG off) on
the benchmark database, migrated and seeded by ``manage.py seed_scale`` (idempotent: a
database already holding the records is left as it is)."""

from __future__ import annotations

import os
import platform
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
DEFAULT_UMKM = 1_000_000
DEFAULT_FIRMS = 10_000


def production_environment(database_url: str, *, hosts: str = "testserver") -> dict[str, str]:
    """The variables of a production process (DEBUG off) that serves plain HTTP locally: the
    settings that redirect to HTTPS and mark cookies secure are off, as in
    tests/quality/server.py."""
    return {
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-" + secrets.token_hex(24),
        "ALLOWED_HOSTS": hosts,
        "SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "TRUST_X_FORWARDED_PROTO": "false",
        "LOG_LEVEL": "warning",
    }


def setup_django(database_url: str) -> None:
    """Django in this process with production's settings (DEBUG off). Static files are named
    without the manifest (collectstatic is not run for an in-process client), as in the tests."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(production_environment(database_url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def prepare(*, umkm: int, firms: int) -> None:
    """Migrates the database if needed and seeds it up to ``umkm`` UMKM and ``firms`` firms
    (seed_scale refuses a database with real records)."""
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Migrating the database...", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_scale", umkm=umkm, firms=firms)


def describe_machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE verification_state = 'verified')"
            " FROM partnerships_umkm"
        )
        umkm, verified = cursor.fetchone()
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except (ValueError, OSError, AttributeError):
        memory, load = 0.0, "?"
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB, PostgreSQL {version}, "
        f"Python {platform.python_version()}; {umkm:,} UMKM ({verified:,} verified); "
        f"load average {load}"
    )


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of them at or
    below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]
