"""The page inventory covers every URL pattern of the portal, and every page in it answers as
listed on the demo site served as in production."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.quality import page_inventory as inventory


def url_patterns(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """(name, route) of every pattern: `admin:index`, `home`; an unnamed one by its route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield (name or route), route


def left_to_django(name: str) -> bool:
    """The admin's generated pages (see page_inventory's docstring) and its unnamed helpers."""
    if not name.startswith("admin"):
        return False
    if not name.startswith("admin:"):  # unnamed: the catch-all 404 and the old-URL redirects
        return True
    if name.endswith("_simple_history"):  # django-simple-history's page of one past version
        return False
    return name in inventory.ADMIN_SITE_VIEWS or name.endswith(inventory.ADMIN_GENERATED_SUFFIXES)


def test_every_url_pattern_has_an_inventory_entry_or_an_excuse():
    covered = (
        {entry.name for entry in inventory.PAGES}
        | set(inventory.POST_ONLY)
        | set(inventory.EXCUSED)
    )
    missing = sorted(
        {name for name, _route in url_patterns() if not left_to_django(name)} - covered
    )
    assert missing == [], (
        "These URL patterns have no entry in tests/quality/page_inventory.py (add a page(...) "
        f"line, or an excuse with its reason): {missing}"
    )


def test_the_inventory_names_only_patterns_that_exist():
    names = {name for name, _route in url_patterns()}
    listed = (
        {entry.name for entry in inventory.PAGES}
        | set(inventory.POST_ONLY)
        | set(inventory.EXCUSED)
    )
    assert sorted(listed - names) == []


def test_the_inventory_lists_each_page_once():
    ids = [entry.id for entry in inventory.PAGES]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


@pytest.fixture(scope="module")
def requests_as(contexts):
    """role -> an HTTP client with that role's cookies that does not follow redirects."""
    clients = {}

    def client(role: str):
        if role not in clients:
            clients[role] = contexts.page(role).context.request
        return clients[role]

    return client


@pytest.mark.parametrize("entry", inventory.PAGES, ids=lambda entry: entry.id)
def test_each_page_answers_as_listed(entry, quality_server, requests_as):
    response = requests_as(entry.role).get(entry.url(quality_server.ids), max_redirects=0)
    assert response.status == entry.status, response.text()[:500]
    if entry.kind == "image":
        assert response.headers["content-type"].startswith("image/")
    if entry.kind == "json":
        assert response.headers["content-type"].startswith("application/json")
    if entry.kind == "pdf" and entry.status == 200:
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF-")


@pytest.mark.parametrize("name", sorted(inventory.POST_ONLY))
def test_each_post_only_action_refuses_a_get(name, quality_server, requests_as):
    path, role, _form = inventory.POST_ONLY[name]
    response = requests_as(role).get(path.format(**quality_server.ids), max_redirects=0)
    assert response.status == 405


@pytest.mark.parametrize("name", sorted(inventory.EXCUSED_ANSWERS))
def test_each_excused_pattern_answers_as_its_reason_says(name, quality_server, requests_as):
    path, role, status = inventory.EXCUSED_ANSWERS[name]
    assert requests_as(role).get(path, max_redirects=0).status == status
