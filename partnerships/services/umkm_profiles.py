"""Writing an UMKM's profile: the profile itself, its KBLI codes, certifications and links."""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.business_size import classify_business
from partnerships.models import (
    Certification,
    KbliCode,
    KbliLevel,
    KbliVersion,
    Umkm,
    UmkmLink,
)
from partnerships.services.search_documents import umkm_search_document_refresh
from partnerships.services.size_classes import size_class_change_record_if_up
from partnerships.services.verification import profile_return_for_verification

# Changing one of these on a verified profile sends it back to the officials; other edits
# (description, products, contacts) keep it verified.
LEGAL_IDENTITY_FIELDS = ("nib", "name", "legal_form")
PROFILE_FIELDS = (
    "name",
    "legal_form",
    "nib",
    "npwp",
    "year_founded",
    "employees",
    "description",
    "owner_name",
    "owner_nik",
    "phone",
    "email",
    "contacts_visible_to_firms",
    "province",
    "regency",
    "address",
    "capital",
    "annual_sales",
    "has_export_experience",
    "export_notes",
)
VERIFICATION_FIELDS = ("verification_state", "submitted_at", "reviewed_at", "reviewed_by")

# KBLI 2020 subclasses that OSS does not license (see partnerships/reference_data/README.md):
# gambling, alcoholic drinks from fermented fruit, and narcotic plants. Searching does not
# offer them and adding them is refused.
UNLICENSABLE_KBLI_SUBCLASSES = frozenset({"92000", "11020", "01287"})
KBLI_SEARCH_LIMIT = 30
_FIVE_DIGITS = re.compile(r"^\d{5}\Z")


class KbliChoiceError(ValueError):
    """The code cannot be added; ``message`` says why in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@transaction.atomic
def umkm_profile_save(*, owner, umkm: Umkm | None, data: dict, npwp_check_overridden: bool) -> Umkm:
    """Create the owner's UMKM the first time, or update it; the size class follows the figures."""
    if umkm is None:
        # Two tabs submitting the first profile at once must not create two UMKM.
        get_user_model().objects.select_for_update().get(pk=owner.pk)
        umkm = Umkm.objects.select_for_update().filter(owner=owner).first()
    else:
        umkm = Umkm.objects.select_for_update().get(pk=umkm.pk, owner=owner)
    creating = umkm is None
    if creating:
        umkm = Umkm(owner=owner)
    identity_changed = not creating and any(
        getattr(umkm, name) != data[name] for name in LEGAL_IDENTITY_FIELDS
    )
    size_before = umkm.size_class
    for name in PROFILE_FIELDS:
        setattr(umkm, name, data[name])
    umkm.npwp_check_overridden = bool(npwp_check_overridden and umkm.npwp)
    size = classify_business(capital=umkm.capital, annual_sales=umkm.annual_sales)
    umkm.size_class = size.size
    umkm.size_criterion = size.criterion
    if creating:
        umkm.save()
        umkm_search_document_refresh(umkm_id=umkm.pk)
        return umkm
    update_fields = [*PROFILE_FIELDS, "npwp_check_overridden", "size_class", "size_criterion"]
    if identity_changed and umkm.is_verified:
        profile_return_for_verification(profile=umkm)
        update_fields += VERIFICATION_FIELDS
    umkm.save(update_fields=[*update_fields, "updated_at"])
    umkm_search_document_refresh(umkm_id=umkm.pk)
    size_class_change_record_if_up(umkm=umkm, before_class=size_before, recorded_by=owner)
    return umkm


def kbli_search(query: str, *, limit: int = KBLI_SEARCH_LIMIT):
    """(number of matches, the first ``limit``) among KBLI 2020 subclasses an UMKM may choose.

    Digits search by code prefix ("107" finds 10710 ... 10799); words must all appear in the
    Indonesian or English title, in any order.
    """
    query = (query or "").strip()
    if not query:
        return 0, []
    codes = KbliCode.objects.filter(
        version=KbliVersion.KBLI_2020, level=KbliLevel.SUBCLASS
    ).exclude(code__in=UNLICENSABLE_KBLI_SUBCLASSES)
    if query.isdigit():
        codes = codes.filter(code__startswith=query)
    else:
        for word in query.split()[:8]:
            codes = codes.filter(Q(title_id__icontains=word) | Q(title_en__icontains=word))
    codes = codes.order_by("code")
    return codes.count(), list(codes[:limit])


def _choosable_kbli(code: str) -> KbliCode:
    code = (code or "").strip()
    if not _FIVE_DIGITS.match(code):
        raise KbliChoiceError(_("Choose a five-digit KBLI 2020 code, for example 10792."))
    if code in UNLICENSABLE_KBLI_SUBCLASSES:
        raise KbliChoiceError(
            _("KBLI %(code)s cannot be licensed through OSS, so it cannot be chosen here.")
            % {"code": code}
        )
    kbli = KbliCode.objects.filter(
        version=KbliVersion.KBLI_2020, level=KbliLevel.SUBCLASS, code=code
    ).first()
    if kbli is None:
        raise KbliChoiceError(_("There is no KBLI 2020 code %(code)s.") % {"code": code})
    return kbli


@transaction.atomic
def umkm_kbli_add(*, umkm: Umkm, code: str) -> KbliCode:
    kbli = _choosable_kbli(code)
    umkm.kbli_codes.add(kbli)  # adding one already chosen changes nothing
    umkm_search_document_refresh(umkm_id=umkm.pk)
    return kbli


@transaction.atomic
def umkm_kbli_remove(*, umkm: Umkm, code: str) -> None:
    # No code holds a NUL byte, and PostgreSQL refuses one in a query (a 500, not "nothing").
    code = (code or "").replace("\x00", "").strip()
    umkm.kbli_codes.remove(*umkm.kbli_codes.filter(code=code))
    umkm_search_document_refresh(umkm_id=umkm.pk)


@transaction.atomic
def umkm_certification_create(*, umkm: Umkm, data: dict) -> Certification:
    certification = Certification.objects.create(umkm=umkm, **data)
    umkm_search_document_refresh(umkm_id=umkm.pk)
    return certification


@transaction.atomic
def umkm_certification_update(*, certification: Certification, data: dict) -> Certification:
    for name, value in data.items():
        setattr(certification, name, value)
    certification.save(update_fields=list(data))
    umkm_search_document_refresh(umkm_id=certification.umkm_id)
    return certification


@transaction.atomic
def umkm_certification_delete(*, certification: Certification) -> None:
    certification.delete()
    umkm_search_document_refresh(umkm_id=certification.umkm_id)


@transaction.atomic
def umkm_link_add(*, umkm: Umkm, kind: str, url: str) -> UmkmLink:
    return UmkmLink.objects.create(umkm=umkm, kind=kind, url=url)


@transaction.atomic
def umkm_link_remove(*, link: UmkmLink) -> None:
    link.delete()
