"""Base schema, shared fields and the cursor-page envelope."""

from datetime import UTC, datetime

from marshmallow import Schema, fields, validate


class Extended:
    """An object dumped with values computed for this one answer.

    `BaseSchema` reads a field from `extras` first, then from the object, so
    a route can add `order` or `replay` to an answer without setting
    attributes on an ORM instance.
    """

    def __init__(self, obj, **extras):
        self.obj, self.extras = obj, extras


class BaseSchema(Schema):
    class Meta:
        ordered = True

    def get_attribute(self, obj, attr, default):
        if isinstance(obj, Extended):
            if attr in obj.extras:
                return obj.extras[attr]
            obj = obj.obj
        return super().get_attribute(obj, attr, default)


class UTCDateTime(fields.DateTime):
    """Naive UTC in the database, ISO 8601 with an explicit offset on the wire."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")

    def _deserialize(self, value, attr, data, **kwargs):
        parsed: datetime = super()._deserialize(value, attr, data, **kwargs)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        return parsed


class WebAddress(fields.URL):
    """A web address; "walkersbakery.example" is taken as https://walkersbakery.example.

    People type addresses the way they read them, without the scheme.
    """

    default_error_messages = {
        "invalid": "Enter a web address, such as https://example.com."
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("schemes", {"http", "https"})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = value.strip()
            if value and "://" not in value:
                value = "https://" + value.lstrip("/")
        return super()._deserialize(value, attr, data, **kwargs)


def words(max_length: int, min_length: int = 1) -> list:
    """Length rules that speak to people: "Required." / "At most 100 characters."."""
    rules = [validate.Length(max=max_length, error="At most {max} characters.")]
    if min_length > 1:
        rules.append(
            validate.Length(min=min_length, error="At least {min} characters.")
        )
    return [validate.Regexp(r"\S", error="Required."), *rules]


class PageQuery(BaseSchema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None, validate=validate.Length(max=500))


def page_of(item_schema: type[Schema], name: str | None = None) -> type[Schema]:
    """A `{items, next_cursor}` schema around an item schema."""
    return type(
        name or f"{item_schema.__name__}Page",
        (BaseSchema,),
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "next_cursor": fields.String(allow_none=True, required=True),
        },
    )
