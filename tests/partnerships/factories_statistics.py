"""Records the programme statistics count: commitments placed in a province, a sector and a
month, and UMKM that moved up a size class.

``commitment_in(...)`` is ``make_commitment()`` for a new verified UMKM in the regency coded
``regency`` whose KBLI codes are ``kbli`` (KBLI 2020 codes, any level); ``moved_up(umkm, ...)``
records a naik kelas.
"""

from datetime import date

from partnerships.business_size import BusinessSize, SizeCriterion
from partnerships.models import (
    Commitment,
    KbliCode,
    SizeClassChange,
    Umkm,
    VerificationState,
)
from tests.partnerships.factories import make_umkm, regency
from tests.partnerships.factories_commitments import make_commitment


def umkm_in(regency_code: str = "3273", kbli: tuple[str, ...] = (), **overrides) -> Umkm:
    umkm = make_umkm(state=VerificationState.VERIFIED, regency=regency(regency_code), **overrides)
    if kbli:
        umkm.kbli_codes.set(KbliCode.objects.filter(version="2020", code__in=kbli))
    return umkm


def commitment_in(
    regency_code: str = "3273", kbli: tuple[str, ...] = (), **overrides
) -> Commitment:
    if "umkm" not in overrides:
        overrides["umkm"] = umkm_in(regency_code, kbli)
    return make_commitment(**overrides)


def moved_up(
    umkm: Umkm,
    from_class: str = BusinessSize.MICRO,
    to_class: str = BusinessSize.SMALL,
    *,
    changed_on: date | None = None,
    commitment: Commitment | None = None,
) -> SizeClassChange:
    return SizeClassChange.objects.create(
        umkm=umkm,
        commitment=commitment,
        from_class=from_class,
        to_class=to_class,
        criterion=SizeCriterion.ANNUAL_SALES,
        changed_on=changed_on or date(2022, 6, 30),
    )
