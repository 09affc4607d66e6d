import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from partnerships.models import FirmInvitation, FirmRepresentative
from partnerships.services.firm_invitations import (
    InvitationRefused,
    InvitationUnavailable,
    firm_invitation_accept,
    firm_invitation_cancel,
    firm_invitation_send,
)
from portal.accounts.models import Role
from tests.partnerships.factories import make_representative, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    # The e-mail is in the inviter's language; an earlier test may have left English on.
    with translation.override("id"):
        yield


@pytest.fixture
def inviter():
    return make_representative(email="andi@astra.test", name="Andi Wijaya")


def send(inviter, email="Rina@Astra.test"):
    return firm_invitation_send(firm=inviter.firm, invited_by=inviter.user, email=email)


class TestSending:
    def test_it_mails_the_colleague_an_absolute_link_once_the_transaction_commits(
        self, inviter, settings, django_capture_on_commit_callbacks
    ):
        settings.SITE_URL = "https://kemitraan.example.go.id"
        with django_capture_on_commit_callbacks(execute=True):
            invitation = send(inviter)
            assert mail.outbox == []
        assert invitation.email == "rina@astra.test"
        assert len(invitation.token) >= 40
        [message] = mail.outbox
        assert message.to == ["rina@astra.test"]
        assert f"https://kemitraan.example.go.id/invitations/{invitation.token}/" in message.body
        assert inviter.firm.name in message.subject
        assert "Andi Wijaya" in message.body

    def test_an_inviter_using_english_sends_the_english_link(
        self, inviter, django_capture_on_commit_callbacks
    ):
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            invitation = send(inviter)
        assert f"/en/invitations/{invitation.token}/" in mail.outbox[0].body

    def test_each_invitation_has_its_own_token(self, inviter):
        assert send(inviter, "a@astra.test").token != send(inviter, "b@astra.test").token

    def test_an_address_with_an_open_invitation_is_refused(self, inviter):
        send(inviter)
        with pytest.raises(ValidationError) as refusal:
            send(inviter, "rina@ASTRA.test")
        assert refusal.value.code == "already_invited"
        assert FirmInvitation.objects.count() == 1

    def test_an_address_that_represents_a_firm_is_refused(self, inviter):
        make_representative(email="budi@other.test")
        with pytest.raises(ValidationError) as refusal:
            send(inviter, "Budi@Other.test")
        assert refusal.value.code == "already_representative"

    def test_a_cancelled_invitation_can_be_sent_again(self, inviter):
        firm_invitation_cancel(invitation=send(inviter))
        assert not FirmInvitation.objects.exists()
        send(inviter)


class TestAccepting:
    def test_the_invited_person_joins_the_firm(self, inviter):
        invitation = send(inviter)
        colleague = make_user("RINA@astra.test", role="")
        representative = firm_invitation_accept(
            invitation=invitation, user=colleague, job_title=" Manajer Rantai Pasok "
        )
        assert representative.firm == inviter.firm
        assert representative.job_title == "Manajer Rantai Pasok"
        colleague.refresh_from_db()
        assert colleague.role == Role.FIRM_REPRESENTATIVE
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None

    def test_a_token_is_used_once(self, inviter):
        invitation = send(inviter)
        firm_invitation_accept(
            invitation=invitation, user=make_user("rina@astra.test", role=Role.FIRM_REPRESENTATIVE)
        )
        with pytest.raises(InvitationUnavailable):
            firm_invitation_accept(
                invitation=invitation, user=make_user("x@astra.test", role=Role.FIRM_REPRESENTATIVE)
            )

    def test_someone_with_another_address_is_refused(self, inviter):
        invitation = send(inviter)
        with pytest.raises(InvitationRefused, match="alamat email lain"):
            firm_invitation_accept(
                invitation=invitation,
                user=make_user("eve@astra.test", role=Role.FIRM_REPRESENTATIVE),
            )
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    def test_an_umkm_owner_is_refused(self, inviter):
        invitation = send(inviter)
        owner = make_user("rina@astra.test", role=Role.UMKM_OWNER)
        with pytest.raises(InvitationRefused, match="pemilik UMKM"):
            firm_invitation_accept(invitation=invitation, user=owner)
        assert not FirmRepresentative.objects.filter(user=owner).exists()

    def test_a_representative_of_another_firm_is_refused(self, inviter):
        invitation = send(inviter)
        other = make_representative(email="rina@astra.test")
        with pytest.raises(InvitationRefused, match="perusahaan lain"):
            firm_invitation_accept(invitation=invitation, user=other.user)

    def test_an_official_is_refused(self, inviter, official):
        invitation = send(inviter, official.email)
        with pytest.raises(InvitationRefused, match="Akun pejabat"):
            firm_invitation_accept(invitation=invitation, user=official)
