import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_it_answers_ok_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


@pytest.mark.django_db
def test_load_balancers_may_probe_it_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.django_db
def test_it_only_answers_reads(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
