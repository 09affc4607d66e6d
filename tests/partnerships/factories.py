"""Plain functions that make valid records for tests; keyword overrides change any field.

This is the one place tests build people, profiles and their parts. The reference data
(provinces, regencies, KBLI) is loaded by the migrations, so a test's UMKM sits in a real
regency: Kota Bandung, Jawa Barat, unless told otherwise.

People have a confirmed e-mail address, as allauth leaves them after sign-up, so each can
sign in with ``PASSWORD``. Profiles are drafts unless ``state`` says otherwise; see
``verification_fields`` for what each state fills in.
"""

import itertools
from collections.abc import Iterable
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from partnerships.business_size import classify_business
from partnerships.models import (
    Certification,
    CertificationKind,
    Firm,
    FirmInvitation,
    FirmRepresentative,
    InvestmentType,
    KbliCode,
    LegalForm,
    LinkKind,
    Need,
    OfficialProvince,
    PartnershipPattern,
    Product,
    Province,
    Regency,
    RequiredCertification,
    Umkm,
    UmkmLink,
    VerificationState,
)
from partnerships.officials import GROUP_NAMES, OfficialRole
from partnerships.services.search_documents import (
    need_search_document_refresh,
    umkm_search_document_refresh,
)
from portal.accounts.models import Role, User
from tests.conftest import PASSWORD

_numbers = itertools.count(1)

VALID_NPWP = "013000666091000"  # python-stdnum's example: a correct check digit
NPWP_WITH_BAD_CHECK_DIGIT = "013000667091000"
VALID_NIK = "3171011708450001"

# Overrides for a foreign-owned firm (PMA) from Japan: large whatever its figures, so it
# need not state its capital. make_firm(**PMA_FROM_JAPAN)
PMA_FROM_JAPAN = {"investment_type": InvestmentType.PMA, "country": "JP", "capital": None}

# The smallest valid PNG: enough for storage, which is all a factory's photo needs.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def next_nib() -> str:
    return f"{9_130_000_000_000 + next(_numbers):013d}"


def province(code: str) -> Province:
    return Province.objects.get(code=code)


def regency(code: str) -> Regency:
    return Regency.objects.select_related("province").get(code=code)


# People


