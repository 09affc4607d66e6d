"""The demo database behind `make run`: realistic records so every feature can be tried.

At the scale of the 2021 ceremony: 56 firms and 196 UMKM, most verified, some waiting in the
officials' queue, a few drafts and one sent back for correction. Each part is idempotent:
running the seed twice leaves the same database as running it once. The accounts have
published passwords, so this never runs against a real database.
"""

import io
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw
from stdnum import luhn

from partnerships.business_size import classify_business
from partnerships.demo_catalogue import (
    FIRM_KINDS,
    FIRM_NAME_PREFIXES,
    NAME_SUFFIXES,
    NEED_IDEAS,
    OWNER_NAMES,
    UMKM_KINDS,
)
from partnerships.demo_commitments import demo_commitments_seed
from partnerships.demo_matchmaking import DEMO_FIRM_NIB, DEMO_UMKM_NIB, demo_matchmaking_seed
from partnerships.demo_sessions import demo_sessions_seed
from partnerships.models import (
    ClaimCode,
    Firm,
    FirmRepresentative,
    KbliCode,
    KbliLevel,
    KbliVersion,
    LegalForm,
    Need,
    NeedState,
    Province,
    Regency,
    RequiredCertification,
    Umkm,
    UmkmLink,
    VerificationState,
)
from partnerships.officials import OfficialRole
from partnerships.photos import process_photo
from partnerships.services.assisted_registration import (
    CLAIM_CODE_VALIDITY,
    claim_code_digest,
    umkm_register_assisted,
)
from partnerships.services.duplicates import duplicate_candidates_find
from partnerships.services.officials import official_role_assign
from partnerships.services.products import product_create
from partnerships.services.search_documents import (
    need_search_document_refresh,
    umkm_search_document_refresh,
)
from partnerships.services.umkm_profiles import umkm_certification_create
from portal.accounts.models import Role, User

DEMO_PASSWORD = "demo-kemitraan-2021"  # noqa: S105  (published in the README on purpose)
UMKM_COUNT = 196
# All but two registered themselves; the two others show the officials' side: an assisted
# registration (seed_assisted_registration) and a second registration of the demo owner's
# business (seed_possible_duplicate).
SELF_REGISTERED_UMKM = UMKM_COUNT - 2
FIRM_COUNT = 56


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    name: str


OFFICIAL = DemoAccount(
    role="central official (BKPM)", email="pejabat@kemitraan.test", name="Rina Kusumawati"
)
UMKM_OWNER = DemoAccount(
    role="UMKM owner (verified)", email="umkm@kemitraan.test", name="Sari Wulandari"
)
NEW_OWNER = DemoAccount(
    role="UMKM owner (no profile yet)", email="pemilik.baru@kemitraan.test", name="Budi Santoso"
)
FIRM_REPRESENTATIVE = DemoAccount(
    role="firm representative (PMA)", email="perusahaan@kemitraan.test", name="Andi Pratama"
)
REGIONAL_OFFICIAL = DemoAccount(
    role="regional official (DPMPTSP Jawa Barat)",
    email="pejabat.jabar@kemitraan.test",
    name="Dedi Supriadi",
)
AUDITOR = DemoAccount(
    role="auditor (read only)", email="auditor@kemitraan.test", name="Wulan Hapsari"
)
DEMO_ACCOUNTS = (
    OFFICIAL,
    REGIONAL_OFFICIAL,
    AUDITOR,
    UMKM_OWNER,
    NEW_OWNER,
    FIRM_REPRESENTATIVE,
)
# The claim code of the demo's assisted registration, printed by seed_demo and in the README;
# a real code is random and shown once.
DEMO_CLAIM_CODE = "KMT-PAND-ANBU"

_SILENT_EMAIL = "django.core.mail.backends.locmem.EmailBackend"

