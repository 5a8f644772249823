"""Every public and admin page fits a 320, 390 and 1280 px screen, and axe passes.

This file runs after the feature flows (file order): its listings would
otherwise sit in the queue those flows expect to empty.

A page that scrolls sideways makes a phone zoom out or hides its buttons;
the sweep signs in as the demo admin (who also owns listings and orders, so
the owner's pages show real rows) and visits each page, then checks that no
GET page of the site was left out of the list.
"""

import re
from types import SimpleNamespace

import pytest
from browser_support import unique_email
from conftest import assert_accessible, assert_fits_width
from playwright.sync_api import expect

from myapp.directory.details.demo import showcase_details

pytestmark = pytest.mark.browser

DEMO_ADMIN = ("admin@example.com", "linchpin-admin")
WIDTHS = {"desktop": (1280,), "phone": (390, 320)}
# Not pages a person reads: feeds, files, probes, redirects, the API and its docs.
# The outermost elements that reach past the right edge, to say what to fix.
TOO_WIDE = """() => {
  const edge = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > edge + 1)
    .filter((el) => !el.parentElement.closest("*") ||
      el.parentElement.getBoundingClientRect().right <= edge + 1)
    .slice(0, 5).map((el) => `${el.tagName}.${el.className}`);
}"""
# Charts redraw for a new width on the next frames (ResizeObserver).
SETTLED = """() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))))"""
NOT_PAGES = re.compile(
    r"^/(api/|static/|go/|media/|healthz|readyz|feed\.xml|robots\.txt|sitemap\.xml)"
    r"|\.csv$|/feed\.xml$|^/auth/reset/<"
    # Steps that exist only inside a sign-in or an e-mailed link: each has its
    # own view tests, and signing in as the sweep does never shows them.
    r"|^/auth/second-factor|^/subscriptions/(confirm|manage|unsubscribe)/<"
    r"|^/auth/confirm-email/<"  # a redirect: the account page is swept
    # One outbox row, job or endpoint: the same layout as the lists swept here.
    r"|^/admin/outbox/<|^/jobs/<|^/admin/webhooks/<"
)


@pytest.fixture(scope="module")
def world(live_server, flow):
    """Listings in every state the queue shows, owned by the demo admin."""
    from myapp.auth.models import User
    from myapp.directory.listings import services as listings
    from myapp.extensions import db
    from tests import factories

    with live_server.app.app_context():
        admin = db.session.query(User).filter_by(email=DEMO_ADMIN[0]).one()
        parent = factories.make_category("Sweep trades")
        for n in range(12):  # a long tree of empty categories, as a new site has
            factories.make_category(f"Sweep empty {n}", parent=parent)
        leaf = factories.make_category("Sweep joinery", parent=parent)
        owner = factories.make_user(email=unique_email("owner"))
        live = factories.make_listing(
            owner=owner,
            category=leaf,
            name="Oakwright Joinery and Restoration Workshop",
            url="https://a-very-long-subdomain-name.oakwright-joinery.example.com/",
            contact_email=unique_email("oak"),
            **showcase_details("crumb-and-crust"),  # hours, links, a map link
        )
        changed = live.description.replace("useful", "careful")
        listings.update_listing(owner, live, {"description": changed})
        waiting = factories.make_listing(
            owner=admin, category=leaf, status="pending", name="Sweep Pending"
        )
        _, order = listings.submit_listing(
            admin,
            {
                "name": "Sweep Unpaid",
                "url": "https://unpaid.example.com/",
                "description": "Waiting for its bank transfer to arrive.",
                "category_id": leaf.id,
                "plan": "featured",
                "contact_email": admin.email,
            },
        )
        broken = factories.make_listing(owner=admin, category=leaf, name="Sweep Broken")
        broken.link_status, broken.link_failures = "broken", 3
        broken.link_error = "The server answered 500 three times in a row"
        _trust_world(admin, live, broken)
        writer = factories.make_user(role="author", name="Sweep Writer")
        article = factories.make_article(writer, title="Sweep article")
        db.session.commit()
        return SimpleNamespace(
            category=parent,
            live=live.slug,
            waiting=waiting.id,
            order=order.reference,
            article=article.slug,
            article_id=article.id,
            admin_id=writer.id,
            plan="standard",
            category_path=f"{parent.path}",
        )


def _trust_world(admin, live, broken) -> None:
    """An open claim (its page), a suspect site and a look-alike (the inbox)."""
    from myapp.database import utcnow
    from myapp.directory.trust import claims, watches

    claims.start_claim(admin, live, {"method": "dns"})
    watch = watches.watch_for(broken.id)
    watch.suspect_kind, watch.suspect_since = "parked", utcnow()
    watch.suspect_reason = "the page says “this domain is for sale”"
    watch.baseline_title, watch.baseline_url = "Sweep Broken – joinery", broken.url
    watch.last_title = "a-very-long-subdomain-name.oakwright-joinery.example.com"
    watch.last_url = f"{live.url}en/this-domain-is-for-sale/make-an-offer-today"


