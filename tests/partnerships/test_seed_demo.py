from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from partnerships.demo import DEMO_PASSWORD, OFFICIAL
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def table_sizes() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_it_is_idempotent(settings):
    from partnerships.demo_commitments import demo_commitments_total

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    once = table_sizes()
    committed = demo_commitments_total()
    files = stored_files(settings)
    assert any(name.startswith("private/commitments/") for name in files)
    call_command("seed_demo", verbosity=0)
    assert table_sizes() == once
    # The commitments add up to the same total, and their PDFs are not stored twice.
    assert demo_commitments_total() == committed
    assert stored_files(settings) == files


def test_the_demo_official_can_sign_in_to_the_admin(client, settings):
    call_command("seed_demo", force=True, verbosity=0)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": OFFICIAL.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get(email=OFFICIAL.email).is_superuser


def test_it_prints_the_accounts_to_sign_in_with(capsys):
    call_command("seed_demo", force=True)
    printed = capsys.readouterr().out
    assert OFFICIAL.email in printed
    assert DEMO_PASSWORD in printed


def test_it_refuses_to_run_outside_a_local_demo(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="passwords are public"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_it_restores_a_demo_password_someone_changed(settings):
    call_command("seed_demo", force=True, verbosity=0)
    official = User.objects.get(email=OFFICIAL.email)
    official.set_password("changed-by-a-visitor")
    official.save(update_fields=["password"])
    call_command("seed_demo", force=True, verbosity=0)
    official.refresh_from_db()
    assert official.check_password(DEMO_PASSWORD)


def test_it_holds_the_ceremony_scale_with_a_verification_queue():
    from partnerships.models import Firm, Umkm, VerificationState

    call_command("seed_demo", force=True, verbosity=0)
    assert Umkm.objects.count() == 196
    assert Firm.objects.count() == 56
    states = set(Umkm.objects.values_list("verification_state", flat=True))
    assert states == set(VerificationState.values)
    # Ten owners' submissions, the assisted registration and the possible duplicate.
    assert Umkm.objects.filter(verification_state=VerificationState.SUBMITTED).count() == 12


def test_the_demo_owner_signs_in_to_a_verified_profile_with_a_photo(client):
    from partnerships.demo import UMKM_OWNER
    from partnerships.models import Umkm

    call_command("seed_demo", force=True, verbosity=0)
    response = client.post(
        "/accounts/login/", {"login": UMKM_OWNER.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    umkm = Umkm.objects.get(owner__email=UMKM_OWNER.email)
    assert umkm.is_verified
    product = umkm.products.get()
    assert client.get(f"/products/{product.pk}/thumbnail/").status_code == 200
    assert "Keripik Singkong Sari Rasa" in client.get("/dashboard/").text


def test_each_demo_official_has_a_role_and_the_regional_one_jawa_barat(settings):
    from partnerships.demo import AUDITOR, OFFICIAL, REGIONAL_OFFICIAL
    from partnerships.models import Province
    from partnerships.officials import OfficialRole, official_role, scoped_province_ids

    call_command("seed_demo", force=True, verbosity=0)
    roles = {
        account.email: official_role(User.objects.get(email=account.email))
        for account in (OFFICIAL, REGIONAL_OFFICIAL, AUDITOR)
    }
    assert roles == {
        OFFICIAL.email: OfficialRole.CENTRAL,
        REGIONAL_OFFICIAL.email: OfficialRole.REGIONAL,
        AUDITOR.email: OfficialRole.AUDITOR,
    }
    regional = User.objects.get(email=REGIONAL_OFFICIAL.email)
    assert scoped_province_ids(regional) == {Province.objects.get(code="32").pk}


def test_the_printed_claim_code_lets_the_new_owner_take_over_the_assisted_registration():
    from partnerships.demo import DEMO_CLAIM_CODE, NEW_OWNER
    from partnerships.services.assisted_registration import claim_code_redeem

    call_command("seed_demo", force=True, verbosity=0)
    umkm = claim_code_redeem(code=DEMO_CLAIM_CODE, user=User.objects.get(email=NEW_OWNER.email))
    assert umkm.name == "Anyaman Pandan Bu Iyah"
    assert umkm.is_assisted
    assert umkm.registered_by.email == "pejabat.jabar@kemitraan.test"


def test_it_leaves_a_possible_duplicate_and_open_needs_of_many_patterns():
    from partnerships.models import DuplicateCandidate, DuplicateState, Need

    call_command("seed_demo", force=True, verbosity=0)
    pair = DuplicateCandidate.objects.get(state=DuplicateState.PENDING)
    assert {pair.first.name, pair.second.name} == {
        "Keripik Singkong Sari Rasa",
        "Kripik Singkong Sari Rasa",
    }
    open_needs = Need.objects.open()
    assert open_needs.count() >= 40
    assert len(set(open_needs.values_list("pattern", flat=True))) >= 10
    assert not open_needs.filter(search_text="").exists()


def test_no_two_demo_businesses_share_a_name():
    from partnerships.models import Umkm

    call_command("seed_demo", force=True, verbosity=0)
    names = list(Umkm.objects.values_list("name", flat=True))
    assert len(set(names)) == len(names)


def test_each_demo_party_has_interests_to_answer_and_a_queue_waits_for_the_session(client):
    from django.core import mail

    from partnerships.models import Interest, InterestDirection, Match, QueueState
    from partnerships.services.interests import interests_of_party

    call_command("seed_demo", force=True, verbosity=0)
    owner = User.objects.get(email="umkm@kemitraan.test")
    representative = User.objects.get(email="perusahaan@kemitraan.test")
    umkm_lists = interests_of_party(party=owner.umkm)
    firm_lists = interests_of_party(party=representative.firm_representative.firm)
    assert [i for i in umkm_lists.received if i.is_pending]
    assert [i for i in umkm_lists.sent if i.is_pending]
    assert [i for i in firm_lists.received if i.is_pending]
    assert [i for i in firm_lists.sent if i.is_pending]
    assert {i.state for i in firm_lists.sent} >= {"pending", "accepted", "declined"}

    waiting = Match.objects.waiting()
    assert waiting.count() >= 15
    assert waiting.filter(is_mutual=True).exists()
    assert Match.objects.exclude(queue_state=QueueState.WAITING).count() >= 2
    assert Interest.objects.filter(state="expired").exists()
    # Every interest was sent by someone who acts for its sending side.
    for interest in Interest.objects.select_related("umkm", "sent_by"):
        if interest.direction == InterestDirection.FROM_UMKM:
            assert interest.sent_by_id == interest.umkm.owner_id
        else:
            assert interest.sent_by.firm_representative.firm_id == interest.firm_id
    # The invented people got no e-mail.
    assert mail.outbox == []


def test_the_demo_firm_sees_its_matched_suppliers_contacts_and_no_one_elses(client):
    from partnerships.models import Match, Umkm

    call_command("seed_demo", force=True, verbosity=0)
    representative = User.objects.get(email="perusahaan@kemitraan.test")
    matched = Match.objects.waiting().get(firm__representatives__user=representative).umkm
    unmatched = (
        Umkm.objects.verified()
        .filter(contacts_visible_to_firms=False)
        .exclude(matches__firm__representatives__user=representative)
        .first()
    )
    client.force_login(representative)
    page = client.get(f"/umkm/{matched.pk}/").content.decode()
    assert matched.email in page
    assert unmatched.email not in client.get(f"/umkm/{unmatched.pk}/").content.decode()


def test_the_demo_has_a_closed_session_an_open_one_to_schedule_and_a_planned_one():
    from partnerships.demo import FIRM_REPRESENTATIVE, UMKM_OWNER
    from partnerships.models import Attendance, BridgingSession, Match, QueueState, SessionState
    from partnerships.services.sessions import (
        agenda_for_party,
        session_build_schedule,
        session_publish,
        session_statistics,
    )

    call_command("seed_demo", force=True, verbosity=0)
    past = BridgingSession.objects.get(state=SessionState.CLOSED)
    statistics = session_statistics(past)
    assert statistics.attended >= 5
    assert statistics.umkm_absent == statistics.firm_absent == statistics.cancelled == 1
    # Every UMKM that met said how it went, but umkm@: that is left for the demo's visitor.
    assert sum(statistics.outcomes["umkm"].values()) == statistics.attended - 1
    owner_meeting = past.meetings.get(umkm__owner__email=UMKM_OWNER.email)
    assert owner_meeting.attendance == Attendance.BOTH_CAME
    assert (owner_meeting.umkm_outcome, owner_meeting.firm_outcome) == ("", "continue_talking")
    missed = past.meetings.exclude(attendance=Attendance.BOTH_CAME).values("match")
    assert Match.objects.filter(pk__in=missed, queue_state=QueueState.WAITING).count() == 3
    assert BridgingSession.objects.filter(state=SessionState.PLANNED, province__code="32")

    # The demo's walk-through: pejabat@ builds and publishes this month's schedule, and both
    # demo parties find their meeting in their agenda.
    current = BridgingSession.objects.get(state=SessionState.OPEN)
    official = User.objects.get(email=OFFICIAL.email)
    report = session_build_schedule(session=current, user=official)
    assert report.placed >= 8
    session_publish(session=current, user=official)
    owner = User.objects.get(email=UMKM_OWNER.email)
    representative = User.objects.get(email=FIRM_REPRESENTATIVE.email)
    assert agenda_for_party(session=current, party=owner.umkm)
    assert agenda_for_party(session=current, party=representative.firm_representative.firm)
