"""A small world for the hostile-input tests (tests/hardening/): two UMKM with their owners, two
firms with one representative each, and everything the public site's pages can be opened on,
written straight to the database.

``build_world(owner=..., representative=..., official=...)`` takes the shared actors of
tests/conftest.py and gives them:

- the owner a verified UMKM A (a product with a photo, a certification, a marketplace link);
- another owner a verified UMKM B, matched with nobody;
- the representative a verified firm F (an open need, an open invitation to a colleague);
- another representative a verified firm G;
- A and F an accepted interest (so a waiting match) and a pending one about F's need, a session
  open for registration (online, with a meeting link) to which both are invited, a held session
  where they met (both came), and a commitment with its signed statement (a PDF) and a pending
  realisation report with evidence.

Every private value (contacts, NIK, NPWP, the representatives' addresses, the commitment's
scope, the interest's message, the meeting link, the documents' URLs) is unique to this world,
so a test can look for it in any page: ``world.private`` says whose each one is and who may
read it.
"""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.urls import reverse
from phonenumbers import PhoneNumberFormat, format_number, parse

from partnerships.models import (
    Attendance,
    Certification,
    CertificationKind,
    Commitment,
    Firm,
    FirmInvitation,
    Interest,
    InterestState,
    InvitationAnswer,
    LinkKind,
    Match,
    Meeting,
    Need,
    Product,
    RealisationReport,
    SessionFormat,
    SessionState,
    Umkm,
    UmkmLink,
    VerificationState,
)
from portal.accounts.models import User
from tests.partnerships.factories import (
    PNG,
    make_firm,
    make_invitation,
    make_need,
    make_owner,
    make_representative,
    make_umkm,
    make_user,
    refresh_search_document,
)
from tests.partnerships.factories_commitments import make_commitment, make_report
from tests.partnerships.factories_queue import make_interest, make_match
from tests.partnerships.factories_sessions import (
    invitation_factory,
    meeting_factory,
    session_factory,
)

# A whole PDF as check_pdf wants it: the header first, the end-of-file marker last.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# The roles of the permission matrix, in the order its rows list their answers.
ANONYMOUS = "anonymous"
OWNER = "owner"
OTHER_OWNER = "other_owner"
REPRESENTATIVE = "representative"
OTHER_REPRESENTATIVE = "other_representative"
OFFICIAL = "official"
ROLES = (ANONYMOUS, OWNER, OTHER_OWNER, REPRESENTATIVE, OTHER_REPRESENTATIVE, OFFICIAL)


@dataclass(frozen=True)
class Secret:
    """A private value as pages may print it (any of ``forms``), and who may read it."""

    what: str
    forms: tuple[str, ...]
    readers: frozenset[str]


@dataclass
class World:
    users: dict[str, User | None]
    umkm: Umkm
    other_umkm: Umkm
    firm: Firm
    other_firm: Firm
    need: Need
    other_need: Need
    product: Product
    certification: Certification
    link: UmkmLink
    firm_invitation: FirmInvitation
    interest: Interest
    pending_interest: Interest
    match: Match
    open_session: object
    held_session: object
    meeting: Meeting
    commitment: Commitment
    report: RealisationReport
    private: list[Secret] = field(default_factory=list)

    @property
    def ids(self) -> dict[str, object]:
        """The placeholders of the matrix's paths."""
        return {
            "umkm": self.umkm.pk,
            "other_umkm": self.other_umkm.pk,
            "firm": self.firm.pk,
            "other_firm": self.other_firm.pk,
            "need": self.need.pk,
            "other_need": self.other_need.pk,
            "product": self.product.pk,
            "certification": self.certification.pk,
            "link": self.link.pk,
            "firm_invitation": self.firm_invitation.pk,
            "invitation_token": self.firm_invitation.token,
            "interest": self.interest.pk,
            "pending_interest": self.pending_interest.pk,
            "match": self.match.pk,
            "open_session": self.open_session.pk,
            "held_session": self.held_session.pk,
            "meeting": self.meeting.pk,
            "commitment": self.commitment.pk,
            "report": self.report.pk,
        }

    def secrets_hidden_from(self, role: str) -> list[Secret]:
        return [secret for secret in self.private if role not in secret.readers]


def phone_forms(e164: str) -> tuple[str, ...]:
    """How a template may print a phone number: +6281311112222, +62 813-1111-2222, 0813-..."""
    number = parse(e164)
    return (
        e164,
        format_number(number, PhoneNumberFormat.INTERNATIONAL),
        format_number(number, PhoneNumberFormat.NATIONAL),
    )


def _store(field_file, name: str, content: bytes) -> None:
    field_file.save(name, ContentFile(content), save=True)


