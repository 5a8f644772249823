"""The dashboard's charts are drawn in a real browser; /stats reads well too."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DEMO_ADMIN = ("admin@example.com", "linchpin-admin")

# True when the canvas has a size and at least one painted pixel.
PAINTED = """canvas => {
  if (!canvas.width || !canvas.height) return false;
  const pixels = canvas.getContext("2d")
    .getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) return true; }
  return false;
}"""


def test_dashboard_charts_are_drawn(device_page, live_server, sign_in, check_page):
    page = device_page
    sign_in(page, *DEMO_ADMIN)
    page.goto("/admin")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    figures = page.locator("figure.chart")
    expect(figures).to_have_count(4)  # views, clicks, categories, reviews per day
    for index in range(4):
        canvas = figures.nth(index).locator("canvas")
        expect(canvas).to_be_visible()
        box = canvas.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        assert canvas.evaluate(PAINTED)
    expect(page.get_by_role("img", name="Views and clicks per day")).to_be_visible()
    check_page(page, "admin-stats-dashboard")

    page.get_by_role("link", name="365 days").click()
    expect(page.get_by_role("link", name="365 days")).to_have_attribute(
        "aria-current", "page"
    )
    assert figures.first.locator("canvas").evaluate(PAINTED)


def test_dashboard_without_javascript_shows_the_tables(nojs_page, sign_in):
    page = nojs_page
    sign_in(page, *DEMO_ADMIN)
    page.goto("/admin")
    expect(page.locator("canvas")).to_have_count(0)
    region = page.get_by_role("region", name="Views and clicks per day: the numbers")
    expect(region).to_be_visible()


def test_public_stats_page(device_page, check_page):
    page = device_page
    page.goto("/stats")
    expect(page.get_by_role("heading", name="Statistics")).to_be_visible()
    check_page(page, "stats")
