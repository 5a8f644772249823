"""A refused write stores nothing: one failing variant of every API write action.

Each case builds a world through the services, snapshots every table, sends
one request that a service refuses (often after it has changed something in
the session), and checks the status and that every row is as it was.
"""

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from myapp.directory.billing import orders, payments
from myapp.directory.listings import pending_edits
from myapp.directory.listings import services as listings
from myapp.directory.models import Order
from myapp.extensions import db
from tests.factories import (
    REVIEW_TEXT,
    approve,
    make_article,
    make_category,
    make_comment,
    make_listing,
    make_review,
    make_user,
)

# A token's use is recorded at most once a minute by authentication itself.
UNSNAPSHOTTED = {"last_used_at"}


@dataclass
class World:
    owner: object
    editor: object
    admin: object
    author: object
    paid: object  # a paid ("standard"), approved listing of `owner`
    pending: object  # a free listing waiting for review
    article: object


@pytest.fixture
def world(db):
    owner = make_user(email="owner@example.com")
    editor = make_user(role="editor", email="ed@example.com")
    admin = make_user(role="admin", email="boss@example.com")
    author = make_user(role="author", email="writer@example.com")
    shops = make_category("Shops", actor=editor)
    paid = make_listing(owner=owner, plan="standard", category=shops, actor=admin)
    pending = make_listing(status="pending", category=shops, name="Waiting Room")
    article = make_article(author, title="Harbour notes", slug="harbour-notes")
    return World(owner, editor, admin, author, paid, pending, article)


# A refused sign-in is counted on purpose: the per-account slowdown reads it.
KEPT_ON_REFUSAL = {"sign_in_failures"}


def snapshot() -> dict:
    """Every row of every table, as plain values."""
    db.session.rollback()  # read what is committed, nothing cached
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in KEPT_ON_REFUSAL:
            continue
        columns = [c for c in table.columns if c.name not in UNSNAPSHOTTED]
        result = db.session.execute(select(*columns).order_by(*table.primary_key))
        rows[table.name] = [tuple(row) for row in result]
    return rows


def patch_paid_listing_with_refused_plan(w):
    """The reported bug: the rename used to be kept as a pending edit."""
    body = {"name": "Renamed", "plan": "free"}
    return w.owner, "PATCH", f"/listings/{w.paid.id}", body, 422


def patch_with_upgrade_while_renewal_waits(w):
    orders.start_renewal(w.owner, w.paid)
    body = {"name": "Renamed", "plan": "featured"}
    return w.owner, "PATCH", f"/listings/{w.paid.id}", body, 409


def editor_patch_with_refused_plan(w):
    """An editor's edit applies at once; the refused upgrade must undo it."""
    body = {"description": "A new description long enough.", "plan": "featured"}
    return w.editor, "PATCH", f"/listings/{w.paid.id}", body, 403


def create_listing_with_taken_url(w):
    body = {
        "name": "Copy Cat",
        "url": w.paid.url,
        "description": "The same site again, under another name entirely.",
        "category_id": w.paid.category_id,
        "plan": "free",
        "email": "copy@example.com",
    }
    return w.owner, "POST", "/listings", body, 409


def create_category_with_taken_slug(w):
    return w.editor, "POST", "/categories", {"name": "Shops"}, 409


def create_category_too_deep(w):
    top = make_category("A", actor=w.editor)
    middle = make_category("B", parent=top, actor=w.editor)
    low = make_category("C", parent=middle, actor=w.editor)
    return w.editor, "POST", "/categories", {"name": "D", "parent_id": low.id}, 422


def move_category_under_its_child(w):
    top = make_category("Top", actor=w.editor)
    child = make_category("Child", parent=top, actor=w.editor)
    body = {"name": "Renamed", "parent_id": child.id}
    return w.editor, "PATCH", f"/categories/{top.id}", body, 422


def delete_category_into_missing_one(w):
    path = f"/categories/{w.paid.category_id}?move_to=999999"
    return w.editor, "DELETE", path, None, 404


def update_plan_as_member(w):
    return w.owner, "PATCH", "/plans/standard", {"price": "0.01"}, 403


def approve_approved_listing(w):
    return w.editor, "POST", f"/listings/{w.paid.id}/approve", None, 409


def reject_without_reason(w):
    path = f"/listings/{w.pending.id}/reject"
    return w.editor, "POST", path, {"reason": ""}, 422


def suspend_pending_listing(w):
    path = f"/listings/{w.pending.id}/suspend"
    return w.editor, "POST", path, {"reason": "Spam"}, 409


