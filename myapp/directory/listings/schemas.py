"""Listing schemas: submission, edits, review decisions and their output."""

from marshmallow import fields, validate

from myapp.directory.details.schemas import DetailsIn, DetailsOut
from myapp.directory.schema_fields import Flag, Text, required_text
from myapp.directory.vocabulary import LISTING_STATUSES, REVIEW_ACTIONS, SORTS
from myapp.schemas import BaseSchema, PageQuery, UTCDateTime, WebAddress, WholeNumber


class AddressIn(BaseSchema):
    """Each part may be null (or a blank form field) to remove it."""

    street = Text(allow_none=True, validate=validate.Length(max=200))
    city = Text(allow_none=True, validate=validate.Length(max=100))
    postcode = Text(allow_none=True, validate=validate.Length(max=20))
    country = Text(allow_none=True, validate=validate.Length(max=60))


class ListingIn(DetailsIn):
    name = required_text(120, 2)
    url = WebAddress(
        required=True,
        validate=validate.Length(max=500),
        error_messages={"required": "Required."},
    )
    description = required_text(2000, 20, metadata={"multiline": True})
    category_id = WholeNumber(
        required=True, error_messages={"invalid": "Choose a category from the list."}
    )
    plan = required_text(20)
    email = fields.Email(
        required=True, attribute="contact_email", validate=validate.Length(max=254)
    )
    phone = Text(
        allow_none=True,
        validate=[
            validate.Length(max=40),
            validate.Regexp(
                r"^[0-9+()./\- ]*$", error="Use digits, spaces and + ( ) - / only."
            ),
        ],
    )
    address = fields.Nested(AddressIn)
    duplicate_note = Text(
        load_default="",
        validate=validate.Length(max=500),
        metadata={"description": "Why this is not one of the look-alikes found."},
    )


class ListingPatchIn(ListingIn):
    """PATCH: any subset of ListingIn's fields."""

    def __init__(self, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(**kwargs)


class ListingSubmitIn(ListingIn):
    """The submission form: the API's fields plus the terms checkbox."""

    terms = fields.Boolean(
        required=True,
        metadata={"form": "checkbox"},
        validate=validate.Equal(True, error="Accept the terms to continue."),
        error_messages={"required": "Accept the terms to continue."},
    )
    # The form asks before filing a look-alike; a note answers the question.
    check_duplicates = fields.Boolean(load_default=False)


class AddressOut(BaseSchema):
    street = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    country = fields.String(allow_none=True)


class CategoryRefOut(BaseSchema):
    path = fields.String()


class PlanRefOut(BaseSchema):
    code = fields.String()


class ListingOut(DetailsOut):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    url = fields.String()
    description = fields.String()
    category_id = fields.Integer()
    category = fields.Pluck(CategoryRefOut, "path")
    plan = fields.Pluck(PlanRefOut, "code")
    status = fields.String(
        attribute="shown_status",
        metadata={"description": "What a reader sees: expired once the term ends."},
    )
    featured = Flag()
    phone = fields.String(allow_none=True)
    address = fields.Nested(AddressOut, allow_none=True)
    published_at = UTCDateTime(allow_none=True)
    expires_at = UTCDateTime(allow_none=True)


PUBLIC_LISTING_FIELDS = tuple(ListingOut._declared_fields)


class ListingPrivateOut(ListingOut):
    """A listing for its owner and editors; anyone else gets only the fields
    of ListingOut (GET /listings/{id} dumps this schema with `only`)."""

    email = fields.String(attribute="contact_email")
    show_email = fields.Boolean()
    owner_id = fields.Integer()
    status_reason = fields.String()
    link_status = fields.String()
    link_error = fields.String()
    backlink_ok = fields.Boolean(allow_none=True)
    click_count = fields.Integer()
    submitted_at = UTCDateTime(allow_none=True)
    created_at = UTCDateTime()
    pending_changes = fields.Dict(
        allow_none=True, metadata={"description": "{field: [before, after]}"}
    )


class ListingQuery(PageQuery):
    category = fields.String(
        validate=validate.Length(max=255),
        metadata={"description": "A category id or path; includes sub-categories."},
    )
    q = fields.String(validate=validate.Length(max=200))
    featured = fields.Boolean()
    status = fields.String(validate=validate.OneOf(LISTING_STATUSES))
    mine = fields.Boolean(load_default=False)
    city = fields.String(validate=validate.Length(max=100))
    country = fields.String(validate=validate.Length(max=60))
    open = fields.Boolean(metadata={"description": "Open at the time of the request."})
    plan = fields.String(validate=validate.Length(max=20))
    sort = fields.String(validate=validate.OneOf(SORTS))


class ReviewIn(BaseSchema):
    reason = Text(load_default="", validate=validate.Length(max=500))


class BulkReviewIn(ReviewIn):
    ids = fields.List(
        WholeNumber(),
        required=True,
        validate=[
            validate.Length(min=1, error="Tick at least one listing."),
            validate.Length(max=100),
        ],
        error_messages={"required": "Tick at least one listing."},
    )
    action = fields.String(required=True, validate=validate.OneOf(REVIEW_ACTIONS))


class RenewIn(BaseSchema):
    plan = Text(
        validate=validate.Length(min=1, max=20),
        metadata={"description": "Another paid plan: an upgrade instead."},
    )


class UpgradeIn(BaseSchema):
    """The upgrade form: the plan to move to."""

    plan = required_text(
        20, error_messages={"required": "Choose one of the plans offered."}
    )


class EditOut(BaseSchema):
    id = fields.Integer()
    listing_id = fields.Integer()
    status = fields.String()
    reason = fields.String()
    changes = fields.Dict(attribute="diff")
    created_at = UTCDateTime()
