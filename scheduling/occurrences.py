"""When a time exception blocks time: its occurrences as UTC windows.

Times of day are the company's local wall-clock times, so a weekly 10:00-12:00 exception is
09:00-11:00 UTC in Stockholm's winter and 08:00-10:00 UTC in summer. A wall-clock time that does
not exist (the spring gap) resolves with the offset before the change (fold=0), and an ambiguous
one (the autumn repeat) to its first occurrence, as zoneinfo does.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

DAY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Window:
    start: dt.datetime  # aware, UTC
    end: dt.datetime  # aware, UTC, after start


def local_moment(day: dt.date, time_of_day: dt.timedelta, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """`day` at `time_of_day` (0..24h) local wall-clock time, as an aware UTC datetime."""
    extra_days, rest = divmod(time_of_day, DAY)
    day = day + dt.timedelta(days=extra_days)
    seconds = int(rest.total_seconds())
    naive = dt.datetime.combine(day, dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60))
    return naive.replace(tzinfo=tz).astimezone(dt.UTC)


def exception_windows(
    *,
    from_date: dt.date,
    to_date: dt.date,
    from_time: dt.timedelta,
    to_time: dt.timedelta,
    days_of_week: list[int] | tuple[int, ...],
    tz: zoneinfo.ZoneInfo,
) -> list[Window]:
    """Without days: one span from from_date at from_time to to_date at to_time. With days
    (1 = Monday .. 7 = Sunday): each such day between the dates, from from_time to to_time."""
    if not days_of_week:
        start = local_moment(from_date, from_time, tz)
        end = local_moment(to_date, to_time, tz)
        return [Window(start, end)] if end > start else []
    wanted = set(days_of_week)
    windows: list[Window] = []
    day = from_date
    while day <= to_date:
        if day.isoweekday() in wanted:
            start = local_moment(day, from_time, tz)
            end = local_moment(day, to_time, tz)
            if end > start:
                windows.append(Window(start, end))
        day += dt.timedelta(days=1)
    return windows
