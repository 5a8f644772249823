"""The feature flows end to end: read and reply, list a site, review, visit, write.

The tests run in file order and hand data on (the reply, the listings, the
order) through the session's `flow` fixture, as the people in them would.
"""

import re

import pytest
from browser_support import unique_email
from flow_support import (
    DEMO_ADMIN,
    EXISTING_LISTING,
    PASSWORD,
    check_widths,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

READER = "Vera Visitor"
FREE, FEATURED = "Crumb Corner Bakery", "Crumb Bakery"


def test_visitor_reads_follows_a_related_article_and_replies(
    desktop_page, flow, check_page
):
    page = desktop_page
    page.goto("/")
    expect(page).to_have_title(re.compile("Linchpin"))
    check_widths(check_page, page, "flow-home")

    page.get_by_role("link", name=flow.content.first, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(flow.content.first)
    check_widths(check_page, page, "flow-article")

    related = page.get_by_role("region", name="Related articles")
    related.get_by_role("link", name=flow.content.related).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(flow.content.related)

    page.get_by_label("Name").fill(READER)
    page.get_by_label("E-mail").fill(unique_email("vera"))
    reply = "Restoring monthly saved us once."
    page.get_by_role("textbox", name="Comment", exact=True).fill(reply)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaiting moderation")
    expect(page.get_by_text(reply)).to_have_count(0)
    check_widths(check_page, page, "flow-reply-awaiting-moderation")


def submit_listing(page, plan, name, url, description):
    page.get_by_role("radio", name=re.compile(f"^{plan}")).check()
    page.get_by_label("Name of the business or site").fill(name)
    page.get_by_label("Website address").fill(url)
    page.get_by_label("Description").fill(description)
    page.get_by_label("Category").select_option(label="Shops › Bakeries")
    page.get_by_label("I may list this site").check()
    page.get_by_role("button", name="Submit for review").click()


def confirmation_link(live_server, email) -> str:
    """The path of the confirmation link in the last e-mail to `email`."""
    body = live_server.mail_to(email)[-1]
    return re.search(r"https?://[^/\s]+(/auth/confirm-email/\S+)", body).group(1)


def test_member_registers_and_submits_a_free_and_a_featured_listing(
    desktop_page, live_server, flow, check_page
):
    page, email = desktop_page, unique_email("mia")
    page.goto("/")
    page.get_by_role("link", name="Add your site").click()
    expect(page.get_by_role("status")).to_contain_text("Create an account")
    page.get_by_label("Your name").fill("Mia Member")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(re.compile("^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    # Until the e-mailed link is opened, the account page says what to do.
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.locator("#confirm-email")).to_contain_text("confirm your e-mail")
    page.goto(confirmation_link(live_server, email))
    expect(page.get_by_role("status")).to_contain_text(f"{email} is confirmed")
    page.goto("/directory/submit")
    expect(page.get_by_role("heading", name="Add your site")).to_be_visible()
    check_widths(check_page, page, "flow-submit-form")

    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_contain_text("correct the marked fields")
    expect(page.get_by_label("Website address")).to_have_attribute(
        "aria-invalid", "true"
    )
    check_widths(check_page, page, "flow-submit-errors")

    text = "Bread, buns and birthday cakes from a corner shop on the high street."
    submit_listing(page, "Free", FREE, flow.target + "corner/", text)
    expect(page.get_by_role("status")).to_contain_text(f"“{FREE}” is waiting")
    check_widths(check_page, page, "flow-my-listings")

    page.goto("/directory/submit")
    flow.featured_url = flow.target + "shop/"
    submit_listing(page, "Featured", FEATURED, flow.featured_url, text)
    # The same site as her free listing: asked how it differs, she says so.
    hints = page.locator(".duplicate-hints")
    expect(hints).to_contain_text("This looks like a listing we already have")
    expect(hints).to_contain_text(FREE)
    page.get_by_label(re.compile("How is your business different")).fill(
        "The shop page of the same bakery, on the featured plan."
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("goes to review once paid")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Order LP-\d{4}-\d{6}$"))
    flow.reference = heading.inner_text().removeprefix("Order ")
    expect(page.get_by_role("heading", name="How to pay")).to_be_visible()
    expect(page.locator(".bank-details")).to_contain_text("Account holder")
    expect(page.get_by_text(f"Use {flow.reference} as the payment")).to_be_visible()
    check_widths(check_page, page, "flow-payment-instructions")


def test_admin_marks_the_order_paid_and_approves_from_the_inbox(
    desktop_page, flow, sign_in, check_page
):
    page = desktop_page
    sign_in(page, *DEMO_ADMIN)
    page.get_by_role("link", name="Admin").click()
    admin_nav = page.get_by_role("navigation", name="Admin")
    admin_nav.get_by_role("link", name="Orders").click()
    check_widths(check_page, page, "flow-admin-orders")
    row = page.get_by_role("row").filter(has_text=flow.reference)
    row.get_by_role("button", name="Mark paid").click()
    expect(page.get_by_role("status")).to_contain_text(f"{flow.reference} marked paid")

    admin_nav.get_by_role("link", name=re.compile("^Inbox")).click()
    expect(page.get_by_role("heading", name="Moderation inbox")).to_be_visible()
    check_widths(check_page, page, "flow-admin-inbox")
    pending = page.get_by_role("region", name=re.compile("^Listings waiting"))
    expect(pending.get_by_role("row").nth(1)).to_contain_text(FEATURED)  # paid first
    for name in (FEATURED, FREE):  # the free one goes live last, so newest
        page.get_by_role("button", name=f"Approve {name}", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text(f"{name} is approved.")
        expect(page).to_have_url(re.compile("/admin/queue$"))

    page.get_by_role("button", name=f"Approve the comment by {READER}").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"The comment by {READER} is published"
    )
    expect(page).to_have_url(re.compile("/admin/queue$"))
    expect(page.get_by_text("No comments here")).to_be_visible()
    expect(pending.get_by_text("Nothing waiting.")).to_be_visible()
    check_widths(check_page, page, "flow-admin-inbox-cleared")


def test_visitor_finds_the_featured_listing_first_and_visits_it(
    desktop_page, flow, check_page
):
    page = desktop_page
    page.goto("/directory")
    check_widths(check_page, page, "flow-directory")
    page.get_by_role("link", name="Shops").first.click()
    page.get_by_role("link", name="Bakeries").first.click()
    check_widths(check_page, page, "flow-category")

    cards = page.get_by_role("region", name="Listings").get_by_role("article")
    expect(cards).to_have_count(3)
    expect(cards.first.get_by_role("heading")).to_have_text(f"{FEATURED} Featured")
    expect(cards.nth(1)).to_contain_text(FREE)
    expect(cards.nth(2)).to_contain_text(EXISTING_LISTING)
    expect(cards.nth(1).get_by_text("Featured")).to_have_count(0)

    visit = cards.first.get_by_role("link", name=re.compile("^Visit"))
    expect(visit).to_have_attribute("href", re.compile(r"^/go/\d+$"))
    expect(visit).to_have_attribute("rel", "sponsored noopener")
    visit.click()
    expect(page).to_have_url(flow.featured_url)
    expect(page.get_by_role("heading", name="Crumb Bakery")).to_be_visible()


def test_editor_previews_and_schedules_an_article(
    desktop_page, live_server, flow, sign_in, check_page
):
    page, editor = desktop_page, live_server.make_user("editor")
    sign_in(page, editor.email, editor.password)
    page.get_by_role("link", name="Admin").click()
    page.get_by_role("navigation", name="Admin").get_by_role(
        "link", name="Articles"
    ).click()
    page.get_by_role("link", name="New article").click()
    title = "What a directory listing should say"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Body").fill(
        "Say **what you do** and for whom.\n\n## Keep it short\n\n- one\n- two"
    )
    page.get_by_label("Tags").fill("writing, directory")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_role("heading", name="Keep it short")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("what you do")
    expect(page.get_by_label("Title")).to_have_value(title)
    check_widths(check_page, page, "flow-editor-preview")

    page.get_by_label("Status").select_option("scheduled")
    page.get_by_label("Publication time (UTC)").fill("2031-03-02T09:30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(f"“{title}” (scheduled)")
    page.get_by_role("link", name="View").click()
    notice = page.get_by_text("This article is scheduled for 2031-03-02 09:30")
    expect(notice).to_be_visible()
    check_widths(check_page, page, "flow-scheduled-article")

    page.context.clear_cookies()
    assert page.reload().status == 404
