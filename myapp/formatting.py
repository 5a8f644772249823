"""How people read figures and times: money, local times, changed words.

Pure functions (services may use them in messages) plus the template filters
that wrap them, registered once for every page and e-mail.
"""

import difflib
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from markupsafe import Markup, escape

WORDS = re.compile(r"\s+|[^\s]+")


def money(cents: int | None, currency: str = "EUR") -> str:
    """4900, "EUR" → "49.00 EUR" (integer arithmetic, never floats)."""
    return f"{amount(cents, grouped=True)} {currency}"


def amount(cents: int | None, grouped: bool = False) -> str:
    """4900 → "49.00", as a form shows it and the API writes it (no currency)."""
    cents = int(cents or 0)
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{part:02d}" if grouped else f"{sign}{whole}.{part:02d}"


def site_zone() -> ZoneInfo:
    """SITE_TIMEZONE (an IANA name such as Europe/Berlin); UTC when unset."""
    return ZoneInfo(current_app.config.get("SITE_TIMEZONE") or "UTC")


def to_local(moment: datetime | None) -> datetime | None:
    """A stored naive-UTC time as the site's wall-clock time."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(site_zone())


def from_local(moment: datetime) -> datetime:
    """A wall-clock time typed in the site's zone as naive UTC, as stored."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=site_zone())
    return moment.astimezone(UTC).replace(tzinfo=None)


def local_input(moment: datetime | None) -> str:
    """A stored time as a datetime-local form value in the site's zone."""
    local = to_local(moment)
    return local.strftime("%Y-%m-%dT%H:%M") if local else ""


def utc_from_input(value: str | None) -> str | None:
    """A datetime-local value typed in the site's zone, as UTC ISO 8601.

    Anything unreadable is passed on unchanged for the schema to refuse.
    """
    try:
        typed = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return value
    return from_local(typed).isoformat() + "+00:00"


def local_time(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time in the site's zone with the zone's short name: "14:05 CET"."""
    local = to_local(moment)
    if local is None:
        return "—"
    return f"{local.strftime(pattern)} {local.tzname()}"


def local_date(moment: datetime | None) -> str:
    local = to_local(moment)
    return local.strftime("%Y-%m-%d") if local else "—"


def word_diff(old, new) -> tuple[Markup, Markup]:
    """Both versions of a text with only the changed words in <del> / <ins>."""
    before = WORDS.findall("" if old is None else str(old))
    after = WORDS.findall("" if new is None else str(new))
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        old_part = escape("".join(before[a1:a2]))
        new_part = escape("".join(after[b1:b2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(Markup("<del>%s</del>") % old_part)
        if new_part:
            right.append(Markup("<ins>%s</ins>") % new_part)
    return Markup("").join(left) or Markup("—"), Markup("").join(right) or Markup("—")


def register_filters(app: Flask) -> None:
    for name, function in (
        ("amount", amount),
        ("local_time", local_time),
        ("local_date", local_date),
        ("word_diff", word_diff),
    ):
        app.add_template_filter(function, name)
