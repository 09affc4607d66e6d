"""The demo's partnership commitments: the 2021 ceremony at its scale, and the demo accounts'.

On 18 January 2021 the firms signed statements of commitment with the UMKM at BKPM's ceremony;
the demo records them as officials would have: every UMKM the seed verified signs one, with a
firm of a trade that buys what it makes (a firm may sign with several UMKM; every firm that is
not a draft registration signs at least one, since a draft cannot have commitments, see
services.commitments.party_problems), under the pattern of PP 7/2021 that fits the trade. The
values follow the UMKM's size (from Rp50 juta for a micro supplier to tens of miliar for a
medium one), and the demo's commitments that are not cancelled add up to exactly
Rp1.500.000.000.000, the ceremony's figure (DEMO_TOTAL).

Since then: some are still pre-contract, most have the partnership agreement signed, a good
share are in progress (their realisation reported period by period and confirmed, the latest
report of some still waiting for an official, one rejected) or realised, three were cancelled
with a reason; some parties rated the partnership, and a few UMKM moved up a size class after
their commitment (naik kelas; their figures already put them in the higher class, so nothing
about the UMKM themselves changes). The 2021 follow-ups were asked and answered (on paper,
before the portal), so no old question waits on anyone's dashboard.

That history is written straight to the tables, with its timestamps and its audit history as
they happened (the services would stamp everything today); the rows keep the rules the services
keep: six follow-ups per commitment, the realised value the sum of the confirmed reports, no
realisation above the value, dates in order. What happened recently goes through the services
as an official and the parties would do it: last month's session's pairs that were both ready
to sign recorded their statements a week later, and umkm@ and perusahaan@ signed with each
other: a statement and then the agreement, each with its signed PDF (stored privately), and the
first follow-up due now, so both dashboards ask them to report realisation.

Idempotent: each commitment is known by its parties and where it was signed, and only the
missing ones are written (with everything that belongs to them); the plan is drawn from fixed
seeds and the parties' NIBs, so a run on a database that has the commitments changes nothing.
"""

import copy
import datetime
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import Count, Sum
from django.utils import timezone

from partnerships.business_size import BusinessSize
from partnerships.demo_catalogue import UMKM_KINDS, UmkmKind
from partnerships.models import (
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    Firm,
    LegalForm,
    Meeting,
    MeetingOutcome,
    PartnershipPattern,
    PartnershipRating,
    PartySide,
    RealisationEvent,
    RealisationReport,
    ReportState,
    SessionState,
    SizeClassChange,
    Umkm,
)
from partnerships.models.commitments import FOLLOW_UP_MONTHS
from partnerships.services.commitments import (
    add_months,
    commitment_record,
    commitment_sign_agreement,
)
from portal.accounts.models import User
from portal.money import format_rupiah

CEREMONY_DAY = datetime.date(2021, 1, 18)
CEREMONY_EVENT = "Penandatanganan Komitmen Kemitraan BKPM, 18 Januari 2021"
# umkm@ and perusahaan@ are neighbours in Karawang: they signed at the regional office.
DEMO_PAIR_EVENT = "Penandatanganan Komitmen Kemitraan, DPMPTSP Kabupaten Karawang"
# The demo's commitments that are not cancelled add up to the ceremony's figure, exactly.
DEMO_TOTAL = 1_500_000_000_000

JUTA = 1_000_000
MILIAR = 1_000_000_000

# Which firms sign with each kind of UMKM (by the kind's first KBLI code), and how: the
# pattern of PP 7/2021 that fits. The first is the most usual partner.
PARTNERS = {
    "10794": (  # keripik singkong
        ("Pangan Nusantara", PartnershipPattern.DISTRIBUTION_AGENCY),
        ("Hospitality Indonesia", PartnershipPattern.GENERAL_TRADE),
        ("Mesin Pangan", PartnershipPattern.PROFIT_SHARING),
    ),
    "10761": (  # kopi
        ("Agro Lestari", PartnershipPattern.NUCLEUS_PLASMA),
        ("Hospitality Indonesia", PartnershipPattern.GENERAL_TRADE),
    ),
    "13134": (  # batik tulis
        ("Tekstil Indonesia", PartnershipPattern.SUBCONTRACTING),
        ("Hospitality Indonesia", PartnershipPattern.GENERAL_TRADE),
    ),
    "31001": (("Hospitality Indonesia", PartnershipPattern.SUPPLY_CHAIN),),  # mebel jati
    "14111": (  # konveksi
        ("Tekstil Indonesia", PartnershipPattern.SUBCONTRACTING),
        ("Presisi Otomotif", PartnershipPattern.OUTSOURCING),
        ("Mineral Mandiri", PartnershipPattern.OUTSOURCING),
    ),
    "10792": (  # kue basah
        ("Pangan Nusantara", PartnershipPattern.FRANCHISE),
        ("Hospitality Indonesia", PartnershipPattern.SUPPLY_CHAIN),
        ("Mineral Mandiri", PartnershipPattern.OUTSOURCING),
    ),
    "16291": (  # anyaman rotan
        ("Hospitality Indonesia", PartnershipPattern.GENERAL_TRADE),
        ("Kemas Global", PartnershipPattern.JOINT_OPERATION),
    ),
    "10750": (  # sambal
        ("Pangan Nusantara", PartnershipPattern.SUPPLY_CHAIN),
        ("Mesin Pangan", PartnershipPattern.JOINT_OPERATION),
    ),
    "25910": (  # bengkel bubut
        ("Presisi Otomotif", PartnershipPattern.SUBCONTRACTING),
        ("Mineral Mandiri", PartnershipPattern.OUTSOURCING),
        ("Mesin Pangan", PartnershipPattern.SUBCONTRACTING),
    ),
    "10722": (  # gula aren
        ("Agro Lestari", PartnershipPattern.JOINT_VENTURE),
        ("Pangan Nusantara", PartnershipPattern.SUPPLY_CHAIN),
    ),
    "13912": (  # tenun
        ("Tekstil Indonesia", PartnershipPattern.SUBCONTRACTING),
        ("Hospitality Indonesia", PartnershipPattern.GENERAL_TRADE),
    ),
    "22220": (  # kemasan plastik
        ("Kemas Global", PartnershipPattern.SUBCONTRACTING),
        ("Pangan Nusantara", PartnershipPattern.SUPPLY_CHAIN),
        ("Presisi Otomotif", PartnershipPattern.SUPPLY_CHAIN),
    ),
    "10130": (  # frozen food
        ("Pangan Nusantara", PartnershipPattern.SUPPLY_CHAIN),
        ("Mineral Mandiri", PartnershipPattern.OUTSOURCING),
        ("Hospitality Indonesia", PartnershipPattern.SUPPLY_CHAIN),
    ),
    "01131": (  # sayur hidroponik
        ("Agro Lestari", PartnershipPattern.NUCLEUS_PLASMA),
        ("Hospitality Indonesia", PartnershipPattern.SUPPLY_CHAIN),
    ),
    "20232": (  # kosmetik herbal
        ("Hospitality Indonesia", PartnershipPattern.GENERAL_TRADE),
        ("Kemas Global", PartnershipPattern.OTHER),
    ),
}
ANY_PARTNER = (("Hospitality Indonesia", PartnershipPattern.GENERAL_TRADE),)

