"""The demo's commitments (partnerships/demo_commitments.py): the 2021 ceremony at its scale,
the demo accounts' own commitment with its private PDFs, and a seed that runs twice to the same
database. Each test that needs the demo seeds it once and checks a whole story."""

import io
import itertools
import random
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum
from django.utils import timezone, translation

from partnerships.demo import FIRM_REPRESENTATIVE, OFFICIAL, UMKM_OWNER
from partnerships.demo_commitments import (
    CEREMONY_DAY,
    CEREMONY_EVENT,
    DEMO_PAIR_EVENT,
    DEMO_TOTAL,
    _quarters,
    _split,
    demo_commitments_seed,
    signed_pdf,
)
from partnerships.documents import check_pdf
from partnerships.models import (
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    Firm,
    PartnershipPattern,
    PartnershipRating,
    RealisationReport,
    ReportState,
    SizeClassChange,
    Umkm,
    VerificationState,
)
from partnerships.models.commitments import FOLLOW_UP_MONTHS
from partnerships.services.commitments import add_months
from partnerships.statistics import programme_statistics
from portal.accounts.models import User
from portal.money import format_rupiah_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, verbosity=0)


def test_the_ceremony_is_at_the_scale_of_2021_and_adds_up_to_rp1_5_triliun_exactly(demo):
    assert Firm.objects.count() == 56
    assert Umkm.objects.count() == 196
    commitments = Commitment.objects.all()
    counted = commitments.not_cancelled()
    assert counted.aggregate(total=Sum("value"))["total"] == DEMO_TOTAL
    with translation.override("id"):
        assert format_rupiah_words(DEMO_TOTAL) == "Rp1,5 triliun"

    # Every UMKM the seed verified signed at the ceremony, once; every firm that is not a
    # draft registration signed at least once, some with several UMKM.
    ceremony = commitments.filter(signing_event=CEREMONY_EVENT)
    verified = Umkm.objects.filter(verification_state=VerificationState.VERIFIED)
    assert set(ceremony.values_list("umkm", flat=True)) == set(
        verified.values_list("pk", flat=True)
    )
    assert ceremony.count() == verified.count() == 178
    assert set(ceremony.values_list("statement_signed_on", flat=True)) == {CEREMONY_DAY}
    signing_firms = Firm.objects.exclude(verification_state=VerificationState.DRAFT)
    per_firm = Counter(ceremony.values_list("firm", flat=True))
    assert set(per_firm) == set(signing_firms.values_list("pk", flat=True))
    assert len(per_firm) == 52
    assert max(per_firm.values()) > 1
    assert not commitments.filter(firm__verification_state=VerificationState.DRAFT).exists()
    investment = Firm.objects.filter(pk__in=per_firm).values_list("investment_type", flat=True)
    assert set(investment) == {"pma", "pmdn"}

    # Values that look real: from Rp50 juta for a micro supplier to tens of miliar.
    values = sorted(ceremony.values_list("value", flat=True))
    assert 50_000_000 <= values[0] <= 100_000_000
    assert 10_000_000_000 <= values[-1] <= 100_000_000_000
    medium = ceremony.filter(umkm__size_class="medium").values_list("value", flat=True)
    assert min(medium) >= 5_000_000_000

    # Spread over the places, trades and patterns of the programme.
    assert ceremony.values("umkm__province").distinct().count() >= 10
    assert len(set(ceremony.values_list("umkm__kbli_codes__code", flat=True))) >= 12
    statistics = programme_statistics()
    assert statistics.headline.committed == DEMO_TOTAL
    assert statistics.headline.firms == 52
    assert len([row for row in statistics.by_section if row.value]) >= 2
    assert set(commitments.values_list("pattern", flat=True)) == set(PartnershipPattern.values)

    # Stages mixed: most with the agreement signed, some pre-contract, three cancelled.
    stages = Counter(commitments.values_list("stage", flat=True))
    assert set(stages) == set(CommitmentStage.values)
    contract = (
        stages[CommitmentStage.AGREEMENT]
        + stages[CommitmentStage.IN_PROGRESS]
        + stages[CommitmentStage.REALISED]
    )
    assert contract > commitments.count() / 2
    assert stages[CommitmentStage.IN_PROGRESS] + stages[CommitmentStage.REALISED] >= 60
    assert stages[CommitmentStage.STATEMENT] >= 20
    assert stages[CommitmentStage.CANCELLED] == 3
    for cancelled in commitments.filter(stage=CommitmentStage.CANCELLED):
        assert cancelled.cancellation_reason
        assert cancelled.cancelled_on > cancelled.statement_signed_on
    for row in ceremony:
        months = (row.period_end - row.period_start).days / 30.4
        assert 5.9 <= months <= 24.1


