"""Opening hours: the schema, "open now" in each listing's zone, the cached page."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from marshmallow import ValidationError
from sqlalchemy import select

from myapp import database
from myapp.directory.details import hours, open_now
from myapp.directory.details.fields import HoursIn, canonical_hours
from myapp.directory.details.models import ListingHour
from myapp.directory.models import Listing
from tests.factories import make_listing
from tests.pages import BROWSER, text

WEEKDAYS = {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def stored(data: dict) -> str:
    return canonical_hours(HoursIn().load(data))


def set_clock(clock, moment: datetime) -> None:
    """Put the app's clock at `moment` (aware, any zone)."""
    target = moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    clock.offset = target - database.system_clock()


def utc(local: str, zone: str) -> datetime:
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def test_form_lines_and_json_load_the_same_hours():
    form = HoursIn().load(
        {
            "mon": "08:00–12:00, 14:00-18:00",
            "tue": "closed",
            "fri": "22:00 to 02:00",
            "exceptions": "2026-12-24 closed Christmas Eve\n"
            "2026-12-31 10:00–14:00 New Year's Eve",
        }
    )
    as_json = HoursIn().load(
        {
            "mon": [["14:00", "18:00"], ["8:00", "12:00"]],
            "fri": [["22:00", "02:00"]],
            "exceptions": [
                {
                    "date": "2026-12-31",
                    "hours": [["10:00", "14:00"]],
                    "note": "New Year's Eve",
                },
                {"date": "2026-12-24", "closed": True, "note": "Christmas Eve"},
            ],
        }
    )
    assert canonical_hours(form) == canonical_hours(as_json)
    assert json.loads(canonical_hours(form))["mon"] == [
        ["08:00", "12:00"],
        ["14:00", "18:00"],
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"mon": "09:00–12:00, 11:00–14:00"}, "mon", "overlaps"),
        ({"mon": "25:00–26:00"}, "mon", "not a time"),
        ({"mon": "9am–5pm"}, "mon", "not a range"),
        ({"mon": "10:00–10:00"}, "mon", "empty"),
        ({"mon": "20:00–09:00, 08:00–10:00"}, "mon", "past midnight"),
        ({"mon": "22:00–03:00", "tue": "02:00–06:00"}, "tue", "past midnight"),
        ({"exceptions": "2026-02-30 closed"}, "exceptions", "not a date"),
        (
            {"exceptions": "2026-12-24 closed\n2026-12-24 closed"},
            "exceptions",
            "Each date once",
        ),
        ({"exceptions": "Christmas closed"}, "exceptions", "write 2026-12-24"),
        ({"exceptions": [{"date": "2026-12-24"}]}, "exceptions", "say closed"),
    ],
)
def test_bad_hours_are_refused_beside_their_field(data, field, message):
    with pytest.raises(ValidationError) as err:
        HoursIn().load(data)
    assert message in " ".join(err.value.messages[field])


def test_open_now_in_each_listings_own_zone(db):
    tokyo = make_listing(hours=stored(WEEKDAYS), time_zone="Asia/Tokyo")
    york = make_listing(hours=stored(WEEKDAYS), time_zone="America/New_York")
    # Wednesday 10:00 in Tokyo is Tuesday 21:00 in New York
    moment = utc("2026-06-03 10:00", "Asia/Tokyo")
    assert hours.open_state(tokyo, moment).label == "Open now · closes 17:00"
    assert hours.open_state(york, moment).label == "Closed · opens Wed 09:00"
    assert hours.next_change(york, moment) == utc(
        "2026-06-03 09:00", "America/New_York"
    )
    friday_night = utc("2026-06-05 18:00", "Asia/Tokyo")
    assert hours.open_state(tokyo, friday_night).label == "Closed · opens Mon 09:00"


def test_a_range_past_midnight_belongs_to_the_day_it_starts(db):
    bar = make_listing(hours=stored({"fri": "18:00–02:00"}), time_zone="Europe/Lisbon")
    assert hours.open_state(bar, utc("2026-06-06 01:30", "Europe/Lisbon")).label == (
        "Open now · closes 02:00"
    )
    after = hours.open_state(bar, utc("2026-06-06 02:00", "Europe/Lisbon"))
    assert after.label == "Closed · opens Fri 18:00"
    thursday = hours.open_state(bar, utc("2026-06-05 01:30", "Europe/Lisbon"))
    assert not thursday.is_open


def test_daylight_saving_moves_the_hours_with_the_clock(db):
    bakery = make_listing(
        hours=stored({"sun": "08:00–12:00"}), time_zone="Europe/Paris"
    )
    # 29 March 2026: clocks go from 02:00 to 03:00; 08:00 is 06:00 UTC, not 07:00.
    before = hours.open_state(bakery, datetime(2026, 3, 22, 6, 30))
    after = hours.open_state(bakery, datetime(2026, 3, 29, 6, 30))
    assert not before.is_open and before.changes_at == datetime(2026, 3, 22, 7, 0)
    assert after.is_open and after.changes_at == datetime(2026, 3, 29, 10, 0)
    assert after.label == "Open now · closes 12:00"
    night = make_listing(hours=stored({"sat": "22:00–04:00"}), time_zone="Europe/Paris")
    # the night of the change is an hour shorter: 21:00 UTC to 02:00 UTC
    state = hours.open_state(night, datetime(2026, 3, 28, 23, 0))
    assert state.is_open and state.changes_at == datetime(2026, 3, 29, 2, 0)