SCOPES = {
    PartnershipPattern.NUCLEUS_PLASMA: "Pembinaan mutu dan pembelian hasil {product} dari "
    "UMKM sebagai plasma, sekitar {quantity} {unit} per bulan.",
    PartnershipPattern.SUBCONTRACTING: "Pengerjaan {product} sesuai spesifikasi dan standar "
    "mutu perusahaan, sekitar {quantity} {unit} per bulan.",
    PartnershipPattern.FRANCHISE: "UMKM membuka gerai waralaba roti perusahaan dengan "
    "pelatihan, resep dan pasokan bahan, dan menjual {product} sekitar {quantity} {unit} per "
    "bulan.",
    PartnershipPattern.GENERAL_TRADE: "Pembelian {product} untuk kebutuhan operasional dan "
    "bingkisan perusahaan, sekitar {quantity} {unit} per bulan.",
    PartnershipPattern.DISTRIBUTION_AGENCY: "Distribusi {product} melalui jaringan toko dan "
    "agen perusahaan, sekitar {quantity} {unit} per bulan.",
    PartnershipPattern.SUPPLY_CHAIN: "Pasokan rutin {product} ke rantai pasok perusahaan, "
    "sekitar {quantity} {unit} per bulan dengan jadwal kirim mingguan.",
    PartnershipPattern.PROFIT_SHARING: "Perusahaan menyediakan mesin pengolahan untuk produksi "
    "{product}; hasil penjualan dibagi 60:40, sekitar {quantity} {unit} per bulan.",
    PartnershipPattern.JOINT_OPERATION: "Kerja sama operasional lini produksi {product} di "
    "fasilitas perusahaan, sekitar {quantity} {unit} per bulan.",
    PartnershipPattern.JOINT_VENTURE: "Usaha patungan pengolahan {product} untuk pasar ekspor, "
    "sekitar {quantity} {unit} per bulan.",
    PartnershipPattern.OUTSOURCING: "Penyediaan {product} untuk karyawan perusahaan, sekitar "
    "{quantity} {unit} per bulan.",
    PartnershipPattern.OTHER: "Pengembangan bersama {product} dalam kemasan rancangan "
    "perusahaan, sekitar {quantity} {unit} per bulan.",
}

# Who signs for a firm: its director, named as people of its investors' country are.
FIRM_SIGNATORIES = {
    "JP": ("Takeshi Yamamoto", "Kenji Sato", "Hiroshi Nakamura", "Yuki Tanaka"),
    "KR": ("Kim Min-jun", "Park Ji-hoon", "Lee Seo-yeon", "Choi Dong-hyun"),
    "SG": ("Tan Wei Ming", "Lim Hui Min", "Ng Kok Leong", "Goh Mei Ling"),
    "CN": ("Zhang Wei", "Li Na", "Wang Jun", "Liu Yang"),
    "": ("Hendra Wijaya", "Bambang Sutrisno", "Ratna Dewi", "Agus Salim", "Lestari Handoko"),
}
UMKM_SIGNATORY_TITLES = {
    LegalForm.INDIVIDUAL: "Pemilik",
    LegalForm.CV: "Persero Pengurus",
    LegalForm.PT_PERORANGAN: "Direktur",
    LegalForm.PT: "Direktur",
    LegalForm.COOPERATIVE: "Ketua Koperasi",
}

# Values by the UMKM's size: (lowest, highest, step), before they are scaled to DEMO_TOTAL.
VALUE_RANGES = {
    BusinessSize.MICRO: (50 * JUTA, 1 * MILIAR, 5 * JUTA),
    BusinessSize.SMALL: (600 * JUTA, 10 * MILIAR, 50 * JUTA),
    BusinessSize.MEDIUM: (8 * MILIAR, 60 * MILIAR, 250 * JUTA),
}
PERIOD_MONTHS = (6, 9, 12, 12, 18, 24)

CANCELLATIONS = (
    (
        CommitmentStage.STATEMENT,
        "Pabrik perusahaan di dekat lokasi UMKM ditutup sementara selama pembatasan kegiatan "
        "masyarakat, sehingga kebutuhan pasokan dihentikan.",
    ),
    (
        CommitmentStage.STATEMENT,
        "UMKM belum memperoleh sertifikat halal yang disyaratkan dalam jangka waktu yang "
        "disepakati.",
    ),
    (
        CommitmentStage.AGREEMENT,
        "Perusahaan menunda perluasan lini produksinya; kedua pihak sepakat mengakhiri kemitraan.",
    ),
)
REJECTION_REASON = (
    "Laporan ini menghitung lagi pengiriman triwulan pertama yang sudah dilaporkan dan "
    "dikonfirmasi; nilai yang benar sudah tercatat."
)
RATING_COMMENTS = {
    PartySide.UMKM: (
        "Pembayaran tepat waktu dan pesanan rutin; kami belajar standar kemasan perusahaan.",
        "Perusahaan membantu pelatihan mutu; harga yang disepakati wajar.",
        "Jadwal pesanan kadang berubah mendadak, tetapi kemitraan berjalan baik.",
        "",
    ),
    PartySide.FIRM: (
        "Mutu produk konsisten dan pengiriman sesuai jadwal.",
        "Pernah terlambat sekali karena bahan baku, lalu diperbaiki dengan cepat.",
        "Harga bersaing; kemasan perlu terus ditingkatkan.",
        "",
    ),
}
SCORES = (5, 5, 4, 4, 4, 3, 3, 2)

