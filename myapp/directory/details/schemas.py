"""The details' part of the listing schemas, shared by the form and the API."""

from marshmallow import ValidationError, fields, validate, validates_schema

from myapp.directory.details.fields import Hours, Links, TimeZone
from myapp.schemas import BaseSchema


class DetailsIn(BaseSchema):
    """Hours, zone, links, whether the e-mail is shown, and coordinates."""

    hours = Hours(
        metadata={
            "description": 'By weekday: [["08:00", "12:00"], …]; a missing day is '
            'closed; "exceptions": [{"date", "closed" or "hours", "note"}]. '
            "null removes the hours."
        }
    )
    time_zone = TimeZone(
        allow_none=True,
        metadata={
            "description": "IANA name (64 characters at most); null: the site's."
        },
    )
    links = Links(metadata={"description": "{network: https address}"})
    show_email = fields.Boolean(
        metadata={"form": "checkbox", "description": "Show the contact e-mail."}
    )
    latitude = fields.Float(
        allow_none=True, validate=validate.Range(-90, 90), allow_nan=False
    )
    longitude = fields.Float(
        allow_none=True, validate=validate.Range(-180, 180), allow_nan=False
    )

    @validates_schema
    def _both_coordinates(self, data, **kwargs):
        if "latitude" in data or "longitude" in data:
            given = [data.get("latitude"), data.get("longitude")]
            if (given[0] is None) != (given[1] is None):
                field = "longitude" if given[1] is None else "latitude"
                raise ValidationError("Give both coordinates, or neither.", field)
        for key in ("latitude", "longitude"):
            if data.get(key) is not None:
                data[key] = round(data[key], 6)


class DetailsOut(BaseSchema):
    hours = Hours(dump_only=True)
    time_zone = fields.String(allow_none=True)
    links = Links(dump_only=True)
    public_email = fields.Method(
        "_public_email",
        allow_none=True,
        metadata={"description": "The contact e-mail, if the owner shows it."},
    )
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)

    def _public_email(self, listing):
        if not self.get_attribute(listing, "show_email", False):
            return None
        return self.get_attribute(listing, "contact_email", None)
