"""/dashboard/recommendations/, the need page's recommended UMKM and the dashboard pieces: who
sees what, the switches, pinned query counts, and hostile parameters."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from partnerships.models import NeedState
from partnerships.models import VerificationState as State
from partnerships.recommendations import recommend_for_umkm, recommend_umkm
from tests.partnerships.factories import make_firm, make_need, make_owner, make_representative
from tests.partnerships.factories_matching import (
    UmkmSpec,
    make_matching_umkm,
    make_pending_interest,
    make_seeking_firm,
    make_umkm_in_bulk,
    make_waiting_match,
)

pytestmark = pytest.mark.django_db

URL = "/en/dashboard/recommendations/"
KARAWANG, BANDUNG, SEMARANG = "3215", "3273", "3374"


def text(response) -> str:
    return " ".join(response.text.split())


@pytest.fixture
def firm_people():
    """A verified biscuit maker in Karawang, one of its people, and an open need."""
    firm = make_seeking_firm(name="PT Biskuit Karawang", sectors=["10792"], locations=[KARAWANG])
    need = make_need(firm, title="Kue basah untuk kantin pabrik", kbli=["10792"])
    return firm, make_representative(firm).user, need


def owned(**fields):
    """A recommended UMKM with an owner's account, so interest can be sent to it."""
    return make_matching_umkm(extra={"owner": make_owner()}, **fields)


# The firm's page


def test_a_firm_sees_the_umkm_that_fit_best_with_score_and_reasons(client, firm_people):
    _firm, person, need = firm_people
    best = owned(name="Kue Basah Bu Ani", kbli=("10792",), place=KARAWANG, size="micro")
    far = owned(name="Roti Semarang", kbli=("10710",), place=SEMARANG)
    make_matching_umkm(name="Belum Terverifikasi", kbli=("10792",), state=State.SUBMITTED)
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert page.index("Kue Basah Bu Ani") < page.index("Roti Semarang")
    assert "Belum Terverifikasi" not in page
    assert f'href="/en/umkm/{best.pk}/"' in response.text
    assert "Kabupaten Karawang, Jawa Barat · Micro" in page
    assert "Score 98/100" in page
    assert "Same KBLI subclass 10792" in page
    assert "In Kabupaten Karawang, where the firm operates" in page
    assert "Has not met a firm yet: the programme spreads opportunity" in page
    assert f"/en/dashboard/interests/new/?umkm={best.pk}" in response.text
    assert f"/en/dashboard/interests/new/?umkm={far.pk}" in response.text
    # The need to recommend for is one of the firm's open needs.
    assert f'<option value="{need.pk}">' in response.text


def test_the_page_is_in_indonesian_at_the_bare_path(client, firm_people):
    _firm, person, _need = firm_people
    owned(kbli=("10792",), place=KARAWANG)
    client.force_login(person)
    page = text(client.get("/dashboard/recommendations/"))
    with translation.override("id"):
        assert translation.gettext("Recommended UMKM") in page


def test_a_firm_chooses_one_of_its_open_needs(client, firm_people):
    firm, person, need = firm_people
    need.locations.set([])
    need_in_bandung = make_need(
        firm, title="Roti untuk Bandung", kbli=["1071"], locations=[BANDUNG]
    )
    baker = owned(name="Roti Bandung", kbli=("10710",), place=BANDUNG)
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    client.force_login(person)
    response = client.get(URL, {"need": need_in_bandung.pk})
    page = text(response)
    assert "Best fits for “Roti untuk Bandung”" in page
    assert page.index("Roti Bandung") < page.index("Kue Karawang")
    assert "KBLI 10710, in the class 1071 asked for" in page
    assert f"?umkm={baker.pk}&amp;need={need_in_bandung.pk}" in response.text


