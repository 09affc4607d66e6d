"""The officials' admin for the domain, one module per concept."""

from partnerships.admin import kbli, regions  # noqa: F401  (registers the ModelAdmins)
