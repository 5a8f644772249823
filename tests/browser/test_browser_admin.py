"""The admin area and error pages in a real browser, checked by axe."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DEMO_ADMIN = ("admin@example.com", "linchpin-admin")


def test_admin_changes_a_role_and_finds_it_in_the_audit_log(
    device_page, live_server, sign_in, check_page
):
    page, user = device_page, live_server.make_user()
    sign_in(page, *DEMO_ADMIN)
    page.get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    check_page(page, "admin-dashboard")

    page.get_by_role("navigation", name="Admin").get_by_role(
        "link", name="Users"
    ).click()
    check_page(page, "admin-users")
    page.get_by_label(f"Role of {user.email}").select_option("author")
    row = page.get_by_role("row").filter(has_text=user.email)
    row.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(f"{user.email} is now author.")

    page.get_by_role("link", name="Audit log").click()
    entry = page.get_by_role("row").filter(has_text="user.role").first
    expect(entry).to_contain_text("admin@example.com")
    check_page(page, "admin-audit")


def test_error_pages_keep_the_layout(device_page, live_server, sign_in, check_page):
    page, user = device_page, live_server.make_user()
    answer = page.goto("/no-such-page")
    assert answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    check_page(page, "error-404")

    sign_in(page, user.email, user.password)
    answer = page.goto("/admin/users")
    assert answer.status == 403
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    check_page(page, "error-403")
    expect(page).to_have_title(re.compile("You cannot open this page"))
