"""Each check fails on a page with a planted flaw, and passes the same page without it: so a
green run means the checks looked, not that they could not see. The pages are in planted.py."""

import pytest

from tests.quality.checks import (
    FIRST_VISIT_BUDGET,
    axe_violations,
    described_errors,
    first_visit_transfers,
    focus_indicator,
    vnu_errors,
)
from tests.quality.conftest import LIGHTHOUSE_PLANTED_FLAW
from tests.quality.planted import html


@pytest.fixture
def page(quality_browser, planted_site):
    context = quality_browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def rules(violations: list[str]) -> set[str]:
    return {violation.split(" ", 1)[0] for violation in violations}


def test_axe_finds_an_image_without_alt_and_an_unlabeled_input(page, planted_site):
    page.goto(planted_site.url("clean"))
    assert axe_violations(page) == []
    page.goto(planted_site.url("image without alt"))
    assert "image-alt" in rules(axe_violations(page))
    page.goto(planted_site.url("unlabeled input"))
    assert "label" in rules(axe_violations(page))


def test_the_html_checker_finds_a_duplicate_id_and_an_image_without_alt():
    found = vnu_errors(
        {flaw: html(flaw) for flaw in ("clean", "duplicate id", "image without alt")}
    )
    assert "clean" not in found
    assert any("Duplicate ID" in error.message for error in found["duplicate id"])
    assert any("alt" in error.message for error in found["image without alt"])


def test_lighthouse_scores_an_image_without_alt_below_100_for_accessibility(lighthouse_reports):
    report = lighthouse_reports[LIGHTHOUSE_PLANTED_FLAW]
    assert report.scores["accessibility"] < 100
    assert "image-alt" in report.failed_audits["accessibility"]
    assert any(shortfall.startswith("accessibility") for shortfall in report.shortfalls())


def test_the_keyboard_check_sees_a_hidden_focus_and_an_error_left_unlinked(page, planted_site):
    page.goto(planted_site.url("clean"))
    page.keyboard.press("Tab")
    assert focus_indicator(page) != ""
    assert described_errors(page) == []
    page.goto(planted_site.url("focus hidden"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "name"
    assert focus_indicator(page) == ""
    page.goto(planted_site.url("error not described"))
    assert described_errors(page) == ["name"]


def test_the_weight_check_finds_a_page_over_200_kb(quality_browser, planted_site):
    def weight(flaw: str) -> int:
        context = quality_browser.new_context()
        try:
            return sum(
                t.bytes for t in first_visit_transfers(context.new_page(), planted_site.url(flaw))
            )
        finally:
            context.close()

    assert weight("clean") < FIRST_VISIT_BUDGET
    assert weight("heavy") > FIRST_VISIT_BUDGET