def reinstate_live_listing(w):
    return w.editor, "POST", f"/listings/{w.paid.id}/reinstate", None, 409


def renew_free_listing(w):
    free = make_listing(owner=w.owner, category=w.paid.category)
    return w.owner, "POST", f"/listings/{free.id}/renew", {}, 409


def renew_with_lower_plan(w):
    return w.owner, "POST", f"/listings/{w.paid.id}/renew", {"plan": "free"}, 422


def approve_decided_edit(w):
    _, revision, _ = listings.update_listing(w.owner, w.paid, {"name": "Next Name"})
    pending_edits.approve_edit(w.editor, revision)
    return w.editor, "POST", f"/edits/{revision.id}/approve", None, 409


def reject_edit_without_reason(w):
    _, revision, _ = listings.update_listing(w.owner, w.paid, {"name": "Next Name"})
    path = f"/edits/{revision.id}/reject"
    return w.editor, "POST", path, {"reason": " "}, 422


def mark_paid_order_paid_again(w):
    order = db.session.scalar(select(Order).where(Order.listing_id == w.paid.id))
    path = f"/orders/{order.id}/mark-paid"
    return w.admin, "POST", path, {"note": "again"}, 409


def cancel_paid_order(w):
    order = db.session.scalar(select(Order).where(Order.listing_id == w.paid.id))
    path = f"/orders/{order.id}/cancel"
    return w.admin, "POST", path, {"reason": "Changed mind"}, 409


def create_article_with_taken_slug(w):
    body = {"title": "Other", "body": "Text.", "slug": "harbour-notes"}
    return w.author, "POST", "/articles", body, 409


def schedule_article_without_date(w):
    """The title changes before the status rule refuses the schedule."""
    body = {"title": "New title", "status": "scheduled"}
    return w.author, "PATCH", f"/articles/{w.article.slug}", body, 422


def delete_someone_elses_article(w):
    other = make_user(role="author")
    return other, "DELETE", f"/articles/{w.article.slug}", None, 403


def comment_on_missing_article(w):
    body = {"author_name": "R", "author_email": "r@example.net", "body": "Hi"}
    return None, "POST", "/articles/no-such-article/comments", body, 404


def moderate_comment_as_member(w):
    comment = approve(make_comment(w.article), w.editor)
    path = f"/comments/{comment.id}"
    return w.owner, "PATCH", path, {"status": "approved"}, 403


def revoke_someone_elses_token(w):
    from myapp.auth import services

    token, _ = services.create_token(w.editor, {"name": "x", "scopes": ["read"]})
    return w.owner, "DELETE", f"/tokens/{token.id}", None, 404


def create_token_with_wrong_password(w):
    body = {"email": w.owner.email, "password": "wrong", "name": "laptop"}
    return None, "POST", "/tokens", body, 401


def _uploads(user, count):
    import io

    from myapp.media import services as media_services
    from tests.media_samples import png

    return [
        media_services.upload_image(user, io.BytesIO(png(40 + n, 30)), f"Image {n}")
        for n in range(count)
    ]


def set_more_photos_than_the_plan_shows(w):
    """Standard shows 5 photos; the proposal of 6 leaves no revision behind."""
    images = [
        {"media_id": m.id, "role": "photo", "alt": m.alt} for m in _uploads(w.owner, 6)
    ]
    path = f"/listings/{w.paid.id}/images"
    return w.owner, "PUT", path, {"images": images}, 422


def set_someone_elses_upload_as_logo(w):
    (theirs,) = _uploads(w.author, 1)
    body = {"images": [{"media_id": theirs.id, "role": "logo", "alt": "Not mine"}]}
    return w.owner, "PUT", f"/listings/{w.paid.id}/images", body, 422


def delete_an_upload_in_use(w):
    from myapp.media.listings import apply_images, entry

    (logo,) = _uploads(w.owner, 1)
    apply_images(w.paid, [entry(logo, "logo", "Logo", 0)])
    db.session.commit()
    return w.owner, "DELETE", f"/media/{logo.id}", None, 409


def review_twice(w):
    review = make_review(w.paid, status="approved")
    body = {"rating": 1, "body": REVIEW_TEXT}
    return review.user, "POST", f"/listings/{w.paid.id}/reviews", body, 409


def review_own_listing(w):
    body = {"rating": 5, "body": REVIEW_TEXT}
    return w.owner, "POST", f"/listings/{w.paid.id}/reviews", body, 403