def test_an_exception_closes_the_day_with_the_clock_moved(client, clock):
    shop = make_listing(
        hours=stored({**WEEKDAYS, "exceptions": "2026-12-24 closed Christmas Eve"}),
        time_zone="Europe/Berlin",
    )
    set_clock(clock, datetime(2026, 12, 23, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    assert "Open now · closes 17:00" in text(client.get(f"/listings/{shop.slug}"))
    set_clock(clock, datetime(2026, 12, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    page = text(client.get(f"/listings/{shop.slug}"))
    assert "Closed · opens Fri 09:00" in page and "Christmas Eve" in page
    assert [s["validFrom"] for s in hours.opening_hours_specification(shop)[5:]] == [
        "2026-12-24"
    ]


def test_a_cached_page_a_minute_after_closing_says_closed(
    app, client, clock, monkeypatch
):
    monkeypatch.setattr(app.extensions["page_cache"], "seconds", 3600)
    shop = make_listing(hours=stored(WEEKDAYS), time_zone="America/Chicago")
    set_clock(clock, datetime(2026, 6, 3, 16, 58, tzinfo=ZoneInfo("America/Chicago")))
    first = client.get(f"/listings/{shop.slug}", headers=BROWSER)
    assert "Open now · closes 17:00" in text(first)
    again = client.get(f"/listings/{shop.slug}", headers=BROWSER)
    assert again.headers["X-Cache"] == "HIT"
    clock.move(minutes=3)
    later = client.get(f"/listings/{shop.slug}", headers=BROWSER)
    assert "Closed · opens Thu 09:00" in text(later)
    assert later.headers["X-Cache"] == "MISS"


SAMPLES = [
    ({**WEEKDAYS, "sat": "10:00–14:00"}, "Europe/Paris"),
    (
        {"fri": "20:00–03:00", "sat": "20:00–03:00", "sun": "10:00–24:00"},
        "Europe/Paris",
    ),
    (
        {
            "mon": "08:00–12:00, 13:00–18:00",
            "exceptions": "2026-03-30 closed\n2026-03-29 10:00–11:00 open on Sunday",
        },
        "America/New_York",
    ),
    ({"sat": "22:00–02:00", "exceptions": "2026-03-28 closed"}, "Asia/Kolkata"),
    ({"sun": "23:00–01:00"}, "Pacific/Auckland"),
    (WEEKDAYS, None),  # the site's zone (UTC in tests)
    ({"sun": "08:00–20:00"}, ""),  # the site's zone too
]


def test_sql_open_now_agrees_with_the_listing_page_all_week_through_a_dst_change(db):
    made = [make_listing(hours=stored(h), time_zone=z) for h, z in SAMPLES]
    ids = {x.id for x in made}
    moment = datetime(2026, 3, 26, 0, 0)
    while moment < datetime(2026, 4, 1, 0, 0):
        now = open_now.clock(moment)
        python = {x.id for x in made if hours.open_state(x, moment).is_open}
        for way in (open_now.in_sets, open_now.asked_of_each):
            sql = set(db.session.scalars(select(Listing.id).where(way(now.moments))))
            assert sql & ids == python, (way.__name__, moment)
        assert now.next_change > moment
        assert all(now.next_change <= hours.next_change(x, moment) for x in made)
        moment += timedelta(minutes=30)


def test_many_open_listings_are_asked_each_and_few_found_as_sets(db, monkeypatch):
    monkeypatch.setattr(open_now, "BUSY", 3)
    for zone in ("Europe/Paris", "Europe/Paris", "America/New_York", None):
        make_listing(hours=stored({"mon": "09:00–12:00, 13:00–22:00"}), time_zone=zone)
    monday = datetime(2026, 6, 1)

    def busy(hour, minute=0):
        return open_now.clock(monday.replace(hour=hour, minute=minute)).busy

    assert busy(16)  # Paris 18:00 (two) and UTC 16:00; New York 12:00 is lunch
    assert not busy(10, 30)  # Paris 12:30: lunch; New York 06:30; only UTC
    assert not busy(23)  # Paris 01:00; only New York open


def test_hours_rows_follow_the_listing(db):
    listing = make_listing(hours=stored({"mon": "08:00–12:00"}))
    rows = db.session.scalars(
        select(ListingHour).where(ListingHour.listing_id == listing.id)
    )
    assert [(r.tz, r.day, r.start_min, r.end_min) for r in rows] == [
        ("UTC", 0, 480, 720)
    ]


def test_opening_hours_specification_lists_the_week_and_exceptions(db):
    listing = make_listing(
        hours=stored(
            {
                "mon": "08:00–12:00, 14:00–24:00",
                "exceptions": "2026-12-24 closed\n2026-12-31 10:00–14:00 short day",
            }
        )
    )
    specs = hours.opening_hours_specification(listing)
    assert specs[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "08:00",
        "closes": "12:00",
    }
    assert specs[1]["closes"] == "23:59"
    assert specs[2] == {
        "@type": "OpeningHoursSpecification",
        "validFrom": "2026-12-24",
        "validThrough": "2026-12-24",
        "opens": "00:00",
        "closes": "00:00",
    }
    assert specs[3]["opens"] == "10:00" and specs[3]["validFrom"] == "2026-12-31"
    assert hours.opening_hours_specification(make_listing()) == []
