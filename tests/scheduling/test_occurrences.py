"""Occurrences of time exceptions in the company's local time, across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from scheduling.occurrences import Window, exception_windows, local_moment

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
H = dt.timedelta(hours=1)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def windows(from_date, to_date, from_time, to_time, days=()):
    return exception_windows(
        from_date=from_date,
        to_date=to_date,
        from_time=from_time,
        to_time=to_time,
        days_of_week=days,
        tz=STOCKHOLM,
    )


def test_non_recurring_runs_from_first_date_and_time_to_last_date_and_time():
    assert windows(dt.date(2026, 6, 1), dt.date(2026, 6, 3), 12 * H, 9 * H) == [
        Window(utc(2026, 6, 1, 10), utc(2026, 6, 3, 7))
    ]


def test_non_recurring_whole_days_end_at_midnight_after_the_last_day():
    assert windows(dt.date(2026, 1, 5), dt.date(2026, 1, 6), 0 * H, 24 * H) == [
        Window(utc(2026, 1, 4, 23), utc(2026, 1, 6, 23))
    ]


def test_recurring_only_on_the_given_weekdays_between_the_dates():
    got = windows(dt.date(2026, 1, 1), dt.date(2026, 1, 14), 10 * H, 12 * H, days=(1, 3))
    # 2026-01-05 and 2026-01-12 are Mondays, 2026-01-07 and 2026-01-14 Wednesdays.
    assert [w.start for w in got] == [
        utc(2026, 1, 5, 9),
        utc(2026, 1, 7, 9),
        utc(2026, 1, 12, 9),
        utc(2026, 1, 14, 9),
    ]
    assert all(w.end - w.start == 2 * H for w in got)


def test_recurring_with_no_matching_day_has_no_occurrence():
    assert windows(dt.date(2026, 1, 5), dt.date(2026, 1, 6), 10 * H, 12 * H, days=(7,)) == []


def test_spring_change_keeps_local_wall_clock_times():
    # Sundays 10:00-12:00; Stockholm moves to summer time on Sunday 2026-03-29.
    got = windows(dt.date(2026, 3, 22), dt.date(2026, 4, 5), 10 * H, 12 * H, days=(7,))
    assert got == [
        Window(utc(2026, 3, 22, 9), utc(2026, 3, 22, 11)),
        Window(utc(2026, 3, 29, 8), utc(2026, 3, 29, 10)),
        Window(utc(2026, 4, 5, 8), utc(2026, 4, 5, 10)),
    ]


def test_autumn_change_keeps_local_wall_clock_times():
    # Stockholm returns to winter time on Sunday 2026-10-25.
    got = windows(dt.date(2026, 10, 18), dt.date(2026, 11, 1), 10 * H, 12 * H, days=(7,))
    assert got == [
        Window(utc(2026, 10, 18, 8), utc(2026, 10, 18, 10)),
        Window(utc(2026, 10, 25, 9), utc(2026, 10, 25, 11)),
        Window(utc(2026, 11, 1, 9), utc(2026, 11, 1, 11)),
    ]


def test_the_night_of_a_change_is_an_hour_shorter_or_longer():
    spring = windows(dt.date(2026, 3, 29), dt.date(2026, 3, 29), 1 * H, 4 * H, days=(7,))
    autumn = windows(dt.date(2026, 10, 25), dt.date(2026, 10, 25), 1 * H, 4 * H, days=(7,))
    assert spring == [Window(utc(2026, 3, 29, 0), utc(2026, 3, 29, 2))]
    assert autumn == [Window(utc(2026, 10, 24, 23), utc(2026, 10, 25, 3))]


def test_a_time_in_the_spring_gap_uses_the_offset_before_the_change():
    assert local_moment(dt.date(2026, 3, 29), dt.timedelta(hours=2, minutes=30), STOCKHOLM) == utc(
        2026, 3, 29, 1, 30
    )


def test_an_ambiguous_autumn_time_is_its_first_occurrence():
    assert local_moment(dt.date(2026, 10, 25), dt.timedelta(hours=2, minutes=30), STOCKHOLM) == utc(
        2026, 10, 25, 0, 30
    )


def test_twenty_four_hundred_is_midnight_of_the_next_day():
    assert local_moment(dt.date(2026, 3, 28), 24 * H, STOCKHOLM) == utc(2026, 3, 28, 23)
