"""Plain functions that make valid records for tests; keyword overrides change any field.

The reference data (provinces, regencies, KBLI) is loaded by the migrations, so a test's
UMKM sits in a real regency: Kota Bandung, Jawa Barat, unless told otherwise.
"""

import itertools

from partnerships.business_size import classify_business
from partnerships.models import (
    Firm,
    FirmRepresentative,
    InvestmentType,
    LegalForm,
    Province,
    Regency,
    Umkm,
)
from portal.accounts.models import Role, User
from tests.conftest import PASSWORD

_numbers = itertools.count(1)

VALID_NPWP = "013000666091000"  # python-stdnum's example: a correct check digit
VALID_NIK = "3171011708450001"


def next_nib() -> str:
    return f"{9_130_000_000_000 + next(_numbers):013d}"


def make_user(*, role: str = "", email: str | None = None, **fields) -> User:
    number = next(_numbers)
    fields.setdefault("name", f"Person {number}")
    return User.objects.create_user(
        email=email or f"person{number}@example.test", password=PASSWORD, role=role, **fields
    )


def make_owner(*, email: str | None = None, **fields) -> User:
    return make_user(role=Role.UMKM_OWNER, email=email, **fields)


def make_umkm(**overrides) -> Umkm:
    if "owner" not in overrides:
        overrides["owner"] = make_owner()
    regency = overrides.get("regency") or Regency.objects.get(code="3273")
    fields = {
        "name": "Keripik Tempe Bu Sri",
        "legal_form": LegalForm.INDIVIDUAL,
        "nib": next_nib(),
        "owner_name": "Sri Wahyuni",
        "phone": "+6281234567890",
        "email": "usaha@example.test",
        "province": regency.province,
        "regency": regency,
        "address": "Jl. Cibaduyut No. 12, Bandung",
        "description": "Keripik tempe renyah, dikemas 250 g.",
        "year_founded": 2015,
        "employees": 4,
        "capital": 150_000_000,
        "annual_sales": 900_000_000,
        **overrides,
    }
    size = classify_business(capital=fields["capital"], annual_sales=fields["annual_sales"])
    fields.setdefault("size_class", size.size)
    fields.setdefault("size_criterion", size.criterion)
    return Umkm.objects.create(**fields)


def make_firm(**overrides) -> Firm:
    fields = {
        "name": "PT Maju Bersama Industri",
        "investment_type": InvestmentType.PMDN,
        "nib": next_nib(),
        "npwp": VALID_NPWP,
        "capital": 20_000_000_000,
        "description": "Produsen makanan ringan.",
        **overrides,
    }
    return Firm.objects.create(**fields)


def make_representative(*, firm: Firm | None = None, email: str | None = None, **fields) -> User:
    """A firm representative's account, joined to ``firm`` (a new one if not given)."""
    user = make_user(role=Role.FIRM_REPRESENTATIVE, email=email, **fields)
    FirmRepresentative.objects.create(firm=firm or make_firm(), user=user)
    return user


def province(code: str) -> Province:
    return Province.objects.get(code=code)


def regency(code: str) -> Regency:
    return Regency.objects.get(code=code)


NPWP_WITH_BAD_CHECK_DIGIT = "013000667091000"


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
