"""Before a match each side sees only what the other shows in public (and the contacts an UMKM
chose to show to verified firms); once an interest is accepted, the two sides see each other's
contacts, and still nobody else does."""

import pytest

from partnerships.access import may_see_firm_contacts, may_see_umkm_contacts
from partnerships.models import InterestDirection
from partnerships.models import VerificationState as State
from partnerships.services.interests import interest_accept
from tests.partnerships.factories import make_firm, make_representative, make_umkm
from tests.partnerships.factories_interests import make_interest, make_pair

pytestmark = pytest.mark.django_db

UMKM_PHONE = "tel:+6281234567890"


@pytest.fixture
def pair():
    # The owner did not opt in to showing contacts to verified firms.
    return make_pair(contacts_visible_to_firms=False)


def umkm_contacts_shown(client, user, pair, page: str) -> bool:
    client.force_login(user)
    text = client.get(page).text
    return UMKM_PHONE in text or pair.umkm.email in text


def firm_contacts_shown(client, user, pair, page: str) -> bool:
    client.force_login(user)
    return pair.representative.email in client.get(page).text


def strangers(outsider):
    return {
        "outsider": outsider,
        "unmatched verified firm": make_representative(make_firm(state=State.VERIFIED)).user,
        "another UMKM owner": make_umkm(state=State.VERIFIED).owner,
    }


class TestBeforeAMatch:
    def test_nobody_else_sees_the_umkms_contacts(self, client, pair, outsider):
        interest = make_interest(pair, direction=InterestDirection.FROM_FIRM)
        for who, user in strangers(outsider).items():
            assert not umkm_contacts_shown(client, user, pair, f"/umkm/{pair.umkm.pk}/"), who
            client.force_login(user)
            assert client.get(f"/dashboard/interests/{interest.pk}/").status_code == 404, who
        assert not may_see_umkm_contacts(pair.representative, pair.umkm)

    def test_the_firm_with_a_pending_interest_does_not_see_them_yet(self, client, pair):
        interest = make_interest(pair, direction=InterestDirection.FROM_FIRM)
        for page in (f"/umkm/{pair.umkm.pk}/", f"/dashboard/interests/{interest.pk}/"):
            assert not umkm_contacts_shown(client, pair.representative, pair, page), page

    def test_the_umkm_owner_does_not_see_the_firms_people(self, client, pair):
        interest = make_interest(pair, direction=InterestDirection.FROM_FIRM)
        for page in (f"/firms/{pair.firm.pk}/", f"/dashboard/interests/{interest.pk}/"):
            assert not firm_contacts_shown(client, pair.owner, pair, page), page
        assert not may_see_firm_contacts(pair.owner, pair.firm)

    def test_an_owner_who_opted_in_shows_them_to_verified_firms(self, client, outsider):
        pair = make_pair(contacts_visible_to_firms=True)
        stranger_firm = make_representative(make_firm(state=State.VERIFIED)).user
        assert umkm_contacts_shown(client, stranger_firm, pair, f"/umkm/{pair.umkm.pk}/")
        unverified_firm = make_representative(make_firm(state=State.SUBMITTED)).user
        assert not umkm_contacts_shown(client, unverified_firm, pair, f"/umkm/{pair.umkm.pk}/")
        assert not umkm_contacts_shown(client, outsider, pair, f"/umkm/{pair.umkm.pk}/")


class TestAfterAcceptance:
    @pytest.fixture
    def accepted(self, pair):
        interest = make_interest(pair, direction=InterestDirection.FROM_FIRM)
        interest_accept(interest=interest, user=pair.owner)
        return interest

    def test_the_matched_firms_representatives_see_the_umkms_contacts(self, client, pair, accepted):
        colleague = make_representative(pair.firm).user
        for user in (pair.representative, colleague):
            for page in (f"/umkm/{pair.umkm.pk}/", f"/dashboard/interests/{accepted.pk}/"):
                client.force_login(user)
                text = client.get(page).text
                assert UMKM_PHONE in text, page
                assert pair.umkm.email in text, page
                assert pair.umkm.owner_name in text, page

    def test_the_umkm_owner_sees_the_firms_representatives(self, client, pair, accepted):
        for page in (f"/firms/{pair.firm.pk}/", f"/dashboard/interests/{accepted.pk}/"):
            client.force_login(pair.owner)
            text = client.get(page).text
            assert pair.representative.email in text, page
            assert pair.representative.name in text, page
            assert "Procurement Manager" in text, page

    def test_others_still_see_nothing(self, client, pair, accepted, outsider):
        for who, user in strangers(outsider).items():
            assert not umkm_contacts_shown(client, user, pair, f"/umkm/{pair.umkm.pk}/"), who
            assert not firm_contacts_shown(client, user, pair, f"/firms/{pair.firm.pk}/"), who
            client.force_login(user)
            assert client.get(f"/dashboard/interests/{accepted.pk}/").status_code == 404, who

    def test_the_umkms_business_address_is_shown_not_the_owners_account(
        self, client, pair, accepted
    ):
        client.force_login(pair.representative)
        text = client.get(f"/dashboard/interests/{accepted.pk}/").text
        assert pair.umkm.email in text
        assert pair.owner.email not in text

    def test_a_match_with_another_firm_opens_nothing_to_this_one(self, client, pair, accepted):
        other_firm = make_firm(state=State.VERIFIED)
        other_representative = make_representative(other_firm).user
        assert not may_see_umkm_contacts(other_representative, pair.umkm)
        assert not may_see_firm_contacts(pair.owner, other_firm)
