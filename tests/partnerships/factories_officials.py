"""One of every domain record in a regency, for the officials' scope and permission tests."""

from dataclasses import dataclass
from datetime import date

from partnerships.models import (
    Certification,
    CertificationKind,
    Firm,
    FirmInvitation,
    FirmRepresentative,
    LinkKind,
    Need,
    Product,
    Umkm,
    UmkmLink,
    VerificationState,
)
from tests.partnerships.factories import (
    make_firm,
    make_invitation,
    make_need,
    make_representative,
    make_umkm,
    regency,
)


@dataclass
class Records:
    umkm: Umkm
    product: Product
    certification: Certification
    link: UmkmLink
    firm: Firm
    representative: FirmRepresentative
    invitation: FirmInvitation
    need: Need

    def by_model(self) -> dict[str, object]:
        return {
            record._meta.model_name: record
            for record in (
                self.umkm,
                self.product,
                self.certification,
                self.link,
                self.firm,
                self.representative,
                self.invitation,
                self.need,
            )
        }


def make_records(regency_code: str = "3273", name: str = "Bandung") -> Records:
    """An UMKM and a firm awaiting verification in ``regency_code``, with their parts, and a
    need of the firm that wants supply there too; names carry ``name`` to find them in pages."""
    umkm = make_umkm(
        name=f"Keripik {name}",
        state=VerificationState.SUBMITTED,
        regency=regency(regency_code),
    )
    firm = make_firm(
        name=f"PT Pabrik {name}", state=VerificationState.SUBMITTED, locations=[regency_code]
    )
    return Records(
        umkm=umkm,
        product=Product.objects.create(
            umkm=umkm, name=f"Keripik tempe {name}", unit="kg", monthly_capacity=100
        ),
        certification=Certification.objects.create(
            umkm=umkm,
            kind=CertificationKind.HALAL,
            number=f"HALAL-{name}",
            expires_on=date(2030, 1, 1),
        ),
        link=UmkmLink.objects.create(
            umkm=umkm, kind=LinkKind.WEBSITE, url=f"https://{name.lower()}.example.test"
        ),
        firm=firm,
        representative=make_representative(firm, job_title=f"Buyer {name}"),
        invitation=make_invitation(firm, email=f"colleague@{name.lower()}.example.test"),
        need=make_need(firm, locations=[regency_code], title=f"Pasokan {name}"),
    )
