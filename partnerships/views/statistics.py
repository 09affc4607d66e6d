"""/statistics/: the programme's public figures, with a chart and a table for each breakdown.

Public and without personal data (see partnerships.statistics). Never cached on the server, so
a commitment recorded a moment ago shows at once; shared caches (a CDN, a proxy) may keep an
anonymous visitor's copy for five minutes, while browsers ask again on every visit.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerships.charts import BarChart, bar_chart
from partnerships.statistics import NaikKelas, Row, programme_statistics
from portal.money import format_rupiah_words

SHARED_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Breakdown:
    """One section of the page: its heading, what it counts, the chart and the table's rows."""

    id: str
    title: str
    note: str
    label_heading: str
    caption: str
    rows: tuple[Row, ...]
    chart: BarChart


def _value_chart(rows: tuple[Row, ...], language: str) -> BarChart:
    return bar_chart(
        (row.label, row.value, format_rupiah_words(row.value, language)) for row in rows
    )


def _naik_kelas_chart(naik_kelas: NaikKelas) -> BarChart:
    return bar_chart(
        (capfirst(move.label), move.umkm, number_format(move.umkm, force_grouping=True))
        for move in naik_kelas.moves
    )


def _breakdowns(statistics, language: str) -> list[Breakdown]:
    sections = [
        (
            "province",
            _("By province"),
            _("Where the UMKM is, largest value first."),
            _("Province"),
            _("Commitments and their value by the UMKM's province"),
            statistics.by_province,
        ),
        (
            "sector",
            _("By sector (KBLI section)"),
            _(
                "Each commitment counts once, under the UMKM's main line of business: the KBLI "
                "2020 section of its lowest KBLI code. UMKM that gave no code are “not stated”."
            ),
            _("KBLI section"),
            _("Commitments and their value by the UMKM's main KBLI section"),
            statistics.by_section,
        ),
        (
            "pattern",
            _("By partnership pattern"),
            _("The partnership pattern of PP 7/2021 that the parties signed."),
            _("Partnership pattern"),
            _("Commitments and their value by partnership pattern"),
            statistics.by_pattern,
        ),
        (
            "month",
            _("By month signed"),
            _("The month the statement of commitment was signed, oldest first."),
            _("Month"),
            _("Commitments and their value by month signed"),
            statistics.by_month,
        ),
    ]
    return [
        Breakdown(
            id=id_,
            title=title,
            note=note,
            label_heading=label_heading,
            caption=caption,
            rows=rows,
            chart=_value_chart(rows, language),
        )
        for id_, title, note, label_heading, caption, rows in sections
    ]


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    figures = programme_statistics()
    language = get_language() or "id"
    response = render(
        request,
        "partnerships/statistics/statistics.html",
        {
            "statistics": figures,
            "headline": figures.headline,
            "breakdowns": _breakdowns(figures, language),
            "naik_kelas": figures.naik_kelas,
            "naik_kelas_chart": _naik_kelas_chart(figures.naik_kelas),
        },
    )
    if request.user.is_authenticated:
        # The page carries the signed-in menu (and its sign-out form): for this browser only.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_CACHE_SECONDS)
    return response
