"""Moderating reviews and replies: the queue, decisions, bulk, readers' reports.

Every decision is audit-logged and e-mailed (reviews.notify) once committed.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from myapp.audit.services import record
from myapp.database import unit_of_work
from myapp.errors import InvalidInput, NotFoundError
from myapp.extensions import db
from myapp.policy import authorize
from myapp.reviews import notify
from myapp.reviews.models import Review, ReviewReply, ReviewReport
from myapp.reviews.services import set_status
from myapp.reviews.vocabulary import APPROVED, DECISIONS, PENDING, REJECTED

KINDS = {"review": Review, "reply": ReviewReply}
REASON_NEEDED = "Say why it is rejected: the writer reads the reason."


def queue_counts() -> dict:
    """Waiting reviews and replies, for the inbox and its badge."""
    counts = {
        kind: db.session.scalar(
            select(func.count()).select_from(model).where(model.status == PENDING)
        )
        for kind, model in KINDS.items()
    }
    counts["total"] = counts["review"] + counts["reply"]
    return counts


def pending(actor, limit: int = 50) -> dict:
    """The oldest waiting reviews and replies, with their listing and writer."""
    authorize(actor, "review.moderate")
    reviews = db.session.scalars(
        select(Review)
        .where(Review.status == PENDING)
        .options(joinedload(Review.listing), joinedload(Review.user))
        .order_by(Review.id)
        .limit(limit)
    ).all()
    replies = db.session.scalars(
        select(ReviewReply)
        .where(ReviewReply.status == PENDING)
        .options(
            joinedload(ReviewReply.review).joinedload(Review.listing),
            joinedload(ReviewReply.user),
        )
        .order_by(ReviewReply.id)
        .limit(limit)
    ).all()
    return {"reviews": reviews, "replies": replies, "reports": _reports(reviews)}


def _reports(reviews) -> dict[int, list[ReviewReport]]:
    ids = [r.id for r in reviews]
    found: dict[int, list] = {}
    if ids:
        stmt = select(ReviewReport).where(ReviewReport.review_id.in_(ids))
        for report in db.session.scalars(stmt.order_by(ReviewReport.id)):
            found.setdefault(report.review_id, []).append(report)
    return found


def _decide(actor, row, action: str, reason: str) -> bool:
    status = DECISIONS[action]
    reason = (reason or "").strip()
    if status == REJECTED and not reason:
        raise InvalidInput(REASON_NEEDED, field="reason")
    if row.status == status:
        return False
    kind = "review" if isinstance(row, Review) else "reply"
    detail = f"{row.status} → {status}" + (f": {reason}" if reason else "")
    set_status(row, status, reason if status != APPROVED else "")
    record(actor, f"{kind}.{action}", row, detail)
    notify.decided(row, kind, action)
    return True


@unit_of_work
def decide(actor, kind: str, row, action: str, reason: str = ""):
    """Approve, reject (with a reason) or mark as spam one review or reply."""
    authorize(actor, "review.moderate")
    _decide(actor, row, action, reason)
    return row


@unit_of_work
def decide_many(actor, kind: str, ids: list[int], action: str, reason: str = "") -> int:
    """The same decision for several at once; returns how many changed."""
    authorize(actor, "review.moderate")
    model = KINDS[kind]
    rows = db.session.scalars(select(model).where(model.id.in_(ids))).all()
    return sum(_decide(actor, row, action, reason) for row in rows)


def authorize_moderator(actor) -> None:
    """Refuse (403) before a row is looked up, so ids are not probed."""
    authorize(actor, "review.moderate")


def get_row(kind: str, row_id: int):
    row = db.session.get(KINDS[kind], row_id) if 0 < row_id <= 2**31 - 1 else None
    if row is None:
        raise NotFoundError()
    return row


@unit_of_work
def report_review(actor, review: Review, reason: str) -> ReviewReport:
    """A reader flags a review: it leaves the page and waits for a person again."""
    authorize(actor, "review.report", review)
    report = ReviewReport(review_id=review.id, user_id=actor.id, reason=reason.strip())
    db.session.add(report)
    if review.status == APPROVED:
        review.status, review.reason = PENDING, f"reported: {reason.strip()}"[:300]
    record(actor, "review.report", review, reason.strip())
    return report
