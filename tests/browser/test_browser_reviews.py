"""A review from registration to the page: confirm by e-mail, review, moderate,
reply, and what a visitor then sees (screenshots at 390 and 1280 px)."""

import re
import shutil
from types import SimpleNamespace

import pytest
from browser_support import ARTIFACTS, unique_email
from flow_support import check_widths
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"
LISTING = "Harbour Lane Bicycle Repair"
REVIEW = "Fixed my gears the same afternoon and explained what had worn out."
REPLY = "Thank you, Rosa! Come back for the spring check-up."
SCREENSHOTS = ARTIFACTS.parent.parent / "docs" / "screenshots"


@pytest.fixture(scope="module")
def shop(live_server):
    """A live listing whose owner can sign in, and an editor; no form wait time."""
    from tests import factories

    config = live_server.app.config
    min_seconds, config["COMMENT_MIN_SECONDS"] = config["COMMENT_MIN_SECONDS"], 0

    owner = live_server.make_user(name="Olly Owner")
    editor = live_server.make_user("editor")
    with live_server.app.app_context():
        user = factories.auth_services.get_user_by_email(owner.email)
        listing = factories.make_listing(
            owner=user,
            name=LISTING,
            description="Repairs, tune-ups and second-hand bicycles near the harbour.",
        )
        slug = listing.slug
    yield SimpleNamespace(owner=owner, editor=editor, path=f"/listings/{slug}")
    config["COMMENT_MIN_SECONDS"] = min_seconds


def keep(name: str) -> None:
    """Copy the 390 and 1280 px screenshots of a step into docs/screenshots/."""
    for width in (390, 1280):
        source = ARTIFACTS / f"{name}-{width}.png"
        if source.exists():
            shutil.copyfile(source, SCREENSHOTS / source.name)


def test_register_confirm_and_review(desktop_page, live_server, shop, check_page):
    page, email = desktop_page, unique_email("rosa")
    page.goto("/auth/register")
    page.get_by_label("Your name").fill("Rosa Reviewer")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(re.compile("^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.goto(shop.path)
    reviews = page.get_by_role("region", name="Reviews")
    expect(reviews).to_contain_text("Confirm your e-mail address to write a review")

    body = live_server.mail_to(email)[-1]
    link = re.search(r"https?://[^/\s]+(/auth/confirm-email/\S+)", body).group(1)
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text(f"{email} is confirmed")

    page.goto(shop.path)
    page.get_by_label("Rating").select_option("5")
    page.get_by_label("Your review").fill(REVIEW)
    check_widths(check_page, page, "reviews-write")
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_role("status")).to_contain_text("waits for a moderator")
    expect(page.locator(".review-list")).to_have_count(0)
    keep("reviews-write")


def test_editor_approves_the_review(desktop_page, shop, sign_in, check_page):
    page = desktop_page
    sign_in(page, shop.editor.email, shop.editor.password)
    page.goto("/admin/queue")
    queue = page.get_by_role("region", name=re.compile("^Reviews waiting"))
    expect(queue).to_contain_text(REVIEW)
    check_widths(check_page, page, "reviews-queue")
    keep("reviews-queue")
    queue.get_by_role("button", name="Approve the review by Rosa Reviewer").click()
    expect(page.get_by_role("status")).to_contain_text("Review approved.")


def test_owner_replies(desktop_page, shop, sign_in, check_page):
    page = desktop_page
    sign_in(page, shop.owner.email, shop.owner.password)
    page.goto(shop.path)
    expect(page.get_by_text("you may reply to each review")).to_be_visible()
    page.locator(".reply-form summary").first.click()
    page.get_by_label(re.compile("^Your reply")).fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("status")).to_contain_text("waits for a moderator")
    check_widths(check_page, page, "reviews-owner")
    keep("reviews-owner")


def test_editor_approves_the_reply_and_a_visitor_sees_both(
    desktop_page, new_page, shop, sign_in, check_page
):
    page = desktop_page
    sign_in(page, shop.editor.email, shop.editor.password)
    page.goto("/admin/queue")
    page.get_by_role("button", name="Approve the reply by Olly Owner").click()
    expect(page.get_by_role("status")).to_contain_text("Reply approved.")

    visitor = new_page()
    visitor.goto(shop.path)
    review = visitor.locator(".review").first
    expect(review).to_contain_text("Rosa Reviewer")
    expect(review).to_contain_text(REVIEW)
    expect(review.locator(".review-reply")).to_contain_text(REPLY)
    expect(visitor.get_by_text("1 review", exact=False).first).to_be_visible()
    check_widths(check_page, visitor, "reviews-listing")
    keep("reviews-listing")
