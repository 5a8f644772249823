"""Directory search and filters, contact links and hours through forms and API."""

import io
import itertools
import re
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from myapp.directory.details.models import ListingHour
from myapp.directory.listings import pending_edits
from myapp.directory.models import Listing, ListingRevision
from myapp.extensions import db
from myapp.media import services
from myapp.media.listings import apply_images, entry
from tests import media_samples as samples
from tests.factories import make_listing, make_plans, make_review, make_user
from tests.pages import text
from tests.test_listing_hours import WEEKDAYS, set_clock, stored


def names(response) -> list[str]:
    return re.findall(
        r'class="listing-title">\s*<a href="[^"]+">([^<]+)</a>', text(response)
    )


def _shelf(bakeries):
    make_listing(
        category=bakeries,
        name="Alpha Bakery",
        city="Ghent",
        country="Belgium",
        hours=stored(WEEKDAYS),
        time_zone="Europe/Brussels",
    )
    make_listing(
        category=bakeries,
        name="Crust Bakery",
        city="Lyon",
        country="France",
        plan="featured",
        time_zone="Europe/Paris",
        hours=stored({"sat": "08:00–12:00"}),
    )
    make_listing(
        category=bakeries,
        name="Bread Corner",
        city="ghent",
        country="Belgium",
        plan="standard",
    )
    make_listing(name="Elsewhere Shop", city="Ghent")


def test_filters_narrow_the_directory_and_stay_in_the_url(client, bakeries, clock):
    _shelf(bakeries)
    set_clock(clock, datetime(2026, 6, 3, 10, 0, tzinfo=ZoneInfo("Europe/Brussels")))
    assert sorted(names(client.get("/directory?city=Ghent"))) == [
        "Alpha Bakery",
        "Bread Corner",
        "Elsewhere Shop",
    ]
    assert names(client.get("/directory?country=france")) == ["Crust Bakery"]
    assert names(client.get("/directory?open=1")) == ["Alpha Bakery"]
    assert names(client.get("/directory?featured=1")) == ["Crust Bakery"]
    assert names(client.get("/directory?plan=standard")) == ["Bread Corner"]
    assert names(client.get("/directory/shops/bakeries?city=ghent&sort=name")) == [
        "Alpha Bakery",
        "Bread Corner",
    ]
    assert names(client.get("/directory/shops/bakeries?sort=name")) == [
        "Alpha Bakery",
        "Bread Corner",
        "Crust Bakery",
    ]
    assert names(client.get("/directory?q=bakery&sort=relevance"))[0].endswith("Bakery")
    page = text(client.get("/directory?city=Ghent&open=1&sort=name"))
    assert 'value="Ghent"' in page and 'name="open" value="1" checked' in page
    assert '<option value="name" selected>' in page
    assert names(client.get("/directory?sort=nonsense&plan=" + "x" * 50))  # ignored


