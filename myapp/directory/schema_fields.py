"""Fields and value lists shared by the directory's schemas."""

import re

from marshmallow import fields

from myapp.formatting import amount
from myapp.schemas import words


class Text(fields.String):
    """A string with surrounding whitespace removed before validation."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


AMOUNT = re.compile(r"^(\d{1,7})(?:[.,](\d{1,2}))?$")


class Money(fields.Field):
    """Money as people write it ("49", "49.00", "49,50"; 49.5 in JSON), held as
    integer cents and written back as a decimal string ("49.00"), never a float."""

    default_error_messages = {
        "invalid": "Enter an amount such as 49.00 (at most two decimals).",
        "required": "Required.",
    }

    def __init__(self, **kwargs):
        metadata = {"type": "string", "example": "49.00", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            typed = value.strip()
        elif isinstance(value, int | float) and not isinstance(value, bool):
            typed = repr(value)  # 49.5 → "49.5"; 1e20 → "1e+20", refused
        else:
            raise self.make_error("invalid")
        match = AMOUNT.match(typed)
        if match is None:
            raise self.make_error("invalid")
        whole, part = match.groups()
        return int(whole) * 100 + int((part or "0").ljust(2, "0"))

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else amount(value)


class Flag(fields.Boolean):
    """A boolean on the wire, whatever truthy value the model holds (0/1)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else bool(value)


def required_text(max_length: int, min_length: int = 1, **kwargs) -> Text:
    kwargs.setdefault("error_messages", {})
    kwargs["error_messages"].setdefault("required", "Required.")
    return Text(required=True, validate=words(max_length, min_length), **kwargs)
