"""Review rules without HTTP: who may review, moderation, the average's threshold."""

import pytest

from myapp.errors import ConflictError, PermissionDenied
from myapp.extensions import db
from myapp.policy import UnconfirmedError, can, is_confirmed
from myapp.reviews import moderation, services
from myapp.reviews.models import Review
from tests.factories import REVIEW_TEXT, make_listing, make_review, make_user

DATA = {"rating": 5, "body": REVIEW_TEXT}


@pytest.fixture
def listing(db):
    return make_listing()


def test_unconfirmed_account_cannot_review(listing):
    newcomer = make_user(confirmed=False)
    assert not is_confirmed(newcomer) and not can(newcomer, "act_as_confirmed")
    with pytest.raises(UnconfirmedError) as exc:
        services.create_review(newcomer, listing, DATA)
    assert "Confirm your e-mail address" in exc.value.detail
    assert db.session.query(Review).count() == 0


def test_owner_cannot_review_own_listing(listing):
    with pytest.raises(PermissionDenied, match="your own listing"):
        services.create_review(listing.owner, listing, DATA)
    assert db.session.query(Review).count() == 0


def test_second_review_by_same_account_is_refused(listing):
    member = make_user()
    services.create_review(member, listing, DATA)
    with pytest.raises(ConflictError):
        services.create_review(member, listing, {**DATA, "rating": 1})
    assert db.session.query(Review).count() == 1


def test_first_review_waits_and_a_known_reviewer_is_trusted(listing):
    member = make_user()
    first = services.create_review(member, listing, DATA)
    assert first.status == "pending"
    moderation.decide(make_user(role="editor"), "review", first, "approve")
    second = services.create_review(member, make_listing(), DATA)
    assert second.status == "approved"


def test_trust_can_be_switched_off(app, listing, monkeypatch):
    monkeypatch.setitem(app.config, "REVIEWS_TRUST_KNOWN", False)
    member = make_user()
    make_review(listing, member, status="approved")
    assert services.create_review(member, make_listing(), DATA).status == "pending"


def test_edit_returns_to_moderation(listing):
    review = make_review(listing, status="approved")
    services.update_review(review.user, review, {"rating": 2})
    assert review.status == "pending"
    assert services.review_counts([listing.id])[listing.id]["count"] == 0


def test_average_appears_only_at_threshold(app, listing):
    assert app.config["REVIEWS_MIN_FOR_AVERAGE"] == 3
    make_review(listing, rating=5, status="approved")
    make_review(listing, rating=4, status="approved")
    assert services.review_counts([listing.id])[listing.id] == {
        "count": 2,
        "average": None,
    }
    assert services.rating_summary(listing) is None
    make_review(listing, rating=3, status="approved")
    assert services.rating_summary(listing) == {"count": 3, "average": 4.0}


def test_rejected_review_counts_nowhere(listing):
    for _ in range(3):
        make_review(listing, rating=5, status="approved")
    make_review(listing, rating=1, status="rejected")
    make_review(listing, rating=1, status="spam")
    make_review(listing, rating=1)  # pending
    assert services.rating_summary(listing) == {"count": 3, "average": 5.0}
    page = services.approved_reviews(listing)
    assert {r.rating for r in page.items} == {5}
    from myapp.reviews import stats

    assert stats.distribution(listing.id) == {1: 0, 2: 0, 3: 0, 4: 0, 5: 3}


def test_reject_needs_a_reason_and_stores_nothing_without(listing):
    review = make_review(listing)
    editor = make_user(role="editor")
    with pytest.raises(Exception, match="Say why"):
        moderation.decide(editor, "review", review, "reject", "")
    db.session.refresh(review)
    assert review.status == "pending"


def test_report_puts_an_approved_review_back_in_the_queue(listing):
    review = make_review(listing, status="approved")
    reader = make_user()
    moderation.report_review(reader, review, "This is an advert for a rival.")
    assert review.status == "pending"
    assert moderation.queue_counts()["review"] == 1
    queue = moderation.pending(make_user(role="editor"))
    assert queue["reports"][review.id][0].reason == "This is an advert for a rival."
    assert services.rating_summary(listing) is None


def test_decisions_are_audit_logged_and_emailed(listing, outbox):
    from myapp.audit.models import AuditEntry

    review = make_review(listing, status="approved")
    actions = [e.action for e in db.session.query(AuditEntry)]
    assert "review.approve" in actions
    subjects = [m["Subject"] for m in outbox()]
    assert any("was published" in s for s in subjects)
    assert any("A new review" in s for s in subjects)
    assert review.approved_at is not None


def test_owner_replies_once_and_an_edit_is_moderated_again(listing):
    review = make_review(listing, status="approved")
    owner = listing.owner
    reply = services.save_reply(owner, review, {"body": "Thank you for coming!"})
    assert reply.status == "pending"
    moderation.decide(make_user(role="editor"), "reply", reply, "approve")
    again = services.save_reply(owner, review, {"body": "Thank you, see you soon!"})
    assert again.id == reply.id and again.status == "pending"


def test_only_the_owner_replies(listing):
    review = make_review(listing, status="approved")
    with pytest.raises(PermissionDenied):
        services.save_reply(make_user(), review, {"body": "I am not the owner."})


def test_spam_defences_are_shared_with_comments(listing):
    review = services.create_review(
        make_user(), listing, {**DATA, "body": REVIEW_TEXT + " Visit the casino!"}
    )
    assert review.status == "spam"


def test_demo_seed_shows_reviews_above_and_below_the_threshold(runner):
    from sqlalchemy import select

    from myapp.directory.models import Listing

    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0  # adds nothing

    def summary(site):
        url = f"https://{site}.example/"
        listing = db.session.scalar(select(Listing).where(Listing.url == url))
        return services.review_counts([listing.id])[listing.id], listing

    (bakery, listing) = summary("crumb-and-crust")
    assert bakery == {"count": 4, "average": 4.5}
    assert services.approved_reviews(listing).items[-1].reply.status == "approved"
    assert summary("northside-roasters")[0] == {"count": 2, "average": None}
    assert summary("paper-lantern-books")[0]["count"] == 3
    assert moderation.queue_counts()["review"] == 1
