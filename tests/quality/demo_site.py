"""Builds the quality checks' demo site in the database the environment names, and writes the
ids its pages need as JSON.

Run by the `quality_server` fixture in a process of its own (the settings come from the
environment it is given, DEBUG off), as `python -m tests.quality.demo_site IDS_FILE`:
migrate, seed_demo, then the few records the demo does not hold and a page of the inventory
needs (an open invitation to the demo firm). Ids are looked up by the demo's stable
identifiers (NIBs, names, e-mail addresses), never assumed, so the inventory follows the demo
whatever primary keys a database hands out.
"""

import json
import sys
from pathlib import Path

import django

INVITED_COLLEAGUE = "rekan.baru@perusahaan.kemitraan.test"


def build() -> dict[str, object]:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", force=True, verbosity=0)
    return demo_ids()


def demo_ids() -> dict[str, object]:
    from partnerships.demo import (
        FIRM_REPRESENTATIVE,
        NEW_OWNER,
        UMKM_OWNER,
    )
    from partnerships.demo_commitments import DEMO_PAIR_EVENT
    from partnerships.demo_matchmaking import DEMO_FIRM_NIB, DEMO_UMKM_NIB
    from partnerships.models import (
        BridgingSession,
        Commitment,
        DuplicateCandidate,
        Firm,
        FirmInvitation,
        Interest,
        Match,
        Need,
        ProgrammeSettings,
        RealisationReport,
        Umkm,
    )
    from partnerships.models.commitments import ReportState
    from partnerships.models.duplicates import DuplicateState
    from partnerships.models.interests import InterestState
    from partnerships.models.matches import QueueState
    from partnerships.models.sessions import SessionState
    from partnerships.services.firm_invitations import firm_invitation_send
    from portal.accounts.models import User

    umkm = Umkm.objects.get(nib=DEMO_UMKM_NIB)
    firm = Firm.objects.get(nib=DEMO_FIRM_NIB)
    owner = User.objects.get(email=UMKM_OWNER.email)
    representative = User.objects.get(email=FIRM_REPRESENTATIVE.email)
    assert not Umkm.objects.filter(owner__email=NEW_OWNER.email).exists()
    product = umkm.products.exclude(thumbnail="").order_by("pk").first()
    need = Need.objects.get(firm=firm, title="Komponen bubut presisi untuk rakitan rem")
    received_by_owner = Interest.objects.filter(
        umkm=umkm, state=InterestState.PENDING, sent_by__firm_representative__isnull=False
    ).exclude(sent_by=owner)
    received_by_firm = Interest.objects.filter(firm=firm, state=InterestState.PENDING).exclude(
        sent_by__firm_representative__firm=firm
    )
    invitation = FirmInvitation.objects.filter(
        firm=firm, email=INVITED_COLLEAGUE, accepted_at__isnull=True
    ).first() or firm_invitation_send(firm=firm, invited_by=representative, email=INVITED_COLLEAGUE)
    duplicate = DuplicateCandidate.objects.filter(state=DuplicateState.PENDING).order_by("pk")[0]
    assisted = Umkm.objects.get(nib="9129000000001")
    open_session = BridgingSession.objects.get(state=SessionState.OPEN)
    past_session = BridgingSession.objects.get(state=SessionState.CLOSED)
    commitment = Commitment.objects.get(umkm=umkm, firm=firm, signing_event=DEMO_PAIR_EVENT)
    report = RealisationReport.objects.filter(
        commitment__firm=firm, state=ReportState.PENDING
    ).exclude(evidence="")[0]
    return {
        "commitment": commitment.pk,
        "commitment_history": commitment.history.order_by("history_id").first().history_id,
        "report_with_evidence": report.pk,
        "report_commitment": report.commitment_id,
        "open_session": open_session.pk,
        "past_session": past_session.pk,
        "past_session_history": past_session.history.order_by("history_id").first().history_id,
        "past_meeting": past_session.meetings.order_by("slot", "table").first().pk,
        "owner_past_meeting": past_session.meetings.get(umkm=umkm).pk,
        "umkm": umkm.pk,
        "firm": firm.pk,
        "need": need.pk,
        "product": product.pk,
        "certification": umkm.certifications.order_by("pk").first().pk,
        "interest_for_owner": received_by_owner.order_by("pk").first().pk,
        "interest_for_firm": received_by_firm.order_by("pk").first().pk,
        "waiting_match": Match.objects.filter(queue_state=QueueState.WAITING)
        .order_by("pk")
        .first()
        .pk,
        "duplicate": duplicate.pk,
        "duplicate_keep": duplicate.first_id,
        "assisted_umkm": assisted.pk,
        "umkm_history": umkm.history.order_by("history_id").first().history_id,
        "firm_history": firm.history.order_by("history_id").first().history_id,
        "need_history": need.history.order_by("history_id").first().history_id,
        "link": umkm.links.order_by("pk").first().pk,
        "invitation": invitation.pk,
        "programme_settings": ProgrammeSettings.current().pk,
        "invitation_token": invitation.token,
    }


def main(ids_file: str) -> None:
    django.setup()
    ids = build()
    Path(ids_file).write_text(json.dumps(ids, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
