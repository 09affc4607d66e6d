"""Sending a completed profile to the officials for verification."""

from django.db.models import Count

from partnerships.business_size import BusinessSize
from partnerships.models import Firm, Umkm
from partnerships.profile_progress import Progress, firm_progress, umkm_progress
from partnerships.services.duplicates import duplicate_candidates_find
from partnerships.services.verification import VerificationError, profile_submit


class SubmissionRefused(VerificationError):
    def __init__(self, message: str, progress: Progress | None = None):
        super().__init__(message)
        self.progress = progress


def umkm_progress_for(umkm: Umkm | None) -> Progress:
    if umkm is None:
        return umkm_progress(
            has_profile=False, kbli_count=0, product_count=0, certification_count=0, link_count=0
        )
    counts = Umkm.objects.filter(pk=umkm.pk).aggregate(
        kbli=Count("kbli_codes", distinct=True),
        products=Count("products", distinct=True),
        certifications=Count("certifications", distinct=True),
        links=Count("links", distinct=True),
    )
    return umkm_progress(
        has_profile=True,
        kbli_count=counts["kbli"],
        product_count=counts["products"],
        certification_count=counts["certifications"],
        link_count=counts["links"],
    )


def firm_progress_for(firm: Firm | None) -> Progress:
    if firm is None:
        return firm_progress(has_profile=False, sector_count=0, location_count=0)
    counts = Firm.objects.filter(pk=firm.pk).aggregate(
        sectors=Count("sectors", distinct=True), locations=Count("locations", distinct=True)
    )
    return firm_progress(
        has_profile=True, sector_count=counts["sectors"], location_count=counts["locations"]
    )


def umkm_submit(*, umkm: Umkm) -> Umkm:
    progress = umkm_progress_for(umkm)
    if not progress.is_complete:
        raise SubmissionRefused("The profile is not complete.", progress)
    if umkm.size_class == BusinessSize.LARGE:
        raise SubmissionRefused("A large business cannot register as an UMKM.", progress)
    submitted = profile_submit(profile=umkm)
    # Officials review possible duplicates (similar name, same regency) beside the queue.
    duplicate_candidates_find(umkm=submitted)
    return submitted


def firm_submit(*, firm: Firm) -> Firm:
    progress = firm_progress_for(firm)
    if not progress.is_complete:
        raise SubmissionRefused("The profile is not complete.", progress)
    return profile_submit(profile=firm)