def test_reindex_moves_listings_without_a_zone_to_a_new_site_zone(
    app, client, bakeries, clock, monkeypatch
):
    make_listing(category=bakeries, name="Site Time Bakery", hours=stored(WEEKDAYS))
    set_clock(clock, datetime(2026, 6, 3, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
    assert names(client.get("/directory?open=1")) == []  # 01:00 in UTC
    monkeypatch.setitem(app.config, "SITE_TIMEZONE", "Asia/Tokyo")
    result = app.test_cli_runner().invoke(args=["directory", "reindex"])
    assert "Opening hours: 1 listing(s)." in result.output
    assert names(client.get("/directory?open=1")) == ["Site Time Bakery"]
    assert set(db.session.scalars(select(ListingHour.tz))) == {"Asia/Tokyo"}


def test_pages_of_a_filtered_search_keep_their_filters(
    client, bakeries, app, monkeypatch
):
    monkeypatch.setitem(app.config, "DIRECTORY_PAGE_SIZE", 2)
    for n in range(5):
        make_listing(category=bakeries, name=f"Shop {n}", city="Graz")
    make_listing(category=bakeries, name="Shop in Cork", city="Cork")
    assert walk(client, "/directory?city=Graz&sort=name", "city=Graz") == [
        f"Shop {n}" for n in range(5)
    ]
    best = walk(client, "/directory?q=shop&sort=relevance", "q=shop")
    assert sorted(best) == sorted([f"Shop {n}" for n in range(5)] + ["Shop in Cork"])


def walk(client, url, kept) -> list[str]:
    """Names on every page, following "Older" links that keep `kept`."""
    seen = []
    while url:
        response = client.get(url)
        seen += names(response)
        more = re.search(r'rel="next" href="([^"]+)"', text(response))
        url = more.group(1).replace("&amp;", "&") if more else None
        assert url is None or kept in url
    return seen


def test_api_takes_the_same_filter_names(api, bakeries, clock):
    _shelf(bakeries)
    set_clock(clock, datetime(2026, 6, 6, 9, 0, tzinfo=ZoneInfo("Europe/Paris")))
    body = api().get("/listings?open=true&country=France").get_json()
    assert [x["name"] for x in body["items"]] == ["Crust Bakery"]
    item = body["items"][0]
    assert (
        item["hours"]["sat"] == [["08:00", "12:00"]]
        and item["time_zone"] == "Europe/Paris"
    )
    by_name = api().get("/listings?city=ghent&sort=name").get_json()["items"]
    assert [x["name"] for x in by_name] == [
        "Alpha Bakery",
        "Bread Corner",
        "Elsewhere Shop",
    ]
    assert api().get("/listings?sort=cheapest").status_code == 422


def _pictures_and_reviews():
    """A logo and an approved review on every listing: what a card shows."""
    for listing in db.session.scalars(select(Listing)).all():
        media = services.upload_image(
            listing.owner, io.BytesIO(samples.png()), "Shop front"
        )
        apply_images(listing, [entry(media, "logo", f"{listing.name} logo", 0)])
        make_review(listing, rating=5, status="approved")
    db.session.commit()


def test_every_filter_combination_stays_within_six_statements(client, bakeries, clock):
    _shelf(bakeries)
    _pictures_and_reviews()
    page = text(client.get("/directory"))  # the first render asks the clock too
    assert page.count('class="listing-logo"') == 4 and "1 review" in page
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for combo in itertools.product(
            ("", "bakery"),
            ("", "Ghent"),
            ("", "Belgium"),
            ("", "1"),
            ("", "1"),
            ("", "free"),
            ("relevance", "newest", "name"),
        ):
            args = dict(
                zip(
                    ("q", "city", "country", "open", "featured", "plan", "sort"),
                    combo,
                    strict=True,
                )
            )
            for base in ("/directory", "/directory/shops/bakeries"):
                statements.clear()
                response = client.get(base + "?" + urlencode(args))
                assert response.status_code == 200
                assert len(statements) <= 6, (args, statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def form_of(listing, **extra):
    return {
        "name": listing.name,
        "url": listing.url,
        "description": listing.description,
        "category_id": str(listing.category_id),
        "email": listing.contact_email,
        **extra,
    }


def test_owner_hours_and_links_wait_for_review_and_show_once_approved(
    client, login, clock
):
    listing = make_listing(name="Steady Hours")
    login(listing.owner)
    form = form_of(
        listing,
        **{
            "hours.mon": "08:00–12:00, 14:00–18:00",
            "hours.sun": "closed",
            "hours.exceptions": "2026-12-24 closed Christmas Eve",
            "time_zone": "Europe/Paris",
            "links.instagram": "https://www.instagram.com/steadyhours",
            "show_email": ["1", ""],
            "latitude": "48.8566",
            "longitude": "2.3522",
        },
    )
    assert client.post(f"/listings/{listing.slug}/edit", data=form).status_code == 302
    revision = db.session.scalar(select(ListingRevision))
    assert {
        "hours",
        "time_zone",
        "links",
        "show_email",
        "latitude",
        "longitude",
    } <= set(revision.diff)
    assert db.session.scalar(select(ListingHour.id)) is None  # not live yet
    editor = make_user(role="editor")
    login(editor)
    queue = text(client.get("/admin/queue"))
    assert "Opening hours" in queue and "Mon 08:00–12:00, 14:00–18:00" in queue
    pending_edits.approve_edit(editor, revision)
    set_clock(clock, datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/Paris")))
    client.post("/auth/logout")
    page = text(client.get(f"/listings/{listing.slug}"))
    assert "Open now · closes 12:00" in page and "Christmas Eve" in page
    assert ">Instagram</span>" in page and "instagram.com/steadyhours" in page
    assert f"mailto:{listing.contact_email}" in page
    assert "openstreetmap.org/?mlat=48.856600&amp;mlon=2.352200" in page
    assert f'href="/go/{listing.id}"' in page and "Visit website" in page
    assert db.session.scalar(select(ListingHour.tz)) == "Europe/Paris"


def test_bad_hours_and_links_come_back_beside_their_fields(client, login):
    listing = make_listing()
    login(listing.owner)
    form = form_of(
        listing,
        **{
            "hours.tue": "09:00–13:00, 12:00–15:00",
            "links.instagram": "https://www.facebook.com/someone",
            "links.mastodon": "https://mastodon.social/someone",
            "time_zone": "Mars/Olympus",
            "latitude": "48.1",
        },
    )
    response = client.post(f"/listings/{listing.slug}/edit", data=form)
    assert response.status_code == 422
    page = text(response)
    for message in (
        "overlaps an earlier range",
        "not an address on Instagram",
        "Mastodon profile address",
        "not a time zone",
    ):
        assert message in page, message
    assert 'value="09:00–13:00, 12:00–15:00"' in page  # kept
    alone = client.post(
        f"/listings/{listing.slug}/edit", data=form_of(listing, latitude="48.1")
    )
    assert "Give both coordinates" in text(alone)


def test_email_is_shown_only_when_the_owner_says_so(client):
    hidden = make_listing(contact_email="quiet@example.com")
    shown = make_listing(contact_email="open@example.com", show_email=True)
    assert "quiet@example.com" not in text(client.get(f"/listings/{hidden.slug}"))
    assert "mailto:open@example.com" in text(client.get(f"/listings/{shown.slug}"))


def test_api_hours_errors_are_problems_under_the_field(api, bakeries):
    make_plans()
    owner = make_user()
    body = {
        "name": "Clock Shop",
        "url": "https://clock-shop.example/",
        "description": "Clocks and watches repaired while you wait, since 1970.",
        "category_id": bakeries.id,
        "plan": "free",
        "email": "clock@example.com",
        "hours": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]], "tue": [["9", "x"]]},
        "links": {"x": "https://x.com/clockshop", "github": "http://github.com/a"},
    }
    response = api(owner).post("/listings", json=body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors["hours"]) == {"mon", "tue"} and set(errors["links"]) == {"github"}
    body["hours"] = {
        "mon": [["09:00", "12:00"]],
        "exceptions": [{"date": "2026-12-24", "closed": True}],
    }
    body["links"]["github"] = "https://github.com/clockshop"
    created = api(owner).post("/listings", json=body)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["hours"]["exceptions"][0]["date"] == "2026-12-24"
    assert created.get_json()["links"]["github"] == "https://github.com/clockshop"
