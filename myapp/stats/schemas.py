"""Statistics API: the time-series query and the shapes of summary and series."""

from datetime import date

from marshmallow import fields, validate

from myapp.schemas import BaseSchema

DATES = validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31))


class TimeseriesQuery(BaseSchema):
    metric = fields.String(required=True, validate=validate.OneOf(["views", "clicks"]))
    object = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^(article:[^\s]{1,200}|listing:[0-9]{1,12})$",
            error="Name an article:<slug> or a listing:<id>.",
        ),
        metadata={"description": "`article:<slug>` or `listing:<id>`."},
    )
    from_ = fields.Date(data_key="from", load_default=None, validate=DATES)
    to = fields.Date(load_default=None, validate=DATES)


class PointOut(BaseSchema):
    day = fields.Date()
    count = fields.Integer()


class TimeseriesOut(BaseSchema):
    metric = fields.String()
    object = fields.String()
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    total = fields.Integer()
    points = fields.List(fields.Nested(PointOut))


class QueueOut(BaseSchema):
    comments = fields.Integer()
    listings = fields.Integer()
    edits = fields.Integer()
    broken = fields.Integer()
    orders = fields.Integer()


class SummaryOut(BaseSchema):
    articles = fields.Integer()
    listings = fields.Integer()
    categories = fields.Integer()
    listings_this_month = fields.Integer()
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    article_views = fields.Integer()
    listing_views = fields.Integer()
    listing_clicks = fields.Integer()
    queue = fields.Nested(QueueOut)
