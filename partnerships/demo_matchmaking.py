"""The demo's matchmaking: interests in every state and a queue for next month's session.

Written through the same services people use (so scores, mutual flags and the queue are what
the portal would have made), then dated back, as if the programme had been running. The demo
accounts meet the whole flow: umkm@ has a firm's interest to answer and one of its own
pending; perusahaan@ has UMKM's interests to answer, one of its own pending, one declined,
and a match waiting for a session whose contacts it can now see.
"""

from datetime import timedelta

from django.db.models import F

from partnerships.models import Firm, Interest, Match, Need, Umkm
from partnerships.recommendations import recommend_umkm
from partnerships.services.interests import (
    interest_accept,
    interest_decline,
    interest_express,
    interest_withdraw,
)
from partnerships.services.matches import match_leave_queue, match_mark_met_directly
from portal.accounts.models import User

DEMO_UMKM_NIB = "9120000000001"
DEMO_FIRM_NIB = "8120000000001"
# How many other firms' best pairs wait in the queue, so the admin's queue has a month's worth.
QUEUED_PAIRS = 24

FIRM_MESSAGES = (
    "Kami tertarik bermitra untuk kebutuhan ini. Bisakah kita bertemu di sesi temu usaha "
    "bulan depan untuk membahas spesifikasi dan jadwal pasokan?",
    "Profil usaha Anda sesuai dengan kebutuhan kami. Kami ingin melihat contoh produk dan "
    "membahas harga untuk pesanan rutin.",
    "Tim pengadaan kami ingin mengenal usaha Anda lebih jauh; kami juga menyediakan "
    "pendampingan mutu bagi pemasok baru.",
)
UMKM_MESSAGES = (
    "Usaha kami sanggup memenuhi kebutuhan ini dan sudah berpengalaman memasok pelanggan "
    "tetap. Kami siap mengirim contoh produk.",
    "Kami berminat menjadi mitra. Kapasitas produksi kami masih bisa ditambah dan produk kami "
    "sudah bersertifikat.",
    "Kami ingin bertemu di sesi temu usaha untuk membahas kerja sama jangka panjang.",
)


def _owner(umkm: Umkm) -> User:
    return umkm.owner


def _representative(firm: Firm) -> User:
    return firm.representatives.select_related("user").first().user


def _send(sender: User, umkm: Umkm, firm: Firm, need: Need | None, message: str) -> Interest:
    return interest_express(sender=sender, umkm=umkm, firm=firm, need=need, message=message)


def _date_back(interest: Interest, *, days: int) -> None:
    """Moves an interest (and the match it made) ``days`` into the past, keeping its length."""
    shift = timedelta(days=days, hours=days % 5)
    Interest.objects.filter(pk=interest.pk).update(
        sent_at=F("sent_at") - shift,
        expires_at=F("expires_at") - shift,
        answered_at=F("answered_at") - shift + timedelta(days=min(days, 2)),
    )
    if interest.match_id:
        Match.objects.filter(pk=interest.match_id).update(
            matched_at=F("matched_at") - shift + timedelta(days=min(days, 2))
        )


def demo_matchmaking_seed() -> None:
    if Interest.objects.exists():
        return
    demo_umkm = Umkm.objects.get(nib=DEMO_UMKM_NIB)
    demo_firm = Firm.objects.get(nib=DEMO_FIRM_NIB)
    _seed_demo_owner_side(demo_umkm)
    _seed_demo_firm_side(demo_firm)
    _seed_queue(exclude_firm=demo_firm, exclude_umkm=demo_umkm)


def _seed_demo_owner_side(demo_umkm: Umkm) -> None:
    owner = _owner(demo_umkm)
    snack_needs = list(
        Need.objects.open()
        .filter(title__startswith="Keripik singkong")
        .select_related("firm")
        .order_by("firm__nib")
    )
    if snack_needs:
        # A food firm asks the keripik maker about its retail need: umkm@ can answer it.
        need = snack_needs[0]
        interest = _send(_representative(need.firm), demo_umkm, need.firm, need, FIRM_MESSAGES[0])
        _date_back(interest, days=3)
    other_food_firms = (
        Firm.objects.verified()
        .filter(name__endswith="Pangan Nusantara")
        .exclude(pk__in=[need.firm_id for need in snack_needs[:1]])
        .order_by("nib")
    )
    firm = other_food_firms.first()
    if firm is not None:
        # And the owner wrote to another food firm in general: umkm@ can withdraw it.
        interest = _send(owner, demo_umkm, firm, None, UMKM_MESSAGES[2])
        _date_back(interest, days=5)


def _suppliers(firm: Firm, need: Need, count: int) -> list[Umkm]:
    """The best UMKM for ``need`` that have an owner to answer, leaving out the demo owner's
    business (its own story is told by _seed_demo_owner_side)."""
    return [
        recommendation.umkm
        for recommendation in recommend_umkm(firm=firm, need=need, limit=count + 2)
        if recommendation.umkm.nib != DEMO_UMKM_NIB and recommendation.umkm.owner_id
    ][:count]


