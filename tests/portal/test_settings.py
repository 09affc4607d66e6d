"""Start-up with real environments, in a fresh process each, as a deployment would start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = BASE_DIR / ".env.example"


def documented_production_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    # Only the variables the test names: nothing from the developer's shell leaks in.
    clean = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production() -> dict[str, str]:
    values = documented_production_values()
    values["SECRET_KEY"] = get_random_secret_key() + get_random_secret_key()
    return values


def test_env_example_documents_every_setting_it_should():
    documented = documented_production_values()
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL"):
        assert name in documented
    for name in ("EMAIL_HOST", "MEDIA_ROOT", "SECURE_HSTS_SECONDS"):
        assert name in documented


def test_the_documented_production_values_pass_the_deployment_check(production):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(production):
    del production["SECRET_KEY"]
    result = manage("check", **production)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts_when_debug_is_off(production):
    del production["ALLOWED_HOSTS"]
    result = manage("check", **production)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_it_refuses_to_start_without_the_site_address_when_debug_is_off(production):
    # E-mails sent outside a request (verification decisions) need the public address.
    del production["SITE_URL"]
    result = manage("check", **production)
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a yes/no value"),
        ("EMAIL_PORT", "smtp", "EMAIL_PORT='smtp' is not a whole number"),
        ("DATABASE_URL", "mysql://root@localhost/portal", "DATABASE_URL must start with postgres"),
        ("CSRF_TRUSTED_ORIGINS", "kemitraan.example.go.id", "CSRF_TRUSTED_ORIGINS holds"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL='loud' is not one of"),
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(production, name, value, message):
    result = manage("check", **{**production, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_mode_starts_with_nothing_else_set():
    result = manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr
