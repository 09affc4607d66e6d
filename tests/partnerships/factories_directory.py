"""Factories for the public lists' tests: verified UMKM with their listed parts."""

from collections.abc import Iterable
from datetime import date

from partnerships.models import Certification, KbliCode, Product, Umkm, VerificationState
from tests.partnerships.factories import make_umkm, refresh_search_document, regency


def make_listed_umkm(
    *,
    place: str = "3273",
    kbli: Iterable[str] = (),
    certifications: Iterable[tuple[str, date | None]] = (),
    products: Iterable[tuple[str, str]] = (),
    thumbnail: bool = False,
    state: str = VerificationState.VERIFIED,
    **fields,
) -> Umkm:
    """A verified UMKM in the regency coded ``place`` (Kota Bandung unless told), with KBLI
    codes, (kind, expires_on) certifications and (name, description) products; ``thumbnail``
    gives its first product a thumbnail. Its search document is written."""
    umkm = make_umkm(state=state, regency=regency(place), **fields)
    if kbli:
        umkm.kbli_codes.set(KbliCode.objects.filter(version="2020", code__in=kbli))
    for number, (kind, expires_on) in enumerate(certifications):
        Certification.objects.create(
            umkm=umkm, kind=kind, number=f"CERT-{umkm.pk}-{number}", expires_on=expires_on
        )
    for index, (name, description) in enumerate(products):
        Product.objects.create(
            umkm=umkm,
            name=name,
            description=description,
            unit="kg",
            monthly_capacity=100,
            thumbnail="products/thumb.png" if thumbnail and index == 0 else "",
        )
    return refresh_search_document(umkm)
