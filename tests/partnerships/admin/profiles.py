"""Profiles as the admin tests meet them, and what the admin's change form sends back.

The officials' admin is mostly about the verification queue, so a profile here awaits
verification unless ``state`` says otherwise, and a firm has the representative who applied
for it (the decision e-mails go to them). Everything else is the shared factories'.
"""

from partnerships.models import Firm, Umkm, VerificationState
from tests.partnerships import factories


def make_umkm(
    name: str = "Kopi Tanjung Pura", *, state: str = VerificationState.SUBMITTED, **fields
) -> Umkm:
    return factories.make_umkm(name=name, state=state, **fields)


def make_firm(
    name: str = "PT Sinar Karawang Industri", *, state: str = VerificationState.SUBMITTED, **fields
) -> Firm:
    firm = factories.make_firm(name=name, state=state, **fields)
    factories.make_representative(firm)
    return firm


def change_form_data(response) -> dict:
    """What the admin's change form would send back unchanged, inlines included."""
    data = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = "" if value is None else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data
