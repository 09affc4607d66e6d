"""A person's rights over their data (UU 27/2022): a copy of everything, and erasure.

An account is deleted with what only it needs. A business that is part of the programme's
public record (it signed commitments; a verified firm) stays, with its personal data erased.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.functional import Promise
from django_countries.fields import Country
from phonenumber_field.phonenumber import PhoneNumber

from partnerships.models import (
    Firm,
    FirmInvitation,
    FirmRepresentative,
    LegalForm,
    Product,
    Umkm,
)
from portal.accounts.models import User

EXPORT_FORMAT = "kemitraan-personal-data/1"

# Who reviewed a profile is the official's data, not the applicant's.
_NOT_EXPORTED = {"reviewed_by", "owner"}


def personal_data_export(*, user: User) -> dict:
    """Everything the portal keeps about the person, as JSON-ready values."""
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "umkm": None,
        "firm": None,
        "firm_invitations_sent": [
            {
                "firm": invitation.firm.name,
                "email": invitation.email,
                "sent_at": _plain(invitation.created_at),
                "accepted_at": _plain(invitation.accepted_at),
            }
            for invitation in FirmInvitation.objects.filter(invited_by=user)
            .select_related("firm")
            .order_by("created_at", "pk")
        ],
    }
    umkm = Umkm.objects.with_profile().filter(owner=user).first()
    if umkm is not None:
        data["umkm"] = _umkm_export(umkm)
    membership = (
        FirmRepresentative.objects.filter(user=user)
        .select_related("firm")
        .prefetch_related("firm__sectors", "firm__locations__province")
        .first()
    )
    if membership is not None:
        data["firm"] = _firm_export(membership)
    return data


def _umkm_export(umkm: Umkm) -> dict:
    return {
        **_record(umkm),
        "province": _region(umkm.province),
        "regency": _region(umkm.regency),
        "kbli_codes": _kbli(umkm.kbli_codes.all()),
        "certifications": [_record(c, exclude={"umkm"}) for c in umkm.certifications.all()],
        "links": [_record(link, exclude={"umkm"}) for link in umkm.links.all()],
        # The files' names, not their bytes: the photos are the business's, and large.
        "products": [_record(p, exclude={"umkm"}) for p in umkm.products.all()],
    }


def _firm_export(membership: FirmRepresentative) -> dict:
    firm = membership.firm
    return {
        **_record(firm),
        "sectors": _kbli(firm.sectors.all()),
        "locations": [_region(regency) for regency in firm.locations.all()],
        "my_membership": {
            "job_title": membership.job_title,
            "joined_at": _plain(membership.joined_at),
        },
        # Colleagues' names only: their e-mail addresses are theirs to export, not ours.
        "representatives": [
            rep.user.name
            for rep in firm.representatives.select_related("user").order_by("joined_at", "pk")
        ],
    }


def _record(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict:
    """The instance's own columns; relations are exported by the caller where they matter."""
    skip = _NOT_EXPORTED | set(exclude)
    record = {}
    for field in instance._meta.concrete_fields:
        if field.name in skip or field.is_relation:
            continue
        record[field.name] = _plain(getattr(instance, field.name))
    return record


def _plain(value):
    if isinstance(value, PhoneNumber):
        return value.as_e164 if value.is_valid() else str(value.raw_input or "")
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Country):
        return value.code
    return value


def _region(region) -> dict:
    return {"code": region.code, "name": region.name}


def _kbli(codes) -> list[dict]:
    return [{"version": code.version, "code": code.code, "title": code.title_id} for code in codes]


def umkm_is_on_public_record(umkm: Umkm) -> bool:
    """An UMKM that signed commitments belongs to the programme's record and is kept."""
    return umkm.commitments.exists()


def firm_is_on_public_record(firm: Firm) -> bool:
    """A verified firm is a company's public record; so is one that signed commitments."""
    return firm.is_verified or firm.commitments.exists()


@transaction.atomic
def umkm_erase_personal_data(*, umkm: Umkm) -> Umkm:
    """Keep the business in the record; remove the person behind it and their contacts."""
    umkm = Umkm.objects.select_for_update().get(pk=umkm.pk)
    umkm.owner = None
    umkm.owner_name = ""
    umkm.owner_nik = ""
    umkm.phone = ""
    umkm.email = ""
    # Most micro businesses work from the owner's home.
    umkm.address = ""
    umkm.contacts_visible_to_firms = False
    fields = [
        "owner",
        "owner_name",
        "owner_nik",
        "phone",
        "email",
        "address",
        "contacts_visible_to_firms",
        "updated_at",
    ]
    # An individual business has no tax number of its own: its NPWP is the owner's.
    if umkm.legal_form == LegalForm.INDIVIDUAL:
        umkm.npwp = ""
        umkm.npwp_check_overridden = False
        fields += ["npwp", "npwp_check_overridden"]
    umkm.save(update_fields=fields)
    return umkm


@transaction.atomic
def umkm_delete(*, umkm: Umkm) -> None:
    """Delete the business with its products; their photos leave storage once that holds."""
    files = _product_files(Product.objects.filter(umkm=umkm))
    umkm.delete()
    transaction.on_commit(lambda: _delete_files(files))


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Close the account and take with it what only this person's participation needed."""
    user = User.objects.select_for_update().get(pk=user.pk)

    umkm = Umkm.objects.select_for_update().filter(owner=user).first()
    if umkm is not None:
        if umkm_is_on_public_record(umkm):
            umkm_erase_personal_data(umkm=umkm)
        else:
            umkm_delete(umkm=umkm)

    membership = FirmRepresentative.objects.filter(user=user).first()
    if membership is not None:
        # Lock the firm: two last representatives leaving at once must not both keep it.
        firm = Firm.objects.select_for_update().get(pk=membership.firm_id)
        membership.delete()
        if not firm.representatives.exists() and not firm_is_on_public_record(firm):
            firm.delete()

    user.delete()


def _product_files(products) -> list[tuple[Storage, str]]:
    files = []
    for product in products:
        for file in (product.photo, product.thumbnail):
            if file:
                files.append((file.storage, file.name))
    return files


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


@dataclass(frozen=True)
class DeletionPlan:
    """What closing this account would do, told to the person before they confirm."""

    umkm: Umkm | None
    umkm_kept: bool
    firm: Firm | None
    firm_kept: bool


def account_deletion_plan(*, user: User) -> DeletionPlan:
    umkm = Umkm.objects.filter(owner=user).first()
    membership = FirmRepresentative.objects.select_related("firm").filter(user=user).first()
    firm = membership.firm if membership else None
    return DeletionPlan(
        umkm=umkm,
        umkm_kept=umkm is not None and umkm_is_on_public_record(umkm),
        firm=firm,
        firm_kept=firm is not None
        and (
            firm_is_on_public_record(firm)
            or firm.representatives.exclude(pk=membership.pk).exists()
        ),
    )
