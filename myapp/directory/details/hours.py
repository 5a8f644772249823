"""Opening hours: the stored shape, "open now" and the next change, schema.org.

Hours are stored on the listing as canonical JSON::

    {"mon": [["08:00", "12:00"], ["14:00", "18:00"]], "tue": [], ...,
     "exceptions": [{"date": "2026-12-24", "closed": true, "note": "..."},
                    {"date": "2026-12-31", "hours": [["10:00", "14:00"]]}]}

A range whose end is not after its start runs past midnight ("22:00"–"02:00")
and belongs to the day it starts on; "24:00" ends a day. A dated exception
replaces the ranges that start on that date. Times are wall-clock times in
the listing's zone, so a daylight-saving change moves them with the clock.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from myapp.database import utcnow
from myapp.formatting import site_zone

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(
    zip(DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True)
)
SCHEMA_DAYS = dict(
    zip(
        DAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
LOOKAHEAD_DAYS = 15  # far enough to step over a fortnight of closures
WEEK = timedelta(days=7)


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def span(pair) -> tuple[int, int]:
    """["22:00", "02:00"] → (1320, 1560): minutes after the day's midnight."""
    start, end = minutes(pair[0]), minutes(pair[1])
    return start, end if end > start else end + 1440


def load(listing) -> dict | None:
    return json.loads(listing.hours) if listing.hours else None


def zone_name(listing) -> str:
    return listing.time_zone or site_zone().key


def zone(listing) -> ZoneInfo:
    return ZoneInfo(zone_name(listing))


def ranges_on(hours: dict, day: date) -> list[tuple[int, int]]:
    """The spans that start on this local date (an exception replaces the week)."""
    for exception in hours.get("exceptions", ()):
        if exception["date"] == day.isoformat():
            return [span(p) for p in exception.get("hours", ())]
    return [span(p) for p in hours.get(DAYS[day.weekday()], ())]


def exception_on(hours: dict, day: date) -> dict | None:
    return next(
        (e for e in hours.get("exceptions", ()) if e["date"] == day.isoformat()), None
    )


def _utc(day: date, minute: int, tz: ZoneInfo) -> datetime:
    """A wall-clock minute of a local day as naive UTC (a time in a spring gap
    is read as the instant the clock jumps past)."""
    local = datetime.combine(day + timedelta(days=minute // 1440), time(), tz)
    local = local.replace(hour=minute % 1440 // 60, minute=minute % 60)
    return local.astimezone(UTC).replace(tzinfo=None)


def intervals(
    hours: dict, tz: ZoneInfo, now: datetime
) -> list[tuple[datetime, datetime]]:
    """Open intervals in naive UTC from the day before `now` on, merged."""
    today = now.replace(tzinfo=UTC).astimezone(tz).date()
    found = []
    for offset in range(-1, LOOKAHEAD_DAYS):
        day = today + timedelta(days=offset)
        found += [
            (_utc(day, s, tz), _utc(day, e, tz)) for s, e in ranges_on(hours, day)
        ]
    merged: list[list[datetime]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged if s < e]


@dataclass
class OpenState:
    """Open or closed at `now`, and when that changes (naive UTC, or None)."""

    is_open: bool
    changes_at: datetime | None
    local_change: datetime | None  # the same moment on the listing's clock
    now_local: datetime

    @property
    def label(self) -> str:
        """ "Open now · closes 18:00" / "Closed · opens Mon 08:00"."""
        if self.is_open:
            soon = self.changes_at and self.local_change - self.now_local < WEEK
            return "Open now" + (f" · closes {self._when()}" if soon else "")
        return "Closed" + (f" · opens {self._when()}" if self.changes_at else "")

    def _when(self) -> str:
        moment = self.local_change
        clock = moment.strftime("%H:%M")
        if moment.date() == self.now_local.date():
            return clock
        return f"{DAY_NAMES[DAYS[moment.weekday()]]} {clock}"


def open_state(listing, now: datetime | None = None) -> OpenState | None:
    """The listing's state at `now` (naive UTC; the app's clock by default)."""
    hours = load(listing)
    if hours is None:
        return None
    now, tz = now or utcnow(), zone(listing)
    local_now = now.replace(tzinfo=UTC).astimezone(tz)
    for start, end in intervals(hours, tz, now):
        if start <= now < end:
            return OpenState(True, end, _local(end, tz), local_now)
        if start > now:
            return OpenState(False, start, _local(start, tz), local_now)
    return OpenState(False, None, None, local_now)


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(tz)


def next_change(listing, now: datetime | None = None) -> datetime | None:
    """When the listing next opens or closes (naive UTC): its page's cache bound."""
    state = open_state(listing, now)
    return state.changes_at if state else None


def week(listing) -> list[dict]:
    """The week for the page: [{"day": "Mon", "key": "mon", "ranges": [...]}]."""
    hours = load(listing) or {}
    return [
        {"day": DAY_NAMES[key], "key": key, "ranges": hours.get(key, [])}
        for key in DAYS
    ]


def upcoming_exceptions(listing, now: datetime | None = None) -> list[dict]:
    """Exceptions from today (the listing's date) on, in date order."""
    hours = load(listing) or {}
    today = _local(now or utcnow(), zone(listing)).date().isoformat()
    return sorted(
        (e for e in hours.get("exceptions", ()) if e["date"] >= today),
        key=lambda e: e["date"],
    )


def _spec(days, pair=None, **extra) -> dict:
    spec = {"@type": "OpeningHoursSpecification", **extra}
    if days is not None:
        spec["dayOfWeek"] = days
    if pair is None:  # closed all day: schema.org's 00:00–00:00
        spec.update(opens="00:00", closes="00:00")
    else:
        spec.update(opens=pair[0], closes="23:59" if pair[1] == "24:00" else pair[1])
    return spec


def opening_hours_specification(listing) -> list[dict]:
    """schema.org OpeningHoursSpecification dicts: the week, then each exception
    as a spec valid on its date only (closed days as opens = closes = 00:00)."""
    hours = load(listing)
    if hours is None:
        return []
    specs = [
        _spec(f"https://schema.org/{SCHEMA_DAYS[key]}", pair)
        for key in DAYS
        for pair in hours.get(key, ())
    ]
    for exception in sorted(hours.get("exceptions", ()), key=lambda e: e["date"]):
        dated = {"validFrom": exception["date"], "validThrough": exception["date"]}
        pairs = exception.get("hours") or [None]
        specs += [_spec(None, pair, **dated) for pair in pairs]
    return specs
