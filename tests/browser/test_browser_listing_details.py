"""A listing page with hours, links and location, on a phone and a desktop."""

import re
import shutil
from pathlib import Path

import pytest
from browser_support import unique_email
from conftest import assert_accessible, assert_fits_width
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def bakery(live_server):
    """The demo bakery's hours, exceptions, links and place on a live listing."""
    from myapp.directory.details.demo import showcase_details
    from tests import factories

    with live_server.app.app_context():
        listing = factories.make_listing(
            name="Crumb & Crust Bakery",
            url="https://crumb-and-crust.example/",
            description="Sourdough, rye and seeded loaves from a wood-fired oven.",
            contact_email=unique_email("crumb"),
            street="Korenmarkt 1",
            postcode="9000",
            city="Ghent",
            country="Belgium",
            phone="+32 9 123 45 67",
            **showcase_details("crumb-and-crust"),
        )
        return f"/listings/{listing.slug}"


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_listing_page_shows_hours_links_and_location(
    new_page, bakery, device, screenshot
):
    page = new_page(device)
    assert page.goto(bakery).status == 200
    hours = page.get_by_role("region", name="Opening hours")
    expect(hours.get_by_role("status")).to_contain_text(re.compile(r"Open now|Closed"))
    expect(hours.get_by_role("row")).to_have_count(7)
    expect(hours).to_contain_text("Christmas Day")
    contact = page.get_by_role("region", name="Contact and location")
    visit = contact.get_by_role("link", name="Visit website")
    expect(visit).to_have_attribute("href", re.compile(r"/go/\d+"))
    expect(contact.get_by_role("link", name="See on OpenStreetMap")).to_have_attribute(
        "href", re.compile(r"https://www\.openstreetmap\.org/\?mlat=51\.054342")
    )
    expect(contact).to_contain_text("Instagram")
    assert_fits_width(page)
    assert_accessible(page)
    path = screenshot(page, "listing-details")
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SCREENSHOTS / path.name)


def test_filters_work_without_javascript(nojs_page):
    page = nojs_page
    page.goto("/directory")
    page.get_by_label("City").fill("Ghent")
    page.get_by_label("Open now").check()
    page.get_by_label("Order").select_option("name")
    page.get_by_role("button", name="Search").click()
    assert "city=Ghent" in page.url and "open=1" in page.url and "sort=name" in page.url
    expect(page.get_by_label("City")).to_have_value("Ghent")
