"""Subscription forms and outputs (the HTML forms and the API share them)."""

from marshmallow import ValidationError, fields, validate, validates_schema

from myapp.schemas import BaseSchema
from myapp.subscriptions.models import FREQUENCIES


class TopicsIn(BaseSchema):
    """What to receive and how often."""

    frequency = fields.String(
        load_default="weekly", validate=validate.OneOf(list(FREQUENCIES))
    )
    articles = fields.Boolean(
        load_default=False, metadata={"description": "Every new article."}
    )
    tags = fields.List(
        fields.String(validate=validate.Length(max=60)),
        load_default=list,
        validate=validate.Length(max=50),
        metadata={"description": "Tag slugs: new articles with these tags."},
    )
    categories = fields.List(
        fields.Integer(strict=False, validate=validate.Range(min=1, max=2**31 - 1)),
        load_default=list,
        validate=validate.Length(max=50),
        metadata={"description": "Category ids: new listings in them."},
    )

    @validates_schema
    def _something(self, data, **kwargs):
        if not (data.get("articles") or data.get("tags") or data.get("categories")):
            raise ValidationError(
                "Choose at least one thing to follow.", field_name="_schema"
            )


class SubscribeIn(TopicsIn):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class SubscribeOut(BaseSchema):
    detail = fields.String()


class TopicCountOut(BaseSchema):
    topic = fields.String()
    name = fields.String()
    confirmed = fields.Integer()


class CountsOut(BaseSchema):
    confirmed = fields.Integer()
    unconfirmed = fields.Integer()
    daily = fields.Integer()
    weekly = fields.Integer()
    topics = fields.List(fields.Nested(TopicCountOut))
