"""The officials' admin for the domain, one module per concept."""

from partnerships.admin import (  # noqa: F401  (registers the ModelAdmins)
    assisted_registration,
    commitments,
    duplicates,
    firms,
    kbli,
    matchmaking,
    needs,
    products,
    regions,
    reminders,
    sessions,
    umkm,
)
