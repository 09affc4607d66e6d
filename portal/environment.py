"""Typed reading of the process environment for the settings module.

Every helper raises ImproperlyConfigured naming the variable and the value it could not use,
so a typo in a deployment stops the process at start-up instead of running with a surprise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
DATABASE_SCHEMES = frozenset({"postgres", "postgresql", "sqlite"})


class _Missing:
    def __repr__(self) -> str:
        return "<no default>"


MISSING = _Missing()


class Environment:
    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = values

    def _raw(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def _default(self, name: str, default):
        if default is MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default

    def str(self, name: str, default: str | _Missing = MISSING) -> str:
        value = self._raw(name)
        return self._default(name, default) if value is None else value

    def bool(self, name: str, default: bool | _Missing = MISSING) -> bool:
        value = self._raw(name)
        if value is None:
            return self._default(name, default)
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes/no value; use one of "
            f"{', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}."
        )

    def int(
        self,
        name: str,
        default: int | _Missing = MISSING,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int:
        value = self._raw(name)
        if value is None:
            return self._default(name, default)
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
        if maximum is not None and number > maximum:
            raise ImproperlyConfigured(f"{name}={number} is above the maximum of {maximum}.")
        return number

    def list(
        self,
        name: str,
        default: Sequence[str] | _Missing = MISSING,
        *,
        item: Callable[[str, str], str] | None = None,
    ) -> list[str]:
        """A comma-separated list; `item(name, value)` may check or normalise each entry."""
        value = self._raw(name)
        if value is None:
            return list(self._default(name, default))
        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        return [item(name, entry) for entry in entries] if item else entries

    def choice(self, name: str, choices: Mapping[str, str], default: str | _Missing = MISSING):
        """One of the keys of `choices`; returns the value it maps to."""
        value = self._raw(name)
        key = self._default(name, default) if value is None else value.lower()
        if key not in choices:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not one of {', '.join(sorted(choices))}."
            )
        return choices[key]

    def path(self, name: str, default: Path | _Missing = MISSING) -> Path:
        value = self._raw(name)
        if value is None:
            return self._default(name, default)
        path = Path(value)
        if not path.is_absolute():
            raise ImproperlyConfigured(f"{name}={value!r} must be an absolute path.")
        return path

    def database(
        self, name: str, *, sqlite_path: Path, conn_max_age: int = 60
    ) -> dict[str, object]:
        """DATABASES["default"]: PostgreSQL (or SQLite) from a URL, or a local SQLite file."""
        url = self._raw(name)
        if url is None:
            return sqlite_database(sqlite_path)
        scheme = urlsplit(url).scheme
        if scheme not in DATABASE_SCHEMES:
            raise ImproperlyConfigured(
                f"{name} must start with postgres://, postgresql:// or sqlite://; "
                f"got the scheme {scheme!r}."
            )
        config = dict(
            dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        )
        if scheme == "sqlite":
            return sqlite_database(config["NAME"])
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} must name a database, as in .../portal.")
        # The portal's queries are short and indexed; PostgreSQL's JIT compiler spends more time
        # compiling them (tens to hundreds of milliseconds on a large table) than it saves. A
        # directory search's bitmaps over a million UMKM outgrow the default 4 MB of work_mem
        # and go lossy, rechecking every text of their pages (benchmarks/directory.py: 16 MB).
        config["OPTIONS"] = {"options": "-c jit=off -c work_mem=16MB", **config.get("OPTIONS", {})}
        return dict(config)


def sqlite_database(path: Path | str) -> dict[str, object]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # Writers queue instead of failing with "database is locked" under runserver's threads.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def web_origin(name: str, value: str) -> str:
    """A scheme and host, as CSRF_TRUSTED_ORIGINS needs: https://kemitraan.example.go.id."""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
        raise ImproperlyConfigured(
            f"{name} holds {value!r}; each entry must be an origin such as https://example.go.id."
        )
    return f"{parts.scheme}://{parts.netloc}"
