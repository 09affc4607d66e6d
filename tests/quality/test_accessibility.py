"""axe-core on every page of the inventory, at phone and desktop sizes, in Indonesian and
English: no violation of impact serious or critical, no error in the console while the page
loads (a Content-Security-Policy violation shows there), and on the portal's own pages nothing
that scrolls sideways on a phone."""

import pytest

from tests.quality import page_inventory as inventory
from tests.quality.checks import axe_violations, sideways_overflow

# Each page at both sizes in Indonesian, the default language of UMKM owners on their phones,
# and in English on a desktop, where the English readers work (foreign firms' representatives,
# officials): every page is seen at both sizes and in both languages, in three runs rather
# than four, to keep CI's time (the English phone run found nothing the other three did not).
# Add ("en", "phone") to run the full product.
VARIANTS = (("id", "phone"), ("id", "desktop"), ("en", "desktop"))
HTML_PAGES = [entry for entry in inventory.PAGES if entry.is_html]

# What axe-core finds in markup that Django's admin draws itself (Django 5.2), and why it is
# Django's: (rules, the element it happens inside, reason). On admin pages only; everything
# else there, including all that our admin templates add, must pass.
DJANGO_ADMIN_VIOLATIONS = (
    (
        frozenset({"label", "select-name", "label-title-only"}),
        ".inline-group .tabular",
        "Django's TabularInline (admin/edit_inline/tabular.html) names each column once, in "
        "the table's <th>, and draws the fields of each row without a <label>; screen readers "
        "announce the column heading, which axe-core does not count as a name",
    ),
    (
        frozenset({"aria-input-field-name", "label", "list"}),
        ".select2-container",
        "select2 4.0, which Django vendors for autocomplete_fields, gives its combobox and its "
        "inline search box no accessible name (it points aria-labelledby at the empty "
        "selection) and puts <span>s straight inside the <ul> of chosen items",
    ),
    (
        frozenset({"label"}),
        "p.datetime",
        "Django's AdminSplitDateTime (admin/widgets/split_datetime.html) writes 'Date:' and "
        "'Time:' as plain text, and the field's <label> points at the date input only, so the "
        "time input has no label",
    ),
    (
        frozenset({"scrollable-region-focusable"}),
        ".inline-group",
        "Django's responsive.css lets an inline's table scroll sideways inside its "
        ".inline-group on a narrow screen without making the group focusable; on an add page, "
        "with no row to edit yet, nothing inside it takes the focus",
    ),
)
ADMIN_EXCUSES = tuple((rules, selector) for rules, selector, _reason in DJANGO_ADMIN_VIOLATIONS)


def problems_on(page, entry, url: str, *, phone: bool) -> list[str]:
    page.console_errors.clear()
    response = page.goto(url)
    found = []
    if response is None or response.status != entry.status:
        found.append(f"answered {response and response.status}, not {entry.status}")
    # Read before axe runs: axe-core's own probes (it draws test elements with inline styles
    # in a scratch document on some pages) trip the CSP too, and are not the page's doing.
    own_status = f"the server responded with a status of {entry.status}"
    found += [
        f"console: {message}"
        for message in page.console_errors
        if not (entry.status >= 400 and own_status in message)
    ]
    found += axe_violations(page, ADMIN_EXCUSES if entry.is_admin else ())
    if phone and not entry.is_admin and (overflow := sideways_overflow(page)) > 0:
        found.append(f"the page scrolls {overflow}px sideways")
    return found


@pytest.mark.parametrize("entry", HTML_PAGES, ids=lambda entry: entry.id)
def test_each_page_passes_axe_at_both_sizes_and_in_both_languages(entry, contexts, quality_server):
    problems = []
    for language, viewport in VARIANTS:
        url = entry.url(quality_server.ids, language)
        page = contexts.page(entry.role, viewport, language)
        found = problems_on(page, entry, url, phone=viewport == "phone")
        problems += [f"{language} {viewport} {url}: {problem}" for problem in found]
    assert not problems, "\n".join(problems)