def pages(world) -> list[str]:
    w = world
    return [
        "/",
        f"/articles/{w.article}",
        f"/authors/{w.admin_id}",
        "/tags/hosting",
        "/search?q=joinery",
        "/directory",
        "/directory?q=bakery&city=Ghent&open=1&plan=featured&sort=name",
        f"/directory/{w.category_path}",
        "/directory/submit",
        f"/listings/{w.live}",
        f"/listings/{w.live}/edit",
        f"/listings/{w.live}/pictures",
        "/account/media",
        f"/listings/{w.live}/upgrade",
        f"/listings/{w.live}/claim",
        f"/orders/{w.order}",
        "/stats",
        "/account",
        "/account/listings",
        "/account/orders",
        "/account/two-factor",
        "/account/two-factor/app",
        "/auth/confirm",
        "/account/subscriptions",
        "/subscribe",
        "/auth/login",
        "/auth/register",
        "/auth/reset",
        "/admin",
        "/admin/queue",
        "/admin/listings",
        "/admin/listings/all",
        f"/admin/listings/{w.waiting}",
        "/admin/orders",
        "/admin/plans",
        f"/admin/plans/{w.plan}",
        "/admin/categories",
        f"/admin/categories/{w.category.id}",
        "/admin/articles",
        "/admin/articles/new",
        f"/admin/articles/{w.article_id}/edit",
        f"/admin/articles/{w.article_id}/delete",
        "/admin/comments",
        "/admin/users",
        "/admin/audit",
        "/admin/outbox",
        "/admin/webhooks",
        "/admin/subscriptions",
        "/no-such-page",
    ]


def test_the_sweep_covers_every_page_of_the_site(live_server, world):
    visited = {re.sub(r"\?.*", "", p) for p in pages(world)}
    adapter = live_server.app.url_map.bind("localhost")
    missing = []
    for rule in live_server.app.url_map.iter_rules():
        if "GET" not in rule.methods or NOT_PAGES.search(rule.rule):
            continue
        if not any(_matches(adapter, rule.endpoint, path) for path in visited):
            missing.append(rule.rule)
    assert not missing, f"pages the sweep does not visit: {missing}"


def _matches(adapter, endpoint, path) -> bool:
    try:
        return adapter.match(path, method="GET")[0] == endpoint
    except Exception:  # noqa: BLE001 (404 and redirects: not this endpoint)
        return False


@pytest.mark.parametrize("device", sorted(WIDTHS))
def test_no_page_scrolls_sideways_and_axe_passes(
    new_page, sign_in, world, device, screenshot
):
    """Layout only: the database under the pages makes no difference."""
    page = new_page(device)
    sign_in(page, *DEMO_ADMIN)
    problems = []
    for path in pages(world):
        answer = page.goto(path)
        expected = 404 if path == "/no-such-page" else 200
        assert answer.status == expected, f"{path}: {answer.status}"
        for width in WIDTHS[device]:
            page.set_viewport_size({"width": width, "height": 800})
            page.evaluate(SETTLED)
            try:
                assert_fits_width(page)
            except AssertionError as exc:
                problems.append(f"{exc} at {width} px: {page.evaluate(TOO_WIDE)}")
        assert_accessible(page)
    assert not problems, "\n".join(problems)


def test_on_a_phone_listings_come_before_a_long_category_tree(phone_page, world):
    page = phone_page
    page.goto(f"/directory/{world.category_path}")
    fold = page.locator("details.category-more")
    expect(fold).to_contain_text("12 more without listings yet")
    expect(page.get_by_role("link", name="Sweep empty 3")).to_be_hidden()
    first = page.locator(".listing-card").first
    assert first.bounding_box()["y"] < 844, "listings start below the first screen"
    fold.locator("summary").click()
    expect(page.get_by_role("link", name="Sweep empty 3")).to_be_visible()


def test_on_a_phone_the_inbox_buttons_stay_on_screen(phone_page, sign_in, world):
    page = phone_page
    sign_in(page, *DEMO_ADMIN)
    page.goto("/admin/queue")
    card = page.get_by_role("row").filter(has_text="Sweep Pending")
    expect(card).to_contain_text("A fine place that does useful things")
    approve = card.get_by_role("button", name="Approve Sweep Pending")
    box = approve.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # A link problem's "Check again" is on screen too, not in a sideways table.
    recheck = page.get_by_role("button", name="Check again Sweep Broken")
    box = recheck.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # An edit shows the words that change, not whole fields struck through.
    edit = page.locator(".edit-card").filter(has_text="Oakwright")
    expect(edit.locator("ins")).to_have_text(["careful"])
    expect(edit.locator("del")).to_have_text(["useful"])
