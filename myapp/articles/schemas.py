"""Article schemas: what the editor form and JSON bodies may carry, and output."""

from datetime import datetime

from marshmallow import fields, validate

from myapp.articles.models import STATUSES
from myapp.schemas import BaseSchema, PageQuery, UTCDateTime, WholeNumber, page_of

SLUG = validate.Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    error="Use lowercase letters, digits and single hyphens (e.g. my-first-post).",
)
MAX_TAGS = 10
TAG_NAME = validate.Regexp(r"^[^,]*$", error="A tag name has no commas.")
# MySQL DATETIME starts at year 1000; nothing is published before 1970 anyway.
PUBLISHED_RANGE = validate.Range(
    min=datetime(1970, 1, 1),
    max=datetime(9999, 12, 31),
    error="Choose a date between 1970 and 9999.",
)


class ArticleIn(BaseSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    slug = fields.String(validate=[validate.Length(min=1, max=200), SLUG])
    summary = fields.String(
        validate=validate.Length(max=500),
        metadata={
            "description": "Optional; else the first paragraph is the excerpt.",
            "multiline": True,
        },
    )
    body = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100_000),
        metadata={
            "description": "Markdown (CommonMark; raw HTML is shown as text).",
            "multiline": True,
        },
    )
    tags = fields.List(
        fields.String(validate=[validate.Length(min=1, max=50), TAG_NAME]),
        validate=validate.Length(max=MAX_TAGS, error="At most 10 tags."),
        # The editor form has one "a, b" field: form_payload splits it.
        metadata={"description": "Tag names; created when new.", "form_split": ","},
    )
    status = fields.String(validate=validate.OneOf(STATUSES))
    lead_image_id = WholeNumber(
        allow_none=True,
        metadata={"description": "An upload's id (POST /media); null removes it."},
    )
    lead_image_alt = fields.String(
        validate=validate.Length(max=300),
        metadata={"description": "What the lead image shows (required with one)."},
    )
    published_at = UTCDateTime(
        allow_none=True,
        validate=PUBLISHED_RANGE,
        metadata={"description": "UTC; in the future with status scheduled."},
    )


class ArticlePatchIn(ArticleIn):
    """ArticleIn for PATCH: every field optional (its own name for OpenAPI)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class ArticleQuery(PageQuery):
    q = fields.String(
        validate=validate.Length(max=200), metadata={"description": "Search words."}
    )
    tag = fields.String(
        validate=validate.Length(max=60), metadata={"description": "Tag name or slug."}
    )
    author = fields.Integer(
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "Author's user id."},
    )
    status = fields.String(
        validate=validate.OneOf(STATUSES),
        metadata={"description": "Authors and editors: articles they manage."},
    )


class TagName(BaseSchema):
    name = fields.String()


class AuthorOut(BaseSchema):
    id = fields.Integer()
    name = fields.String()


class ArticleSummaryOut(BaseSchema):
    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    summary = fields.String(allow_none=True)
    excerpt = fields.String()
    tags = fields.Pluck(TagName, "name", many=True)
    author = fields.Nested(AuthorOut)
    status = fields.String(attribute="display_status")
    published_at = UTCDateTime(allow_none=True)
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class ArticleOut(ArticleSummaryOut):
    body = fields.String(metadata={"description": "The Markdown source."})
    body_html = fields.String(metadata={"description": "Rendered and sanitised."})


ArticlePage = page_of(ArticleSummaryOut, "ArticlePage")
