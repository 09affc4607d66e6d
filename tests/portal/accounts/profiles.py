"""People with profiles for the account tests, made with the ORM in the state each test needs."""

from datetime import date
from itertools import count

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone

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
    Product,
    Regency,
    Umkm,
    UmkmLink,
    VerificationState,
)
from portal.accounts.models import Role, User
from tests.conftest import PASSWORD

_numbers = count(1)

# The smallest valid PNG: enough for storage, which is all these tests need of a photo.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make_person(role: str, *, email: str | None = None, name: str | None = None) -> User:
    """A person who signed up and confirmed their address, as allauth leaves them."""
    number = next(_numbers)
    user = User.objects.create_user(
        email=email or f"person{number}@contoh.test",
        password=PASSWORD,
        name=name or f"Person {number}",
        role=role,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_umkm(owner: User | None = None, *, name: str = "Kopi Tanjung Pura", **fields) -> Umkm:
    number = next(_numbers)
    owner = owner or make_person(Role.UMKM_OWNER)
    regency = Regency.objects.select_related("province").get(code="3215")
    values = {
        "owner": owner,
        "name": name,
        "legal_form": LegalForm.INDIVIDUAL,
        "nib": f"{8120000000000 + number}",
        "npwp": "3215012345678901",
        "owner_name": "Dewi Lestari",
        "owner_nik": "3215014501850003",
        "phone": "081234567890",
        "email": f"usaha{number}@contoh.test",
        "province": regency.province,
        "regency": regency,
        "address": "Jl. Tuparev No. 12, Karawang",
        "description": "Roasted coffee from the slopes around Karawang.",
        "year_founded": 2015,
        "employees": 6,
        "capital": 250_000_000,
        "annual_sales": 1_200_000_000,
        "size_class": "small",
        "size_criterion": "annual_sales",
        **fields,
    }
    return Umkm.objects.create(**values)


def make_full_umkm(owner: User | None = None, **fields) -> Umkm:
    """An UMKM with something in every related list: codes, certifications, links, products."""
    umkm = make_umkm(owner, **fields)
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
    return umkm


def make_firm(*, state: str = VerificationState.DRAFT, name: str = "PT Sinar Karawang Industri"):
    number = next(_numbers)
    fields = {"verification_state": state}
    if state != VerificationState.DRAFT:
        fields["submitted_at"] = timezone.now()
    if state == VerificationState.VERIFIED:
        fields["reviewed_at"] = timezone.now()
    firm = Firm.objects.create(
        name=name,
        investment_type=InvestmentType.PMA,
        country="JP",
        nib=f"{9130000000000 + number}",
        npwp="012345678901234",
        capital=50_000_000_000,
        description="Automotive parts for the plants around Karawang.",
        **fields,
    )
    firm.locations.set(Regency.objects.filter(code="3215"))
    return firm


def make_representative(firm: Firm, **person) -> FirmRepresentative:
    user = make_person(Role.FIRM_REPRESENTATIVE, **person)
    return FirmRepresentative.objects.create(firm=firm, user=user, job_title="Procurement")


def make_invitation(firm: Firm, by: User, email: str) -> FirmInvitation:
    return FirmInvitation.objects.create(
        firm=firm, email=email, token=f"token-{next(_numbers)}", invited_by=by
    )
