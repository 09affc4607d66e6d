"""Commitments and their realisation, written straight to the database (not through the
commitment services, which their own tests cover).

``make_commitment()`` is a statement of commitment (pre-contract) signed thirty days ago at the
2021 ceremony's signing event, between a new verified firm and a new verified UMKM in Bandung,
worth Rp250.000.000 for a year of supply. Overrides change any field; ``stage`` past the
statement fills in the agreement's date, and ``CANCELLED`` a cancellation date and reason.

``make_report()`` is a pending realisation report by the UMKM's side for last month.
"""

import datetime
import itertools
from datetime import timedelta

from django.utils import timezone

from partnerships.models import (
    Commitment,
    CommitmentStage,
    PartnershipPattern,
    PartySide,
    RealisationEvent,
    RealisationReport,
    ReportState,
    VerificationState,
)
from tests.partnerships.factories import make_firm, make_umkm

_serial = itertools.count(1)

CEREMONY_EVENT = "Penandatanganan kontrak kemitraan BKPM, 18 Januari 2021"


def make_commitment(**overrides) -> Commitment:
    number = next(_serial)
    today = timezone.localdate()
    signed_on = overrides.pop("statement_signed_on", today - timedelta(days=30))
    stage = overrides.get("stage", CommitmentStage.STATEMENT)
    if "firm" not in overrides:
        overrides["firm"] = make_firm(
            state=VerificationState.VERIFIED, name=f"PT Mitra Industri {number}"
        )
    if "umkm" not in overrides:
        overrides["umkm"] = make_umkm(
            state=VerificationState.VERIFIED, name=f"Usaha Mitra {number}"
        )
    fields = {
        "signing_event": CEREMONY_EVENT if "session" not in overrides else "",
        "value": 250_000_000,
        "pattern": PartnershipPattern.SUPPLY_CHAIN,
        "scope": "Pasokan keripik tempe 2.000 bungkus per bulan.",
        "period_start": signed_on,
        "period_end": signed_on + timedelta(days=365),
        "firm_signatory": "Hendra Wijaya",
        "firm_signatory_title": "Direktur Pengadaan",
        "umkm_signatory": "Sri Wahyuni",
        "umkm_signatory_title": "Pemilik",
        "statement_signed_on": signed_on,
    }
    if stage != CommitmentStage.STATEMENT:
        fields["agreement_signed_on"] = signed_on + timedelta(days=7)
    if stage == CommitmentStage.CANCELLED:
        fields["agreement_signed_on"] = None
        fields["cancelled_on"] = today
        fields["cancellation_reason"] = "Pabrik mitra berhenti berproduksi."
    fields.update(overrides)
    return Commitment.objects.create(**fields)


def make_report(commitment: Commitment, **overrides) -> RealisationReport:
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    fields = {
        "commitment": commitment,
        "side": PartySide.UMKM,
        "period_start": last_month_end.replace(day=1),
        "period_end": last_month_end,
        "value": 20_000_000,
        "event": RealisationEvent.DELIVERED,
        "notes": "2.000 bungkus dikirim ke gudang Cikarang.",
        **overrides,
    }
    if fields.get("state", ReportState.PENDING) != ReportState.PENDING:
        fields.setdefault("reviewed_at", timezone.now())
    return RealisationReport.objects.create(**fields)


def ceremony_day() -> datetime.date:
    return datetime.date(2021, 1, 18)