# The demo accounts' own commitment, and what last month's pairs signed.
DEMO_PAIR_VALUE = 300 * JUTA
SESSION_VALUES = (450 * JUTA, 1_200 * JUTA, 750 * JUTA, 2 * MILIAR)
DEMO_UMKM_CEREMONY_VALUE = 480 * JUTA


@dataclass
class _Plan:
    """One ceremony commitment before it is written: its parties and what the demo makes of
    it. ``rng`` draws everything else about it, from a seed of its own."""

    umkm: Umkm
    firm: Firm
    pattern: str
    value: int
    stage: str
    months: int
    rng: random.Random
    kind: UmkmKind | None
    cancellation: str = ""
    elapsed_days: int | None = None  # in progress: how far into its period
    pending_last: bool = False
    fixed: bool = False  # its value is the demo's, not scaled to the total
    reject_one: bool = False
    rate: tuple[bool, bool] | None = None  # (umkm side, firm side); None: as drawn
    size_change: bool = False


@dataclass
class _Story:
    """A commitment as it happened: its final row, the changes that led there (for its
    audit history), and what belongs to it."""

    commitment: Commitment
    recorded: dict  # the fields that changed since, as they were when it was recorded
    changes: list[tuple[datetime.datetime, User, dict]] = field(default_factory=list)
    reports: list[RealisationReport] = field(default_factory=list)
    ratings: list[PartnershipRating] = field(default_factory=list)
    answered: dict[tuple[str, int], datetime.datetime] = field(default_factory=dict)
    size_change: SizeClassChange | None = None


def demo_commitments_seed(
    *,
    official: User,
    demo_umkm_nib: str,
    demo_firm_nib: str,
    umkm_nibs: list[str],
    firm_nibs: list[str],
) -> None:
    """Writes the demo's commitments that are missing. ``umkm_nibs``: the UMKM the seed
    verified (each signed at the ceremony); ``firm_nibs``: the firms the seed did not leave as
    drafts (a draft cannot have commitments: services.commitments.party_problems). Both are
    what the seed made, not what officials did since, so the plan stays the same."""
    today = timezone.localdate()
    umkms = list(
        Umkm.objects.filter(nib__in=umkm_nibs)
        .select_related("owner")
        .prefetch_related("kbli_codes")
        .order_by("nib")
    )
    firms = list(
        Firm.objects.filter(nib__in=firm_nibs)
        .prefetch_related("locations", "representatives__user")
        .order_by("nib")
    )
    if not umkms or not firms:
        return
    demo_umkm = Umkm.objects.select_related("owner").get(nib=demo_umkm_nib)
    demo_firm = next(firm for firm in firms if firm.nib == demo_firm_nib)
    # Which of last month's pairs signed is settled once, with the ceremony: a visitor who
    # records another "ready to sign" afterwards has not signed anything.
    first_run = not Commitment.objects.filter(signing_event=CEREMONY_EVENT).exists()
    session_pairs = _ready_to_sign_meetings() if first_run else []
    recent_total = DEMO_PAIR_VALUE + sum(
        SESSION_VALUES[index % len(SESSION_VALUES)] for index in range(len(session_pairs))
    )
    plans = _ceremony_plan(
        umkms=umkms,
        firms=firms,
        demo_umkm=demo_umkm,
        demo_firm=demo_firm,
        target=DEMO_TOTAL - recent_total,
    )
    _write_ceremony(plans, official=official, today=today)
    _seed_session_commitments(session_pairs, official=official)
    _seed_demo_pair(demo_umkm=demo_umkm, demo_firm=demo_firm, official=official, today=today)
    _attach_delivery_note(demo_firm)


def _attach_delivery_note(demo_firm: Firm) -> None:
    """The demo firm's report awaiting confirmation carries its evidence, a delivery note, so
    officials (and both parties) can open one."""
    report = (
        RealisationReport.objects.filter(commitment__firm=demo_firm, state=ReportState.PENDING)
        .select_related("commitment__firm", "commitment__umkm")
        .order_by("pk")
        .first()
    )
    if report is None or report.evidence:
        return
    commitment = report.commitment
    text = {
        "firm": commitment.firm.name,
        "umkm": commitment.umkm.name,
        "value": format_rupiah(report.value),
        "scope": report.notes or commitment.scope,
        "firm_signatory": "Bagian Gudang",
        "umkm_signatory": commitment.umkm_signatory,
    }
    report.evidence.save(
        "surat-jalan.pdf",
        ContentFile(signed_pdf("SURAT JALAN / BUKTI SERAH TERIMA", report.period_end, text)),
        save=False,
    )
    report.save(update_fields=["evidence"])


def demo_commitments_total() -> tuple[int, int]:
    """What the commitments not cancelled add up to, and how many there are."""
    figures = Commitment.objects.not_cancelled().aggregate(total=Sum("value"), count=Count("pk"))
    return figures["total"] or 0, figures["count"]


# --- the plan ------------------------------------------------------------------------------


def _kinds_by_code() -> dict[str, UmkmKind]:
    return {code: kind for kind in UMKM_KINDS for code in kind.kbli}


def _firm_kind(firm: Firm) -> str:
    return next(
        name
        for name, _pattern in {p for options in PARTNERS.values() for p in options}
        if firm.name.endswith(name)
    )


