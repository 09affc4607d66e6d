"""Naik kelas: an UMKM that moves into a higher size class after a commitment has the move
recorded once, through the owner's profile form and the officials' admin alike; a move down,
sideways, or without a commitment records nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.business_size import BusinessSize, SizeCriterion
from partnerships.models import CommitmentStage, SizeClassChange, Umkm
from partnerships.services.size_classes import size_class_change_record_if_up
from partnerships.services.umkm_profiles import PROFILE_FIELDS, umkm_profile_save
from tests.partnerships.admin.profiles import change_form_data
from tests.partnerships.factories import make_official
from tests.partnerships.factories_commitments import make_commitment
from tests.partnerships.factories_realisation import own_umkm

pytestmark = pytest.mark.django_db

# make_umkm's figures: annual sales of Rp900 juta, a micro business.
SMALL_SALES = 3_000_000_000  # above Rp2 miliar
MEDIUM_SALES = 20_000_000_000  # above Rp15 miliar


def save_figures(umkm: Umkm, *, annual_sales, capital=None):
    """What the owner's profile form saves: every profile field as it is, new figures."""
    data = {name: getattr(umkm, name) for name in PROFILE_FIELDS}
    data["annual_sales"] = annual_sales
    if capital is not None:
        data["capital"] = capital
    return umkm_profile_save(
        owner=umkm.owner, umkm=umkm, data=data, npwp_check_overridden=umkm.npwp_check_overridden
    )


def test_a_move_up_after_a_commitment_is_recorded_with_the_earliest_commitment(umkm_owner):
    umkm = own_umkm(umkm_owner)
    today = timezone.localdate()
    first = make_commitment(umkm=umkm, statement_signed_on=today - timedelta(days=200))
    make_commitment(umkm=umkm, statement_signed_on=today - timedelta(days=30))

    save_figures(umkm, annual_sales=SMALL_SALES)

    change = SizeClassChange.objects.get()
    assert change.umkm == umkm
    assert change.commitment == first
    assert (change.from_class, change.to_class) == (BusinessSize.MICRO, BusinessSize.SMALL)
    assert change.criterion == SizeCriterion.ANNUAL_SALES
    assert change.changed_on == today
    assert change.recorded_by == umkm_owner


def test_saving_again_does_not_record_twice(umkm_owner):
    umkm = own_umkm(umkm_owner)
    make_commitment(umkm=umkm)

    umkm = save_figures(umkm, annual_sales=SMALL_SALES)
    umkm = save_figures(umkm, annual_sales=SMALL_SALES)
    save_figures(umkm, annual_sales=SMALL_SALES + 1)

    assert SizeClassChange.objects.count() == 1


def test_a_figure_corrected_down_and_up_again_is_not_a_second_move(umkm_owner):
    umkm = own_umkm(umkm_owner)
    make_commitment(umkm=umkm)

    umkm = save_figures(umkm, annual_sales=SMALL_SALES)
    umkm = save_figures(umkm, annual_sales=900_000_000)
    umkm = save_figures(umkm, annual_sales=SMALL_SALES)
    assert SizeClassChange.objects.count() == 1

    save_figures(umkm, annual_sales=MEDIUM_SALES)
    moves = SizeClassChange.objects.order_by("pk").values_list("from_class", "to_class")
    assert list(moves) == [("micro", "small"), ("small", "medium")]


def test_a_jump_of_two_classes_is_one_move(umkm_owner):
    umkm = own_umkm(umkm_owner)
    make_commitment(umkm=umkm)

    save_figures(umkm, annual_sales=MEDIUM_SALES)

    change = SizeClassChange.objects.get()
    assert (change.from_class, change.to_class) == ("micro", "medium")


def test_nothing_is_recorded_without_a_commitment(umkm_owner):
    umkm = own_umkm(umkm_owner)
    save_figures(umkm, annual_sales=SMALL_SALES)
    assert not SizeClassChange.objects.exists()


def test_a_cancelled_commitment_or_one_signed_later_does_not_count(umkm_owner):
    umkm = own_umkm(umkm_owner)
    make_commitment(umkm=umkm, stage=CommitmentStage.CANCELLED)
    make_commitment(umkm=umkm, statement_signed_on=timezone.localdate() + timedelta(days=3))

    save_figures(umkm, annual_sales=SMALL_SALES)

    assert not SizeClassChange.objects.exists()


def test_a_move_down_or_sideways_records_nothing(umkm_owner):
    umkm = own_umkm(umkm_owner, annual_sales=SMALL_SALES)
    make_commitment(umkm=umkm)

    umkm = save_figures(umkm, annual_sales=900_000_000)  # down to micro
    umkm = save_figures(umkm, annual_sales=1_500_000_000)  # still micro
    assert not SizeClassChange.objects.exists()


def test_the_capital_decides_for_a_business_without_a_years_sales(umkm_owner):
    umkm = own_umkm(umkm_owner, annual_sales=None, capital=500_000_000)
    make_commitment(umkm=umkm)

    save_figures(umkm, annual_sales=None, capital=2_000_000_000)

    change = SizeClassChange.objects.get()
    assert (change.from_class, change.to_class) == ("micro", "small")
    assert change.criterion == SizeCriterion.CAPITAL


def test_the_service_records_nothing_for_a_new_umkm_without_a_class(umkm_owner):
    umkm = own_umkm(umkm_owner)
    make_commitment(umkm=umkm)
    assert size_class_change_record_if_up(umkm=umkm, before_class="") is None


def test_an_official_changing_the_figures_in_the_admin_records_the_move(client):
    official = make_official()
    umkm = make_commitment().umkm  # a micro business by its sales
    client.force_login(official)
    url = reverse("admin:partnerships_umkm_change", args=[umkm.pk])
    data = change_form_data(client.get(url))

    data["annual_sales"] = str(SMALL_SALES)
    assert client.post(url, data).status_code == 302
    data["description"] = "Saved again with the same figures."
    assert client.post(url, data).status_code == 302

    change = SizeClassChange.objects.get()
    assert change.recorded_by == official
    assert (change.from_class, change.to_class) == ("micro", "small")