def build_world(*, owner: User, representative: User, official: User) -> World:
    other_owner = make_owner("other.owner@umkm-b.test", name="Rina Marlina")
    other_representative = make_user(
        "buyer@firm-g.test", role=representative.role, name="Hendro Gunawan"
    )
    users = {
        ANONYMOUS: None,
        OWNER: owner,
        OTHER_OWNER: other_owner,
        REPRESENTATIVE: representative,
        OTHER_REPRESENTATIVE: other_representative,
        OFFICIAL: official,
    }

    umkm = make_umkm(
        owner=owner,
        state=VerificationState.VERIFIED,
        name="Keripik Pedas Amanah",
        phone="+6281311112222",
        email="amanah.rahasia@umkm-a.test",
        owner_nik="3273014501850001",
        npwp="0130006660911234",
        contacts_visible_to_firms=False,
    )
    other_umkm = make_umkm(
        owner=other_owner,
        state=VerificationState.VERIFIED,
        name="Batik Marlina",
        phone="+6285799998888",
        email="marlina.rahasia@umkm-b.test",
        owner_nik="3372015507900002",
        npwp="0130006660915678",
        contacts_visible_to_firms=False,
    )
    firm = make_firm(
        state=VerificationState.VERIFIED,
        name="PT Sinar Pangan Nusantara",
        npwp="0217654321098001",
        locations=["3273"],
    )
    make_representative(firm, user=representative, job_title="Procurement Manager")
    other_firm = make_firm(
        state=VerificationState.VERIFIED,
        name="PT Garuda Logam Perkasa",
        npwp="0317654321098002",
        locations=["3215"],
    )
    make_representative(other_firm, user=other_representative, job_title="Purchasing")

    product = Product(umkm=umkm, name="Keripik pedas", unit="kg", monthly_capacity=300)
    product.photo.save("keripik.png", ContentFile(PNG), save=False)
    product.thumbnail.save("keripik-thumb.png", ContentFile(PNG), save=False)
    product.save()
    certification = Certification.objects.create(
        umkm=umkm, kind=CertificationKind.HALAL, number="ID32110000999990521"
    )
    link = UmkmLink.objects.create(
        umkm=umkm, kind=LinkKind.MARKETPLACE, url="https://shopee.co.id/keripikamanah"
    )
    refresh_search_document(umkm)

    need = make_need(firm, title="Pasokan keripik pedas untuk kantin pabrik")
    other_need = make_need(other_firm, title="Komponen logam presisi")
    firm_invitation = make_invitation(firm, invited_by=representative, email="rekan@firm-f.test")

    match = make_match(umkm, firm)
    interest = make_interest(
        umkm,
        firm,
        state=InterestState.ACCEPTED,
        match=match,
        sent_by=representative,
        message="Pesan rahasia H7: kami ingin bermitra.",
    )
    pending_interest = make_interest(umkm, firm, need=need, sent_by=representative)

    open_session = session_factory(
        format=SessionFormat.ONLINE, meeting_link="https://meet.example.test/rahasia-h7"
    )
    invitation_factory(open_session, umkm)
    invitation_factory(open_session, firm)
    held_session = session_factory(days_ahead=-7, state=SessionState.HELD)
    meeting = meeting_factory(
        held_session, match, attendance=Attendance.BOTH_CAME, recorded_by=official
    )
    for party in (umkm, firm):
        invitation_factory(held_session, party, answer=InvitationAnswer.CONFIRMED)

    commitment = make_commitment(
        umkm=umkm, firm=firm, scope="Lingkup rahasia H7: 500 kg keripik pedas per bulan."
    )
    _store(commitment.statement_document, "pernyataan.pdf", PDF)
    report = make_report(commitment, reported_by=owner)
    _store(report.evidence, "surat-jalan.pdf", PDF)

    a_side = frozenset({OWNER, OFFICIAL})
    a_contacts = frozenset({OWNER, REPRESENTATIVE, OFFICIAL})  # F matched with A
    b_side = frozenset({OTHER_OWNER, OFFICIAL})
    f_side = frozenset({REPRESENTATIVE, OFFICIAL})
    f_contacts = frozenset({REPRESENTATIVE, OWNER, OFFICIAL})  # A matched with F
    g_side = frozenset({OTHER_REPRESENTATIVE, OFFICIAL})
    parties = frozenset({OWNER, REPRESENTATIVE, OFFICIAL})
    world = World(
        users=users,
        umkm=umkm,
        other_umkm=other_umkm,
        firm=firm,
        other_firm=other_firm,
        need=need,
        other_need=other_need,
        product=product,
        certification=certification,
        link=link,
        firm_invitation=firm_invitation,
        interest=interest,
        pending_interest=pending_interest,
        match=match,
        open_session=open_session,
        held_session=held_session,
        meeting=meeting,
        commitment=commitment,
        report=report,
    )
    statement_url = reverse("commitment_document", args=[commitment.pk, "statement"])
    evidence_url = reverse("realisation_evidence", args=[report.pk])
    world.private = [
        Secret("A's phone", phone_forms("+6281311112222"), a_contacts),
        Secret("A's e-mail", (umkm.email,), a_contacts),
        Secret("A's owner's NIK", (umkm.owner_nik,), a_side),
        Secret("A's NPWP", (umkm.npwp,), a_side),
        Secret("A's owner's account", (owner.email,), a_side),
        Secret("B's phone", phone_forms("+6285799998888"), b_side),
        Secret("B's e-mail", (other_umkm.email,), b_side),
        Secret("B's owner's NIK", (other_umkm.owner_nik,), b_side),
        Secret("B's NPWP", (other_umkm.npwp,), b_side),
        Secret("B's owner's account", (other_owner.email,), b_side),
        Secret("F's NPWP", (firm.npwp,), f_side),
        Secret("F's representative's e-mail", (representative.email,), f_contacts),
        Secret("F's invitation to a colleague", (firm_invitation.email,), f_side),
        Secret("G's NPWP", (other_firm.npwp,), g_side),
        Secret("G's representative's e-mail", (other_representative.email,), g_side),
        Secret("the interest's message", ("Pesan rahasia H7",), parties),
        Secret("the commitment's scope", ("Lingkup rahasia H7",), parties),
        Secret("the statement's URL", (statement_url,), parties),
        Secret("the evidence's URL", (evidence_url,), parties),
        Secret("the session's meeting link", (open_session.meeting_link,), parties),
    ]
    return world
