"""The Nu HTML Checker (vnu-jar, pinned in package.json) finds no error in the HTML that the
server sends for any page of the inventory, in Indonesian and English. All pages go through
one run of the checker (one JVM), and each page's errors are reported by its own test."""

import pytest

from tests.quality import page_inventory as inventory
from tests.quality.checks import vnu_errors
from tests.quality.conftest import LANGUAGES

HTML_PAGES = [entry for entry in inventory.PAGES if entry.is_html]

# What the checker finds in markup that Django's admin draws itself (Django 5.2), and why it is
# Django's: on admin pages, an error inside a <select> whose opening tag carries this class.
DJANGO_AUTOCOMPLETE = 'class="admin-autocomplete"'
DJANGO_AUTOCOMPLETE_REASON = (
    "Django's AutocompleteSelect (autocomplete_fields) renders only the chosen option, plus an "
    "empty one when the field may be blank, and lets select2 fetch the rest: a required one "
    "with nothing chosen has no option at all, one with a choice has no empty first option, "
    "and the blank option has no text, against HTML's rules for <select> and <option>"
)


def in_django_autocomplete(html: str, line: int) -> bool:
    """Whether line `line` (from 1) of `html` is inside Django's autocomplete <select>."""
    lines = html.splitlines()
    for number in range(min(line, len(lines)) - 1, -1, -1):
        if "<select" in lines[number]:
            return DJANGO_AUTOCOMPLETE in lines[number]
        if "</select>" in lines[number] and number < line - 1:
            return False  # the error lies after a select that has closed
    return False


@pytest.fixture(scope="module")
def html_errors(contexts, quality_server) -> dict[str, list]:
    documents = {}
    for entry in HTML_PAGES:
        for language in LANGUAGES:
            # The context's language sets Accept-Language, which the admin's pages follow.
            client = contexts.page(entry.role, "desktop", language).context.request
            url = entry.url(quality_server.ids, language)
            response = client.get(url, max_redirects=0)
            assert response.status == entry.status, url
            documents[f"{entry.id}\t{url}"] = response.text()
    errors = vnu_errors(documents)
    # Every error belongs to a page it was given, so none is lost to a misread file name.
    assert set(errors) <= set(documents), sorted(set(errors) - set(documents))
    return {
        name: [
            error
            for error in found
            if not (
                name.split("\t")[1].startswith("/admin/")
                and in_django_autocomplete(documents[name], error.line)
            )
        ]
        for name, found in errors.items()
    }


@pytest.mark.parametrize("entry", HTML_PAGES, ids=lambda entry: entry.id)
def test_each_page_is_valid_html(entry, html_errors, quality_server):
    found = [
        f"{name.split(chr(9))[1]} {error}"
        for name, errors in html_errors.items()
        if name.split("\t", 1)[0] == entry.id
        for error in errors
    ]
    assert not found, "\n".join(found)