@pytest.mark.parametrize(
    "value",
    ["abc", "\x00", "-1", "0", "1e309", "9" * 40, "99999999999999999999", "<b>", " "],
)
def test_a_bad_need_is_reported_and_the_firm_in_general_is_shown(client, firm_people, value):
    _firm, person, _need = firm_people
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    client.force_login(person)
    response = client.get(URL, {"need": value, "near": value})
    assert response.status_code == 200
    assert "Best fits for your firm" in text(response)
    assert "Kue Karawang" in text(response)


def test_another_firms_or_a_closed_need_cannot_be_chosen(client, firm_people):
    firm, person, _need = firm_people
    foreign = make_need(make_seeking_firm(), title="Rahasia perusahaan lain")
    closed = make_need(
        firm, title="Sudah ditutup", state=NeedState.CLOSED, closed_at=timezone.now()
    )
    client.force_login(person)
    for need in (foreign, closed):
        response = client.get(URL, {"need": need.pk})
        assert response.status_code == 200
        page = text(response)
        assert "Select a valid choice" in page
        assert "Best fits for your firm" in page
        assert need.title not in page


def test_the_nearby_switch_keeps_only_umkm_in_the_regencies_and_provinces_of_the_sites(
    client, firm_people
):
    _firm, person, _need = firm_people
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    owned(name="Kue Bandung", kbli=("10792",), place=BANDUNG)
    owned(name="Kue Semarang", kbli=("10792",), place=SEMARANG)
    client.force_login(person)
    page = text(client.get(URL, {"near": "1"}))
    assert "Kue Karawang" in page
    assert "Kue Bandung" in page
    assert "Kue Semarang" not in page
    assert "Only UMKM near our sites (same regency or province)" in page


def test_pairs_in_touch_show_their_state_instead_of_a_send_link(client, firm_people):
    firm, person, _need = firm_people
    asked, asking, matched = (
        owned(name=name, kbli=("10792",), place=KARAWANG)
        for name in ("Sudah Ditanya", "Bertanya Duluan", "Sudah Cocok")
    )
    make_pending_interest(asked, firm)
    make_pending_interest(asking, firm, from_firm=False)
    make_waiting_match(matched, firm)
    client.force_login(person)
    response = client.get(URL)
    page = text(response)
    assert "Interest sent</span> Waiting for an answer." in page
    assert "This UMKM sent you interest: answer it" in page
    assert "Matched</span> Waiting for a bridging session." in page
    for umkm in (asked, asking, matched):
        assert f"?umkm={umkm.pk}" not in response.text


def test_an_unverified_firm_is_told_recommendations_come_once_verified(client):
    firm = make_seeking_firm(state=State.SUBMITTED)
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    client.force_login(make_representative(firm).user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Recommendations come once an official has verified your firm." in text(response)
    assert "Kue Karawang" not in text(response)


def test_a_representative_without_a_firm_is_sent_to_create_it(client, firm_representative):
    client.force_login(firm_representative)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].endswith("/dashboard/firm/profile/")


def test_the_firms_page_runs_a_fixed_number_of_queries(
    client, firm_people, django_assert_num_queries
):
    _firm, person, need = firm_people
    make_umkm_in_bulk(
        [UmkmSpec(kbli=("10792",), place=KARAWANG, extra={"owner": make_owner()}) for _ in range(3)]
    )
    client.force_login(person)
    client.get(URL)
    with django_assert_num_queries(QUERIES_FIRM_PAGE):
        assert client.get(URL, {"need": need.pk}).status_code == 200
    make_umkm_in_bulk(
        [UmkmSpec(kbli=("10792",), place=KARAWANG, extra={"owner": make_owner()}) for _ in range(9)]
    )
    with django_assert_num_queries(QUERIES_FIRM_PAGE):
        assert client.get(URL, {"need": need.pk}).status_code == 200


