"""Fields and value lists shared by the directory's schemas."""

from marshmallow import fields

from myapp.schemas import words


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
    kwargs.setdefault("error_messages", {})
    kwargs["error_messages"].setdefault("required", "Required.")
    return Text(required=True, validate=words(max_length, min_length), **kwargs)
