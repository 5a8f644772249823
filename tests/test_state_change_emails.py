"""Every state change of a listing, an order or a comment, and the e-mail the
person it concerns expects (through the outbox), in one table.

Each row sets a scene, makes one change and names who should get an e-mail
and what its subject says; `None` means nobody is written to (spam and binned
comments: their addresses are often made up).
"""

from collections import Counter
from datetime import timedelta

import pytest

from myapp.comments import services as comments
from myapp.database import utcnow
from myapp.directory.billing import orders
from myapp.directory.listings import expiry, pending_edits, review
from myapp.directory.listings import services as listings
from tests.factories import (
    body_of,
    make_article,
    make_category,
    make_comment,
    make_listing,
    make_plans,
    make_user,
    subject_of,
)


def listed(plan="free", status="approved"):
    return make_listing(plan=plan, status=status)


def submit(plan):
    make_plans()
    owner = make_user()
    data = {
        "name": "Corner Bakery",
        "url": "https://corner-bakery.example/",
        "description": "Sourdough and pastries since 1998, baked every day.",
        "category_id": make_category().id,
        "plan": plan,
        "contact_email": owner.email,
    }
    return lambda staff: listings.submit_listing(owner, data)[0]


def decide(action, status, *reason):
    listing = listed(status=status)
    return lambda staff: review.review_listing(staff, listing, action, *reason)


def expire():
    listing = listed(plan="standard")
    listing.expires_at = utcnow() - timedelta(minutes=1)
    return lambda staff: expiry.expire_listings()


def remind():
    listing = listed(plan="standard")
    listing.expires_at = utcnow() + timedelta(days=2)
    return lambda staff: expiry.send_reminders()


def renewal(status="approved"):
    listing = listed(plan="standard", status=status)
    return lambda staff: orders.renew_or_upgrade(listing.owner, listing)


def upgrade():
    listing = listed(plan="standard")
    return lambda staff: orders.renew_or_upgrade(listing.owner, listing, "featured")


def settle(action, kind="renewal"):
    if kind == "submission":
        listing = listed(plan="standard", status="awaiting_payment")
        order = orders.list_orders(listing.owner, mine=True).items[0]
    else:
        listing = listed(plan="standard")
        order = orders.renew_or_upgrade(listing.owner, listing)
    if action == "paid":
        return lambda staff: orders.mark_paid(staff, order, "Bank transfer.")
    return lambda staff: orders.cancel_order(staff, order, "No payment came.")


def owner_edit(verdict):
    listing = listed()
    listings.update_listing(
        listing.owner, listing, {"description": "Now with a garden and a terrace."}
    )
    revision = pending_edits.pending_edit_for(listing)
    if verdict == "approved":
        return lambda staff: pending_edits.approve_edit(staff, revision)
    return lambda staff: pending_edits.reject_edit(staff, revision, "Too vague.")


def moderate(status, start="pending"):
    article = make_article(make_user(role="author"))
    comment = make_comment(article, author_email="writer@example.net")
    if start != comment.status:
        comments.moderate_comment(make_user(role="editor"), comment, start)
    return lambda staff: comments.moderate_comment(staff, comment, status)


# (change, scene, who hears, a words of the subject); "owner" is the listing's
# owner or the order's buyer, "writer" the comment's writer.
CHANGES = [
    ("listing submitted (free)", lambda: submit("free"), "owner", "We received"),
    ("listing submitted (paid)", lambda: submit("standard"), "owner", "We received"),
    ("listing approved", lambda: decide("approve", "pending"), "owner", "now listed"),
    ("listing rejected", lambda: decide("reject", "pending", "Ads only."), "owner",
     "was not accepted"),
    ("listing suspended", lambda: decide("suspend", "approved", "Malware."), "owner",
     "has been suspended"),
    ("listing reinstated", lambda: decide("reinstate", "suspended"), "owner",
     "is listed again"),
    ("listing expired", expire, "owner", "has expired"),
    ("renewal reminder", remind, "owner", "expires in 2 days"),
    ("renewal ordered", renewal, "owner", "how to pay"),
    ("expired listing renewal ordered", lambda: renewal("expired"), "owner",
     "how to pay"),
    ("upgrade ordered", upgrade, "owner", "how to pay"),
    ("renewal paid", lambda: settle("paid"), "owner", "Payment received"),
    ("renewal cancelled", lambda: settle("cancel"), "owner", "was cancelled"),
    ("submission paid", lambda: settle("paid", "submission"), "owner",
     "Payment received"),
    ("submission order cancelled", lambda: settle("cancel", "submission"), "owner",
     "was not accepted"),
    ("owner's edit approved", lambda: owner_edit("approved"), "owner",
     "were approved"),
    ("owner's edit rejected", lambda: owner_edit("rejected"), "owner",
     "were not accepted"),
    ("comment approved", lambda: moderate("approved"), "writer", "is published"),
    ("spam comment rescued", lambda: moderate("approved", "spam"), "writer",
     "is published"),
    ("comment binned", lambda: moderate("trash"), None, None),
    ("comment marked spam", lambda: moderate("spam"), None, None),
    ("comment unapproved", lambda: moderate("pending", "approved"), None, None),
]  # fmt: skip


def sent(outbox) -> Counter:
    return Counter((m["To"], subject_of(m), body_of(m)) for m in outbox())


@pytest.mark.parametrize(
    ("scene", "who", "words"),
    [row[1:] for row in CHANGES],
    ids=[row[0] for row in CHANGES],
)
def test_each_state_change_writes_to_the_person_it_concerns(
    app, outbox, scene, who, words
):
    staff = make_user(role="admin")
    change = scene()
    before = sent(outbox)
    changed = change(staff)
    new = list((sent(outbox) - before).elements())
    if who is None:
        assert new == []
        return
    assert len(new) == 1, [subject for _, subject, _ in new]
    to, subject, body = new[0]
    expected = {
        "owner": lambda: _owner_of(changed),
        "writer": lambda: "writer@example.net",
    }[who]()
    assert to == expected and words in subject, (to, subject)
    site = app.config["SITE_URL"].rstrip("/")
    assert "127.0.0.1:8000" not in body or site.endswith(":8000")
    assert f"{site}/" in body  # a way back to the site, built from SITE_URL


def _owner_of(changed):
    if isinstance(changed, list):  # expiry's runs return the listings they did
        changed = changed[0]
        changed = changed[0] if isinstance(changed, tuple) else changed
    owner = getattr(changed, "owner", None) or getattr(changed, "user", None)
    if owner is None:  # a revision
        owner = changed.listing.owner
    return owner.email


def test_moderators_read_what_they_did_in_a_sentence(client, login, editor):
    article = make_article(make_user(role="author"))
    first = make_comment(article, author_name="Marta")
    second, third = make_comment(article), make_comment(article)
    login(editor)
    one = client.post(
        f"/admin/comments/{first.id}/approved", follow_redirects=True
    ).get_data(as_text=True)
    assert "The comment by Marta is published." in one
    many = client.post(
        "/admin/comments/bulk",
        data={"ids": [second.id, third.id], "status": "trash"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "2 comments moved to the bin." in many and "(s)" not in many