# Session and user; the firm; the need chosen and the select's choices; the seeker's facts (5),
# the regions (2) and the KBLI codes near the need's; a query or three for each KBLI level and
# each cell of the walk (here every cell: fewer UMKM fit than are shown; the seeker's regencies
# in one pass; a list read only when its count is short, in one query; the meetings of those
# that may rank), never one per UMKM; the UMKM shown; the sender for the links.
QUERIES_FIRM_PAGE = 31


# The UMKM's page


def test_an_umkm_sees_the_needs_and_firms_that_fit_it(client, umkm_owner):
    umkm = make_matching_umkm(kbli=("10792",), place=KARAWANG, extra={"owner": umkm_owner})
    firm = make_seeking_firm(name="PT Biskuit Karawang")
    need = make_need(firm, title="Kue basah untuk kantin pabrik", kbli=["10792"])
    make_need(make_seeking_firm(state=State.SUBMITTED), title="Belum Terverifikasi")
    client.force_login(umkm_owner)
    response = client.get(URL)
    page = text(response)
    assert response.status_code == 200
    assert "Kue basah untuk kantin pabrik" in page
    assert "PT Biskuit Karawang" in page
    assert "Belum Terverifikasi" not in page
    assert "Score" in page
    assert "Same KBLI subclass 10792" in page
    assert f"/en/dashboard/interests/new/?firm={firm.pk}&amp;need={need.pk}" in response.text
    assert f"/en/dashboard/interests/new/?firm={firm.pk}" in response.text
    assert umkm.name not in page.split("Best fits for your business", 1)[1]


def test_an_unverified_umkm_is_told_recommendations_come_once_verified(client, umkm_owner):
    make_matching_umkm(kbli=("10792",), state=State.SUBMITTED, extra={"owner": umkm_owner})
    make_need(make_seeking_firm(), title="Kue basah untuk kantin pabrik", kbli=["10792"])
    client.force_login(umkm_owner)
    page = text(client.get(URL))
    assert "Recommendations come once an official has verified your business." in page
    assert "Kue basah untuk kantin pabrik" not in page


def test_an_owner_without_a_business_is_sent_to_create_it(client, umkm_owner):
    client.force_login(umkm_owner)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].endswith("/dashboard/umkm/profile/")


def test_the_umkms_page_runs_a_fixed_number_of_queries(
    client, umkm_owner, django_assert_num_queries
):
    make_matching_umkm(kbli=("10792",), place=KARAWANG, extra={"owner": umkm_owner})
    make_need(make_seeking_firm(), kbli=["10792"], certifications=["halal"])
    client.force_login(umkm_owner)
    with django_assert_num_queries(QUERIES_UMKM_PAGE):
        assert client.get(URL).status_code == 200
    for _ in range(4):
        make_need(make_seeking_firm(), kbli=["10792"], locations=[BANDUNG])
    with django_assert_num_queries(QUERIES_UMKM_PAGE):
        assert client.get(URL).status_code == 200


# Session and user; the UMKM; its facts (4) and the regions (2); the needs and firms (7); the
# firms and needs shown; the sender for the links.
QUERIES_UMKM_PAGE = 19


# Nobody else


def test_people_without_a_party_are_refused_and_visitors_sent_to_sign_in(
    client, outsider, official
):
    assert client.get(URL).status_code == 302
    for person in (outsider, official):
        client.force_login(person)
        assert client.get(URL).status_code == 403


def test_the_page_only_answers_get(client, firm_people):
    _firm, person, _need = firm_people
    client.force_login(person)
    assert client.post(URL).status_code == 405


# The need's page


def need_url(need) -> str:
    return f"/en/needs/{need.pk}/"


def test_the_firms_people_and_officials_see_the_needs_recommended_umkm(
    client, firm_people, official
):
    _firm, person, need = firm_people
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    for somebody in (person, official):
        client.force_login(somebody)
        page = text(client.get(need_url(need)))
        assert "Recommended UMKM" in page
        assert "Kue Karawang" in page
        assert "Same KBLI subclass 10792" in page
    client.force_login(person)
    assert f"/en/dashboard/recommendations/?need={need.pk}" in client.get(need_url(need)).text


