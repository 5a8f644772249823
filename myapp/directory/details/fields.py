"""Schema fields for hours, links and location: one parser for forms and JSON.

The API sends hours as JSON (`{"mon": [["08:00", "12:00"]], ...}`); the form
sends one line per weekday ("08:00–12:00, 14:00–18:00" or "closed") and one
line per exception ("2026-12-24 closed Christmas Eve"). Both load through the
same fields into the canonical JSON stored on the listing.
"""

import json
import re
from datetime import date
from zoneinfo import available_timezones

from marshmallow import ValidationError, fields, validate, validates_schema

from myapp.directory.details import links as link_rules
from myapp.directory.details.hours import DAYS, SCHEMA_DAYS, span
from myapp.schemas import BaseSchema

TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
RANGE = re.compile(r"\s*(\d{1,2}:\d{2})\s*(?:-|–|—|to)\s*(\d{1,2}:\d{2})\s*")
EXCEPTION_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(.*)$")
LEADING_RANGES = re.compile(
    r"^((?:\d{1,2}:\d{2}\s*(?:-|–|—|to)\s*\d{1,2}:\d{2}\s*,?\s*)+)(.*)$"
)
NOTE_LEAD = " -–—:,"
MAX_RANGES = 6
MAX_EXCEPTIONS = 60
ZONES = frozenset(available_timezones())


