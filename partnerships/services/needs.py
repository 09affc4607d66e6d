"""Writing a firm's partnership needs (kebutuhan kemitraan): posting, editing, closing,
reopening, and an official's removal.

A need of a firm that is not verified yet can be written (a draft of sorts); it appears in
public only once the firm is verified (``NeedQuerySet.open``). Whatever changes a need's title,
description, KBLI codes or locations refreshes its search document in the same transaction.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerships.models import (
    Firm,
    KbliCode,
    KbliVersion,
    Need,
    NeedPeriod,
    NeedState,
    PartnershipPattern,
    Regency,
    RequiredCertification,
)
from partnerships.models.umkm import CertificationKind
from partnerships.notifications import send_portal_email
from partnerships.services.search_documents import need_search_document_refresh
from partnerships.services.umkm_profiles import UNLICENSABLE_KBLI_SUBCLASSES

# The fields of a need that ``data`` carries (a NeedForm's cleaned_data has them all).
NEED_FIELDS = (
    "title",
    "description",
    "volume",
    "unit",
    "period",
    "estimated_value",
    "pattern",
    "deadline",
)
# Changing one of these changes the search document.
_SEARCHED_FIELDS = ("title", "description")


class NeedError(ValueError):
    """The need cannot be written this way; ``message`` says why in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _values(data: dict) -> dict:
    values = {field: data[field] for field in NEED_FIELDS}
    for field in ("title", "description", "unit"):
        values[field] = (values[field] or "").strip()
    if not values["title"] or not values["description"] or not values["unit"]:
        raise NeedError(_("A need has a title, a description and a unit."))
    if values["deadline"] < timezone.localdate():
        raise NeedError(_("The deadline cannot be in the past."))
    if values["volume"] is None or values["volume"] <= 0:
        raise NeedError(_("The volume must be a whole number above zero."))
    if values["estimated_value"] is not None and values["estimated_value"] < 0:
        raise NeedError(_("The estimated value cannot be negative."))
    if values["pattern"] not in PartnershipPattern.values:
        raise NeedError(_("Choose a partnership pattern of PP 7/2021."))
    if values["period"] not in NeedPeriod.values:
        raise NeedError(_("Choose whether the volume is per month, per year or in total."))
    return values


def _checked_parts(kbli_codes, locations, certifications):
    kbli_codes = list(kbli_codes)
    locations = list(locations)
    certifications = sorted(set(certifications))
    for kbli in kbli_codes:
        if kbli.version != KbliVersion.KBLI_2020 or kbli.code in UNLICENSABLE_KBLI_SUBCLASSES:
            raise NeedError(_("KBLI %(code)s cannot be chosen for a need.") % {"code": kbli.code})
    unknown = [kind for kind in certifications if kind not in CertificationKind.values]
    if unknown:
        raise NeedError(_("Choose certifications from the list."))
    return kbli_codes, locations, certifications


def _set_certifications(need: Need, kinds: list[str]) -> None:
    current = set(need.required_certifications.values_list("kind", flat=True))
    wanted = set(kinds)
    if current - wanted:
        need.required_certifications.filter(kind__in=current - wanted).delete()
    RequiredCertification.objects.bulk_create(
        [RequiredCertification(need=need, kind=kind) for kind in sorted(wanted - current)]
    )


@transaction.atomic
def need_create(
    *,
    firm: Firm,
    created_by,
    data: dict,
    kbli_codes: Iterable[KbliCode],
    locations: Iterable[Regency],
    certifications: Iterable[str],
) -> Need:
    values = _values(data)
    kbli_codes, locations, certifications = _checked_parts(kbli_codes, locations, certifications)
    need = Need.objects.create(firm=firm, created_by=created_by, **values)
    need.kbli_codes.set(kbli_codes)
    need.locations.set(locations)
    _set_certifications(need, certifications)
    need_search_document_refresh(need_id=need.pk)
    return need


