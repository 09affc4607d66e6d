"""The stored search documents of UMKM and needs: one text per row that search matches, and
each UMKM's KBLI prefixes and certifications' last valid days, on which recommendations match.

Whatever writes a part of the document (the profile, products, KBLI codes, a need) calls the
refresh here inside its own transaction; PostgreSQL indexes the text for full-text search with
the `indonesian` configuration (migration 0006), SQLite matches it with LIKE.
"""

from django.db.models import Prefetch

from partnerships.models import Certification, KbliCode, Need, Product, Umkm
from partnerships.recommendations import (
    capacity_by_unit_of,
    certified_until_of,
    kbli_prefix_text,
)


def _join(parts) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _kbli_titles(codes) -> list[str]:
    # Both languages, so an English visitor's words find the code as well.
    return [f"{code.code} {code.title_id} {code.title_en}" for code in codes]


def umkm_search_text(umkm: Umkm) -> str:
    """The document of an UMKM whose products and KBLI codes are loaded (or loadable)."""
    return _join(
        [
            umkm.name,
            umkm.description,
            umkm.export_notes,
            *[_join([product.name, product.description]) for product in umkm.products.all()],
            *_kbli_titles(umkm.kbli_codes.all()),
            umkm.regency.name,
            umkm.province.name,
        ]
    )


def need_search_text(need: Need) -> str:
    return _join(
        [
            need.title,
            need.description,
            need.firm.name,
            *_kbli_titles(need.kbli_codes.all()),
            *[regency.name for regency in need.locations.all()],
        ]
    )


def umkm_search_document_refresh(*, umkm_id: int) -> None:
    """Rewrite what an UMKM's row keeps of its parts: the search document, and the KBLI
    prefixes, the certifications' last valid days and the capacity by unit that
    recommendations match on."""
    umkm = (
        Umkm.objects.select_related("province", "regency")
        .prefetch_related(
            Prefetch(
                "products",
                queryset=Product.objects.only(
                    "umkm_id", "name", "description", "unit", "monthly_capacity"
                ),
            ),
            Prefetch(
                "kbli_codes",
                queryset=KbliCode.objects.only("section", "code", "title_id", "title_en"),
            ),
        )
        .get(pk=umkm_id)
    )
    Umkm.objects.filter(pk=umkm_id).update(
        search_text=umkm_search_text(umkm),
        kbli_prefixes=kbli_prefix_text((code.section, code.code) for code in umkm.kbli_codes.all()),
        certified_until=certified_until_of(
            Certification.objects.filter(umkm_id=umkm_id).values_list("kind", "expires_on")
        ),
        capacity_by_unit=capacity_by_unit_of(
            (product.unit, product.monthly_capacity) for product in umkm.products.all()
        ),
    )


def need_search_document_refresh(*, need_id: int) -> None:
    need = (
        Need.objects.select_related("firm")
        .prefetch_related("kbli_codes", "locations")
        .get(pk=need_id)
    )
    Need.objects.filter(pk=need_id).update(search_text=need_search_text(need))