def test_realisation_follow_ups_ratings_and_naik_kelas_keep_the_rules(demo):
    today = timezone.localdate()
    commitments = Commitment.objects.all()
    # The realised value is the sum of the confirmed reports, never above the value.
    confirmed = {
        row["commitment"]: row["total"]
        for row in RealisationReport.objects.counted()
        .values("commitment")
        .annotate(total=Sum("value"))
    }
    percents = set()
    for commitment in commitments:
        assert commitment.realised_value == confirmed.get(commitment.pk, 0)
        assert commitment.realised_value <= commitment.value
        assert not commitment.over_value_confirmed
        percents.add(commitment.realised_percent)
        if commitment.stage in (CommitmentStage.STATEMENT, CommitmentStage.CANCELLED):
            assert commitment.agreement_signed_on is None or commitment.cancelled_on
        else:
            assert commitment.agreement_signed_on >= commitment.statement_signed_on
    assert min(percents) == 0
    assert max(percents) == 100
    assert len(percents) > 30

    # Reports: many confirmed, some waiting for an official, one rejected with its reason.
    states = Counter(RealisationReport.objects.values_list("state", flat=True))
    assert states[ReportState.CONFIRMED] >= 100
    assert states[ReportState.PENDING] >= 5
    rejected = RealisationReport.objects.get(state=ReportState.REJECTED)
    assert rejected.rejection_reason
    for report in RealisationReport.objects.exclude(state=ReportState.PENDING):
        assert report.created_at <= report.reviewed_at <= timezone.now()
        assert report.period_end < today
    for report in RealisationReport.objects.select_related("commitment__umkm", "reported_by"):
        if report.side == "umkm":
            assert report.reported_by_id == report.commitment.umkm.owner_id

    # Six follow-ups each, 1, 3 and 6 months after the statement, by calendar months.
    follow_ups = CommitmentFollowUp.objects.select_related("commitment")
    assert follow_ups.count() == 6 * commitments.count()
    for follow_up in follow_ups:
        signed = follow_up.commitment.statement_signed_on
        assert follow_up.due_on == add_months(signed, follow_up.months)
    assert set(follow_ups.values_list("months", flat=True)) == set(FOLLOW_UP_MONTHS)
    # The 2021 ones were answered; only recent commitments have questions open.
    open_questions = follow_ups.filter(answered_at__isnull=True)
    assert not open_questions.filter(commitment__signing_event=CEREMONY_EVENT).exists()

    ratings = PartnershipRating.objects.all()
    assert ratings.filter(side="umkm").count() >= 10
    assert ratings.filter(side="firm").count() >= 10
    assert ratings.filter(would_continue=False).exists()

    # Naik kelas: a few UMKM moved up after their commitment, and their figures show it.
    moves = SizeClassChange.objects.select_related("umkm", "commitment")
    assert 3 <= moves.count() <= 10
    for move in moves:
        assert move.to_class == move.umkm.size_class
        assert move.commitment.umkm_id == move.umkm_id
        assert move.commitment.statement_signed_on <= move.changed_on < today
    assert programme_statistics().naik_kelas.umkm == moves.count()

    # Every change has its audit history, dated as it happened.
    for commitment in commitments.filter(stage=CommitmentStage.REALISED)[:5]:
        history = list(commitment.history.order_by("history_date"))
        assert history[0].stage == CommitmentStage.STATEMENT
        assert history[-1].stage == CommitmentStage.REALISED
        assert history[0].history_date.date() < commitment.period_start
        assert history[-1].history_user.email == OFFICIAL.email


def test_the_demo_accounts_signed_with_each_other_and_both_are_asked_to_report(demo, client):
    owner = User.objects.get(email=UMKM_OWNER.email)
    representative = User.objects.get(email=FIRM_REPRESENTATIVE.email)
    firm = representative.firm_representative.firm
    pair = Commitment.objects.get(umkm=owner.umkm, firm=firm, signing_event=DEMO_PAIR_EVENT)
    today = timezone.localdate()
    assert pair.stage == CommitmentStage.AGREEMENT
    assert today - timedelta(days=60) < pair.statement_signed_on < pair.agreement_signed_on
    assert pair.created_at.date() == pair.statement_signed_on

    # Its two signed documents are PDFs stored privately, served only to the parties.
    for document in (pair.statement_document, pair.agreement_document):
        assert document.name.startswith("private/commitments/")
        with document.open("rb") as stored:
            check_pdf(stored)
    for kind in ("statement", "agreement"):
        url = f"/commitments/{pair.pk}/documents/{kind}/"
        for person in (owner, representative):
            client.force_login(person)
            response = client.get(url)
            assert response.status_code == 200
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
        client.force_login(User.objects.get(email="pemilik001@umkm.kemitraan.test"))
        assert client.get(url).status_code == 404

    # The first follow-up fell due and was e-mailed: both dashboards ask for a report.
    due = pair.follow_ups.filter(due_on__lte=today)
    assert {(f.side, f.months) for f in due} == {("umkm", 1), ("firm", 1)}
    assert all(f.asked_at and not f.answered_at for f in due)
    for person in (owner, representative):
        client.force_login(person)
        with translation.override("en"):
            page = client.get("/en/dashboard/").content.decode()
        assert "Report realisation" in page
        assert "Rp300,000,000" in page

    # And each has another partnership in progress, with confirmed reports.
    for party in (Q(umkm=owner.umkm), Q(firm=firm)):
        running = Commitment.objects.filter(party, stage=CommitmentStage.IN_PROGRESS)
        assert running.filter(
            realisation_reports__state=ReportState.CONFIRMED, realised_value__gt=0
        ).exists()
    waiting = RealisationReport.objects.filter(commitment__firm=firm, state=ReportState.PENDING)
    assert waiting.exists()
    assert waiting.exclude(evidence="").count() == 1


