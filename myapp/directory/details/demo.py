"""Demo hours, links and places: the showcase listings, and the generated ones
(a mix of weeks and zones, so "open now" has something to find at any hour)."""

import json

from myapp.directory.details.fields import HoursIn, canonical_hours

BAKERY_WEEK = {
    "tue": "07:00–13:00, 15:00–18:30",  # a split day
    "wed": "07:00–13:00, 15:00–18:30",
    "thu": "07:00–13:00, 15:00–18:30",
    "fri": "07:00–18:30",
    "sat": "07:00–14:00",
    "sun": "08:00–12:00",
    "mon": "closed",  # a closed day
    "exceptions": "2026-12-24 07:00–12:00 Christmas Eve: bread only\n"
    "2026-12-25 closed Christmas Day\n"
    "2027-01-01 closed New Year's Day",
}
SHOWCASE = {
    "crumb-and-crust": {
        "hours": BAKERY_WEEK,
        "time_zone": "Europe/Brussels",
        "latitude": 51.054342,
        "longitude": 3.717424,
        "show_email": True,
        "links": {
            "instagram": "https://www.instagram.com/crumbandcrust",
            "facebook": "https://www.facebook.com/crumbandcrust",
            "mastodon": "https://mastodon.social/@crumbandcrust",
        },
    },
    "northside-roasters": {
        "hours": {
            "mon": "07:30–17:00",
            "tue": "07:30–17:00",
            "wed": "07:30–17:00",
            "thu": "07:30–17:00",
            "fri": "07:30–22:00",
            "sat": "09:00–17:00",
            "exceptions": "2026-12-26 closed Boxing Day",
        },
        "time_zone": "Europe/London",
        "latitude": 53.800755,
        "longitude": -1.549077,
        "links": {"instagram": "https://www.instagram.com/northsideroasters"},
    },
    "paper-lantern-books": {
        "hours": {d: "10:00–18:00" for d in ("tue", "wed", "thu", "fri", "sat")}
        | {"thu": "10:00–21:00", "exceptions": "2026-12-31 10:00–15:00 Short day"},
        "time_zone": "Europe/London",
        "latitude": 51.454513,
        "longitude": -2.58791,
        "show_email": True,
    },
    "harbour-view-hotel": {
        "hours": {
            d: "00:00–24:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        },
        "time_zone": "Europe/Lisbon",
        "latitude": 41.140278,
        "longitude": -8.611389,
    },
}
WEEKS = (
    {d: "09:00–17:00" for d in ("mon", "tue", "wed", "thu", "fri")},
    {d: "08:00–12:00, 14:00–18:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat")},
    {d: "18:00–01:00" for d in ("wed", "thu", "fri", "sat")},
    {d: "10:00–20:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
)
ZONES = (None, None, None, "Europe/Paris", "America/New_York", "Asia/Tokyo")


def _loaded(details: dict) -> dict:
    out = dict(details)
    out["hours"] = canonical_hours(HoursIn().load(details["hours"]))
    if "links" in details:
        out["links"] = json.dumps(details["links"], sort_keys=True)
    return out


def showcase_details(site: str) -> dict:
    """Listing fields for a showcase site (hours as stored), or {}."""
    return _loaded(SHOWCASE[site]) if site in SHOWCASE else {}


_WEEKS_STORED: list[str] = []


def generated_details(rng, n: int) -> dict:
    """Hours and zone for a generated listing: four in five have hours."""
    if not _WEEKS_STORED:
        _WEEKS_STORED.extend(canonical_hours(HoursIn().load(w)) for w in WEEKS)
    if n % 5 == 4:
        return {"hours": None, "time_zone": None}
    return {"hours": rng.choice(_WEEKS_STORED), "time_zone": rng.choice(ZONES)}
