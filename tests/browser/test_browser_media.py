"""Pictures end to end: an owner adds a logo and two photos to a live listing
through the form, an editor approves the change, a visitor sees them."""

import io
import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests import media_samples as samples

pytestmark = pytest.mark.browser

NAME = "Golden Crust Bakery"
ALTS = (
    "Golden Crust's wheat-sheaf logo",
    "Sourdough loaves cooling on the counter",
    "The shop front on a sunny morning",
)


def _file(name, data, mime):
    return {"name": name, "mimeType": mime, "buffer": data}


def _photo(color):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), color)
    draw = ImageDraw.Draw(image)
    for n in range(6):
        draw.ellipse((120 + n * 230, 500, 320 + n * 230, 700), fill=(240, 200, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture(scope="module")
def bakery(live_server):
    owner = live_server.make_user("member")
    with live_server.app.app_context():
        from myapp.auth import services as auth_services

        user = auth_services.get_user_by_email(owner.email)
        listing = factories.make_listing(owner=user, plan="standard", name=NAME)
        return {"owner": owner, "slug": listing.slug}


def test_owner_adds_pictures_editor_approves_visitor_sees_them(
    new_page, live_server, bakery, sign_in, check_page, assert_accessible
):
    def open_page(device):
        page = new_page(device)
        page.set_default_timeout(30_000)  # uploads are processed: a busy machine
        return page

    owner = open_page("desktop")
    sign_in(owner, bakery["owner"].email, bakery["owner"].password)
    owner.goto(f"/listings/{bakery['slug']}")
    owner.get_by_role("link", name="Pictures").click()
    assert_accessible(owner)
    owner.get_by_label("New logo").set_input_files(
        _file("logo.png", samples.png(400, 400, alpha=True), "image/png")
    )
    owner.locator("#f-new-logo-alt").fill(ALTS[0])
    owner.get_by_label("New photo 1").set_input_files(
        _file("loaves.jpg", _photo((150, 90, 40)), "image/jpeg")
    )
    owner.locator("#f-new-photo-0-alt").fill(ALTS[1])
    owner.get_by_label("New photo 2").set_input_files(
        _file("front.jpg", _photo((60, 120, 170)), "image/jpeg")
    )
    owner.locator("#f-new-photo-1-alt").fill(ALTS[2])
    owner.get_by_role("button", name="Save pictures").click()
    expect(owner.get_by_text("Your pictures wait for review")).to_be_visible()
    expect(owner.get_by_alt_text(ALTS[1])).to_have_count(0)  # not live yet

    editor = open_page("desktop")
    sign_in(editor, "admin@example.com", "linchpin-admin")
    editor.goto("/admin/queue")
    card = editor.locator(".edit-card", has_text=NAME)
    expect(card.get_by_alt_text(ALTS[1])).to_be_visible()
    card.get_by_role("button", name=re.compile("^Apply change")).click()

    for device in ("phone", "desktop"):
        visitor = open_page(device)
        visitor.goto(f"/listings/{bakery['slug']}")
        for alt in ALTS:
            image = visitor.get_by_alt_text(alt).first
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        check_page(visitor, "media-listing")
    visitor.goto("/directory")
    expect(visitor.get_by_alt_text(ALTS[0]).first).to_be_visible()
