"""The reviews on a listing's page: writing, moderation, replies, reports, cards."""

import pytest
from sqlalchemy import event

from myapp.extensions import db
from myapp.reviews import moderation, services
from myapp.reviews.models import Review
from tests.factories import REVIEW_TEXT, make_listing, make_review, make_user

FORM = {"rating": "5", "body": REVIEW_TEXT, "visited_on": "2026-10-03"}


@pytest.fixture
def listing(db):
    return make_listing(name="Crumbs Bakery")


def _page(client, listing):
    return client.get(f"/listings/{listing.slug}").get_data(as_text=True)


def test_visitor_is_asked_to_sign_in(client, listing):
    page = _page(client, listing)
    assert "No reviews yet." in page and "to write a review" in page


def test_member_writes_a_review_that_waits(client, login, listing):
    login(make_user(name="Rita Reviewer"))
    response = client.post(f"/listings/{listing.slug}/reviews", data=FORM)
    assert response.status_code == 302
    review = db.session.query(Review).one()
    assert (
        review.status == "pending"
        and review.visited_on.isoformat() == FORM["visited_on"]
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "waits for a moderator" in page and "Your review" in page


def test_unconfirmed_member_is_told_and_refused(client, login, listing):
    login(make_user(confirmed=False))
    assert "Confirm your e-mail address to write a review" in _page(client, listing)
    response = client.post(f"/listings/{listing.slug}/reviews", data=FORM)
    assert response.status_code == 403
    assert "Confirm your e-mail address" in response.get_data(as_text=True)
    assert db.session.query(Review).count() == 0


def test_owner_cannot_review(client, login, listing):
    login(listing.owner)
    assert "not review it" in _page(client, listing)
    response = client.post(f"/listings/{listing.slug}/reviews", data=FORM)
    assert response.status_code == 403
    assert db.session.query(Review).count() == 0


def test_form_errors_keep_the_values(client, login, listing):
    login(make_user())
    response = client.post(
        f"/listings/{listing.slug}/reviews", data={"rating": "9", "body": "Too short"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose 1 to 5 stars." in page and "At least 30 characters." in page
    assert "Too short</textarea>" in page
    assert db.session.query(Review).count() == 0


def test_second_review_is_refused_beside_the_form(client, login, listing):
    member = make_user()
    make_review(listing, member)
    login(member)
    response = client.post(f"/listings/{listing.slug}/reviews", data=FORM)
    assert response.status_code == 422
    assert "reviewed this listing already" in response.get_data(as_text=True)
    assert db.session.query(Review).count() == 1


def test_approved_review_and_reply_are_shown_never_the_email(client, login, listing):
    reviewer = make_user(name="Rita Reviewer", email="rita@example.com")
    review = make_review(listing, reviewer, status="approved")
    reply = services.save_reply(listing.owner, review, {"body": "Thanks, Rita!"})
    assert "Thanks, Rita!" not in _page(client, listing)  # pending reply
    moderation.decide(make_user(role="editor"), "reply", reply, "approve")
    page = _page(client, listing)
    assert "Rita Reviewer" in page and "Thanks, Rita!" in page
    assert "rita@example.com" not in page
    assert "1 review" in page and "out of 5 ·" not in page  # below the threshold


def test_owner_replies_from_the_page(client, login, listing):
    review = make_review(listing, status="approved")
    login(listing.owner)
    response = client.post(f"/reviews/{review.id}/reply", data={"body": "Thank you!"})
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.reply.body == "Thank you!" and review.reply.status == "pending"


def test_editing_sends_the_review_back(client, login, listing):
    review = make_review(listing, status="approved")
    login(review.user)
    response = client.post(f"/reviews/{review.id}/edit", data={**FORM, "rating": "2"})
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.status == "pending" and review.rating == 2


def test_report_sends_the_review_back(client, login, listing):
    review = make_review(listing, status="approved")
    login(make_user())
    response = client.post(f"/reviews/{review.id}/report", data={"reason": "Fake"})
    assert response.status_code == 302
    db.session.refresh(review)
    assert review.status == "pending"
    assert "Fake" not in _page(client, listing)


def test_average_on_page_and_card_from_the_threshold(client, listing):
    for rating in (5, 4):
        make_review(listing, rating=rating, status="approved")
    category_url = f"/directory/{listing.category.path}"
    assert "2 reviews" in client.get(category_url).get_data(as_text=True)
    make_review(listing, rating=3, status="approved")
    page = _page(client, listing)
    assert "<strong>4.0</strong> out of 5 · 3 reviews" in page
    card = client.get(category_url).get_data(as_text=True)
    assert '4.0<span class="visually-hidden"> out of 5</span> · 3 reviews' in card


def test_owner_sees_statistics(client, login, listing):
    make_review(listing, rating=4, status="approved")
    login(listing.owner)
    page = _page(client, listing)
    assert "Published reviews by rating" in page and "Reviews written per day" in page


def test_queue_lists_and_decides_reviews(client, login, editor, listing, outbox):
    first, second = make_review(listing), make_review(listing)
    login(editor)
    page = client.get("/admin/queue").get_data(as_text=True)
    assert f"queue-review-{first.id}" in page and "2 reviews" in page
    decide_url = f"/admin/reviews/review/{first.id}"
    refused = client.post(decide_url, data={"action": "reject"})
    assert refused.status_code == 422 and "Say why" in refused.get_data(as_text=True)
    db.session.refresh(first)
    assert first.status == "pending"
    done = client.post(
        "/admin/reviews/bulk",
        data={"kind": "review", "ids": [first.id, second.id], "action": "approve"},
    )
    assert done.status_code == 302
    assert {r.status for r in db.session.query(Review)} == {"approved"}


def test_listing_page_with_50_reviews_has_constant_queries(
    client, app, listing, monkeypatch
):
    """All 50 on one page: each review's writer and reply come in the same query."""
    monkeypatch.setitem(app.config, "REVIEWS_PER_PAGE", 50)

    def count_queries(path):
        statements = []

        def count(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    for _ in range(5):
        make_review(listing, status="approved")
    few = count_queries(f"/listings/{listing.slug}?n=5")
    for n in range(45):
        review = make_review(listing, status="approved")
        if n % 2:
            reply = services.save_reply(listing.owner, review, {"body": "Thanks!"})
            moderation.decide(make_user(role="editor"), "reply", reply, "approve")
    many = count_queries(f"/listings/{listing.slug}?n=50")
    assert many == few, (few, many)
    assert _page(client, listing).count('class="review-reply"') == 22


def test_admin_dashboard_shows_reviews_per_day_and_ratings(client, login, admin):
    listing = make_listing(name="Busy Bees Cafe")
    make_review(listing, rating=5, status="approved")
    login(admin)
    page = client.get("/admin").get_data(as_text=True)
    assert "Reviews per day" in page and "Ratings by listing" in page
    assert "Busy Bees Cafe" in page
    csv = client.get("/admin/stats/ratings_by_listing.csv").get_data(as_text=True)
    assert csv.splitlines()[1].startswith("Busy Bees Cafe,1,1,0")
