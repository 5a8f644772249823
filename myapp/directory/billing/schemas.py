"""Order and payment-event schemas."""

from marshmallow import EXCLUDE, ValidationError, fields, validate, validates_schema

from myapp.directory.listings.schemas import ListingPrivateOut, PlanRefOut
from myapp.directory.schema_fields import Text, required_text
from myapp.directory.vocabulary import ORDER_STATUSES
from myapp.schemas import BaseSchema, PageQuery, UTCDateTime


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
    amount_cents = fields.Integer(  # the orders' INTEGER column
        strict=True, validate=validate.Range(min=0, max=2**31 - 1)
    )
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
