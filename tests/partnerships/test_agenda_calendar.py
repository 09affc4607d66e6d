"""The agenda's iCalendar file, built from plain data: no database."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from partnerships.agenda_calendar import AgendaEvent, agenda_filename, build_agenda_calendar

JAKARTA = ZoneInfo("Asia/Jakarta")
STAMP = datetime.datetime(2021, 1, 10, 3, 0, tzinfo=datetime.UTC)


def _event(number: int, start: datetime.datetime, minutes: int = 30, **fields) -> AgendaEvent:
    return AgendaEvent(
        **{
            "uid": f"meeting-{number}@kemitraan.example.test",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(minutes=minutes),
            "summary": f"Pertemuan dengan PT Mitra {number}",
            "location": "Gedung BKPM, Jakarta — meja 2",
            "description": "Sesi Temu Usaha Januari\nhttps://kemitraan.example.test/firms/1/",
            **fields,
        }
    )


def _parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_each_meeting_becomes_one_event_at_its_time_in_jakarta():
    start = datetime.datetime(2021, 1, 18, 9, 0, tzinfo=JAKARTA)
    data = build_agenda_calendar(
        [_event(1, start), _event(2, start + datetime.timedelta(minutes=30))],
        name="Agenda",
        uid="agenda-1-umkm-5@kemitraan.example.test",
        stamp=STAMP,
    )
    events = _parse(data).events
    assert [str(event["UID"]) for event in events] == [
        "meeting-1@kemitraan.example.test",
        "meeting-2@kemitraan.example.test",
    ]
    first = events[0]
    assert first.start == start
    assert first.end == datetime.datetime(2021, 1, 18, 9, 30, tzinfo=JAKARTA)
    assert first.start.astimezone(JAKARTA).hour == 9
    assert str(first["SUMMARY"]) == "Pertemuan dengan PT Mitra 1"
    assert "meja 2" in str(first["LOCATION"])
    assert "https://kemitraan.example.test/firms/1/" in str(first["DESCRIPTION"])


def test_the_times_carry_the_jakarta_zone_with_its_definition():
    start = datetime.datetime(2021, 1, 18, 13, 0, tzinfo=JAKARTA)
    data = build_agenda_calendar([_event(1, start)], name="A", uid="a@x", stamp=STAMP)
    text = data.decode()
    assert "DTSTART;TZID=Asia/Jakarta:20210118T130000" in text
    calendar = _parse(data)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_a_time_given_in_another_zone_is_written_as_jakarta_time():
    start_utc = datetime.datetime(2021, 1, 18, 2, 0, tzinfo=datetime.UTC)
    data = build_agenda_calendar([_event(1, start_utc)], name="A", uid="a@x", stamp=STAMP)
    assert "DTSTART;TZID=Asia/Jakarta:20210118T090000" in data.decode()


def test_an_empty_agenda_is_still_a_valid_calendar():
    calendar = _parse(build_agenda_calendar([], name="A", uid="a@x", stamp=STAMP))
    assert calendar.events == []
    assert str(calendar["PRODID"]).startswith("-//BKPM//")


def test_naive_times_are_refused():
    naive = datetime.datetime(2021, 1, 18, 9, 0, tzinfo=JAKARTA).replace(tzinfo=None)
    with pytest.raises(ValueError, match="aware"):
        build_agenda_calendar([_event(1, naive)], name="A", uid="a@x", stamp=STAMP)
    with pytest.raises(ValueError, match="aware"):
        build_agenda_calendar([], name="A", uid="a@x", stamp=naive)


def test_the_file_name_is_safe_and_dated():
    assert (
        agenda_filename("Sesi Temu Usaha: Jawa Barat / Januari", datetime.date(2021, 1, 18))
        == "agenda-2021-01-18-sesi-temu-usaha-jawa-barat-januari.ics"
    )
    assert agenda_filename("«»", datetime.date(2021, 1, 18)) == "agenda-2021-01-18.ics"


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80
).filter(lambda text: text.strip() == text and text)


@given(
    day=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2045, 12, 31)),
    minute_of_day=st.integers(min_value=0, max_value=24 * 60 - 121),
    minutes=st.integers(min_value=5, max_value=120),
    summary=texts,
    location=texts,
    description=texts,
)
def test_any_meeting_parses_back_unchanged(
    day, minute_of_day, minutes, summary, location, description
):
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=JAKARTA) + datetime.timedelta(
        minutes=minute_of_day
    )
    event = _event(7, start, minutes, summary=summary, location=location, description=description)
    parsed = _parse(build_agenda_calendar([event], name="A", uid="a@x", stamp=STAMP)).events
    assert len(parsed) == 1
    assert parsed[0].start == start
    assert parsed[0].end - parsed[0].start == datetime.timedelta(minutes=minutes)
    assert str(parsed[0]["SUMMARY"]) == summary
    assert str(parsed[0]["LOCATION"]) == location
    assert str(parsed[0]["DESCRIPTION"]) == description