def make_user(email: str | None = None, *, role: str = "", **fields) -> User:
    """An account with a confirmed address; no role unless told."""
    number = next(_numbers)
    fields.setdefault("name", f"Person {number}")
    user = User.objects.create_user(
        email=email or f"person{number}@example.test", password=PASSWORD, role=role, **fields
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_owner(email: str | None = None, **fields) -> User:
    return make_user(email, role=Role.UMKM_OWNER, **fields)


def make_representative(
    firm: Firm | None = None, user: User | None = None, *, job_title: str = "Procurement", **fields
) -> FirmRepresentative:
    """``user`` joined to ``firm`` as its representative; ``.user`` is the account.

    Without ``user``, a new firm representative's account is made from ``fields`` (``email``,
    ``name``, ...); without ``firm``, a new draft firm.
    """
    return FirmRepresentative.objects.create(
        firm=firm or make_firm(),
        user=user or make_user(role=Role.FIRM_REPRESENTATIVE, **fields),
        job_title=job_title,
    )


def make_official(
    role: str = OfficialRole.CENTRAL, *, provinces: Iterable[str] = (), email: str | None = None
) -> User:
    """A staff account in the group of ``role``; a regional official is bound to the
    provinces coded ``provinces`` (e.g. ("32",) for Jawa Barat)."""
    official = make_user(email, is_staff=True)
    official.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    for code in provinces:
        OfficialProvince.objects.create(official=official, province=province(code))
    return official


# Verification


def verification_fields(state: str, *, official: User | None = None, days_ago: int = 0) -> dict:
    """The fields a profile in ``state`` has: submitted ``days_ago`` days ago, and for a
    verified or rejected one, reviewed now (by ``official`` if given) and rejected for a reason.
    """
    if state == VerificationState.DRAFT:
        return {"verification_state": state}
    now = timezone.now()
    fields = {"verification_state": state, "submitted_at": now - timedelta(days=days_ago)}
    if state in (VerificationState.VERIFIED, VerificationState.REJECTED):
        fields["reviewed_at"] = now
        if official is not None:
            fields["reviewed_by"] = official
    if state == VerificationState.REJECTED:
        fields["rejection_reason"] = "The NIB is not on the OSS."
    return fields


def verify(profile: Umkm | Firm, official: User | None = None) -> Umkm | Firm:
    """Mark an existing profile verified in the database, skipping the services and e-mails."""
    type(profile).objects.filter(pk=profile.pk).update(
        **verification_fields(VerificationState.VERIFIED, official=official)
    )
    profile.refresh_from_db()
    return profile


# UMKM


def make_umkm(
    *,
    state: str = VerificationState.DRAFT,
    days_ago: int = 0,
    official: User | None = None,
    **overrides,
) -> Umkm:
    """An UMKM in ``state`` (see verification_fields); its size class follows its figures."""
    number = next(_numbers)
    if "owner" not in overrides:
        overrides["owner"] = make_owner()
    place = overrides.get("regency") or regency("3273")
    fields = {
        "name": "Keripik Tempe Bu Sri",
        "legal_form": LegalForm.INDIVIDUAL,
        "nib": next_nib(),
        "owner_name": "Sri Wahyuni",
        "phone": "+6281234567890",
        "email": f"usaha{number}@example.test",
        "province": place.province,
        "regency": place,
        "address": "Jl. Cibaduyut No. 12, Bandung",
        "description": "Keripik tempe renyah, dikemas 250 g.",
        "year_founded": 2015,
        "employees": 4,
        "capital": 150_000_000,
        "annual_sales": 900_000_000,
        **verification_fields(state, official=official, days_ago=days_ago),
        **overrides,
    }
    size = classify_business(capital=fields["capital"], annual_sales=fields["annual_sales"])
    fields.setdefault("size_class", size.size)
    fields.setdefault("size_criterion", size.criterion)
    return refresh_search_document(Umkm.objects.create(**fields))


def make_full_umkm(**overrides) -> Umkm:
    """A coffee roaster in Karawang with every optional field filled and something in each
    related list: two KBLI codes, a halal certificate, a marketplace link and a product with a
    photo and its thumbnail.
    """
    umkm = make_umkm(
        **{
            "name": "Kopi Tanjung Pura",
            "npwp": "3215012345678901",
            "owner_name": "Dewi Lestari",
            "owner_nik": "3215014501850003",
            "regency": regency("3215"),
            "address": "Jl. Tuparev No. 12, Karawang",
            "description": "Roasted coffee from the slopes around Karawang.",
            "employees": 6,
            "capital": 250_000_000,
            "annual_sales": 1_200_000_000,
            **overrides,
        }
    )
    umkm.kbli_codes.set(KbliCode.objects.filter(version="2020", code__in=["10761", "46206"]))
    Certification.objects.create(
        umkm=umkm,
        kind=CertificationKind.HALAL,
        number="ID32110000123450521",
        expires_on=date(2027, 5, 31),
    )
    UmkmLink.objects.create(
        umkm=umkm, kind=LinkKind.MARKETPLACE, url="https://shopee.co.id/kopitanjungpura"
    )
    product = Product(
        umkm=umkm,
        name="Kopi robusta sangrai",
        unit="kg",
        monthly_capacity=400,
        minimum_order=10,
        price_min=120_000,
        price_max=150_000,
    )
    product.photo.save("kopi.png", ContentFile(PNG), save=False)
    product.thumbnail.save("kopi-thumb.png", ContentFile(PNG), save=False)
    product.save()
    return refresh_search_document(umkm)


def umkm_form_data(**overrides) -> dict:
    """What an owner posts on the profile page, as the browser sends it (all strings)."""
    data = {
        "name": "Batik Tulis Sekar Jagad",
        "legal_form": LegalForm.CV,
        "nib": "1234567890123",
        "npwp": "",
        "year_founded": "2012",
        "employees": "12",
        "description": "Batik tulis dan cap dari Solo.",
        "owner_name": "Sekar Ayu",
        "owner_nik": "",
        "phone": "0812 3456 7890",
        "email": "sekar@example.test",
        "province": "33",
        "regency": str(regency("3372").pk),  # Kota Surakarta
        "address": "Jl. Slamet Riyadi 10, Laweyan",
        "capital": "Rp 750.000.000",
        "annual_sales": "3.000.000.000",
        "export_notes": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Firms


def make_firm(
    *,
    state: str = VerificationState.DRAFT,
    days_ago: int = 0,
    official: User | None = None,
    locations: Iterable[str] = (),
    **overrides,
) -> Firm:
    """A domestic firm (PMDN) in ``state``, operating in the regencies coded ``locations``;
    ``**PMA_FROM_JAPAN`` makes it foreign-owned.
    """
    firm = Firm.objects.create(
        **{
            "name": "PT Maju Bersama Industri",
            "investment_type": InvestmentType.PMDN,
            "nib": next_nib(),
            "npwp": VALID_NPWP,
            "capital": 20_000_000_000,
            "description": "Produsen makanan ringan.",
            **verification_fields(state, official=official, days_ago=days_ago),
            **overrides,
        }
    )
    if locations:
        firm.locations.set(Regency.objects.filter(code__in=locations))
    return firm


def make_invitation(
    firm: Firm | None = None, invited_by: User | None = None, email: str | None = None, **fields
) -> FirmInvitation:
    """An open invitation to join ``firm`` (a new one if not given)."""
    number = next(_numbers)
    return FirmInvitation.objects.create(
        **{
            "firm": firm or make_firm(),
            "email": email or f"colleague{number}@example.test",
            "token": f"token-{number}",
            "invited_by": invited_by,
            **fields,
        }
    )


# Needs


def make_need(
    firm: Firm | None = None,
    *,
    kbli: Iterable[str] = (),
    locations: Iterable[str] = (),
    certifications: Iterable[str] = (),
    **overrides,
) -> Need:
    """An open need of ``firm`` (a new verified one if not given), due in 30 days, with its
    search document written as the services write it."""
    need = Need.objects.create(
        **{
            "firm": firm or make_firm(state=VerificationState.VERIFIED),
            "title": "Pasokan keripik singkong",
            "description": "Keripik singkong kemasan 200 g untuk jaringan ritel.",
            "volume": 5_000,
            "unit": "bungkus",
            "estimated_value": 75_000_000,
            "pattern": PartnershipPattern.SUPPLY_CHAIN,
            "deadline": timezone.localdate() + timedelta(days=30),
            **overrides,
        }
    )
    if kbli:
        need.kbli_codes.set(KbliCode.objects.filter(code__in=kbli))
    if locations:
        need.locations.set(Regency.objects.filter(code__in=locations))
    for kind in certifications:
        RequiredCertification.objects.create(need=need, kind=kind)
    need_search_document_refresh(need_id=need.pk)
    need.refresh_from_db(fields=["search_text"])
    return need


def refresh_search_document(umkm: Umkm) -> Umkm:
    """Write an UMKM's search document after a test changed its parts directly."""
    umkm_search_document_refresh(umkm_id=umkm.pk)
    umkm.refresh_from_db(
        fields=["search_text", "kbli_prefixes", "certified_until", "capacity_by_unit"]
    )
    return umkm