def test_nobody_else_sees_a_needs_recommendations(client, firm_people, umkm_owner, outsider):
    _firm, _person, need = firm_people
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    make_matching_umkm(kbli=("10792",), extra={"owner": umkm_owner})
    other_firm = make_representative(make_seeking_firm()).user
    for somebody in (None, umkm_owner, outsider, other_firm):
        if somebody is None:
            client.logout()
        else:
            client.force_login(somebody)
        page = text(client.get(need_url(need)))
        assert "Recommended UMKM" not in page
        assert "Kue Karawang" not in page


def test_the_needs_page_switches_to_nearby_umkm(client, firm_people):
    _firm, person, need = firm_people
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    owned(name="Kue Semarang", kbli=("10792",), place=SEMARANG)
    client.force_login(person)
    assert "Kue Semarang" in text(client.get(need_url(need)))
    page = text(client.get(need_url(need), {"near": "1"}))
    assert "Kue Karawang" in page
    assert "Kue Semarang" not in page
    for value in ("\x00", "9" * 50, "<script>"):
        assert client.get(need_url(need), {"near": value}).status_code == 200


def test_a_closed_or_past_need_recommends_nobody(client, firm_people):
    firm, person, _need = firm_people
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    closed = make_need(firm, kbli=["10792"], state=NeedState.CLOSED, closed_at=timezone.now())
    past = make_need(firm, kbli=["10792"], deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(person)
    for need in (closed, past):
        page = text(client.get(need_url(need)))
        assert "Recommended UMKM" not in page


def test_an_unverified_firms_need_explains_instead(client):
    firm = make_seeking_firm(state=State.SUBMITTED)
    need = make_need(firm, kbli=["10792"])
    owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    client.force_login(make_representative(firm).user)
    page = text(client.get(need_url(need)))
    assert "Recommendations come once an official has verified the firm." in page
    assert "Kue Karawang" not in page


# The dashboard pieces (the dashboard passes ``recommendations``)


def _render(template: str, user, **context) -> str:
    request = RequestFactory().get("/en/dashboard/")
    request.user = user
    with translation.override("en"):
        return " ".join(render_to_string(template, {**context}, request=request).split())


def test_the_firm_dashboard_piece_lists_the_top_five_and_links_the_page(firm_people):
    firm, person, _need = firm_people
    umkm = owned(name="Kue Karawang", kbli=("10792",), place=KARAWANG)
    html = _render(
        "partnerships/dashboard/_recommendations_firm.html",
        person,
        firm=firm,
        recommendations=recommend_umkm(firm=firm, limit=5),
    )
    assert "UMKM recommended for your firm" in html
    assert "Kue Karawang" in html
    assert "Score" in html
    assert f"?umkm={umkm.pk}" in html
    assert 'href="/en/dashboard/recommendations/"' in html
    unverified = make_firm(state=State.SUBMITTED)
    html = _render(
        "partnerships/dashboard/_recommendations_firm.html",
        person,
        firm=unverified,
        recommendations=None,
    )
    assert "Recommendations come once an official has verified your firm." in html


def test_the_umkm_dashboard_piece_lists_needs_and_firms(umkm_owner):
    umkm = make_matching_umkm(kbli=("10792",), place=KARAWANG, extra={"owner": umkm_owner})
    make_need(make_seeking_firm(), title="Kue basah untuk kantin pabrik", kbli=["10792"])
    html = _render(
        "partnerships/dashboard/_recommendations_umkm.html",
        umkm_owner,
        umkm=umkm,
        recommendations=recommend_for_umkm(umkm=umkm, limit=5),
    )
    assert "Needs and firms for you" in html
    assert "Kue basah untuk kantin pabrik" in html
    assert 'href="/en/dashboard/recommendations/"' in html
