"""The steps the dashboard leads people through, without a database."""

from partnerships.profile_progress import firm_progress, umkm_progress


def test_a_new_umkm_owner_starts_with_the_business_profile():
    progress = umkm_progress(
        has_profile=False, kbli_count=0, product_count=0, certification_count=0, link_count=0
    )
    assert not progress.is_complete
    assert progress.next_step.key == "profile"
    assert progress.done_count == 0


def test_an_umkm_profile_is_complete_without_the_optional_steps():
    progress = umkm_progress(
        has_profile=True, kbli_count=1, product_count=1, certification_count=0, link_count=0
    )
    assert progress.is_complete
    assert progress.next_step is None
    assert progress.done_count == progress.required_count == 3


def test_an_umkm_without_products_is_not_complete():
    progress = umkm_progress(
        has_profile=True, kbli_count=2, product_count=0, certification_count=1, link_count=1
    )
    assert [step.key for step in progress.missing] == ["products"]


def test_a_firm_needs_sectors_and_locations():
    progress = firm_progress(has_profile=True, sector_count=1, location_count=0)
    assert [step.key for step in progress.missing] == ["locations"]
    assert firm_progress(has_profile=True, sector_count=1, location_count=3).is_complete
