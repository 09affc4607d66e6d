"""A party's agenda of a bridging session as an iCalendar file (RFC 5545), from plain data.

The view turns meetings into ``AgendaEvent`` values; this module knows nothing of the database,
so it is tested alone. Times stay in the session's time zone (Asia/Jakarta, WIB) with its
VTIMEZONE, so a calendar shows 09:00 as the portal does, wherever the reader's device is set.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODUCT_ID = "-//BKPM//Kemitraan portal//ID"
TIME_ZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class AgendaEvent:
    """One meeting. ``uid`` must stay the same for the same meeting, so that importing the
    file again updates the event (e.g. after a move) instead of adding a second one."""

    uid: str
    starts_at: datetime.datetime  # aware
    ends_at: datetime.datetime  # aware
    summary: str
    location: str
    description: str
    url: str = ""


def build_agenda_calendar(
    events: Iterable[AgendaEvent],
    *,
    name: str,
    uid: str,
    stamp: datetime.datetime,
    time_zone: str = TIME_ZONE,
) -> bytes:
    """The calendar named ``name`` holding ``events``, as UTF-8 bytes; ``stamp`` (aware) is when
    it was made (every event's DTSTAMP)."""
    if stamp.tzinfo is None:
        raise ValueError("The stamp must be an aware datetime.")
    zone = ZoneInfo(time_zone)
    calendar = Calendar.new(prodid=PRODUCT_ID, name=name, uid=uid, method="PUBLISH")
    days = []
    for event in events:
        if event.starts_at.tzinfo is None or event.ends_at.tzinfo is None:
            raise ValueError("Event times must be aware datetimes.")
        starts_at, ends_at = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
        days.append(starts_at.date())
        calendar.add_component(
            Event.new(
                uid=event.uid,
                start=starts_at,
                end=ends_at,
                stamp=stamp.astimezone(datetime.UTC),
                summary=event.summary,
                location=event.location or None,
                description=event.description or None,
                url=event.url or None,
            )
        )
    if days:
        # The VTIMEZONE covers the events' years (icalendar's default stops in 2038).
        calendar.add_missing_timezones(
            first_date=datetime.date(min(days).year - 1, 1, 1),
            last_date=datetime.date(max(days).year + 1, 12, 31),
        )
    return calendar.to_ical()


def agenda_filename(title: str, date: datetime.date) -> str:
    """A safe file name for the download: ``agenda-2021-01-18-sesi-temu-usaha.ics``."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50].rstrip("-")
    return f"agenda-{date:%Y-%m-%d}{'-' + slug if slug else ''}.ics"
