"""Every page that reads its query string, fed hostile ones: unknown and repeated parameters,
huge, negative and non-numeric page numbers and ids, unicode, NUL bytes, broken percent-escapes,
in Indonesian and under /en/. Never a server error, and whatever the page echoes (the search
box, the active filters, the notices) comes back escaped.
"""

import os
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.conftest import client_as
from tests.hardening.hostile import assert_safe_answer, hostile_text

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("HARDENING_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Query strings that no encoder writes, but anyone can type.
BROKEN = ("%", "%FF", "%00", "%E0%A4%A", "%u0041", "&&", "=", "==", ";", "q", "q=%C0%AE", "+")


@dataclass(frozen=True)
class ListPage:
    id: str
    role: str
    path: str
    params: tuple[str, ...]


PAGES = [
    ListPage(
        "umkm_list",
        "anonymous",
        "/umkm/",
        ("q", "province", "regency", "kbli", "scale", "certification", "export", "sort", "page"),
    ),
    ListPage(
        "need_list",
        "anonymous",
        "/needs/",
        ("q", "province", "regency", "kbli", "certification", "pattern", "sort", "page"),
    ),
    ListPage(
        "firm_list", "anonymous", "/firms/", ("q", "type", "province", "kbli", "sort", "page")
    ),
    ListPage("session_list", "anonymous", "/sessions/", ("when", "scope", "province", "page")),
    ListPage("interest_list", "owner", "/dashboard/interests/", ("state", "page")),
    ListPage("recommendations", "representative", "/dashboard/recommendations/", ("need", "near")),
    ListPage("need_detail", "representative", "/needs/{need}/", ("near",)),
    ListPage("umkm_kbli", "owner", "/dashboard/umkm/kbli/", ("q",)),
    ListPage("firm_sectors", "representative", "/dashboard/firm/sectors/", ("q",)),
    ListPage("regencies_json", "anonymous", "/regions/regencies/", ("province",)),
    ListPage("interest_new", "owner", "/dashboard/interests/new/", ("umkm", "firm", "need")),
    ListPage("statistics", "anonymous", "/statistics/", ("province", "year", "page")),
    ListPage("account_login", "anonymous", "/accounts/login/", ("next", "login")),
    ListPage("account_signup", "anonymous", "/accounts/signup/", ("role", "next", "email")),
    ListPage("home", "anonymous", "/", ("q", "page")),
]


def values(world):
    """Hostile values, and ids of the world's own records (valid ones let deeper code run)."""
    known = [str(pk) for pk in world.ids.values() if isinstance(pk, int)]
    return st.one_of(
        hostile_text(),
        st.sampled_from([*known, "32", "3273", "10", "C", "micro", "halal", "upcoming", "on"]),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )


def query_strings(world, params):
    pair = st.tuples(
        st.one_of(st.sampled_from(params), st.sampled_from(params), hostile_text()),
        values(world),
    )
    encoded = st.lists(pair, max_size=6).map(
        lambda pairs: "&".join(
            f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs
        )
    )
    return st.tuples(encoded, st.lists(st.sampled_from(BROKEN), max_size=2)).map(
        lambda parts: "&".join(part for part in (parts[0], *parts[1]) if part)
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_hostile_query_strings_never_break_a_page_nor_come_back_unescaped(world, page):
    client = client_as(world, page.role)
    path = page.path.format(**world.ids)

    @FUZZ
    @given(query=query_strings(world, page.params), prefix=st.sampled_from(["", "/en"]))
    def visit(query, prefix):
        response = client.get(f"{prefix}{path}?{query}")
        assert_safe_answer(response, query)

    visit()


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_a_nul_byte_in_any_one_parameter_is_no_server_error(world, page):
    """Deterministic, parameter by parameter: PostgreSQL refuses a NUL byte in any query."""
    client = client_as(world, page.role)
    path = page.path.format(**world.ids)
    for name in page.params:
        for value in ("%00", "32%00"):
            assert_safe_answer(client.get(f"{path}?{name}={value}"), (name, value))


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999999999",
        "page=-5",
        "page=1e3",
        "page=%00",
        "page=1&page=2&page=abc",
        "province=32&province=31&regency=3273&regency=x",
        "kbli=" + "9" * 500,
        "q=" + "x" * 10_000,
        "q=%00%00&sort=%00",
        "sort=relevance&sort=name&sort=' OR 1=1 --",
        "export=on&export=off&scale=huge",
    ],
)
@pytest.mark.parametrize("path", ["/umkm/", "/needs/", "/firms/", "/en/sessions/"])
def test_the_lists_answer_odd_filters_with_a_page(client, db, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    assert_safe_answer(response, query)


def test_a_search_is_echoed_escaped_in_the_box_and_the_active_filters(client, db):
    page = client.get("/en/umkm/?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