def _ceremony_plan(
    *, umkms: list[Umkm], firms: list[Firm], demo_umkm: Umkm, demo_firm: Firm, target: int
) -> list[_Plan]:
    """Who signs with whom, for how much, and how far each commitment got since. Every UMKM
    signs once; each goes to the least busy firm of a trade that buys from it (the firm in
    its own province first), so every firm signs at least one."""
    kinds = _kinds_by_code()
    load = {firm.pk: 0 for firm in firms}
    firm_kinds = {firm.pk: _firm_kind(firm) for firm in firms}
    firm_provinces = {firm.pk: {r.province_id for r in firm.locations.all()} for firm in firms}
    plans = []
    for umkm in umkms:
        rng = random.Random(f"komitmen-{umkm.nib}")  # noqa: S311  (a repeatable demo)
        codes = sorted(code.code for code in umkm.kbli_codes.all())
        kind = next((kinds[code] for code in codes if code in kinds), None)
        options = PARTNERS.get(kind.kbli[0], ANY_PARTNER) if kind else ANY_PARTNER
        if umkm.pk == demo_umkm.pk:
            options = options[:1]  # umkm@'s keripik go through a food distributor
        patterns = dict(options)
        candidates = [firm for firm in firms if firm_kinds[firm.pk] in patterns]
        firm = min(
            candidates,
            key=lambda firm: (
                load[firm.pk],
                umkm.province_id not in firm_provinces[firm.pk],
                firm.nib,
            ),
        )
        load[firm.pk] += 1
        low, high, step = VALUE_RANGES.get(umkm.size_class, VALUE_RANGES[BusinessSize.MICRO])
        value = rng.randint(low // step, high // step) * step
        roll = rng.random()
        stage = (
            CommitmentStage.STATEMENT
            if roll < 0.16
            else CommitmentStage.AGREEMENT
            if roll < 0.44
            else CommitmentStage.IN_PROGRESS
            if roll < 0.76
            else CommitmentStage.REALISED
        )
        plans.append(
            _Plan(
                umkm=umkm,
                firm=firm,
                pattern=patterns[firm_kinds[firm.pk]],
                value=value,
                stage=stage,
                months=rng.choice(PERIOD_MONTHS),
                rng=rng,
                kind=kind,
                pending_last=rng.random() < 0.35,
            )
        )
    unused = [firm.name for firm in firms if not load[firm.pk]]
    if unused:
        raise RuntimeError(f"The demo's ceremony left firms without a commitment: {unused}")
    _shape_the_demo_accounts_commitments(plans, demo_umkm=demo_umkm, demo_firm=demo_firm)
    _cancel_three(plans, demo_umkm=demo_umkm, demo_firm=demo_firm)
    _mark_one_rejected_and_some_naik_kelas(plans, demo_umkm=demo_umkm)
    _scale_to(plans, target)
    return plans


def _shape_the_demo_accounts_commitments(
    plans: list[_Plan], *, demo_umkm: Umkm, demo_firm: Firm
) -> None:
    """umkm@'s is in progress with a year of confirmed reports, rated by the firm only (its
    own rating is for the visitor to give); perusahaan@'s first is in progress with its
    latest report waiting for an official."""
    for plan in plans:
        if plan.umkm.pk == demo_umkm.pk:
            plan.stage, plan.months, plan.elapsed_days = CommitmentStage.IN_PROGRESS, 24, 430
            plan.value, plan.fixed = DEMO_UMKM_CEREMONY_VALUE, True
            plan.pending_last, plan.rate = False, (False, True)
    first_of_demo_firm = next(plan for plan in plans if plan.firm.pk == demo_firm.pk)
    first_of_demo_firm.stage, first_of_demo_firm.months = CommitmentStage.IN_PROGRESS, 18
    first_of_demo_firm.elapsed_days, first_of_demo_firm.pending_last = 300, True
    first_of_demo_firm.rate = (False, False)


def _is_demo_account(plan: _Plan, *, demo_umkm: Umkm, demo_firm: Firm) -> bool:
    return plan.umkm.pk == demo_umkm.pk or plan.firm.pk == demo_firm.pk


def _cancel_three(plans: list[_Plan], *, demo_umkm: Umkm, demo_firm: Firm) -> None:
    candidates = [
        plan
        for plan in plans
        if plan.umkm.size_class in (BusinessSize.MICRO, BusinessSize.SMALL)
        and not _is_demo_account(plan, demo_umkm=demo_umkm, demo_firm=demo_firm)
    ]
    chosen = random.Random(18).sample(candidates, len(CANCELLATIONS))  # noqa: S311
    for plan, (stage, reason) in zip(chosen, CANCELLATIONS, strict=True):
        plan.stage, plan.cancellation = stage, reason


def _mark_one_rejected_and_some_naik_kelas(plans: list[_Plan], *, demo_umkm: Umkm) -> None:
    in_progress = [
        plan
        for plan in plans
        if plan.stage == CommitmentStage.IN_PROGRESS
        and not plan.cancellation
        and plan.umkm.pk != demo_umkm.pk
        and plan.elapsed_days is None
    ]
    # Long enough into its period to have two quarters reported, the second confirmed.
    rejected = in_progress[0]
    rejected.elapsed_days, rejected.months = 260, max(rejected.months, 12)
    rejected.reject_one, rejected.pending_last = True, False
    grown = [
        plan
        for plan in plans
        if plan.stage in (CommitmentStage.IN_PROGRESS, CommitmentStage.REALISED)
        and not plan.cancellation
        and plan.umkm.pk != demo_umkm.pk
        and plan.umkm.size_class in (BusinessSize.SMALL, BusinessSize.MEDIUM)
    ]
    for plan in random.Random(7).sample(grown, min(6, len(grown))):  # noqa: S311
        plan.size_change = True


def _scale_to(plans: list[_Plan], target: int) -> None:
    """Scales the drawn values so the ceremony's commitments not cancelled add up to
    ``target`` exactly: each keeps its step (Rp5 juta, Rp50 juta, Rp250 juta), and the
    largest takes the last few juta of difference."""
    scaled = [plan for plan in plans if not plan.cancellation and not plan.fixed]
    rest = target - sum(plan.value for plan in plans if plan.fixed and not plan.cancellation)
    drawn = sum(plan.value for plan in scaled)
    for plan in scaled:
        step = VALUE_RANGES.get(plan.umkm.size_class, VALUE_RANGES[BusinessSize.MICRO])[2]
        plan.value = max(step, (plan.value * rest // drawn + step // 2) // step * step)
    largest = max(scaled, key=lambda plan: (plan.value, plan.umkm.nib))
    largest.value += rest - sum(plan.value for plan in scaled)


# --- the stories ---------------------------------------------------------------------------


def _at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _rounded(number: int) -> int:
    """Two significant digits: 24.096 is about 24.000."""
    if number < 100:
        return max(1, number)
    scale = 10 ** (len(str(number)) - 2)
    return number // scale * scale


def _monthly_quantity(plan: _Plan) -> tuple[str, int, str]:
    kind = plan.kind
    if kind is None:
        return "produk UMKM", 0, "unit"
    price = sum(kind.price) // 2
    return kind.product.lower(), _rounded(plan.value // plan.months // price), kind.unit


def _scope(plan: _Plan) -> str:
    product, quantity, unit = _monthly_quantity(plan)
    return SCOPES[plan.pattern].format(product=product, quantity=_thousands(quantity), unit=unit)


def _firm_signatory(firm: Firm) -> tuple[str, str]:
    names = FIRM_SIGNATORIES.get(str(firm.country), FIRM_SIGNATORIES[""])
    name = names[int(firm.nib[-4:]) % len(names)]
    return name, "Presiden Direktur" if str(firm.country) else "Direktur Utama"


def _representative(firm: Firm) -> User | None:
    representatives = sorted(firm.representatives.all(), key=lambda r: r.pk)
    return representatives[0].user if representatives else None


def _new_commitment(plan: _Plan, official: User) -> Commitment:
    firm_signatory, firm_title = _firm_signatory(plan.firm)
    recorded = _at(CEREMONY_DAY + timedelta(days=3), 9 + plan.rng.randint(0, 7))
    # What the statement planned: a start a few weeks after the ceremony.
    start = CEREMONY_DAY + timedelta(days=plan.rng.randint(14, 45))
    return Commitment(
        firm=plan.firm,
        umkm=plan.umkm,
        signing_event=CEREMONY_EVENT,
        value=plan.value,
        pattern=plan.pattern,
        scope=_scope(plan),
        period_start=start,
        period_end=_period_end(start, plan.months),
        firm_signatory=firm_signatory,
        firm_signatory_title=firm_title,
        umkm_signatory=plan.umkm.owner_name,
        umkm_signatory_title=UMKM_SIGNATORY_TITLES.get(plan.umkm.legal_form, "Pemilik"),
        stage=CommitmentStage.STATEMENT,
        statement_signed_on=CEREMONY_DAY,
        recorded_by=official,
        created_at=recorded,
        updated_at=recorded,
    )


def _period_end(start: datetime.date, months: int) -> datetime.date:
    return add_months(start, months) - timedelta(days=1)


def _quarters(
    start: datetime.date, end: datetime.date, *, ended_by: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The period's reporting quarters that ended by ``ended_by``."""
    quarters = []
    while start <= end:
        last = min(add_months(start, 3) - timedelta(days=1), end)
        if last > ended_by:
            break
        quarters.append((start, last))
        start = last + timedelta(days=1)
    return quarters


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` in ``parts`` uneven shares of whole thousands of rupiah, adding up exactly."""
    weights = [rng.randint(70, 130) for _part in range(parts)]
    shares = [total * weight // sum(weights) // 1000 * 1000 for weight in weights[:-1]]
    return [*shares, total - sum(shares)]


def _story(plan: _Plan, *, official: User, today: datetime.date) -> _Story:
    rng = plan.rng
    commitment = _new_commitment(plan, official)
    story = _Story(
        commitment,
        recorded={
            **_AS_RECORDED,
            "period_start": commitment.period_start,
            "period_end": commitment.period_end,
        },
    )
    if plan.cancellation:
        return _cancelled(plan, story, official=official)
    _answer_follow_ups(story, rng)
    if plan.stage == CommitmentStage.STATEMENT:
        return story
    if plan.stage == CommitmentStage.REALISED:
        agreed = CEREMONY_DAY + timedelta(days=rng.randint(14, 75))
        start = agreed + timedelta(days=rng.randint(0, 14))
        reported_until = _period_end(start, plan.months)
        share = 100 if rng.random() < 0.7 else rng.randint(90, 99)
    elif plan.stage == CommitmentStage.IN_PROGRESS:
        length = (_period_end(today, plan.months) - today).days
        elapsed = plan.elapsed_days or rng.randint(60, max(61, length - 30))
        start = today - timedelta(days=elapsed)
        agreed = max(CEREMONY_DAY, start - timedelta(days=rng.randint(0, 14)))
        # Reports come in a fortnight after a quarter ends.
        reported_until = today - timedelta(days=14)
        fraction = min(1, elapsed / length)
        share = min(100, round(fraction * rng.randint(40, 115)))
    else:  # the agreement is signed; the work starts soon or has just started
        agreed = today - timedelta(days=rng.randint(10, 90))
        start = agreed + timedelta(days=rng.randint(7, 45))
        reported_until, share = None, 0
    commitment.period_start, commitment.period_end = start, _period_end(start, plan.months)
    commitment.agreement_signed_on = agreed
    # The agreement fixed the period's dates.
    story.changes.append(
        (
            _at(agreed, 15),
            official,
            {
                "stage": CommitmentStage.AGREEMENT,
                "agreement_signed_on": agreed,
                "period_start": commitment.period_start,
                "period_end": commitment.period_end,
            },
        )
    )
    if plan.stage == CommitmentStage.AGREEMENT:
        commitment.stage = CommitmentStage.AGREEMENT
        commitment.updated_at = _at(agreed, 15)
        return story
    started = max(_at(start, 8), _at(agreed, 16))
    story.changes.append((started, official, {"stage": CommitmentStage.IN_PROGRESS}))
    quarters = _quarters(start, commitment.period_end, ended_by=reported_until)
    realised = plan.value * share // 100 // 1000 * 1000 if quarters else 0
    if plan.stage == CommitmentStage.REALISED and share == 100:
        realised = plan.value
    _report(plan, story, quarters, realised, official=official)
    commitment.stage = plan.stage
    if plan.stage == CommitmentStage.REALISED:
        closed = _at(commitment.period_end + timedelta(days=rng.randint(20, 40)), 11)
        story.changes.append((closed, official, {"stage": CommitmentStage.REALISED}))
    commitment.realised_value = sum(
        report.value for report in story.reports if report.state == ReportState.CONFIRMED
    )
    commitment.updated_at = max(when for when, _user, _changes in story.changes)
    _rate(plan, story, today=today)
    if plan.size_change:
        _naik_kelas(plan, story, official=official, today=today)
    return story


def _cancelled(plan: _Plan, story: _Story, *, official: User) -> _Story:
    rng, commitment = plan.rng, story.commitment
    cancelled_on = CEREMONY_DAY + timedelta(days=rng.randint(150, 420))
    if plan.stage == CommitmentStage.AGREEMENT:
        agreed = CEREMONY_DAY + timedelta(days=rng.randint(20, 60))
        commitment.agreement_signed_on = agreed
        story.changes.append(
            (
                _at(agreed, 15),
                official,
                {"stage": CommitmentStage.AGREEMENT, "agreement_signed_on": agreed},
            )
        )
    commitment.stage = CommitmentStage.CANCELLED
    commitment.cancelled_on = cancelled_on
    commitment.cancellation_reason = plan.cancellation
    commitment.updated_at = _at(cancelled_on, 14)
    story.changes.append(
        (
            commitment.updated_at,
            official,
            {
                "stage": CommitmentStage.CANCELLED,
                "cancelled_on": cancelled_on,
                "cancellation_reason": plan.cancellation,
            },
        )
    )
    _answer_follow_ups(story, rng, before=cancelled_on)
    return story


def _answer_follow_ups(
    story: _Story, rng: random.Random, *, before: datetime.date | None = None
) -> None:
    """Both sides answered each follow-up within a fortnight (a cancelled commitment's, until
    it was cancelled)."""
    for side in PartySide.values:
        for months in FOLLOW_UP_MONTHS:
            due = add_months(CEREMONY_DAY, months)
            if before is None or due < before:
                story.answered[side, months] = _at(due + timedelta(days=rng.randint(1, 14)), 11)


def _report(
    plan: _Plan,
    story: _Story,
    quarters: list[tuple[datetime.date, datetime.date]],
    realised: int,
    *,
    official: User,
) -> None:
    """One report a quarter, the UMKM's side and the firm's in turn, each confirmed by an
    official a few days after it came in; the latest may still wait."""
    if not quarters or not realised:
        return
    rng = plan.rng
    product, _quantity, unit = _monthly_quantity(plan)
    price = sum(plan.kind.price) // 2 if plan.kind else 0
    owner, representative = plan.umkm.owner, _representative(plan.firm)
    running = 0
    for index, ((first, last), value) in enumerate(
        zip(quarters, _split(realised, len(quarters), rng), strict=True)
    ):
        roll = rng.random()
        quantity = _thousands(_rounded(value // price)) if price else ""
        if roll < 0.05:
            side, event = PartySide.FIRM, RealisationEvent.QUALITY_ISSUE
            notes = (
                "Sebagian kiriman tidak lolos pemeriksaan mutu dan diganti pada kiriman "
                "berikutnya; nilai yang dilaporkan hanya untuk barang yang diterima."
            )
        elif roll < 0.13:
            side, event = PartySide.UMKM, RealisationEvent.DELAYED
            notes = (
                "Pengiriman mundur dua minggu karena bahan baku terlambat; sudah diterima "
                "lengkap di akhir triwulan."
            )
        elif index % 2 == 0:
            side, event = PartySide.UMKM, RealisationEvent.DELIVERED
            notes = f"{quantity} {unit} {product} dikirim dan diterima gudang perusahaan."
        else:
            side, event = PartySide.FIRM, RealisationEvent.PAID
            notes = f"Pembayaran {quantity} {unit} {product} sesuai faktur triwulan ini."
        created = _at(last + timedelta(days=rng.randint(3, 10)), rng.randint(8, 16))
        report = RealisationReport(
            side=side,
            reported_by=owner if side == PartySide.UMKM else representative,
            period_start=first,
            period_end=last,
            value=value,
            event=event,
            notes=notes,
            created_at=created,
        )
        story.reports.append(report)
        is_last = index == len(quarters) - 1
        if is_last and plan.pending_last and plan.stage == CommitmentStage.IN_PROGRESS:
            continue
        report.state = ReportState.CONFIRMED
        report.reviewed_by = official
        report.reviewed_at = created + timedelta(days=rng.randint(1, 3), hours=2)
        running += value
        story.changes.append((report.reviewed_at, official, {"realised_value": running}))
        if plan.reject_one and index == 1:
            # The UMKM reported the first quarter's delivery again; the official said no.
            first_report = story.reports[0]
            again = created + timedelta(hours=3)
            story.reports.append(
                RealisationReport(
                    side=PartySide.UMKM,
                    reported_by=owner,
                    period_start=first_report.period_start,
                    period_end=first_report.period_end,
                    value=first_report.value,
                    event=RealisationEvent.DELIVERED,
                    notes=first_report.notes,
                    created_at=again,
                    state=ReportState.REJECTED,
                    reviewed_by=official,
                    reviewed_at=again + timedelta(days=2),
                    rejection_reason=REJECTION_REASON,
                )
            )


def _rate(plan: _Plan, story: _Story, *, today: datetime.date) -> None:
    if not story.reports:
        return
    rng = plan.rng
    drawn = (rng.random() < 0.45, rng.random() < 0.55)
    umkm_rates, firm_rates = plan.rate if plan.rate is not None else drawn
    latest = max(report.created_at for report in story.reports)
    for side, rates, person in (
        (PartySide.UMKM, umkm_rates, plan.umkm.owner),
        (PartySide.FIRM, firm_rates, _representative(plan.firm)),
    ):
        if not rates:
            continue
        quality, on_time, fair_price = (rng.choice(SCORES) for _score in range(3))
        rated_at = min(
            latest + timedelta(days=rng.randint(2, 20)), _at(today - timedelta(days=1), 12)
        )
        story.ratings.append(
            PartnershipRating(
                side=side,
                rated_by=person,
                quality=quality,
                on_time=on_time,
                fair_price=fair_price,
                would_continue=min(quality, on_time, fair_price) >= 3,
                comment=rng.choice(RATING_COMMENTS[side]),
                rated_at=rated_at,
            )
        )


def _naik_kelas(plan: _Plan, story: _Story, *, official: User, today: datetime.date) -> None:
    """The UMKM was a class lower when it signed; its figures (as seeded) show the class it
    reached since."""
    rng, commitment = plan.rng, story.commitment
    order = [BusinessSize.MICRO, BusinessSize.SMALL, BusinessSize.MEDIUM]
    before = order[order.index(plan.umkm.size_class) - 1]
    if plan.stage == CommitmentStage.REALISED:
        changed_on = commitment.period_end + timedelta(days=rng.randint(30, 300))
    else:
        changed_on = max(
            commitment.period_start + timedelta(days=30),
            today - timedelta(days=rng.randint(20, 200)),
        )
    changed_on = min(changed_on, today - timedelta(days=1))
    story.size_change = SizeClassChange(
        umkm=plan.umkm,
        from_class=before,
        to_class=plan.umkm.size_class,
        criterion=plan.umkm.size_criterion,
        changed_on=changed_on,
        recorded_by=official,
        created_at=_at(changed_on, 13),
    )


# --- writing -------------------------------------------------------------------------------

# The commitment's fields that change after it is recorded, as they were when it was.
_AS_RECORDED = {
    "stage": CommitmentStage.STATEMENT,
    "agreement_signed_on": None,
    "realised_value": 0,
    "cancelled_on": None,
    "cancellation_reason": "",
}


def _snapshot(instance, when: datetime.datetime, user: User | None, **fields):
    """A copy of ``instance`` as it was at ``when``, for its audit history."""
    snapshot = copy.copy(instance)
    for name, value in fields.items():
        setattr(snapshot, name, value)
    snapshot._history_date = when
    snapshot._history_user = user
    return snapshot


def _write_ceremony(plans: list[_Plan], *, official: User, today: datetime.date) -> None:
    # Each UMKM signed once at the ceremony: one that has its commitment is done, whoever the
    # plan would pair it with now.
    signed = set(
        Commitment.objects.filter(signing_event=CEREMONY_EVENT).values_list("umkm_id", flat=True)
    )
    stories = [
        _story(plan, official=official, today=today) for plan in plans if plan.umkm.pk not in signed
    ]
    if not stories:
        return
    Commitment.objects.bulk_create([story.commitment for story in stories])
    created, changed = [], []
    for story in stories:
        commitment = story.commitment
        state = {**story.recorded, "updated_at": commitment.created_at}
        created.append(_snapshot(commitment, commitment.created_at, official, **state))
        for when, user, changes in sorted(story.changes, key=lambda change: change[0]):
            state.update(changes, updated_at=when)
            changed.append(_snapshot(commitment, when, user, **state))
    Commitment.history.bulk_history_create(created)
    Commitment.history.bulk_history_create(changed, update=True)

    follow_ups = []
    for story in stories:
        for side in PartySide.values:
            for months in FOLLOW_UP_MONTHS:
                due = add_months(CEREMONY_DAY, months)
                follow_ups.append(
                    CommitmentFollowUp(
                        commitment=story.commitment,
                        side=side,
                        months=months,
                        due_on=due,
                        asked_at=_at(due, 8),
                        answered_at=story.answered.get((side, months)),
                    )
                )
    CommitmentFollowUp.objects.bulk_create(follow_ups)

    reports = []
    for story in stories:
        for report in story.reports:
            report.commitment = story.commitment
            reports.append(report)
    RealisationReport.objects.bulk_create(reports)
    RealisationReport.history.bulk_history_create(
        [
            _snapshot(
                report,
                report.created_at,
                report.reported_by,
                state=ReportState.PENDING,
                reviewed_by=None,
                reviewed_at=None,
                rejection_reason="",
            )
            for report in reports
        ]
    )
    RealisationReport.history.bulk_history_create(
        [
            _snapshot(report, report.reviewed_at, report.reviewed_by)
            for report in reports
            if report.state != ReportState.PENDING
        ],
        update=True,
    )

    ratings = []
    for story in stories:
        for rating in story.ratings:
            rating.commitment = story.commitment
            ratings.append(rating)
    PartnershipRating.objects.bulk_create(ratings)
    PartnershipRating.history.bulk_history_create(
        [_snapshot(rating, rating.rated_at, rating.rated_by) for rating in ratings]
    )

    changes = []
    for story in stories:
        if story.size_change is not None:
            story.size_change.commitment = story.commitment
            changes.append(story.size_change)
    SizeClassChange.objects.bulk_create(changes)
    SizeClassChange.history.bulk_history_create(
        [_snapshot(change, change.created_at, official) for change in changes]
    )


# --- recent commitments, through the services ----------------------------------------------


def _ready_to_sign_meetings() -> list[Meeting]:
    """Last month's meetings after which both sides said they were ready to sign."""
    return list(
        Meeting.objects.filter(
            session__state=SessionState.CLOSED,
            umkm_outcome=MeetingOutcome.READY_TO_SIGN,
            firm_outcome=MeetingOutcome.READY_TO_SIGN,
        )
        .select_related("session", "umkm", "firm")
        .order_by("session__date", "slot", "table", "pk")
    )


def _backdate(commitment: Commitment, *, recorded: datetime.datetime, changes=()) -> None:
    """The services stamp the time they ran; the demo's recent commitments were recorded on
    the day they were signed. ``changes``: when each later step of its history happened."""
    Commitment.objects.filter(pk=commitment.pk).update(
        created_at=recorded, updated_at=changes[-1] if changes else recorded
    )
    history = list(commitment.history.order_by("history_date", "history_id"))
    for row, when in zip(history, [recorded, *changes], strict=False):
        commitment.history.filter(history_id=row.history_id).update(history_date=when)


def _seed_session_commitments(meetings: list[Meeting], *, official: User) -> None:
    """A week after the session, the pairs that were ready signed their statements."""
    for index, meeting in enumerate(meetings):
        session = meeting.session
        if Commitment.objects.filter(
            firm=meeting.firm, umkm=meeting.umkm, session=session
        ).exists():
            continue
        signed_on = session.date + timedelta(days=7)
        kinds = _kinds_by_code()
        codes = sorted(meeting.umkm.kbli_codes.values_list("code", flat=True))
        kind = next((kinds[code] for code in codes if code in kinds), None)
        firm = Firm.objects.prefetch_related("representatives__user").get(pk=meeting.firm_id)
        options = dict(PARTNERS.get(kind.kbli[0], ANY_PARTNER) if kind else ANY_PARTNER)
        plan = _Plan(
            umkm=meeting.umkm,
            firm=firm,
            pattern=options.get(_firm_kind(firm), PartnershipPattern.SUPPLY_CHAIN),
            value=SESSION_VALUES[index % len(SESSION_VALUES)],
            stage=CommitmentStage.STATEMENT,
            months=12,
            rng=random.Random(meeting.umkm.nib),  # noqa: S311
            kind=kind,
        )
        firm_signatory, firm_title = _firm_signatory(firm)
        commitment = commitment_record(
            official=official,
            firm=firm,
            umkm=meeting.umkm,
            value=plan.value,
            pattern=plan.pattern,
            scope=_scope(plan),
            period_start=signed_on + timedelta(days=30),
            period_end=_period_end(signed_on + timedelta(days=30), plan.months),
            statement_signed_on=signed_on,
            session=session,
            match=meeting.match,
            firm_signatory=firm_signatory,
            firm_signatory_title=firm_title,
            umkm_signatory=meeting.umkm.owner_name,
            umkm_signatory_title=UMKM_SIGNATORY_TITLES.get(meeting.umkm.legal_form, "Pemilik"),
        )
        _backdate(commitment, recorded=_at(signed_on, 14))


def _seed_demo_pair(
    *, demo_umkm: Umkm, demo_firm: Firm, official: User, today: datetime.date
) -> None:
    """umkm@ and perusahaan@ signed a statement forty days ago and the agreement a fortnight
    later, each with its PDF; the first follow-up fell due last week and was e-mailed, so
    both dashboards ask for the first month's realisation."""
    if Commitment.objects.filter(
        firm=demo_firm, umkm=demo_umkm, signing_event=DEMO_PAIR_EVENT
    ).exists():
        return
    statement_on = today - timedelta(days=40)
    agreement_on = today - timedelta(days=26)
    firm_signatory, firm_title = _firm_signatory(demo_firm)
    scope = (
        "Pasokan keripik singkong balado untuk kantin pabrik dan bingkisan hari raya "
        "karyawan, sekitar 600 kg per bulan, dikirim setiap Senin ke pabrik di Karawang."
    )
    text = {
        "firm": demo_firm.name,
        "umkm": demo_umkm.name,
        "value": "Rp300.000.000",
        "scope": scope,
        "firm_signatory": f"{firm_signatory}, {firm_title}",
        "umkm_signatory": f"{demo_umkm.owner_name}, Pemilik",
    }
    commitment = commitment_record(
        official=official,
        firm=demo_firm,
        umkm=demo_umkm,
        value=DEMO_PAIR_VALUE,
        pattern=PartnershipPattern.GENERAL_TRADE,
        scope=scope,
        period_start=agreement_on,
        period_end=_period_end(agreement_on, 12),
        statement_signed_on=statement_on,
        signing_event=DEMO_PAIR_EVENT,
        firm_signatory=firm_signatory,
        firm_signatory_title=firm_title,
        umkm_signatory=demo_umkm.owner_name,
        umkm_signatory_title="Pemilik",
        statement_document=ContentFile(
            signed_pdf("SURAT PERNYATAAN KOMITMEN KEMITRAAN", statement_on, text),
            name="surat-pernyataan-komitmen.pdf",
        ),
    )
    commitment_sign_agreement(
        official=official,
        commitment=commitment,
        signed_on=agreement_on,
        document=ContentFile(
            signed_pdf("KESEPAKATAN KEMITRAAN USAHA", agreement_on, text),
            name="kesepakatan-kemitraan-usaha.pdf",
        ),
    )
    _backdate(commitment, recorded=_at(statement_on, 14), changes=[_at(agreement_on, 15)])
    first = add_months(statement_on, 1)
    commitment.follow_ups.filter(due_on__lte=today).update(asked_at=_at(first, 8))


# --- a signed document ---------------------------------------------------------------------

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _pdf_text(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def signed_pdf(title: str, signed_on: datetime.date, text: dict[str, str]) -> bytes:
    """A one-page PDF (ISO 32000, written by hand: no library needed) standing for a signed
    document: its title, the parties, the value, the scope and the signatories."""
    date_text = f"{signed_on.day} {MONTHS[signed_on.month - 1]} {signed_on.year}"
    lines = [
        (16, title),
        (11, f"Ditandatangani pada {date_text}"),
        (11, ""),
        (11, f"Perusahaan: {text['firm']}"),
        (11, f"UMKM: {text['umkm']}"),
        (11, f"Nilai: {text['value']}"),
        *((11, part) for part in _wrapped(f"Lingkup: {text['scope']}", 90)),
        (11, ""),
        (11, f"Untuk perusahaan: {text['firm_signatory']}"),
        (11, f"Untuk UMKM: {text['umkm_signatory']}"),
        (9, ""),
        (9, "Dokumen contoh dari data demo Portal Kemitraan."),
    ]
    stream = ["BT", "72 770 Td"]
    for size, line in lines:
        stream += [f"/F1 {size} Tf", f"({_pdf_text(line)}) Tj", f"0 -{size + 7} Td"]
    stream.append("ET")
    content = "\n".join(stream).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    document = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        document += b"%010d 00000 n \n" % offset
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(document)


def _wrapped(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines
