"""Webhook endpoint and delivery-log schemas (the admin form and the API share them)."""

from marshmallow import fields, validate

from myapp.schemas import BaseSchema, PageQuery, UTCDateTime, page_of
from myapp.webhooks.events import EVENT_TYPES


class EndpointIn(BaseSchema):
    url = fields.URL(
        required=True,
        schemes={"http", "https"},
        require_tld=False,
        validate=validate.Length(max=500),
        metadata={"description": "Where events are POSTed (https:// in production)."},
    )
    description = fields.String(validate=validate.Length(max=200), load_default="")
    events = fields.List(
        fields.String(validate=validate.OneOf(list(EVENT_TYPES))),
        required=True,
        validate=validate.Length(min=1, error="Choose at least one event."),
    )
    active = fields.Boolean(load_default=True)


class EndpointPatchIn(EndpointIn):
    """PATCH: any subset of EndpointIn's fields (defaults are not applied)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(**kwargs)


class EndpointOut(BaseSchema):
    id = fields.Integer()
    url = fields.String()
    description = fields.String()
    events = fields.List(fields.String())
    active = fields.Boolean()
    secret_hint = fields.String(metadata={"description": "The secret's first signs."})
    failing_since = UTCDateTime(allow_none=True)
    disabled_at = UTCDateTime(allow_none=True)
    disabled_reason = fields.String()
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class EndpointSecretOut(EndpointOut):
    """Once only, on creation or rotation: the signing secret itself."""

    secret = fields.String()


class DeliveryOut(BaseSchema):
    id = fields.Integer()
    event_id = fields.String()
    event_type = fields.String()
    attempt = fields.Integer()
    ok = fields.Boolean()
    status_code = fields.Integer(allow_none=True)
    duration_ms = fields.Integer()
    response_excerpt = fields.String()
    error = fields.String()
    created_at = UTCDateTime()


class DeliveryQuery(PageQuery):
    pass


class EndpointListOut(BaseSchema):
    items = fields.List(fields.Nested(EndpointOut), required=True)


class TestEventOut(BaseSchema):
    event_id = fields.String(attribute="id")
    type = fields.String()


DeliveryPage = page_of(DeliveryOut, "DeliveryPage")
