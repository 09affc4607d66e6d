"""Several app servers share one Redis for the cache and for allauth's rate limits.

Against the Redis server on 127.0.0.1:6379 (database 15, flushed before and after; TEST_REDIS_URL
names another), each check runs the portal in processes of its own, started with REDIS_URL as a
deployment would start them: the settings choose Django's Redis cache; what one process writes
the other reads; and failed sign-ins split between two processes still trip the limit on one
account, which per-process memory would not see.

Without Redis these tests are skipped, loudly; under CI (CI=true) they fail instead: .ci/run
starts Redis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "kopi-luwak-dari-gayo-2021"
EMAIL = "pemilik@kopi.test"


def _redis_missing() -> str | None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        return f"no Redis at {REDIS_URL} ({error}); start one: redis-server --port 6379"
    return None


_reason = _redis_missing()
if _reason and os.environ.get("CI") == "true":
    raise RuntimeError(f"The Redis tests cannot run under CI: {_reason}")
pytestmark = pytest.mark.skipif(_reason is not None, reason=_reason or "")


def run_portals(*runs: tuple[str, dict[str, str]]) -> list[object]:
    """Runs each ``(code, environment)`` with the portal's settings in a process of its own,
    all at once; the environment is only the one given (plus PATH, HOME, LANG). Returns what
    each code assigned to ``result``."""
    clean = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"import json, django\ndjango.setup()\n{code}\n"
                "print('RESULT=' + json.dumps(result))\n",
            ],
            cwd=BASE_DIR,
            env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **environment},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code, environment in runs
    ]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr[-4000:]
        line = next(line for line in stdout.splitlines() if line.startswith("RESULT="))
        results.append(json.loads(line.removeprefix("RESULT=")))
    return results


def run_portal(code: str, **environment: str) -> object:
    return run_portals((code, environment))[0]


@pytest.fixture
def shared_redis() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def accounts_database(tmp_path_factory) -> str:
    """An SQLite file with the accounts' tables and one confirmed account, for the sign-in
    processes (what they share is the cache, not the database)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('redis') / 'accounts.sqlite3'}"
    run_portal(
        FAST_HASHING + "from django.core.management import call_command\n"
        "call_command('migrate', 'accounts', verbosity=0)\n"
        "call_command('migrate', 'account', verbosity=0)\n"
        "call_command('migrate', 'sessions', verbosity=0)\n"
        "from allauth.account.models import EmailAddress\n"
        "from portal.accounts.models import User\n"
        f"user = User.objects.create_user(email={EMAIL!r}, password={PASSWORD!r}, name='Dewi')\n"
        f"EmailAddress.objects.create(user=user, email={EMAIL!r}, verified=True, primary=True)\n"
        "result = user.pk",
        DEBUG="true",
        DATABASE_URL=url,
    )
    return url


def test_redis_url_gives_djangos_redis_cache(shared_redis):
    cache = run_portal(
        "from django.conf import settings\nresult = settings.CACHES['default']",
        DEBUG="true",
        REDIS_URL=REDIS_URL,
    )
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }


def test_what_one_process_caches_another_reads(shared_redis):
    write = (
        "from django.core.cache import cache\n"
        "cache.set('kemitraan:shared', {'written_by': os.getpid()}, 60)\n"
        "result = os.getpid()"
    )
    writer = run_portal("import os\n" + write, DEBUG="true", REDIS_URL=REDIS_URL)
    read = run_portal(
        "import os\nfrom django.core.cache import cache\n"
        "result = [os.getpid(), cache.get('kemitraan:shared')]",
        DEBUG="true",
        REDIS_URL=REDIS_URL,
    )
    reader, value = read
    assert reader != writer
    assert value == {"written_by": writer}
    assert shared_redis.dbsize() >= 1  # it really is in Redis, not in a process


# The real hasher is slow on purpose; these processes check the counting, not the hash.
FAST_HASHING = (
    "from django.test.utils import override_settings\n"
    "override_settings(PASSWORD_HASHERS=['django.contrib.auth.hashers.MD5PasswordHasher'])"
    ".enable()\n"
)
SIGN_IN = (
    FAST_HASHING
    + """
from django.test import Client
attempts = {attempts!r}
client = Client(HTTP_HOST="127.0.0.1")
result = []
for password in attempts:
    response = client.post("/en/accounts/login/", {{"login": "{email}", "password": password}})
    page = response.content.decode()
    if response.status_code == 302:
        result.append("signed in")
    elif "Too many failed login attempts" in page:
        result.append("too many attempts")
    else:
        result.append("refused")
"""
)


def sign_in(database_url: str, *passwords_per_process: list[str], **environment: str):
    """Each list of passwords tried, in turn, by a process of its own; all at once."""
    return run_portals(
        *(
            (
                SIGN_IN.format(attempts=passwords, email=EMAIL),
                {"DEBUG": "true", "DATABASE_URL": database_url, **environment},
            )
            for passwords in passwords_per_process
        )
    )


def test_failed_sign_ins_split_between_two_processes_still_trip_the_limit(
    shared_redis, accounts_database
):
    # "login_failed": five failures per account in five minutes (portal/settings.py). Two app
    # servers take three and two of them at the same time.
    first, second = sign_in(
        accounts_database,
        ["wrong-1", "wrong-2", "wrong-3"],
        ["wrong-4", "wrong-5"],
        REDIS_URL=REDIS_URL,
    )
    [third] = sign_in(accounts_database, [PASSWORD], REDIS_URL=REDIS_URL)

    assert first == ["refused"] * 3
    assert second == ["refused"] * 2
    # Even the right password waits: the sixth attempt on the account, counted in Redis.
    assert third == ["too many attempts"]


def test_with_memory_of_its_own_each_process_would_count_alone(accounts_database):
    # The same attempts, each process counting in its own memory (no REDIS_URL): the limit
    # never trips, which is why several app servers need the shared cache.
    first, second = sign_in(
        accounts_database, ["wrong-1", "wrong-2", "wrong-3"], ["wrong-4", "wrong-5"]
    )
    [third] = sign_in(accounts_database, [PASSWORD])

    assert first == ["refused"] * 3
    assert second == ["refused"] * 2
    assert third == ["signed in"]
