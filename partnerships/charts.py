"""Horizontal bar charts as plain geometry, for SVG drawn on the server (no script, no CDN).

``bar_chart(items)`` turns (label, amount, amount text) triples into the coordinates that
templates/partnerships/statistics/_bar_chart.html draws: one row per item, its label and the
amount's text on a line, the bar under it, the longest bar as wide as the chart. The chart
scales with its viewBox (width 100%), so it reads on a phone as on a desktop; the table beside
it carries the exact numbers, so the drawing itself is hidden from screen readers.

Coordinates are strings: templates localise numbers ("12,5" in Indonesian), and SVG needs "12.5".
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

WIDTH = 400
ROW_HEIGHT = 40
BAR_HEIGHT = 12
LABEL_BASELINE = 15  # from the top of a row
BAR_TOP = 21
# Beyond this many characters a label is cut with "…" (the table has it in full): with the
# amount's text on the same line, longer labels would overrun the chart.
MAX_LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    label: str
    amount_text: str
    label_y: str
    bar_y: str
    bar_width: str


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: str
    height: str
    bar_height: str

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def shorten(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    return label[: limit - 1].rstrip(" ,·-") + "…"


def _coordinate(number: int | Decimal) -> str:
    return format(Decimal(number).normalize(), "f")


def bar_chart(items: Iterable[tuple[str, int, str]]) -> BarChart:
    """One bar per (label, amount, amount text), in the order given; amounts are ints >= 0."""
    items = list(items)
    largest = max((amount for _, amount, _ in items), default=0)
    bars = []
    for index, (label, amount, amount_text) in enumerate(items):
        top = index * ROW_HEIGHT
        width = Decimal(0)
        if largest > 0 and amount > 0:
            width = (Decimal(amount) * WIDTH / Decimal(largest)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            width = max(width, Decimal(1))  # something to see for a tiny share
        bars.append(
            Bar(
                label=shorten(label),
                amount_text=amount_text,
                label_y=_coordinate(top + LABEL_BASELINE),
                bar_y=_coordinate(top + BAR_TOP),
                bar_width=_coordinate(width),
            )
        )
    return BarChart(
        bars=tuple(bars),
        width=_coordinate(WIDTH),
        height=_coordinate(max(len(bars), 1) * ROW_HEIGHT),
        bar_height=_coordinate(BAR_HEIGHT),
    )
