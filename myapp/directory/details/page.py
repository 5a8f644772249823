"""What a listing page shows of hours, links and location, and how long it may
be kept: its cache entry goes at the next opening or closing."""

import json

from myapp.directory import bp
from myapp.directory.details import hours, links
from myapp.page_cache import until


def osm_url(listing) -> str | None:
    if listing.latitude is None or listing.longitude is None:
        return None
    lat, lon = f"{listing.latitude:.6f}", f"{listing.longitude:.6f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def details_context(listing) -> dict:
    """Template values for the hours and contact partials of the listing page."""
    state = hours.open_state(listing)
    if state is not None and listing.is_public:
        until(state.changes_at)
    return {
        "open_state": state,
        "week": hours.week(listing) if state else [],
        "today_key": hours.DAYS[state.now_local.weekday()] if state else None,
        "exceptions": hours.upcoming_exceptions(listing) if state else [],
        "time_zone": hours.zone_name(listing),
        "social_links": links.shown(listing),
        "osm_url": osm_url(listing),
    }


@bp.app_template_filter("day_text")
def day_text(listing, key: str) -> str:
    """A weekday's ranges as the form writes them ("08:00–12:00, 14:00–18:00")."""
    stored = hours.load(listing)
    if stored is None:
        return ""
    return day_ranges(stored.get(key, ())) or "closed"


@bp.app_template_filter("exceptions_text")
def exceptions_text(listing) -> str:
    """The exceptions as the form's lines ("2026-12-24 closed Christmas Eve")."""
    lines = []
    for item in (hours.load(listing) or {}).get("exceptions", ()):
        what = "closed" if item.get("closed") else day_ranges(item.get("hours", ()))
        lines.append(f"{item['date']} {what} {item.get('note', '')}".strip())
    return "\n".join(lines)


def day_ranges(pairs) -> str:
    return ", ".join(f"{a}–{b}" for a, b in pairs)


@bp.app_template_filter("link_of")
def link_of(listing, key: str) -> str:
    return next((x["url"] for x in links.shown(listing) if x["key"] == key), "")


@bp.app_template_global("social_networks")
def social_networks() -> list[tuple[str, str]]:
    return [(key, name) for key, (name, _) in links.NETWORKS.items()]


@bp.app_template_filter("detail_text")
def detail_text(value, field: str):
    """Stored hours or links as a person reads them (the review diff); other
    fields' values unchanged."""
    if not value or field not in ("hours", "links"):
        return value
    stored = json.loads(value)
    if field == "links":
        names = {key: name for key, name in social_networks()}
        return "; ".join(f"{names.get(k, k)} {url}" for k, url in stored.items())
    week = [
        f"{hours.DAY_NAMES[key]} {day_ranges(stored.get(key, ())) or 'closed'}"
        for key in hours.DAYS
    ]
    dated = [
        f"{e['date']} {'closed' if e.get('closed') else day_ranges(e['hours'])}"
        + (f" {e['note']}" if e.get("note") else "")
        for e in stored.get("exceptions", ())
    ]
    return "; ".join(week + dated)
