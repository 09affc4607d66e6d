"""Writing a firm's profile: its identity and figures, its sectors and its locations."""

from django.db import transaction

from partnerships.models import Firm, FirmRepresentative, KbliCode, KbliLevel, Regency
from partnerships.services.verification import profile_return_for_verification
from portal.accounts.models import User

# What officials check against OSS: changing one of these undoes a verification.
IDENTITY_FIELDS = ("nib", "name", "investment_type")

PROFILE_FIELDS = (
    "name",
    "investment_type",
    "country",
    "nib",
    "npwp",
    "capital",
    "annual_sales",
    "is_exporter",
    "description",
    "website",
)


class FirmProfileError(Exception):
    """The person cannot create this firm (they already represent one)."""


@transaction.atomic
def firm_profile_save(
    *, representative_user: User, firm: Firm | None, data: dict, npwp_check_overridden: bool
) -> Firm:
    """Create the firm with this person as its first representative, or edit it.

    ``data`` is a FirmProfileForm's cleaned_data: the profile fields and ``job_title``.
    """
    values = {field: data[field] for field in PROFILE_FIELDS}
    values["npwp_check_overridden"] = npwp_check_overridden
    if firm is None:
        return _create(representative_user, values, data.get("job_title", ""))
    return _edit(representative_user, firm, values, data.get("job_title"))


def _create(user: User, values: dict, job_title: str) -> Firm:
    # Two tabs submitting the first save at once must not make two firms for one person.
    User.objects.select_for_update().filter(pk=user.pk).get()
    if FirmRepresentative.objects.filter(user=user).exists():
        raise FirmProfileError("This person already represents a firm.")
    firm = Firm.objects.create(**values)
    FirmRepresentative.objects.create(firm=firm, user=user, job_title=job_title)
    return firm


def _edit(user: User, firm: Firm, values: dict, job_title: str | None) -> Firm:
    locked = Firm.objects.select_for_update().get(pk=firm.pk)
    identity_changed = any(getattr(locked, f) != values[f] for f in IDENTITY_FIELDS)
    changed = [field for field, value in values.items() if getattr(locked, field) != value]
    for field in changed:
        setattr(locked, field, values[field])
    if identity_changed and locked.is_verified:
        profile_return_for_verification(profile=locked)
        changed += ["verification_state", "submitted_at", "reviewed_at", "reviewed_by"]
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    if job_title is not None:
        FirmRepresentative.objects.filter(firm=locked, user=user).exclude(
            job_title=job_title
        ).update(job_title=job_title)
    return locked


@transaction.atomic
def firm_sector_add(*, firm: Firm, kbli: KbliCode) -> None:
    # Sectors are matched against UMKM's five-digit codes; a broader level would match nothing.
    if kbli.level != KbliLevel.SUBCLASS:
        raise ValueError("A firm's sectors are five-digit KBLI subclasses.")
    firm.sectors.add(kbli)


@transaction.atomic
def firm_sector_remove(*, firm: Firm, kbli: KbliCode) -> None:
    firm.sectors.remove(kbli)


@transaction.atomic
def firm_location_add(*, firm: Firm, regency: Regency) -> None:
    firm.locations.add(regency)


@transaction.atomic
def firm_location_remove(*, firm: Firm, regency: Regency) -> None:
    firm.locations.remove(regency)