def test_last_months_pairs_that_were_ready_signed_a_statement_after_the_session(demo):
    from_session = Commitment.objects.filter(session__isnull=False).select_related("session")
    assert from_session.count() == 2
    for commitment in from_session:
        assert commitment.stage == CommitmentStage.STATEMENT
        assert commitment.statement_signed_on == commitment.session.date + timedelta(days=7)
        assert commitment.match.umkm_id == commitment.umkm_id
        assert commitment.follow_ups.count() == 6


def test_running_the_seed_again_adds_nothing_and_a_fresh_run_draws_the_same(demo, settings):
    media = Path(settings.MEDIA_ROOT) / "private" / "commitments"
    files = sorted(media.iterdir())
    # The demo pair's statement and agreement, and the delivery note of the demo firm's report
    # awaiting confirmation.
    assert len(files) == 3

    def fingerprint():
        return sorted(
            Commitment.objects.values_list(
                "umkm__nib",
                "firm__nib",
                "value",
                "pattern",
                "stage",
                "statement_signed_on",
                "agreement_signed_on",
                "period_start",
                "period_end",
                "realised_value",
                "scope",
            )
        )

    before = fingerprint()
    reports = sorted(RealisationReport.objects.values_list("commitment__umkm__nib", "value"))
    call_command("seed_demo", force=True, verbosity=0)
    assert fingerprint() == before
    assert sorted(media.iterdir()) == files

    # The ceremony drawn again on an empty table is the same, row for row.
    official = User.objects.get(email=OFFICIAL.email)
    ceremony = Commitment.objects.filter(signing_event=CEREMONY_EVENT)
    kept = [row for row in before if row[5] != CEREMONY_DAY]
    SizeClassChange.objects.all().delete()
    ceremony.delete()
    demo_commitments_seed(
        official=official,
        demo_umkm_nib="9120000000001",
        demo_firm_nib="8120000000001",
        umkm_nibs=list(
            Umkm.objects.filter(verification_state=VerificationState.VERIFIED).values_list(
                "nib", flat=True
            )
        ),
        firm_nibs=list(
            Firm.objects.exclude(verification_state=VerificationState.DRAFT).values_list(
                "nib", flat=True
            )
        ),
    )
    assert fingerprint() == before
    assert [row for row in fingerprint() if row[5] != CEREMONY_DAY] == kept
    assert sorted(RealisationReport.objects.values_list("commitment__umkm__nib", "value")) == (
        reports
    )


def test_seed_demo_prints_the_commitments_total(capsys):
    call_command("seed_demo", force=True)
    printed = capsys.readouterr().out
    assert "Rp1,5 triliun" in printed
    assert " 178 " in printed


def test_the_generated_document_is_a_pdf_the_upload_check_accepts():
    content = signed_pdf(
        "KESEPAKATAN KEMITRAAN USAHA",
        CEREMONY_DAY,
        {
            "firm": "PT Contoh (Persero)",
            "umkm": "Keripik \\ Sari",
            "value": "Rp300.000.000",
            "scope": "Pasokan keripik " * 20,
            "firm_signatory": "Kenji Sato, Presiden Direktur",
            "umkm_signatory": "Sari Wulandari, Pemilik",
        },
    )
    assert content.startswith(b"%PDF-1.4")
    assert content.rstrip().endswith(b"%%EOF")
    check_pdf(io.BytesIO(content))
    offset = int(content.split(b"startxref\n")[1].split(b"\n")[0])
    assert content[offset:].startswith(b"xref")


def test_quarters_cover_the_period_up_to_the_day_given_and_shares_add_up_exactly():
    start = CEREMONY_DAY
    end = add_months(start, 12) - timedelta(days=1)
    quarters = _quarters(start, end, ended_by=end)
    assert len(quarters) == 4
    assert quarters[0][0] == start
    assert quarters[-1][1] == end
    for (_first, last), (following, _end) in itertools.pairwise(quarters):
        assert following == last + timedelta(days=1)
    assert len(_quarters(start, end, ended_by=start + timedelta(days=100))) == 1
    for total in (0, 999, 1_000_000, 37_123_456_789_012):
        shares = _split(total, 5, random.Random(total))
        assert sum(shares) == total
        assert all(share >= 0 for share in shares)
