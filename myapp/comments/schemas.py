"""Comment schemas: the Leave a Reply form and JSON bodies, moderation, output."""

from marshmallow import fields, validate

from myapp.comments.models import STATUSES
from myapp.schemas import BaseSchema, PageQuery, UTCDateTime, WebAddress, page_of, words

ID = validate.Range(min=1, max=2**31 - 1)


class CommentIn(BaseSchema):
    author_name = fields.String(
        required=True,
        validate=words(100),
        error_messages={"required": "Required."},
    )
    author_email = fields.Email(
        required=True,
        validate=validate.Length(max=254),
        metadata={"description": "Never shown; known e-mails skip moderation."},
    )
    author_url = WebAddress(
        validate=validate.Length(max=300),
        metadata={"description": "Optional website, linked from the name."},
    )
    body = fields.String(
        required=True,
        validate=words(5000),
        error_messages={"required": "Required."},
        metadata={
            "description": "Plain text; links become clickable.",
            "multiline": True,
        },
    )
    parent_id = fields.Integer(
        allow_none=True,
        validate=ID,
        metadata={"description": "The approved comment this one replies to."},
    )


class CommentStatusIn(BaseSchema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))


class BulkModerationIn(CommentStatusIn):
    ids = fields.List(
        fields.Integer(validate=ID),
        required=True,
        validate=validate.Length(min=1, max=100, error="Choose 1 to 100 comments."),
    )


class CommentQuery(PageQuery):
    pass


class CommentOut(BaseSchema):
    id = fields.Integer()
    article_id = fields.Integer()
    parent_id = fields.Integer(allow_none=True)
    author_name = fields.String()
    author_url = fields.String(allow_none=True)
    body = fields.String()
    body_html = fields.String()
    status = fields.String()
    created_at = UTCDateTime()


CommentPage = page_of(CommentOut, "CommentPage")