def _locked(need: Need) -> Need:
    # The firm's colleagues, and an official, may act on the same need at once.
    return Need.objects.select_for_update().get(pk=need.pk)


def _refuse_unless_open(need: Need) -> None:
    if need.state == NeedState.CLOSED:
        raise NeedError(_("This need is closed and can no longer be changed."))
    if need.state == NeedState.REMOVED:
        raise NeedError(
            _("An official removed this need; it can no longer be changed. Reason: %(reason)s")
            % {"reason": need.removal_reason}
        )


@transaction.atomic
def need_update(
    *,
    need: Need,
    data: dict,
    kbli_codes: Iterable[KbliCode],
    locations: Iterable[Regency],
    certifications: Iterable[str],
) -> Need:
    """Edit an open need (also one past its deadline: a new deadline opens it again)."""
    locked = _locked(need)
    _refuse_unless_open(locked)
    values = _values(data)
    kbli_codes, locations, certifications = _checked_parts(kbli_codes, locations, certifications)
    changed = [field for field, value in values.items() if getattr(locked, field) != value]
    for field in changed:
        setattr(locked, field, values[field])
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    searched_before = (
        set(locked.kbli_codes.values_list("pk", flat=True)),
        set(locked.locations.values_list("pk", flat=True)),
    )
    searched_after = ({kbli.pk for kbli in kbli_codes}, {regency.pk for regency in locations})
    if searched_before != searched_after:
        locked.kbli_codes.set(kbli_codes)
        locked.locations.set(locations)
    _set_certifications(locked, certifications)
    if searched_before != searched_after or set(changed) & set(_SEARCHED_FIELDS):
        need_search_document_refresh(need_id=locked.pk)
    return locked


@transaction.atomic
def need_close(*, need: Need) -> Need:
    """The firm found its partners (or gave up): the need leaves the public lists."""
    locked = _locked(need)
    _refuse_unless_open(locked)
    locked.state = NeedState.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["state", "closed_at", "updated_at"])
    return locked


def may_reopen(need: Need) -> bool:
    return need.state == NeedState.CLOSED and need.deadline >= timezone.localdate()


@transaction.atomic
def need_reopen(*, need: Need) -> Need:
    """A need the firm closed, whose deadline has not passed, opens again.

    One past its deadline gets a new deadline by editing instead, once reopened; one an
    official removed stays removed.
    """
    locked = _locked(need)
    if locked.state == NeedState.REMOVED:
        _refuse_unless_open(locked)
    if not may_reopen(locked):
        raise NeedError(_("Only a closed need whose deadline has not passed can be opened again."))
    locked.state = NeedState.OPEN
    locked.closed_at = None
    locked.save(update_fields=["state", "closed_at", "updated_at"])
    return locked


@transaction.atomic
def need_remove(*, need: Need, official, reason: str) -> Need:
    """An official takes a need off the portal (moderation) and tells the firm why."""
    reason = (reason or "").strip()
    if not reason:
        raise NeedError(_("Give the reason for removing the need; the firm reads it."))
    locked = _locked(need)
    if locked.state == NeedState.REMOVED:
        raise NeedError(_("This need was already removed."))
    locked.state = NeedState.REMOVED
    locked.closed_at = timezone.now()
    locked.removal_reason = reason
    # The audit history records who removed it, also outside a request.
    locked._history_user = official
    locked.save(update_fields=["state", "closed_at", "removal_reason", "updated_at"])
    transaction.on_commit(lambda: send_need_removed(locked))
    return locked


def send_need_removed(need: Need) -> None:
    """E-mail the firm's representatives that an official removed one of its needs."""
    recipients = [
        email
        for email in need.firm.representatives.select_related("user").values_list(
            "user__email", flat=True
        )
        if email
    ]
    if not recipients:
        return
    # As the verification e-mails: in the portal's language.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "need": need,
            "firm": need.firm,
            "needs_url": f"{settings.SITE_URL}{reverse('firm_needs')}",
        }
        send_portal_email("need_removed", context, recipients)
