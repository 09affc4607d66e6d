"""Officials verify and reject UMKM and firms in the admin: by action and on the change form."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from partnerships.models import Firm, Umkm, VerificationState
from partnerships.officials import GROUP_NAMES, OfficialRole
from portal.accounts.models import User
from tests.conftest import PASSWORD
from tests.partnerships.admin.profiles import change_form_data, make_firm, make_umkm

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["umkm", "firm"])
def kind(request):
    """Each test runs for both kinds of profile an official verifies."""
    return request.param


@pytest.fixture
def make(kind):
    return {"umkm": make_umkm, "firm": make_firm}[kind]


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def changelist(kind: str) -> str:
    return reverse(f"admin:partnerships_{kind}_changelist")


def change_url(profile: Umkm | Firm) -> str:
    return reverse(f"admin:partnerships_{profile._meta.model_name}_change", args=[profile.pk])


def applicant_email(profile: Umkm | Firm) -> str:
    if isinstance(profile, Umkm):
        return profile.owner.email
    return profile.representatives.get().user.email


def warnings(response) -> list[str]:
    return [
        str(message)
        for message in get_messages(response.wsgi_request)
        if message.level == messages.WARNING
    ]


class TestVerifyAction:
    def test_it_verifies_submissions_and_emails_each_applicant(
        self, official_client, official, kind, make, django_capture_on_commit_callbacks
    ):
        profile = make("Kopi Tanjung Pura")
        with django_capture_on_commit_callbacks(execute=True):
            response = official_client.post(
                changelist(kind), {"action": "verify_selected", "_selected_action": [profile.pk]}
            )
        assert response.status_code == 302
        profile.refresh_from_db()
        assert profile.verification_state == VerificationState.VERIFIED
        assert profile.reviewed_by == official
        assert profile.reviewed_at is not None
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [applicant_email(profile)]

    def test_it_skips_profiles_not_awaiting_verification_and_names_them(
        self, official_client, kind, make, django_capture_on_commit_callbacks
    ):
        submitted = make("Awaiting")
        draft = make("Still a draft", state=VerificationState.DRAFT)
        verified = make("Already verified", state=VerificationState.VERIFIED)
        with django_capture_on_commit_callbacks(execute=True):
            response = official_client.post(
                changelist(kind),
                {
                    "action": "verify_selected",
                    "_selected_action": [submitted.pk, draft.pk, verified.pk],
                },
            )
        [warning] = warnings(response)
        assert "Still a draft" in warning
        assert "Already verified" in warning
        assert "Awaiting" not in warning
        draft.refresh_from_db()
        submitted.refresh_from_db()
        assert draft.verification_state == VerificationState.DRAFT
        assert submitted.verification_state == VerificationState.VERIFIED
        assert len(mail.outbox) == 1


class TestRejectAction:
    def post(self, client, kind, profiles, **extra):
        return client.post(
            changelist(kind),
            {
                "action": "reject_selected",
                "_selected_action": [profile.pk for profile in profiles],
                **extra,
            },
        )

    def test_it_asks_for_the_reason_on_an_intermediate_page(self, official_client, kind, make):
        profile = make("Kopi Tanjung Pura")
        response = self.post(official_client, kind, [profile])
        assert response.status_code == 200
        assert "admin/partnerships/reject_selected_confirmation.html" in [
            template.name for template in response.templates
        ]
        page = response.content.decode()
        assert "Kopi Tanjung Pura" in page
        assert 'name="reason"' in page
        profile.refresh_from_db()
        assert profile.verification_state == VerificationState.SUBMITTED

    def test_it_refuses_an_empty_reason(self, official_client, kind, make):
        profile = make()
        response = self.post(official_client, kind, [profile], post="yes", reason="   ")
        assert response.status_code == 200
        assert response.context["form"].errors["reason"]
        profile.refresh_from_db()
        assert profile.verification_state == VerificationState.SUBMITTED
        assert mail.outbox == []

    def test_it_rejects_all_selected_with_the_reason_and_emails_it(
        self, official_client, official, kind, make, django_capture_on_commit_callbacks
    ):
        first, second = make("First"), make("Second")
        reason = "The NIB belongs to another business; upload your own OSS NIB."
        with django_capture_on_commit_callbacks(execute=True):
            response = self.post(official_client, kind, [first, second], post="yes", reason=reason)
        assert response.status_code == 302
        for profile in (first, second):
            profile.refresh_from_db()
            assert profile.verification_state == VerificationState.REJECTED
            assert profile.rejection_reason == reason
            assert profile.reviewed_by == official
        assert len(mail.outbox) == 2
        assert reason in mail.outbox[0].body

    def test_with_nothing_awaiting_it_warns_and_shows_no_page(self, official_client, kind, make):
        draft = make("Still a draft", state=VerificationState.DRAFT)
        response = self.post(official_client, kind, [draft])
        assert response.status_code == 302
        assert any("Still a draft" in text for text in warnings(response))


class TestDecisionOnTheChangeForm:
    def test_verifying_on_the_change_form_verifies_and_emails(
        self, official_client, official, make, django_capture_on_commit_callbacks
    ):
        profile = make()
        data = change_form_data(official_client.get(change_url(profile)))
        data["decision"] = "verify"
        with django_capture_on_commit_callbacks(execute=True):
            response = official_client.post(change_url(profile), data)
        assert response.status_code == 302
        profile.refresh_from_db()
        assert profile.verification_state == VerificationState.VERIFIED
        assert profile.reviewed_by == official
        assert len(mail.outbox) == 1

    def test_rejecting_needs_a_reason_beside_the_field(self, official_client, make):
        profile = make()
        data = change_form_data(official_client.get(change_url(profile)))
        data.update(decision="reject", decision_reason="")
        response = official_client.post(change_url(profile), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["decision_reason"]
        profile.refresh_from_db()
        assert profile.verification_state == VerificationState.SUBMITTED

    def test_rejecting_with_a_reason_rejects_and_emails(
        self, official_client, make, django_capture_on_commit_callbacks
    ):
        profile = make()
        data = change_form_data(official_client.get(change_url(profile)))
        data.update(decision="reject", decision_reason="The address is incomplete.")
        with django_capture_on_commit_callbacks(execute=True):
            response = official_client.post(change_url(profile), data)
        assert response.status_code == 302
        profile.refresh_from_db()
        assert profile.verification_state == VerificationState.REJECTED
        assert profile.rejection_reason == "The address is incomplete."
        assert "The address is incomplete." in mail.outbox[0].body

    def test_keeping_the_decision_for_later_changes_nothing(self, official_client, make):
        profile = make()
        data = change_form_data(official_client.get(change_url(profile)))
        assert data["decision"] == "keep"
        official_client.post(change_url(profile), data)
        profile.refresh_from_db()
        assert profile.verification_state == VerificationState.SUBMITTED
        assert mail.outbox == []

    def test_a_profile_not_awaiting_verification_offers_no_decision(self, official_client, make):
        profile = make(state=VerificationState.VERIFIED)
        page = official_client.get(change_url(profile)).content.decode()
        assert 'name="decision"' not in page

    def test_a_decision_sent_for_a_draft_is_refused(self, official_client, make):
        profile = make(state=VerificationState.DRAFT)
        data = change_form_data(official_client.get(change_url(profile)))
        data["decision"] = "verify"
        response = official_client.post(change_url(profile), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["decision"]


class TestPermissions:
    @pytest.fixture
    def staff(self, db) -> User:
        return User.objects.create_user(
            email="staff@bkpm.test", password=PASSWORD, name="Rina Kusuma", is_staff=True
        )

    def test_an_official_without_permissions_is_refused(self, client, staff, kind):
        client.force_login(staff)
        assert client.get(changelist(kind)).status_code == 403

    def test_an_official_who_may_only_view_gets_no_actions_and_no_decision(
        self, client, staff, kind, make
    ):
        # An auditor may view every profile in the country and change none.
        staff.groups.add(Group.objects.get(name=GROUP_NAMES[OfficialRole.AUDITOR]))
        profile = make()
        client.force_login(staff)
        listing = client.get(changelist(kind))
        page = client.get(change_url(profile))
        assert listing.status_code == 200
        assert "verify_selected" not in listing.content.decode()
        assert page.status_code == 200
        assert 'name="decision"' not in page.content.decode()

    def test_an_official_who_may_only_view_cannot_run_the_actions(self, client, staff, kind, make):
        # An auditor may view every profile in the country and change none.
        staff.groups.add(Group.objects.get(name=GROUP_NAMES[OfficialRole.AUDITOR]))
        profile = make()
        client.force_login(staff)
        client.post(
            changelist(kind), {"action": "verify_selected", "_selected_action": [profile.pk]}
        )
        profile.refresh_from_db()
        assert profile.verification_state == VerificationState.SUBMITTED
