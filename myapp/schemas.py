"""Base schema, shared fields and the cursor-page envelope."""

import re
from datetime import UTC, datetime

from marshmallow import Schema, ValidationError, fields, validate

INT64 = 2**63 - 1
# C0 controls, DEL, C1 controls and the Unicode line/paragraph separators.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# A multi-line field (metadata={"multiline": True}) keeps tab and line breaks.
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def within_64_bits(value: int) -> None:
    """Every integer fits a 64-bit column (larger ones crash SQLite's driver)."""
    if abs(value) > INT64:
        raise ValidationError("The number is out of range.")


def single_line(value: str) -> None:
    """No line breaks or other control characters (a name, an e-mail subject)."""
    if CONTROL.search(value):
        raise ValidationError("Line breaks and control characters are not allowed.")


def plain_text(value: str) -> None:
    if CONTROL_IN_TEXT.search(value):
        raise ValidationError("Control characters are not allowed.")


def guard_field(field: fields.Field) -> None:
    """Add the input rules every field of their kind must follow."""
    if isinstance(field, fields.Integer):
        field.validators.append(within_64_bits)
    elif isinstance(field, fields.String):
        multiline = field.metadata.get("multiline", False)
        field.validators.append(plain_text if multiline else single_line)
    elif isinstance(field, fields.List):
        guard_field(field.inner)


class Extended:
    """An object dumped with values computed for this one answer.

    `BaseSchema` reads a field from `extras` first, then from the object, so
    a route can add `order` or `replay` to an answer without setting
    attributes on an ORM instance.
    """

    def __init__(self, obj, **extras):
        self.obj, self.extras = obj, extras


class BaseSchema(Schema):
    """Orders fields; bounds integers and refuses control characters in text.

    The rules are added when a field is bound, so no schema can leave them out.
    """

    class Meta:
        ordered = True

    def get_attribute(self, obj, attr, default):
        if isinstance(obj, Extended):
            if attr in obj.extras:
                return obj.extras[attr]
            obj = obj.obj
        return super().get_attribute(obj, attr, default)

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        guard_field(field_obj)


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


class WholeNumber(fields.Integer):
    """An integer: "12" from a form or 12 in JSON; 12.5 is refused, never cut to 12."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (
            isinstance(value, float) and not value.is_integer()
        ):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)
