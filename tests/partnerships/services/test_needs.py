"""A need's life: posted, edited, closed (and reopened) by its firm, removed by an official."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from partnerships.models import KbliCode, Need, NeedState, Regency
from partnerships.models import VerificationState as State
from partnerships.services.needs import (
    NeedError,
    need_close,
    need_create,
    need_remove,
    need_reopen,
    need_update,
)
from tests.partnerships.factories import make_firm, make_need, make_representative
from tests.partnerships.factories_needs import need_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    # The refusals are matched by their English source text; test_i18n checks the catalogue.
    with translation.override("en"):
        yield


def codes(*values):
    return list(KbliCode.objects.filter(version="2020", code__in=values))


def regencies(*values):
    return list(Regency.objects.filter(code__in=values))


def create(firm=None, **overrides):
    firm = firm or make_firm(state=State.VERIFIED)
    return need_create(
        firm=firm,
        created_by=None,
        data=need_data(**overrides),
        kbli_codes=codes("17021", "1702"),
        locations=regencies("3215"),
        certifications=["sni", "halal"],
    )


def test_it_posts_a_need_with_its_parts_and_search_document(firm_representative):
    firm = make_firm(state=State.VERIFIED)
    need = need_create(
        firm=firm,
        created_by=firm_representative,
        data=need_data(title="  Kemasan karton  "),
        kbli_codes=codes("17021"),
        locations=regencies("3215"),
        certifications=["sni", "sni"],
    )
    need.refresh_from_db()
    assert need.title == "Kemasan karton"
    assert need.state == NeedState.OPEN
    assert need.created_by == firm_representative
    assert [k.code for k in need.kbli_codes.all()] == ["17021"]
    assert [r.code for r in need.locations.all()] == ["3215"]
    assert list(need.required_certifications.values_list("kind", flat=True)) == ["sni"]
    assert "Kemasan karton" in need.search_text
    assert "Karawang" in need.search_text
    assert Need.objects.open().filter(pk=need.pk).exists()


def test_an_unverified_firms_need_is_kept_but_not_public():
    need = create(make_firm(state=State.SUBMITTED))
    assert not Need.objects.open().filter(pk=need.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"deadline": timezone.localdate() - timedelta(days=1)}, "past"),
        ({"volume": 0}, "volume"),
        ({"volume": -5}, "volume"),
        ({"estimated_value": -1}, "negative"),
        ({"pattern": "barter"}, "pattern"),
        ({"title": "   "}, "title"),
    ],
)
def test_it_rejects_impossible_values_with_a_clear_error(overrides, message):
    with pytest.raises(NeedError, match=message):
        create(**overrides)
    assert not Need.objects.exists()


def test_a_deadline_of_today_is_allowed():
    assert create(deadline=timezone.localdate()).is_open


def test_it_edits_a_need_and_refreshes_its_search_document():
    need = create()
    need_update(
        need=need,
        data=need_data(title="Botol kaca", description="Botol 330 ml."),
        kbli_codes=codes("23123"),
        locations=regencies("3273"),
        certifications=["bpom"],
    )
    need.refresh_from_db()
    assert need.title == "Botol kaca"
    assert [k.code for k in need.kbli_codes.all()] == ["23123"]
    assert [r.code for r in need.locations.all()] == ["3273"]
    assert list(need.required_certifications.values_list("kind", flat=True)) == ["bpom"]
    assert "Botol kaca" in need.search_text
    assert "Karawang" not in need.search_text
    assert need.history.count() >= 2


def test_editing_refuses_a_past_deadline():
    need = create()
    with pytest.raises(NeedError, match="past"):
        need_update(
            need=need,
            data=need_data(deadline=timezone.localdate() - timedelta(days=3)),
            kbli_codes=[],
            locations=[],
            certifications=[],
        )


def test_a_need_past_its_deadline_can_get_a_new_one():
    need = make_need(deadline=timezone.localdate() - timedelta(days=2))
    assert not Need.objects.open().filter(pk=need.pk).exists()
    need_update(need=need, data=need_data(), kbli_codes=[], locations=[], certifications=[])
    assert Need.objects.open().filter(pk=need.pk).exists()


def test_the_firm_closes_a_need_and_can_no_longer_edit_it():
    need = create()
    need_close(need=need)
    need.refresh_from_db()
    assert need.state == NeedState.CLOSED
    assert need.closed_at is not None
    assert not Need.objects.open().filter(pk=need.pk).exists()
    with pytest.raises(NeedError, match="closed"):
        need_update(need=need, data=need_data(), kbli_codes=[], locations=[], certifications=[])
    with pytest.raises(NeedError):
        need_close(need=need)


def test_a_closed_need_with_a_future_deadline_opens_again():
    need = create()
    need_close(need=need)
    need_reopen(need=need)
    need.refresh_from_db()
    assert need.state == NeedState.OPEN
    assert need.closed_at is None


def test_a_closed_need_past_its_deadline_does_not_open_again():
    need = make_need(
        state=NeedState.CLOSED,
        closed_at=timezone.now(),
        deadline=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(NeedError):
        need_reopen(need=need)


def test_an_official_removes_a_need_with_a_reason_and_the_firm_is_emailed(
    official, django_capture_on_commit_callbacks
):
    firm = make_firm(state=State.VERIFIED)
    representatives = [make_representative(firm).user, make_representative(firm).user]
    need = make_need(firm, title="Tenaga kerja murah")
    with django_capture_on_commit_callbacks(execute=True):
        need_remove(need=need, official=official, reason="  Bukan kemitraan usaha.  ")
    need.refresh_from_db()
    assert need.state == NeedState.REMOVED
    assert need.removal_reason == "Bukan kemitraan usaha."
    assert need.closed_at is not None
    assert need.history.first().history_user == official
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted(person.email for person in representatives)
    assert "Tenaga kerja murah" in mail.outbox[0].subject
    assert "Bukan kemitraan usaha." in mail.outbox[0].body
    with pytest.raises(NeedError, match="removed"):
        need_update(need=need, data=need_data(), kbli_codes=[], locations=[], certifications=[])
    with pytest.raises(NeedError):
        need_reopen(need=need)


def test_a_removal_needs_a_reason(official):
    need = make_need()
    with pytest.raises(NeedError):
        need_remove(need=need, official=official, reason="   ")
    need.refresh_from_db()
    assert need.state == NeedState.OPEN


def test_a_need_is_removed_only_once(official):
    need = make_need()
    need_remove(need=need, official=official, reason="Spam.")
    with pytest.raises(NeedError, match="already"):
        need_remove(need=need, official=official, reason="Spam again.")


def test_it_refuses_an_unlicensable_kbli_code():
    with pytest.raises(NeedError, match="92000"):
        need_create(
            firm=make_firm(),
            created_by=None,
            data=need_data(),
            kbli_codes=codes("92000"),
            locations=[],
            certifications=[],
        )