# The programme's first ceremony: everything in the demo happened after it.
PROGRAMME_START = datetime(2021, 1, 18, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


def demo_seed() -> list[DemoAccount]:
    """Writes the demo records and returns the accounts people can sign in with."""
    # The invented people behind the demo get no e-mail: the seed's interests and answers
    # would otherwise fill the development server's console with a hundred messages.
    with override_settings(EMAIL_BACKEND=_SILENT_EMAIL), transaction.atomic():
        return _demo_seed()


def _demo_seed() -> list[DemoAccount]:
    official = _ensure_account(OFFICIAL, role="", is_staff=True, is_superuser=True)
    official_role_assign(user=official, role=OfficialRole.CENTRAL)
    regional = _ensure_account(REGIONAL_OFFICIAL, role="")
    official_role_assign(
        user=regional, role=OfficialRole.REGIONAL, provinces=Province.objects.filter(code="32")
    )
    official_role_assign(user=_ensure_account(AUDITOR, role=""), role=OfficialRole.AUDITOR)
    owner = _ensure_account(UMKM_OWNER, role=Role.UMKM_OWNER)
    _ensure_account(NEW_OWNER, role=Role.UMKM_OWNER)
    representative = _ensure_account(FIRM_REPRESENTATIVE, role=Role.FIRM_REPRESENTATIVE)
    _seed_umkm(official=official, demo_owner=owner)
    _seed_firms(official=official, demo_representative=representative)
    _seed_needs(demo_representative=representative)
    _write_search_documents()
    _seed_assisted_registration(regional_official=regional)
    _seed_possible_duplicate()
    demo_matchmaking_seed()
    demo_sessions_seed(official=official, demo_umkm_nib=DEMO_UMKM_NIB, demo_firm_nib=DEMO_FIRM_NIB)
    demo_commitments_seed(
        official=official,
        demo_umkm_nib=DEMO_UMKM_NIB,
        demo_firm_nib=DEMO_FIRM_NIB,
        # The parties as the seed left them, whatever officials did since.
        umkm_nibs=[
            f"912{index + 1:010d}"
            for index in range(SELF_REGISTERED_UMKM)
            if _state_for(index, SELF_REGISTERED_UMKM) == VerificationState.VERIFIED
        ],
        firm_nibs=[
            f"812{index + 1:010d}"
            for index in range(FIRM_COUNT)
            if not index or _state_for(index, FIRM_COUNT) != VerificationState.DRAFT
        ],
    )
    return list(DEMO_ACCOUNTS)


def _ensure_account(
    account: DemoAccount, *, role: str, is_staff: bool = False, is_superuser: bool = False
) -> User:
    user, _created = User.objects.update_or_create(
        email=account.email,
        defaults={
            "name": account.name,
            "role": role,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    # Sign-in needs a confirmed address; the demo's are confirmed from the start.
    EmailAddress.objects.update_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    return user


def _state_for(index: int, count: int) -> str:
    """Most verified; the last few waiting, drafts, or sent back, as in a real month."""
    from_end = count - index
    if from_end <= 2:
        return VerificationState.REJECTED
    if from_end <= 6:
        return VerificationState.DRAFT
    if from_end <= 16:
        return VerificationState.SUBMITTED
    return VerificationState.VERIFIED


def _verification_fields(state: str, rng: random.Random, official: User) -> dict:
    created = PROGRAMME_START + timedelta(days=rng.randint(0, 1_400), minutes=rng.randint(0, 600))
    # Not a model field to pass: auto_now_add ignores it, so the seed writes it afterwards.
    fields = {"verification_state": state, "joined": created}
    if state != VerificationState.DRAFT:
        fields["submitted_at"] = created + timedelta(days=rng.randint(0, 5))
    if state in (VerificationState.VERIFIED, VerificationState.REJECTED):
        fields["reviewed_at"] = fields["submitted_at"] + timedelta(days=rng.randint(1, 7))
        fields["reviewed_by"] = official
    if state == VerificationState.REJECTED:
        fields["rejection_reason"] = (
            "NIB pada profil tidak sesuai dengan data OSS. Mohon periksa kembali NIB dan nama "
            "usaha sesuai dokumen perizinan."
        )
    return fields


def _seed_umkm(*, official: User, demo_owner: User) -> None:
    existing = set(Umkm.objects.values_list("nib", flat=True))
    regencies = {r.code: r for r in Regency.objects.select_related("province")}
    kbli = {
        k.code: k
        for k in KbliCode.objects.filter(version=KbliVersion.KBLI_2020, level=KbliLevel.SUBCLASS)
    }
    password_hash = make_password(DEMO_PASSWORD)
    rng = random.Random(2021)  # noqa: S311  (a repeatable demo, not a secret)
    for index in range(SELF_REGISTERED_UMKM):
        kind = UMKM_KINDS[index % len(UMKM_KINDS)]
        owner_name = OWNER_NAMES[index % len(OWNER_NAMES)]
        regency = regencies[kind.regencies[(index // len(UMKM_KINDS)) % len(kind.regencies)]]
        nib = f"912{index + 1:010d}"
        # Draw every number even when the row exists, so the rows stay the same on a re-run.
        capital = rng.choice((50, 150, 300, 600, 900, 1_800, 3_500, 7_000)) * 1_000_000
        sales = rng.choice((None, 400, 1_500, 1_900, 4_000, 12_000, 30_000))
        annual_sales = sales * 1_000_000 if sales is not None else None
        state = _state_for(index, SELF_REGISTERED_UMKM)
        verification = _verification_fields(state, rng, official)
        joined = verification.pop("joined")
        if index == 0:
            # The demo account: a small keripik maker, the programme's typical member.
            capital, annual_sales = 300_000_000, 1_500_000_000
        if nib in existing:
            continue
        size = classify_business(capital=capital, annual_sales=annual_sales)
        if index == 0:
            owner = demo_owner
            name = "Keripik Singkong Sari Rasa"
        else:
            owner = User.objects.create(
                email=f"pemilik{index:03d}@umkm.kemitraan.test",
                name=owner_name,
                role=Role.UMKM_OWNER,
                password=password_hash,
            )
            EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
            # The n-th business of a trade gets the n-th suffix, so no two share a name.
            turn = index // len(UMKM_KINDS)
            suffix = NAME_SUFFIXES[(turn + index) % len(NAME_SUFFIXES)]
            name = f"{kind.trade} {suffix} {regency.name.split()[-1]}"
        umkm = Umkm.objects.create(
            owner=owner,
            name=name,
            legal_form=(
                LegalForm.INDIVIDUAL,
                LegalForm.CV,
                LegalForm.PT_PERORANGAN,
                LegalForm.COOPERATIVE,
            )[index % 4],
            nib=nib,
            owner_name=owner.name,
            phone=f"+62812{index + 1:08d}",
            email=f"usaha{index:03d}@umkm.kemitraan.test" if index else "sarirasa@kemitraan.test",
            contacts_visible_to_firms=index % 3 == 0,
            province=regency.province,
            regency=regency,
            address=f"Jl. Raya {regency.name.split()[-1]} No. {index + 1}",
            description=kind.description,
            year_founded=2005 + index % 17,
            employees=3 + (annual_sales or capital) // 250_000_000 + index % 5,
            capital=capital,
            annual_sales=annual_sales,
            size_class=size.size,
            size_criterion=size.criterion,
            has_export_experience=index % 7 == 0,
            export_notes="Ekspor ke Malaysia dan Singapura melalui agregator"
            if index % 7 == 0
            else "",
            **verification,
        )
        Umkm.objects.filter(pk=umkm.pk).update(created_at=joined)
        umkm.kbli_codes.set([kbli[code] for code in kind.kbli])
        low, high = kind.price
        product_create(
            umkm=umkm,
            data={
                "name": kind.product,
                "description": kind.product_description,
                "unit": kind.unit,
                "monthly_capacity": kind.capacity,
                "minimum_order": kind.minimum_order,
                "price_min": low,
                "price_max": high,
            },
            # The demo account's product shows the photo pipeline; the rest have no photo.
            photo=process_photo(_drawn_chips()) if umkm.owner_id == demo_owner.pk else None,
        )
        if kind.certification and index % 2 == 0:
            umkm_certification_create(
                umkm=umkm,
                data={
                    "kind": kind.certification,
                    "number": f"{kind.certification.upper()}-{2021 + index % 4}-{index:05d}",
                    "expires_on": (PROGRAMME_START + timedelta(days=2_600 + index * 5)).date(),
                },
            )
        if index % 4 == 0:
            UmkmLink.objects.create(
                umkm=umkm, kind="marketplace", url=f"https://www.tokopedia.com/usaha{index:03d}"
            )


def _drawn_chips() -> bytes:
    """A drawing of cassava chips in a bowl, for the demo owner's product photo."""
    image = Image.new("RGB", (1200, 900), (251, 244, 238))
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 200, 1050, 850), fill=(155, 28, 28))
    chips = random.Random(7)  # noqa: S311  (a drawing, not a secret)
    for _chip in range(90):
        x, y = chips.randint(260, 900), chips.randint(260, 700)
        size = chips.randint(50, 110)
        draw.ellipse((x, y, x + size, y + size * 0.7), fill=(232, 170, 60), outline=(190, 110, 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _npwp(first_eight: str) -> str:
    """A well-formed 15-digit NPWP: its ninth digit is the Luhn check digit of the first eight."""
    return f"{first_eight}{luhn.calc_check_digit(first_eight)}091000"


def _seed_firms(*, official: User, demo_representative: User) -> None:
    existing = set(Firm.objects.values_list("nib", flat=True))
    regencies = {r.code: r for r in Regency.objects.all()}
    kbli = {
        k.code: k
        for k in KbliCode.objects.filter(version=KbliVersion.KBLI_2020, level=KbliLevel.SUBCLASS)
    }
    password_hash = make_password(DEMO_PASSWORD)
    rng = random.Random(56)  # noqa: S311  (a repeatable demo, not a secret)
    for index in range(FIRM_COUNT):
        kind = FIRM_KINDS[index % len(FIRM_KINDS)]
        prefix = FIRM_NAME_PREFIXES[(index // len(FIRM_KINDS)) % len(FIRM_NAME_PREFIXES)]
        nib = f"812{index + 1:010d}"
        capital = rng.randint(20, 900) * 1_000_000_000
        state = _state_for(index, FIRM_COUNT) if index else VerificationState.VERIFIED
        verification = _verification_fields(state, rng, official)
        joined = verification.pop("joined")
        if nib in existing:
            continue
        firm = Firm.objects.create(
            name=f"PT {prefix} {kind.name}",
            investment_type=kind.investment_type,
            country=kind.country,
            nib=nib,
            npwp=_npwp(f"01{index + 1:06d}"),
            capital=capital,
            is_exporter=kind.exporter,
            description=kind.description,
            website=f"https://www.{prefix.lower()}{kind.name.split()[0].lower()}.co.id",
            **verification,
        )
        Firm.objects.filter(pk=firm.pk).update(created_at=joined)
        firm.sectors.set([kbli[code] for code in kind.sectors])
        firm.locations.set([regencies[code] for code in kind.locations])
        if index == 0:
            user = demo_representative
        else:
            user = User.objects.create(
                email=f"wakil{index:02d}@perusahaan.kemitraan.test",
                name=OWNER_NAMES[(index * 5) % len(OWNER_NAMES)],
                role=Role.FIRM_REPRESENTATIVE,
                password=password_hash,
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        FirmRepresentative.objects.create(firm=firm, user=user, job_title="Manajer Pengadaan")


def _seed_needs(*, demo_representative: User) -> None:
    """Each kind of firm posts its ideas; the demo firm also has a closed and a lapsed need,
    so its list shows every state."""
    regencies = {r.code: r for r in Regency.objects.all()}
    kbli = {k.code: k for k in KbliCode.objects.filter(version=KbliVersion.KBLI_2020)}
    existing = set(Need.objects.values_list("firm_id", "title"))
    today = timezone.localdate()
    firms = list(Firm.objects.verified().order_by("nib"))
    for index, firm in enumerate(firms):
        kind = next(kind for kind in FIRM_KINDS if firm.name.endswith(kind.name))
        ideas = [idea for idea in NEED_IDEAS if idea.firm_kind == kind.name]
        # The demo firm posts all of its kind's ideas; the others one or two each.
        turn = index // len(FIRM_KINDS)  # how many firms of this kind came before
        chosen = (
            ideas
            if index == 0
            else [
                ideas[(turn + step) % len(ideas)] for step in range(min(len(ideas), 1 + index % 2))
            ]
        )
        for number, idea in enumerate(chosen):
            if (firm.pk, idea.title) in existing:
                continue
            need = Need.objects.create(
                firm=firm,
                title=idea.title,
                description=idea.description,
                volume=idea.volume,
                unit=idea.unit,
                period=idea.period,
                estimated_value=idea.value,
                pattern=idea.pattern,
                deadline=today + timedelta(days=7 + (index * 11 + number * 17) % 80),
                created_by=demo_representative if index == 0 else None,
            )
            need.kbli_codes.set([kbli[code] for code in idea.kbli])
            need.locations.set([regencies[code] for code in idea.locations])
            for certification in idea.certifications:
                RequiredCertification.objects.create(need=need, kind=certification)
            need_search_document_refresh(need_id=need.pk)
    demo_firm = firms[0]
    for title, state, days in (
        ("Kemasan karton untuk suku cadang (selesai)", NeedState.CLOSED, 40),
        ("Jasa kebersihan kantor (lewat tenggat)", NeedState.OPEN, -3),
    ):
        if (demo_firm.pk, title) in existing:
            continue
        need = Need.objects.create(
            firm=demo_firm,
            title=title,
            description="Kebutuhan lama, untuk melihat kebutuhan yang sudah tidak dibuka.",
            volume=1,
            unit="kontrak",
            period="total",
            pattern="penyumberluaran",
            deadline=today + timedelta(days=days),
            state=state,
            closed_at=timezone.now() if state == NeedState.CLOSED else None,
            created_by=demo_representative,
        )
        need_search_document_refresh(need_id=need.pk)


def _write_search_documents() -> None:
    for umkm_id in Umkm.objects.filter(search_text="").values_list("pk", flat=True):
        umkm_search_document_refresh(umkm_id=umkm_id)


def _seed_assisted_registration(*, regional_official: User) -> None:
    """A weaving group that the Jawa Barat office registered from a paper form: it waits for a
    second official's verification, and its owner can claim it with DEMO_CLAIM_CODE."""
    nib = "9129000000001"
    umkm = Umkm.objects.filter(nib=nib).first()
    if umkm is None:
        regency = Regency.objects.select_related("province").get(code="3206")  # Tasikmalaya
        size = classify_business(capital=40_000_000, annual_sales=250_000_000)
        umkm = umkm_register_assisted(
            official=regional_official,
            umkm=Umkm(
                name="Anyaman Pandan Bu Iyah",
                legal_form=LegalForm.INDIVIDUAL,
                nib=nib,
                owner_name="Iyah Rohayati",
                phone="+6285220001234",
                email="anyaman.buiyah@umkm.kemitraan.test",
                province=regency.province,
                regency=regency,
                address="Kampung Rajapolah RT 02/05, Tasikmalaya",
                description="Kelompok perajin anyaman pandan dan mendong: tas, tikar, dan "
                "kotak hantaran buatan tangan 14 perajin perempuan.",
                year_founded=2009,
                employees=14,
                capital=40_000_000,
                annual_sales=250_000_000,
                size_class=size.size,
                size_criterion=size.criterion,
            ),
        )
        umkm.kbli_codes.set(KbliCode.objects.filter(code__in=["16292"]))
        umkm_search_document_refresh(umkm_id=umkm.pk)
    live = ClaimCode.objects.filter(umkm=umkm, claimed_at__isnull=True, revoked_at__isnull=True)
    if umkm.owner_id is None and not live.filter(expires_at__gt=timezone.now()).exists():
        live.update(revoked_at=timezone.now())
        ClaimCode.objects.filter(code_digest=claim_code_digest(DEMO_CLAIM_CODE)).delete()
        ClaimCode.objects.create(
            umkm=umkm,
            code_digest=claim_code_digest(DEMO_CLAIM_CODE),
            created_by=regional_official,
            expires_at=timezone.now() + CLAIM_CODE_VALIDITY,
        )


def _seed_possible_duplicate() -> None:
    """The demo keripik maker registered a second time under a spelling variant, for the
    officials' duplicate review."""
    nib = "9129000000002"
    if Umkm.objects.filter(nib=nib).exists():
        return
    original = Umkm.objects.select_related("province", "regency").get(nib="9120000000001")
    owner = User.objects.create(
        email="pemilik.ganda@umkm.kemitraan.test",
        name="Sari W.",
        role=Role.UMKM_OWNER,
        password=make_password(DEMO_PASSWORD),
    )
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    twin = Umkm.objects.create(
        owner=owner,
        name="Kripik Singkong Sari Rasa",
        legal_form=LegalForm.INDIVIDUAL,
        nib=nib,
        owner_name=owner.name,
        phone="+6281299990002",
        email="sarirasa.karawang@umkm.kemitraan.test",
        province=original.province,
        regency=original.regency,
        address=original.address,
        description=original.description,
        year_founded=original.year_founded,
        employees=original.employees,
        capital=original.capital,
        annual_sales=original.annual_sales,
        size_class=original.size_class,
        size_criterion=original.size_criterion,
        verification_state=VerificationState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    twin.kbli_codes.set(original.kbli_codes.all())
    umkm_search_document_refresh(umkm_id=twin.pk)
    duplicate_candidates_find(umkm=twin)