def _seed_demo_firm_side(demo_firm: Firm) -> None:
    representative = _representative(demo_firm)
    needs = {need.title: need for need in Need.objects.open().filter(firm=demo_firm)}
    machining = needs.get("Komponen bubut presisi untuk rakitan rem")
    if machining is not None:
        workshops = _suppliers(demo_firm, machining, 3)
        if workshops:
            # Accepted three weeks ago: the pair waits for a session; each sees the other's
            # contacts.
            interest = _send(representative, workshops[0], demo_firm, machining, FIRM_MESSAGES[0])
            interest_accept(interest=interest, user=_owner(workshops[0]))
            _date_back(interest, days=21)
        if len(workshops) > 1:
            # A workshop wrote to the firm two days ago: perusahaan@ can accept or decline.
            interest = _send(
                _owner(workshops[1]), workshops[1], demo_firm, machining, UMKM_MESSAGES[0]
            )
            _date_back(interest, days=2)
        if len(workshops) > 2:
            # The firm's own interest, still waiting: perusahaan@ can withdraw it.
            interest = _send(representative, workshops[2], demo_firm, machining, FIRM_MESSAGES[1])
            _date_back(interest, days=1)
    uniforms = needs.get("Seragam kerja operator pabrik")
    if uniforms is not None:
        tailors = _suppliers(demo_firm, uniforms, 2)
        if tailors:
            interest = _send(representative, tailors[0], demo_firm, uniforms, FIRM_MESSAGES[2])
            interest_decline(
                interest=interest,
                user=_owner(tailors[0]),
                reason="Kapasitas jahit kami sedang penuh sampai Maret; silakan hubungi kami "
                "lagi setelah itu.",
            )
            _date_back(interest, days=9)
        if len(tailors) > 1:
            # Another tailor wrote twelve days ago: it expires soon, and its reminder is due.
            interest = _send(_owner(tailors[1]), tailors[1], demo_firm, uniforms, UMKM_MESSAGES[1])
            _date_back(interest, days=12)


def _seed_queue(*, exclude_firm: Firm, exclude_umkm: Umkm) -> None:
    """The best pair of each of the other firms' needs matched over the last four months: some
    mutual, two met directly, one left the queue; plus the interests that lapsed."""
    needs = (
        Need.objects.open()
        .exclude(firm=exclude_firm)
        .select_related("firm")
        .order_by("firm__nib", "pk")
    )
    queued = 0
    for index, need in enumerate(needs):
        if queued >= QUEUED_PAIRS:
            break
        candidates = [
            r.umkm
            for r in recommend_umkm(firm=need.firm, need=need, limit=3)
            if r.umkm.pk != exclude_umkm.pk and not r.is_matched and not r.pending_interest
        ]
        if not candidates:
            continue
        umkm = candidates[0]
        representative, owner = _representative(need.firm), _owner(umkm)
        if owner is None:
            continue
        if index % 3 == 0:
            # Both reached out on their own (the owner's interest meets the firm's pending
            # one): a mutual match, first in the queue.
            interest = _send(representative, umkm, need.firm, need, FIRM_MESSAGES[index % 3])
            _send(owner, umkm, need.firm, need, UMKM_MESSAGES[index % 3])
        elif index % 2 == 0:
            interest = _send(owner, umkm, need.firm, need, UMKM_MESSAGES[index % 3])
            interest_accept(interest=interest, user=representative)
        else:
            interest = _send(representative, umkm, need.firm, need, FIRM_MESSAGES[index % 3])
            interest_accept(interest=interest, user=owner)
        interest.refresh_from_db()
        for sibling in Interest.objects.filter(match=interest.match_id):
            _date_back(sibling, days=4 + (index * 37) % 120)
        queued += 1
        match = Match.objects.get(pk=interest.match_id)
        if queued == 5:
            match_mark_met_directly(
                match=match,
                user=representative,
                reason="Sudah bertemu langsung di pabrik dan sepakat uji coba pasokan.",
            )
        elif queued == 9:
            match_leave_queue(
                match=match, user=owner, reason="Kami sedang fokus pada pesanan ekspor."
            )
        if len(candidates) > 1 and index % 4 == 1:
            # A second supplier never answered: the interest lapsed.
            lapsed = _send(representative, candidates[1], need.firm, need, FIRM_MESSAGES[1])
            _date_back(lapsed, days=30)
            Interest.objects.filter(pk=lapsed.pk).update(
                state="expired", answered_at=F("expires_at")
            )
        elif len(candidates) > 1 and index % 4 == 3:
            withdrawn = _send(representative, candidates[1], need.firm, need, FIRM_MESSAGES[2])
            interest_withdraw(interest=withdrawn, user=representative)
            _date_back(withdrawn, days=15)
