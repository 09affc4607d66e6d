"""Profiles for the admin tests, made with the ORM in the state each test needs."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from partnerships.models import (
    Firm,
    FirmRepresentative,
    InvestmentType,
    LegalForm,
    Regency,
    Umkm,
    VerificationState,
)
from portal.accounts.models import Role, User

_numbers = count(1)


def next_nib() -> str:
    return f"{9120000000000 + next(_numbers)}"


def _verification(state: str, *, days_ago: int) -> dict:
    if state == VerificationState.DRAFT:
        return {"verification_state": state}
    fields = {
        "verification_state": state,
        "submitted_at": timezone.now() - timedelta(days=days_ago),
    }
    if state == VerificationState.VERIFIED:
        fields["reviewed_at"] = timezone.now()
    if state == VerificationState.REJECTED:
        fields.update(reviewed_at=timezone.now(), rejection_reason="The NIB is not on the OSS.")
    return fields


def make_umkm(
    name: str = "Kopi Tanjung Pura",
    *,
    state: str = VerificationState.SUBMITTED,
    days_ago: int = 3,
    regency_code: str = "3215",
    **fields,
) -> Umkm:
    number = next(_numbers)
    owner = User.objects.create_user(
        email=f"owner{number}@umkm.test", name=f"Owner {number}", role=Role.UMKM_OWNER
    )
    regency = Regency.objects.select_related("province").get(code=regency_code)
    values = {
        "owner": owner,
        "name": name,
        "legal_form": LegalForm.CV,
        "nib": next_nib(),
        "owner_name": "Dewi Lestari",
        "phone": "+6281234567890",
        "email": f"usaha{number}@umkm.test",
        "province": regency.province,
        "regency": regency,
        "address": "Jl. Tuparev No. 12, Karawang",
        "description": "Roasted coffee from the slopes around Karawang.",
        "year_founded": 2015,
        "employees": 6,
        "capital": 250_000_000,
        "size_class": "micro",
        "size_criterion": "capital",
        **_verification(state, days_ago=days_ago),
        **fields,
    }
    return Umkm.objects.create(**values)


def make_firm(
    name: str = "PT Sinar Karawang Industri",
    *,
    state: str = VerificationState.SUBMITTED,
    days_ago: int = 3,
    regency_code: str = "3215",
    **fields,
) -> Firm:
    number = next(_numbers)
    values = {
        "name": name,
        "investment_type": InvestmentType.PMDN,
        "nib": next_nib(),
        "npwp": "0123456789012345",
        "description": "Automotive components for the Karawang industrial estates.",
        **_verification(state, days_ago=days_ago),
        **fields,
    }
    firm = Firm.objects.create(**values)
    firm.locations.add(Regency.objects.get(code=regency_code))
    representative = User.objects.create_user(
        email=f"rep{number}@firm.test",
        name=f"Representative {number}",
        role=Role.FIRM_REPRESENTATIVE,
    )
    FirmRepresentative.objects.create(firm=firm, user=representative, job_title="Procurement")
    return firm


def change_form_data(response) -> dict:
    """What the admin's change form would send back unchanged, inlines included."""
    data = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data
