"""Wire fields shared by every serializer.

- TimeSpanField: .NET TimeSpan; XSD duration out (`PT10H30M`, `PT0S`), in: XSD, `10:30`,
  `10:30:00`, `1.02:03:04` (days.hh:mm:ss).
- DateTimeField: ISO 8601, plus the ServiceStack client's `/Date(ms)/` and `/Date(ms+0100)/`.
- ListField / IntegerListField: a list from JSON/JSV lists or from a query string `[a,b]` / `a,b`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from rest_framework import serializers

_XSD_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_CLOCK = re.compile(
    r"^(?P<sign>-)?(?:(?P<days>\d+)\.)?(?P<hours>\d{1,2}):(?P<minutes>\d{2})(?::(?P<seconds>\d{2}(?:\.\d+)?))?$"
)
_WCF_DATE = re.compile(r"^\\?/Date\((?P<ms>-?\d+)(?P<offset>[+-]\d{4})?\)\\?/$")


def parse_timespan(value: Any) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, dt.time):
        return dt.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    text = str(value).strip()
    match = _XSD_DURATION.match(text) if text.upper().startswith(("P", "-P")) else None
    if match and text not in ("P", "PT"):
        parts = {k: float(v) for k, v in match.groupdict().items() if v and k != "sign"}
        delta = dt.timedelta(**parts)
        return -delta if match["sign"] else delta
    match = _CLOCK.match(text)
    if match:
        delta = dt.timedelta(
            days=int(match["days"] or 0),
            hours=int(match["hours"]),
            minutes=int(match["minutes"]),
            seconds=float(match["seconds"] or 0),
        )
        return -delta if match["sign"] else delta
    raise ValueError(f"'{value}' is not a TimeSpan: use an XSD duration (PT10H30M) or hh:mm[:ss].")


def format_timespan(value: dt.timedelta | dt.time | None) -> str | None:
    """XSD duration as ServiceStack writes TimeSpan: `PT0S`, `PT10H`, `PT1H30M`, `P1DT2H`."""
    if value is None:
        return None
    if isinstance(value, dt.time):
        value = dt.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    total = value.total_seconds()
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    out = f"{sign}P"
    if days:
        out += f"{int(days)}D"
    time_part = ""
    if hours:
        time_part += f"{int(hours)}H"
    if minutes:
        time_part += f"{int(minutes)}M"
    if seconds or (not days and not time_part):
        time_part += f"{seconds:g}S"
    if time_part:
        out += "T" + time_part
    return out


class TimeSpanField(serializers.Field):
    default_error_messages = {"invalid": "'{value}' is not a TimeSpan: use an XSD duration or hh:mm[:ss]."}

    def to_internal_value(self, data: Any) -> dt.timedelta:
        try:
            return parse_timespan(data)
        except (ValueError, TypeError, OverflowError):
            self.fail("invalid", value=data)

    def to_representation(self, value: Any) -> str | None:
        return format_timespan(value)


class TimeOfDayField(TimeSpanField):
    """A TimeSpan on the wire that is a time of day in the model (0 <= value <= 24h)."""

    default_error_messages = {
        "invalid": "'{value}' is not a TimeSpan: use an XSD duration or hh:mm[:ss].",
        "range": "A time of day must be between 00:00 and 24:00.",
    }

    def to_internal_value(self, data: Any) -> dt.timedelta:
        value = super().to_internal_value(data)
        if value < dt.timedelta(0) or value > dt.timedelta(hours=24):
            self.fail("range")
        return value


def parse_wcf_date(text: str) -> dt.datetime | None:
    match = _WCF_DATE.match(text.strip())
    if not match:
        return None
    moment = dt.datetime.fromtimestamp(int(match["ms"]) / 1000, tz=dt.UTC)
    if match["offset"]:
        sign = 1 if match["offset"][0] == "+" else -1
        offset = dt.timedelta(hours=int(match["offset"][1:3]), minutes=int(match["offset"][3:5]))
        moment = moment.astimezone(dt.timezone(sign * offset))
    return moment


class DateTimeField(serializers.DateTimeField):
    """ISO 8601 or `/Date(ms)/`; output ISO 8601 with offset."""

    def to_internal_value(self, value: Any) -> dt.datetime:
        if isinstance(value, str):
            parsed = parse_wcf_date(value)
            if parsed is not None:
                return parsed
        return super().to_internal_value(value)


class DateField(serializers.DateField):
    """A date; accepts a full date-time too (its date part), as the original's `Date` fields do."""

    def to_internal_value(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            parsed = parse_wcf_date(value)
            if parsed is not None:
                return parsed.date()
            text = value.strip()
            if len(text) > 10 and text[4:5] == "-" and text[10:11] in ("T", " "):
                try:
                    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
                except ValueError:
                    pass
                else:
                    if timezone.is_aware(moment):
                        moment = timezone.localtime(moment, timezone.get_current_timezone())
                    return moment.date()
        return super().to_internal_value(value)


def split_list(value: Any) -> Any:
    """`[a,b]`, `a,b` (query string) -> ['a', 'b']; lists pass through."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        if not text:
            return []
        return [item.strip().strip('"') for item in text.split(",")]
    return value


class ListField(serializers.ListField):
    def to_internal_value(self, data: Any) -> list:
        return super().to_internal_value(split_list(data))


INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1  # the original's int[] are .NET Int32


class IntegerListField(ListField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.IntegerField(min_value=INT32_MIN, max_value=INT32_MAX))
        super().__init__(**kwargs)
