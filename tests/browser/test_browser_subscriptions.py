"""Subscribing by e-mail and registering a webhook in a real browser, checked by axe."""

import re

import pytest
from browser_support import unique_email
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DEMO_ADMIN = ("admin@example.com", "linchpin-admin")


def test_a_reader_subscribes_and_confirms(desktop_page, live_server, check_page):
    page, address = desktop_page, unique_email("reader")
    page.goto("/")
    page.get_by_role("link", name="Subscribe by e-mail").click()
    check_page(page, "subscribe")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("alert")).to_contain_text("correct the marked fields")
    page.get_by_label("Your e-mail address").fill(address)
    page.get_by_label("Every new article").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("status")).to_contain_text("nothing is sent until")
    check_page(page, "subscribe-check-inbox")

    (mail,) = live_server.mail_to(address)
    page.goto(re.search(r"http://\S+/subscriptions/confirm/\S+", mail).group(0))
    check_page(page, "subscribe-confirm")
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("status").first).to_contain_text("You are subscribed")
    expect(page.get_by_label("Every new article")).to_be_checked()
    check_page(page, "subscriptions-manage")


def test_an_admin_registers_a_webhook_endpoint(desktop_page, sign_in, check_page):
    page = desktop_page
    sign_in(page, *DEMO_ADMIN)
    page.goto("/admin/webhooks")
    check_page(page, "admin-webhooks")
    page.get_by_label("URL").fill("http://127.0.0.1:9/receiver")
    page.get_by_label(re.compile("^order.paid")).check()
    page.get_by_role("button", name="Register endpoint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The endpoint's signing secret"
    )
    expect(page.locator("code.secret")).to_have_text(re.compile("^whsec_"))
    check_page(page, "admin-webhook-secret")
    page.get_by_role("link", name="Go to the endpoint").click()
    page.get_by_role("button", name="Send test event").click()
    expect(page.get_by_role("status").first).to_contain_text("queued")
    check_page(page, "admin-webhook-endpoint")
    page.goto("/admin/subscriptions")
    check_page(page, "admin-subscribers")