def edit_someone_elses_review(w):
    review = make_review(w.paid, status="approved")
    return w.author, "PATCH", f"/reviews/{review.id}", {"rating": 1}, 403


def reject_review_without_reason(w):
    review = make_review(w.paid)
    path = f"/reviews/{review.id}/moderation"
    return w.editor, "POST", path, {"action": "reject", "reason": " "}, 422


def reply_as_someone_else(w):
    review = make_review(w.paid, status="approved")
    return w.author, "PUT", f"/reviews/{review.id}/reply", {"body": "Hi"}, 403


def report_own_review(w):
    review = make_review(w.paid, status="approved")
    path = f"/reviews/{review.id}/report"
    return review.user, "POST", path, {"reason": "Mine."}, 403


def claim_a_pending_listing(w):
    path = f"/listings/{w.pending.id}/claims"
    return w.owner, "POST", path, {"method": "dns"}, 404


def check_a_decided_claim(w):
    from myapp.directory.trust import claims

    claim = claims.start_claim(w.author, w.paid, {"method": "dns"})
    claim.status = "refused"
    db.session.commit()
    return w.author, "POST", f"/claims/{claim.id}/check", None, 409


def decide_an_unproved_claim(w):
    from myapp.directory.trust import claims

    claim = claims.start_claim(w.author, w.paid, {"method": "dns"})
    path = f"/claims/{claim.id}/decision"
    return w.editor, "POST", path, {"action": "approve"}, 409


def suspend_a_site_that_looks_fine(w):
    from myapp.directory.trust import watches

    watches.watch_for(w.paid.id)
    db.session.commit()
    path = f"/listings/{w.paid.id}/site-watch/answer"
    return w.editor, "POST", path, {"answer": "suspend"}, 409


CASES = [
    set_more_photos_than_the_plan_shows,
    set_someone_elses_upload_as_logo,
    delete_an_upload_in_use,
    review_twice,
    review_own_listing,
    edit_someone_elses_review,
    reject_review_without_reason,
    reply_as_someone_else,
    report_own_review,
    claim_a_pending_listing,
    check_a_decided_claim,
    decide_an_unproved_claim,
    suspend_a_site_that_looks_fine,
    patch_paid_listing_with_refused_plan,
    patch_with_upgrade_while_renewal_waits,
    editor_patch_with_refused_plan,
    create_listing_with_taken_url,
    create_category_with_taken_slug,
    create_category_too_deep,
    move_category_under_its_child,
    delete_category_into_missing_one,
    update_plan_as_member,
    approve_approved_listing,
    reject_without_reason,
    suspend_pending_listing,
    reinstate_live_listing,
    renew_free_listing,
    renew_with_lower_plan,
    approve_decided_edit,
    reject_edit_without_reason,
    mark_paid_order_paid_again,
    cancel_paid_order,
    create_article_with_taken_slug,
    schedule_article_without_date,
    delete_someone_elses_article,
    comment_on_missing_article,
    moderate_comment_as_member,
    revoke_someone_elses_token,
    create_token_with_wrong_password,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_refused_write_stores_nothing(api, world, case):
    user, method, path, body, status = case(world)
    client = api(user)
    client.get("/me")  # record the token's use before the snapshot
    before = snapshot()
    response = client.open(method, path, json=body)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert snapshot() == before


def test_refused_patch_keeps_no_pending_edit(api, world):
    """The issue's example, end to end: refused, and the name is not queued."""
    response = api(world.owner).patch(
        f"/listings/{world.paid.id}", json={"name": "Renamed", "plan": "free"}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "plan": ["Choose a plan above the current one."]
    }
    body = api(world.owner).get(f"/listings/{world.paid.id}").get_json()
    assert body["pending_changes"] is None
    assert body["name"] != "Renamed"


def test_webhook_with_bad_signature_stores_nothing(client, world):
    order = db.session.scalar(select(Order).where(Order.listing_id == world.paid.id))
    before = snapshot()
    event = {
        "id": "evt_x",
        "type": "payment.succeeded",
        "order_reference": order.reference,
        "amount_cents": order.amount_cents,
        "currency": order.currency,
    }
    raw = json.dumps(event).encode()
    response = client.post(
        "/api/v1/payments/webhook",
        data=raw,
        content_type="application/json",
        headers={"Linchpin-Signature": payments.sign(raw, "not-the-secret")},
    )
    assert response.status_code == 400
    assert snapshot() == before
