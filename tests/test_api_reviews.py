"""The reviews API: the same schemas and services as the listing page's forms."""

import pytest

from myapp.extensions import db
from myapp.reviews.models import Review
from tests.factories import REVIEW_TEXT, make_listing, make_review, make_user

BODY = {"rating": 4, "body": REVIEW_TEXT, "visited_on": "2026-11-20"}


@pytest.fixture
def listing(db):
    return make_listing()


def test_member_reviews_and_it_waits(api, listing):
    member = make_user(name="Api Reviewer")
    response = api(member).post(f"/api/v1/listings/{listing.id}/reviews", json=BODY)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "pending" and body["author_name"] == "Api Reviewer"
    assert "email" not in str(body)
    assert response.headers["Location"].endswith(f"/api/v1/reviews/{body['id']}")
    listed = api().get(f"/api/v1/listings/{listing.id}/reviews").get_json()
    assert listed["items"] == []


def test_validation_and_refusals_are_problems(api, listing):
    member = make_user()
    bad = api(member).post(
        f"/api/v1/listings/{listing.id}/reviews", json={"rating": 6, "body": "short"}
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"rating", "body"}
    own = api(listing.owner).post(f"/api/v1/listings/{listing.id}/reviews", json=BODY)
    assert own.status_code == 403
    api(member).post(f"/api/v1/listings/{listing.id}/reviews", json=BODY)
    again = api(member).post(f"/api/v1/listings/{listing.id}/reviews", json=BODY)
    assert again.status_code == 409 and "rating" in again.get_json()["errors"]
    assert db.session.query(Review).count() == 1


def test_moderation_reply_and_listing(api, listing, editor):
    review = make_review(listing)
    denied = api(make_user()).post(
        f"/api/v1/reviews/{review.id}/moderation", json={"action": "approve"}
    )
    assert denied.status_code == 403
    no_reason = api(editor).post(
        f"/api/v1/reviews/{review.id}/moderation", json={"action": "reject"}
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    done = api(editor).post(
        f"/api/v1/reviews/{review.id}/moderation", json={"action": "approve"}
    )
    assert done.get_json()["status"] == "approved"
    reply = api(listing.owner).open(
        "PUT", f"/api/v1/reviews/{review.id}/reply", json={"body": "Thank you kindly."}
    )
    assert reply.status_code == 200 and reply.get_json()["status"] == "pending"
    reply_id = reply.get_json()["id"]
    api(editor).post(
        f"/api/v1/review-replies/{reply_id}/moderation", json={"action": "approve"}
    )
    page = api().get(f"/api/v1/listings/{listing.id}/reviews").get_json()
    assert page["items"][0]["reply"]["body"] == "Thank you kindly."
    summary = api().get(f"/api/v1/listings/{listing.id}/reviews/summary").get_json()
    assert summary == {"count": 1, "average": None}


def test_patch_returns_to_moderation_and_delete(api, listing):
    review = make_review(listing, status="approved")
    writer = review.user
    other = api(make_user()).patch(f"/api/v1/reviews/{review.id}", json={"rating": 1})
    assert other.status_code in (403, 404)
    patched = api(writer).patch(f"/api/v1/reviews/{review.id}", json={"rating": 1})
    assert patched.get_json()["status"] == "pending"
    assert patched.get_json()["rating"] == 1
    assert api(writer).delete(f"/api/v1/reviews/{review.id}").status_code == 204
    assert db.session.query(Review).count() == 0


def test_report_through_the_api(api, listing):
    review = make_review(listing, status="approved")
    response = api(make_user()).post(
        f"/api/v1/reviews/{review.id}/report", json={"reason": "Spam for a rival."}
    )
    assert response.status_code == 202
    db.session.refresh(review)
    assert review.status == "pending"
    assert api().get(f"/api/v1/reviews/{review.id}").status_code == 404


def test_unconfirmed_member_is_refused(api, listing):
    member = make_user()
    client = api(member)  # the token was made while the address was confirmed
    member.email_confirmed_at = None  # e.g. a new address waiting for its link
    db.session.commit()
    response = client.post(f"/api/v1/listings/{listing.id}/reviews", json=BODY)
    assert response.status_code == 403
    assert response.get_json()["type"].endswith("/unconfirmed")
