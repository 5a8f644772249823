"""A listing's logo and photos: the form, review of live listings, editors' removal."""

import io

from sqlalchemy import select

from myapp.audit.models import AuditEntry
from myapp.directory.listings import pending_edits
from myapp.directory.models import ListingRevision
from myapp.extensions import db
from myapp.media import services
from myapp.media.models import ListingImage
from tests import media_samples as samples
from tests.factories import make_listing
from tests.pages import text


def files(**slots):
    """Form fields for upload slots: files(**{"new-logo": ("Logo alt", bytes)})."""
    data = {}
    for slot, (alt, content) in slots.items():
        data[slot] = (io.BytesIO(content), f"{slot}.bin")
        data[f"{slot}.alt"] = alt
    return data


def post_pictures(client, listing, data):
    return client.post(
        f"/listings/{listing.slug}/pictures",
        data=data,
        content_type="multipart/form-data",
    )


LOGO_AND_PHOTOS = {
    "new-logo": ("The bakery's wheat-sheaf logo", samples.png(200, 200, alpha=True)),
    "new-photo-0": ("Loaves on the counter", samples.jpeg(1200, 900)),
    "new-photo-1": ("The shop front at dawn", samples.jpeg(900, 1200, gps=True)),
}


def test_images_of_a_pending_edit_stay_off_the_live_page(client, login, editor):
    listing = make_listing(name="Crumb & Co", plan="standard")
    login(listing.owner)
    response = post_pictures(client, listing, files(**LOGO_AND_PHOTOS))
    assert response.status_code == 302, text(response)
    revision = db.session.scalar(select(ListingRevision))
    before, after = revision.diff["images"]
    assert before == [] and [i["role"] for i in after] == ["logo", "photo", "photo"]
    assert db.session.scalar(select(ListingImage)) is None
    visitor = client.application.test_client()
    live = text(visitor.get(f"/listings/{listing.slug}"))
    assert "Loaves on the counter" not in live and "/media/" not in live
    assert "Loaves on the counter" not in text(visitor.get("/directory"))

    login(editor)
    queue = text(client.get("/admin/queue"))
    assert "Pictures" in queue and "Loaves on the counter" in queue
    pending_edits.approve_edit(editor, db.session.get(ListingRevision, revision.id))

    live = text(visitor.get(f"/listings/{listing.slug}"))
    for alt in ("wheat-sheaf logo", "Loaves on the counter", "shop front at dawn"):
        assert alt in live
    assert 'type="image/webp" srcset="/media/' in live
    assert 'loading="lazy"' in live and 'width="' in live and 'height="' in live
    assert "wheat-sheaf logo" in text(visitor.get("/directory"))
    assert "wheat-sheaf logo" in text(
        visitor.get(f"/directory/{listing.category.path}")
    )


def test_a_listing_not_yet_reviewed_gets_its_pictures_at_once(client, login):
    listing = make_listing(status="pending")
    login(listing.owner)
    data = files(**{"new-photo-0": ("A photo", samples.jpeg())})
    assert post_pictures(client, listing, data).status_code == 302
    assert db.session.scalar(select(ListingImage)).alt == "A photo"
    assert db.session.scalar(select(ListingRevision)) is None


def test_plan_limits_photos_and_alt_text_is_required(client, login):
    listing = make_listing(status="pending")  # free: one photo
    login(listing.owner)
    two = files(
        **{
            "new-photo-0": ("First", samples.jpeg()),
            "new-photo-1": ("Second", samples.png()),
        }
    )
    response = post_pictures(client, listing, two)
    assert response.status_code == 422
    assert "up to 1 photo" in text(response)
    no_alt = post_pictures(client, listing, files(**{"new-logo": ("", samples.png())}))
    assert no_alt.status_code == 422
    # the upload is kept in the form, its description asked for beside it
    assert 'name="images.0.media_id"' in text(no_alt)
    assert 'id="images.0.alt-error"' in text(no_alt)
    assert db.session.scalar(select(ListingImage)) is None


def test_refused_file_is_explained_beside_its_slot(client, login):
    listing = make_listing(status="pending")
    login(listing.owner)
    response = post_pictures(
        client, listing, files(**{"new-logo": ("Logo", samples.SVG)})
    )
    assert response.status_code == 422
    assert "SVG images are not accepted" in text(response)


def test_text_edit_keeps_the_pictures_waiting(client, login):
    listing = make_listing(name="Keep Both")
    login(listing.owner)
    post_pictures(
        client, listing, files(**{"new-photo-0": ("A photo", samples.jpeg())})
    )
    form = {
        "name": "Keep Both Please",
        "url": listing.url,
        "description": listing.description,
        "category_id": str(listing.category_id),
        "email": listing.contact_email,
    }
    assert client.post(f"/listings/{listing.slug}/edit", data=form).status_code == 302
    pending = pending_edits.pending_edit_for(listing)
    assert set(pending.diff) == {"name", "images"}


def test_editor_removes_an_image_at_once_with_a_reason(client, login, editor):
    listing = make_listing(status="pending")
    login(listing.owner)
    post_pictures(
        client, listing, files(**{"new-photo-0": ("A photo", samples.jpeg())})
    )
    image = db.session.scalar(select(ListingImage))
    login(editor)
    url = f"/listings/{listing.slug}/pictures/{image.id}/remove"
    assert client.post(url, data={"reason": ""}).status_code == 302
    assert db.session.scalar(select(ListingImage)) is not None
    assert client.post(url, data={"reason": "Shows a face"}).status_code == 302
    assert db.session.scalar(select(ListingImage)) is None
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "listing.image_remove")
    )
    assert entry.detail == "photo: Shows a face" and entry.actor_id == editor.id


def test_members_cannot_use_someone_elses_upload(api, member):
    listing = make_listing(status="pending")
    other = services.upload_image(member, io.BytesIO(samples.png()), "theirs")
    response = api(listing.owner).open(
        "PUT",
        f"/listings/{listing.id}/images",
        json={"images": [{"media_id": other.id, "role": "logo", "alt": "Stolen"}]},
    )
    assert response.status_code == 422
    assert "No such image" in response.json["errors"]["images"][0]


def test_api_uploads_then_attaches_by_id(api):
    listing = make_listing(plan="featured")
    client = api(listing.owner)
    uploaded = client.post(
        "/media",
        data={"file": (io.BytesIO(samples.jpeg()), "x.jpg")},
        content_type="multipart/form-data",
    ).json
    images = [{"media_id": uploaded["id"], "role": "logo", "alt": "Our logo"}]
    response = client.open(
        "PUT", f"/listings/{listing.id}/images", json={"images": images}
    )
    assert response.status_code == 200, response.json
    assert response.json["images"] == []  # live listing: it waits for review
    assert response.json["pending"][0]["alt"] == "Our logo"
    public = api().get(f"/listings/{listing.id}/images").json
    assert public == {"images": [], "pending": None}
    assert client.delete(f"/media/{uploaded['id']}").status_code == 204
