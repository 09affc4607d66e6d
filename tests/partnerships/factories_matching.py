"""Factories for the recommendation tests: UMKM with what scoring looks at (KBLI codes,
certifications, products in units, export, size, meetings), many at a time, and firms with
their sectors and sites."""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from partnerships.business_size import BusinessSize, SizeCriterion
from partnerships.models import (
    Certification,
    Firm,
    Interest,
    InterestDirection,
    KbliCode,
    LegalForm,
    Match,
    Product,
    Regency,
    Umkm,
    VerificationState,
)
from partnerships.recommendations import (
    capacity_by_unit_of,
    certified_until_of,
    kbli_prefix_text,
)
from tests.partnerships.factories import make_firm, next_nib, verification_fields

_serial = itertools.count(1)

# Capital within each size class (PP 7/2021), so the stored class agrees with the figures.
CAPITAL = {
    BusinessSize.MICRO: 150_000_000,
    BusinessSize.SMALL: 2_000_000_000,
    BusinessSize.MEDIUM: 7_000_000_000,
}


@dataclass(frozen=True)
class UmkmSpec:
    """One UMKM as scoring sees it; ``place`` is a regency code."""

    place: str = "3273"
    kbli: tuple[str, ...] = ()
    certifications: tuple[tuple[str, date | None], ...] = ()
    products: tuple[tuple[str, int], ...] = ()  # (unit, monthly capacity)
    exporter: bool = False
    size: str = BusinessSize.MICRO
    met_a_firm: bool = False
    state: str = VerificationState.VERIFIED
    name: str = ""
    extra: dict = field(default_factory=dict)


def make_umkm_in_bulk(specs: Iterable[UmkmSpec]) -> list[Umkm]:
    """The UMKM of ``specs``, in a handful of queries, without owners' accounts (as an
    official's assisted registration leaves them). Meetings are with one firm made here."""
    specs = list(specs)
    regencies = {
        regency.code: regency
        for regency in Regency.objects.filter(code__in={spec.place for spec in specs})
    }
    codes = {
        code.code: code
        for code in KbliCode.objects.filter(code__in={c for spec in specs for c in spec.kbli})
    }
    rows = []
    for spec in specs:
        number = next(_serial)
        place = regencies[spec.place]
        rows.append(
            Umkm(
                name=spec.name or f"Usaha Contoh {number}",
                legal_form=LegalForm.INDIVIDUAL,
                nib=next_nib(),
                owner_name="Sri Wahyuni",
                province=place.province,
                regency=place,
                description="Usaha contoh untuk uji rekomendasi.",
                year_founded=2015,
                employees=4,
                capital=CAPITAL[spec.size],
                annual_sales=None,
                size_class=spec.size,
                size_criterion=SizeCriterion.CAPITAL,
                has_export_experience=spec.exporter,
                # As services.search_documents keeps it beside the codes written below.
                kbli_prefixes=kbli_prefix_text((codes[code].section, code) for code in spec.kbli),
                certified_until=certified_until_of(spec.certifications),
                capacity_by_unit=capacity_by_unit_of(spec.products),
                **verification_fields(spec.state),
                **spec.extra,
            )
        )
    umkm = Umkm.objects.bulk_create(rows)
    Umkm.kbli_codes.through.objects.bulk_create(
        Umkm.kbli_codes.through(umkm_id=item.pk, kblicode_id=codes[code].pk)
        for item, spec in zip(umkm, specs, strict=True)
        for code in dict.fromkeys(spec.kbli)
    )
    Certification.objects.bulk_create(
        Certification(umkm=item, kind=kind, number=f"C-{item.pk}-{n}", expires_on=expires_on)
        for item, spec in zip(umkm, specs, strict=True)
        for n, (kind, expires_on) in enumerate(spec.certifications)
    )
    Product.objects.bulk_create(
        Product(umkm=item, name=f"Produk {n}", unit=unit, monthly_capacity=capacity)
        for item, spec in zip(umkm, specs, strict=True)
        for n, (unit, capacity) in enumerate(spec.products)
    )
    met = [item for item, spec in zip(umkm, specs, strict=True) if spec.met_a_firm]
    if met:
        other = make_firm(state=VerificationState.VERIFIED, name="PT Mitra Lama")
        Match.objects.bulk_create(Match(umkm=item, firm=other, score=50) for item in met)
    return umkm


def make_matching_umkm(**fields) -> Umkm:
    """One UMKM of ``UmkmSpec(**fields)``."""
    return make_umkm_in_bulk([UmkmSpec(**fields)])[0]


def make_seeking_firm(
    *,
    sectors: Iterable[str] = ("10792",),
    locations: Iterable[str] = ("3215",),
    state: str = VerificationState.VERIFIED,
    **fields,
) -> Firm:
    """A firm with sectors (KBLI codes) and sites (regency codes): biscuits in Karawang."""
    firm = make_firm(state=state, locations=locations, **fields)
    firm.sectors.set(KbliCode.objects.filter(code__in=list(sectors)))
    return firm


def make_pending_interest(umkm: Umkm, firm: Firm, need=None, *, from_firm: bool = True):
    now = timezone.now()
    return Interest.objects.create(
        umkm=umkm,
        firm=firm,
        need=need,
        direction=InterestDirection.FROM_FIRM if from_firm else InterestDirection.FROM_UMKM,
        message="Kami tertarik bermitra.",
        sent_at=now,
        expires_at=now + timedelta(days=14),
    )


def make_waiting_match(umkm: Umkm, firm: Firm) -> Match:
    return Match.objects.create(umkm=umkm, firm=firm, score=70)
