"""The domain's models, one module per concept; import them from here."""

from partnerships.models.assisted_registration import ClaimCode
from partnerships.models.commitments import (
    MAX_COMMITMENT_VALUE,
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    PartnershipRating,
    PartySide,
    RealisationEvent,
    RealisationReport,
    ReportState,
    SizeClassChange,
)
from partnerships.models.duplicates import DuplicateCandidate, DuplicateState
from partnerships.models.firms import (
    Firm,
    FirmInvitation,
    FirmRepresentative,
    InvestmentType,
)
from partnerships.models.interests import (
    DECLINE_REASON_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    Interest,
    InterestDirection,
    InterestState,
)
from partnerships.models.kbli import KbliCode, KbliLevel, KbliVersion
from partnerships.models.matches import Match, QueueState
from partnerships.models.needs import Need, NeedPeriod, NeedState, RequiredCertification
from partnerships.models.officials import OfficialProvince
from partnerships.models.patterns import PartnershipPattern
from partnerships.models.products import Product
from partnerships.models.programme_settings import ProgrammeSettings
from partnerships.models.regions import Province, Regency, RegencyKind
from partnerships.models.reminders import Reminder, ReminderKind
from partnerships.models.sessions import (
    Attendance,
    BridgingSession,
    InvitationAnswer,
    Meeting,
    MeetingOutcome,
    SessionFormat,
    SessionInvitation,
    SessionScope,
    SessionState,
)
from partnerships.models.umkm import (
    Certification,
    CertificationKind,
    LegalForm,
    LinkKind,
    Umkm,
    UmkmLink,
)
from partnerships.models.verification import VerificationState

__all__ = [
    "DECLINE_REASON_MAX_LENGTH",
    "MAX_COMMITMENT_VALUE",
    "MESSAGE_MAX_LENGTH",
    "Attendance",
    "BridgingSession",
    "Certification",
    "CertificationKind",
    "ClaimCode",
    "Commitment",
    "CommitmentFollowUp",
    "CommitmentStage",
    "DuplicateCandidate",
    "DuplicateState",
    "Firm",
    "FirmInvitation",
    "FirmRepresentative",
    "Interest",
    "InterestDirection",
    "InterestState",
    "InvestmentType",
    "InvitationAnswer",
    "KbliCode",
    "KbliLevel",
    "KbliVersion",
    "LegalForm",
    "LinkKind",
    "Match",
    "Meeting",
    "MeetingOutcome",
    "Need",
    "NeedPeriod",
    "NeedState",
    "OfficialProvince",
    "PartnershipPattern",
    "PartnershipRating",
    "PartySide",
    "Product",
    "ProgrammeSettings",
    "Province",
    "QueueState",
    "RealisationEvent",
    "RealisationReport",
    "Regency",
    "RegencyKind",
    "Reminder",
    "ReminderKind",
    "ReportState",
    "RequiredCertification",
    "SessionFormat",
    "SessionInvitation",
    "SessionScope",
    "SessionState",
    "SizeClassChange",
    "Umkm",
    "UmkmLink",
    "VerificationState",
]
