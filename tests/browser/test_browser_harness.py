"""The browser-test tools themselves: axe really reports, the server is isolated."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BAD_PAGE = """<!doctype html><html><head><title>t</title></head><body>
<main><form><input type="text" name="q"></form>
<p style="color:#bbb;background:#fff">faint</p></main></body></html>"""


def fulfil_bad_page(page):
    page.route(
        "**/axe-fixture",
        lambda route: route.fulfill(body=BAD_PAGE, content_type="text/html"),
    )
    page.goto("/axe-fixture")


@pytest.mark.parametrize("page_fixture", ["desktop_page", "nojs_page"])
def test_assert_accessible_fails_on_an_unlabelled_field(
    request, page_fixture, assert_accessible
):
    page = request.getfixturevalue(page_fixture)
    fulfil_bad_page(page)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, record=False)
    assert "[critical] label" in str(failure.value)
    assert "[serious] color-contrast" in str(failure.value)


def test_live_server_has_csrf_on_and_the_demo_admin(desktop_page, live_server):
    page = desktop_page
    page.goto("/auth/login")
    token = page.locator("form:not([role=search]) input[name=csrf_token]").first
    assert len(token.get_attribute("value")) > 20
    forged = page.request.post(
        f"{live_server.url}/auth/login",
        form={"email": "admin@example.com", "password": "linchpin-admin"},
        max_redirects=0,
    )
    assert forged.status == 400
    page.get_by_label("E-mail").fill("admin@example.com")
    page.get_by_label("Password").fill("linchpin-admin")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Admin")).to_be_visible()
