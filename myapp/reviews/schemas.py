"""Review schemas: the forms and JSON bodies, moderation, and outputs."""

from marshmallow import fields, validate

from myapp.reviews.vocabulary import DECISIONS, MIN_LENGTH, RATINGS
from myapp.schemas import BaseSchema, PageQuery, UTCDateTime, page_of, words

ID = validate.Range(min=1, max=2**31 - 1)


class ListingReviewIn(BaseSchema):
    rating = fields.Integer(
        required=True,
        validate=validate.OneOf(RATINGS, error="Choose 1 to 5 stars."),
        error_messages={"required": "Choose 1 to 5 stars."},
        metadata={"description": "1 (poor) to 5 (excellent)."},
    )
    body = fields.String(
        required=True,
        validate=words(5000, MIN_LENGTH),
        error_messages={"required": "Required."},
        metadata={"description": "Plain text; links become clickable."},
    )
    visited_on = fields.Date(
        allow_none=True, metadata={"description": "When you were there (optional)."}
    )


class ListingReviewPatchIn(ListingReviewIn):
    """ListingReviewIn for PATCH: every field optional (its own name for OpenAPI)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class ReplyIn(BaseSchema):
    body = fields.String(
        required=True,
        validate=words(3000),
        error_messages={"required": "Required."},
        metadata={"description": "The owner's answer, shown under the review."},
    )


class ReportIn(BaseSchema):
    reason = fields.String(
        required=True,
        validate=words(300),
        error_messages={"required": "Say what is wrong with it."},
    )


class DecisionIn(BaseSchema):
    action = fields.String(required=True, validate=validate.OneOf(tuple(DECISIONS)))
    reason = fields.String(load_default="", validate=validate.Length(max=300))


class BulkDecisionIn(DecisionIn):
    kind = fields.String(required=True, validate=validate.OneOf(("review", "reply")))
    ids = fields.List(
        fields.Integer(validate=ID),
        required=True,
        validate=validate.Length(min=1, max=100, error="Choose 1 to 100."),
    )


class ReviewQuery(PageQuery):
    pass


class ReplyOut(BaseSchema):
    id = fields.Integer()
    review_id = fields.Integer()
    body = fields.String()
    body_html = fields.String()
    status = fields.String()
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class ReviewOut(BaseSchema):
    """A review as readers see it: the writer's name, never their e-mail."""

    id = fields.Integer()
    listing_id = fields.Integer()
    author_name = fields.Function(lambda review: review.user.name)
    rating = fields.Integer()
    body = fields.String()
    body_html = fields.String()
    visited_on = fields.Date(allow_none=True)
    status = fields.String()
    created_at = UTCDateTime()
    updated_at = UTCDateTime()
    reply = fields.Method(
        "shown_reply",
        allow_none=True,
        metadata={"description": "The owner's reply, once published."},
    )

    def shown_reply(self, review):
        reply = review.reply
        shown = reply is not None and reply.status == "approved"
        return ReplyOut().dump(reply) if shown else None


class RatingSummaryOut(BaseSchema):
    count = fields.Integer()
    average = fields.Float(
        allow_none=True,
        metadata={
            "description": "From REVIEWS_MIN_FOR_AVERAGE approved reviews; else null."
        },
    )


ReviewPage = page_of(ReviewOut, "ReviewPage")
