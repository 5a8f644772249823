"""Directory schemas: the same ones load HTML forms and JSON bodies."""

from marshmallow import EXCLUDE, ValidationError, fields, validate, validates_schema

from myapp.schemas import BaseSchema, PageQuery, UTCDateTime

# The same values as models.LISTING_STATUSES (schemas stay free of models).
LISTING_STATUSES = (
    "awaiting_payment",
    "pending",
    "approved",
    "rejected",
    "expired",
    "suspended",
)
ORDER_STATUSES = ("unpaid", "paid", "cancelled")
REVIEW_ACTIONS = ("approve", "reject", "suspend", "reinstate")


class Text(fields.String):
    """A string with surrounding whitespace removed before validation."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class WholeNumber(fields.Integer):
    """An integer: "12" from a form or 12 in JSON; 12.5 is refused, never cut to 12."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (
            isinstance(value, float) and not value.is_integer()
        ):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Flag(fields.Boolean):
    """A boolean on the wire, whatever truthy value the model holds (0/1)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else bool(value)


def required_text(max_length: int, min_length: int = 1, **kwargs) -> Text:
    return Text(
        required=True,
        validate=validate.Length(min=min_length, max=max_length),
        **kwargs,
    )


# Listings ----------------------------------------------------------------------


class AddressIn(BaseSchema):
    street = Text(validate=validate.Length(max=200))
    city = Text(validate=validate.Length(max=100))
    postcode = Text(validate=validate.Length(max=20))
    country = Text(validate=validate.Length(max=60))


class ListingIn(BaseSchema):
    name = required_text(120, 2)
    url = fields.URL(
        required=True, schemes={"http", "https"}, validate=validate.Length(max=500)
    )
    description = required_text(2000, 20)
    category_id = WholeNumber(
        required=True, error_messages={"invalid": "Choose a category from the list."}
    )
    plan = required_text(20)
    email = fields.Email(
        required=True, attribute="contact_email", validate=validate.Length(max=254)
    )
    phone = Text(
        validate=[
            validate.Length(max=40),
            validate.Regexp(
                r"^[0-9+()./\- ]*$", error="Use digits, spaces and + ( ) - / only."
            ),
        ]
    )
    address = fields.Nested(AddressIn)


class ListingPatchIn(ListingIn):
    """PATCH: any subset of ListingIn's fields."""

    def __init__(self, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(**kwargs)


class ListingSubmitIn(ListingIn):
    """The submission form: the API's fields plus the terms checkbox."""

    terms = fields.Boolean(
        required=True,
        validate=validate.Equal(True, error="Accept the terms to continue."),
        error_messages={"required": "Accept the terms to continue."},
    )


class AddressOut(BaseSchema):
    street = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    country = fields.String(allow_none=True)


class CategoryRefOut(BaseSchema):
    path = fields.String()


class PlanRefOut(BaseSchema):
    code = fields.String()


class ListingOut(BaseSchema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    url = fields.String()
    description = fields.String()
    category_id = fields.Integer()
    category = fields.Pluck(CategoryRefOut, "path")
    plan = fields.Pluck(PlanRefOut, "code")
    status = fields.String(attribute="state")
    featured = Flag()
    phone = fields.String(allow_none=True)
    address = fields.Nested(AddressOut, allow_none=True)
    published_at = UTCDateTime(allow_none=True)
    expires_at = UTCDateTime(allow_none=True)


class ListingPrivateOut(ListingOut):
    """What the owner and editors see besides the public fields."""

    email = fields.String(attribute="contact_email")
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


class ReviewIn(BaseSchema):
    reason = Text(load_default="", validate=validate.Length(max=500))


class BulkReviewIn(ReviewIn):
    ids = fields.List(
        WholeNumber(), required=True, validate=validate.Length(min=1, max=100)
    )
    action = fields.String(required=True, validate=validate.OneOf(REVIEW_ACTIONS))


class RenewIn(BaseSchema):
    plan = Text(
        validate=validate.Length(min=1, max=20),
        metadata={"description": "Another paid plan: an upgrade instead."},
    )


class EditOut(BaseSchema):
    id = fields.Integer()
    listing_id = fields.Integer()
    status = fields.String()
    reason = fields.String()
    changes = fields.Dict(attribute="diff")
    created_at = UTCDateTime()


# Categories and plans ------------------------------------------------------------


class CategoryIn(BaseSchema):
    name = required_text(80)
    slug = Text(
        validate=validate.Regexp(
            r"^[a-z0-9]+(-[a-z0-9]+)*$",
            error="Lowercase letters, digits and single hyphens only.",
        )
    )
    parent_id = WholeNumber(allow_none=True)
    description = Text(validate=validate.Length(max=300))


class CategoryPatchIn(CategoryIn):
    """PATCH: rename (name, slug), move (parent_id) or describe, in any subset."""

    def __init__(self, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(**kwargs)


class CategoryDeleteIn(BaseSchema):
    move_to = WholeNumber(allow_none=True)


class CategoryOut(BaseSchema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    path = fields.String()
    parent_id = WholeNumber(allow_none=True)
    depth = fields.Integer()
    description = fields.String()
    listing_count = fields.Integer(
        metadata={"description": "Live listings here and in sub-categories."}
    )
    children = fields.List(fields.Nested(lambda: CategoryOut()))


class PlanIn(BaseSchema):
    name = required_text(60)
    description = Text(validate=validate.Length(max=300))
    price_cents = WholeNumber(
        required=True, validate=validate.Range(min=0, max=100_000_000)
    )
    currency = fields.String(
        required=True,
        validate=validate.Regexp(r"^[A-Z]{3}$", error="Three capital letters: EUR."),
    )
    duration_days = WholeNumber(
        allow_none=True, validate=validate.Range(min=1, max=3650)
    )
    featured = fields.Boolean(load_default=False)
    priority_review = fields.Boolean(load_default=False)
    backlink_required = fields.Boolean(load_default=False)
    active = fields.Boolean(load_default=True)


class PlanPatchIn(PlanIn):
    """PATCH: any subset of PlanIn's fields (defaults are not applied)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(**kwargs)


class PlanOut(BaseSchema):
    code = fields.String()
    name = fields.String()
    description = fields.String()
    price_cents = fields.Integer()
    currency = fields.String()
    duration_days = fields.Integer(allow_none=True)
    featured = fields.Boolean()
    priority_review = fields.Boolean()
    backlink_required = fields.Boolean()
    active = fields.Boolean()


# Orders and payments ---------------------------------------------------------------


class OrderOut(BaseSchema):
    id = fields.Integer()
    reference = fields.String()
    kind = fields.String()
    status = fields.String()
    amount_cents = fields.Integer()
    currency = fields.String()
    plan = fields.Pluck(PlanRefOut, "code")
    listing_id = fields.Integer()
    created_at = UTCDateTime()
    paid_at = UTCDateTime(allow_none=True)
    paid_via = fields.String()
    note = fields.String()


class ListingCreatedOut(ListingPrivateOut):
    order = fields.Nested(OrderOut, allow_none=True)


class OrderQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(ORDER_STATUSES))
    mine = fields.Boolean(load_default=False)


class MarkPaidIn(BaseSchema):
    note = Text(load_default="", validate=validate.Length(max=500))


class CancelOrderIn(BaseSchema):
    reason = required_text(500)


class PaymentEventIn(BaseSchema):
    """The provider's event; fields we do not use are ignored, not refused."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    type = fields.String(required=True, validate=validate.Length(min=1, max=50))
    order_reference = fields.String(validate=validate.Length(max=40))
    amount_cents = fields.Integer(strict=True, validate=validate.Range(min=0))
    currency = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$"))

    @validates_schema
    def _payment_fields(self, data, **kwargs):
        if data.get("type") != "payment.succeeded":
            return
        missing = [
            key
            for key in ("order_reference", "amount_cents", "currency")
            if data.get(key) is None
        ]
        if missing:
            raise ValidationError(
                {key: ["Required for payment.succeeded."] for key in missing}
            )


class PaymentEventOut(BaseSchema):
    id = fields.String(attribute="event_id")
    type = fields.String()
    order_reference = fields.String()
    outcome = fields.String()
    replay = fields.Boolean()
