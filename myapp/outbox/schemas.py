"""Outbox rows and jobs on the wire: the admin page's filters and the API."""

from marshmallow import fields, validate

from myapp.outbox.models import STATUSES
from myapp.schemas import BaseSchema, PageQuery, UTCDateTime, page_of


class OutboxQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    kind = fields.String(load_default=None, validate=validate.Length(max=40))


class OutboxMessageOut(BaseSchema):
    id = fields.Integer()
    kind = fields.String()
    key = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    max_attempts = fields.Integer()
    next_attempt_at = UTCDateTime()
    last_error = fields.String(allow_none=True)
    result = fields.String(allow_none=True)
    claimed_by = fields.String(allow_none=True)
    lease_until = UTCDateTime(allow_none=True)
    created_at = UTCDateTime()
    sent_at = UTCDateTime(allow_none=True)


OutboxPage = page_of(OutboxMessageOut, "OutboxPage")


class JobOut(BaseSchema):
    id = fields.Integer()
    kind = fields.String()
    status = fields.String()
    finished = fields.Boolean(attribute="is_finished")
    progress_done = fields.Integer()
    progress_total = fields.Integer()
    progress_note = fields.String(allow_none=True)
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    result = fields.String(allow_none=True)
    created_at = UTCDateTime()
    sent_at = UTCDateTime(allow_none=True)
