"""The officials' admin for the domain, one module per concept."""

from partnerships.admin import (  # noqa: F401  (registers the ModelAdmins)
    firms,
    kbli,
    products,
    regions,
    umkm,
)
