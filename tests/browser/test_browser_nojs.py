"""The key flows with JavaScript switched off: reading and replying, listing a site."""

import re

import pytest
from browser_support import unique_email
from flow_support import check_widths
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reading_and_replying_work_without_javascript(nojs_page, flow, check_page):
    page = nojs_page
    page.goto("/")
    page.get_by_role("link", name=flow.content.related, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(flow.content.related)
    related = page.get_by_role("region", name="Related articles")
    related.get_by_role("link", name=flow.content.first).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(flow.content.first)

    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("alert")).to_contain_text("correct the marked fields")
    name = page.get_by_label("Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile(".+"))
    check_widths(check_page, page, "nojs-reply-errors")

    name.fill("Noah No-Script")
    page.get_by_label("E-mail").fill(unique_email("noah"))
    page.get_by_role("textbox", name="Comment", exact=True).fill("Works in Lynx too.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaiting moderation")
    check_widths(check_page, page, "nojs-reply-awaiting-moderation")


def test_submitting_a_listing_works_without_javascript(
    nojs_page, live_server, flow, sign_in, check_page
):
    page, member = nojs_page, live_server.make_user()
    sign_in(page, member.email, member.password)
    page.get_by_role("link", name="Add your site").click()
    page.get_by_role("radio", name="Standard").check()
    page.get_by_label("Name of the business or site").fill("Plain Loaf")
    page.get_by_label("Website address").fill(flow.target + "plain/")
    page.get_by_label("Description").fill("Loaves without fuss, ordered by e-mail.")
    page.get_by_label("Category").select_option(label="Shops › Bakeries")
    page.get_by_role("button", name="Submit for review").click()
    terms = page.get_by_label("I may list this site")
    expect(terms).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Name of the business or site")).to_have_value(
        "Plain Loaf"
    )
    check_widths(check_page, page, "nojs-submit-errors")

    terms.check()
    page.get_by_role("button", name="Submit for review").click()
    # The flows before this one listed the same test site: when the form asks
    # how this one differs, the answer goes in without JavaScript too.
    note = page.get_by_label(re.compile("How is your business different"))
    if note.count():
        note.fill("A second shop of the same bakery.")
        page.get_by_label("I may list this site").check()
        page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", name="How to pay")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Order LP-"))
    check_widths(check_page, page, "nojs-payment-instructions")