def _time(text: str) -> str:
    match = TIME.match(text.strip())
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise ValidationError(f"“{text}” is not a time; write 08:00 or 17:30.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_ranges(value) -> list[list[str]]:
    """ "08:00–12:00, 14:00-18:00" or [["08:00", "12:00"], ...] → canonical pairs."""
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("", "closed", "-", "–"):
            return []
        pairs = []
        for part in text.split(","):
            match = RANGE.fullmatch(part)
            if not match:
                raise ValidationError(
                    f"“{part.strip()}” is not a range; write 08:00–12:00, or closed."
                )
            pairs.append([match.group(1), match.group(2)])
    elif isinstance(value, list):
        pairs = value
    else:
        raise ValidationError("A list of [opens, closes] pairs, or closed.")
    return check_ranges(pairs)


def check_ranges(pairs: list) -> list[list[str]]:
    if len(pairs) > MAX_RANGES:
        raise ValidationError(f"At most {MAX_RANGES} ranges a day.")
    clean = []
    for pair in pairs:
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            raise ValidationError("Each range is [opens, closes], e.g. 08:00–12:00.")
        if not all(isinstance(t, str) for t in pair):
            raise ValidationError("Times are strings such as 08:00.")
        start, end = _time(pair[0]), _time(pair[1])
        if start == "24:00":
            raise ValidationError("A range cannot open at 24:00; use 00:00.")
        if start == end:
            raise ValidationError(f"{start}–{end} is empty: opens and closes at once.")
        clean.append([start, end])
    clean.sort()
    spans = [span(p) for p in clean]
    for before, after, pair in zip(spans, spans[1:], clean[1:], strict=False):
        if after[0] < before[1]:
            raise ValidationError(f"{pair[0]}–{pair[1]} overlaps an earlier range.")
    if spans and spans[-1][1] - 1440 > spans[0][0]:
        raise ValidationError("A range past midnight runs into the same day's first.")
    return clean


class DayRanges(fields.Field):
    """One day's ranges: JSON pairs or the form's "08:00–12:00, 14:00–18:00"."""

    def _deserialize(self, value, attr, data, **kwargs):
        return parse_ranges(value)


def _exception_from_line(line: str) -> dict:
    match = EXCEPTION_LINE.match(line.strip())
    rest = match.group(2) if match else ""
    if rest.lower().startswith("closed"):
        return {
            "date": match.group(1),
            "closed": True,
            "note": rest[6:].lstrip(NOTE_LEAD),
        }
    ranges = LEADING_RANGES.match(rest)
    if not ranges:
        raise ValidationError(
            f"“{line.strip()}”: write 2026-12-24 closed, or 2026-12-31 10:00–14:00, "
            "then an optional note."
        )
    hours = ranges.group(1).strip().rstrip(",")
    return {
        "date": match.group(1),
        "hours": hours,
        "note": ranges.group(2).lstrip(NOTE_LEAD),
    }


def _exception(item) -> dict:
    if not isinstance(item, dict):
        raise ValidationError("Each exception is {date, closed or hours, note}.")
    try:
        day = date.fromisoformat(str(item.get("date", "")))
    except ValueError:
        raise ValidationError(
            f"“{item.get('date')}” is not a date; write 2026-12-24."
        ) from None
    note = str(item.get("note") or "").strip()
    if len(note) > 200:
        raise ValidationError("A note has at most 200 characters.")
    pairs = parse_ranges(item.get("hours"))
    if bool(item.get("closed")) == bool(pairs):
        raise ValidationError(f"{day}: say closed, or give its hours (not both).")
    clean = {"date": day.isoformat(), "closed": not pairs}
    if pairs:
        clean["hours"] = pairs
    if note:
        clean["note"] = note
    return clean


class Exceptions(fields.Field):
    """Dated exceptions: a JSON list, or the form's lines (one per date)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None:
            return []
        if isinstance(value, str):
            value = [
                _exception_from_line(line)
                for line in value.splitlines()
                if line.strip()
            ]
        if not isinstance(value, list):
            raise ValidationError("A list of exceptions.")
        if len(value) > MAX_EXCEPTIONS:
            raise ValidationError(f"At most {MAX_EXCEPTIONS} exceptions.")
        clean = sorted((_exception(item) for item in value), key=lambda e: e["date"])
        dates = [e["date"] for e in clean]
        if len(set(dates)) != len(dates):
            raise ValidationError("Each date once: one line per date.")
        return clean


class HoursIn(BaseSchema):
    """The week and its exceptions; a day left out or null is closed."""

    mon = DayRanges(allow_none=True)
    tue = DayRanges(allow_none=True)
    wed = DayRanges(allow_none=True)
    thu = DayRanges(allow_none=True)
    fri = DayRanges(allow_none=True)
    sat = DayRanges(allow_none=True)
    sun = DayRanges(allow_none=True)
    exceptions = Exceptions(allow_none=True, metadata={"multiline": True})

    @validates_schema
    def _no_overnight_clash(self, data, **kwargs):
        """Last night's late range must end before the next day's first opens."""
        for today, tomorrow in zip(DAYS, DAYS[1:] + DAYS[:1], strict=True):
            late = [span(p)[1] - 1440 for p in data.get(today) or ()]
            first = [span(p)[0] for p in data.get(tomorrow) or ()]
            if late and first and max(late) > min(first):
                raise ValidationError(
                    f"{SCHEMA_DAYS[today]}'s range past midnight runs into "
                    f"{SCHEMA_DAYS[tomorrow]}'s hours.",
                    tomorrow,
                )


def canonical_hours(data: dict | None) -> str | None:
    """Loaded hours → the stored JSON; no ranges and no exceptions → None."""
    if not data:
        return None
    clean = {day: data.get(day) or [] for day in DAYS}
    clean["exceptions"] = data.get("exceptions") or []
    if not any(clean.values()):
        return None
    return json.dumps(clean, separators=(",", ":"))


class Hours(fields.Nested):
    """Loads HoursIn and gives the canonical JSON string (or None)."""

    def __init__(self, **kwargs):
        super().__init__(HoursIn, allow_none=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None:
            return None
        return canonical_hours(super()._deserialize(value, attr, data, **kwargs))

    def _serialize(self, value, attr, obj, **kwargs):
        return json.loads(value) if value else None


# Social and contact links, one per network; each checked for its site.
LinksIn = BaseSchema.from_dict(
    {
        key: fields.String(
            allow_none=True,
            validate=[validate.Length(max=300), link_rules.validator(key)],
        )
        for key in link_rules.NETWORKS
    },
    name="LinksIn",
)


class Links(fields.Nested):
    """Loads LinksIn and gives the stored JSON ({network: url}) or None."""

    def __init__(self, **kwargs):
        super().__init__(LinksIn, allow_none=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None:
            return None
        loaded = super()._deserialize(value, attr, data, **kwargs)
        kept = {k: v.strip() for k, v in loaded.items() if v and v.strip()}
        return json.dumps(kept, sort_keys=True) if kept else None

    def _serialize(self, value, attr, obj, **kwargs):
        return json.loads(value) if value else None


class TimeZone(fields.String):
    """An IANA zone name; blank or null for the site's own."""

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if isinstance(value, str) and not value.strip():
            return None  # blank: before validators that expect a string
        return super().deserialize(value, attr, data, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        name = super()._deserialize(value, attr, data, **kwargs).strip()
        if name not in ZONES:
            raise ValidationError(
                f"“{name}” is not a time zone; write e.g. Europe/Paris."
            )
        return name
