"""What the two-factor forms and the passkey script may send."""

from marshmallow import fields, validate

from myapp.schemas import BaseSchema

# 6 digits from the app, or a recovery code: 16 letters, maybe with dashes.
Code = fields.String(required=True, validate=validate.Length(min=6, max=24))


class CodeIn(BaseSchema):
    code = Code


class SecondStepIn(BaseSchema):
    code = Code
    remember_device = fields.Boolean(load_default=False)


class ConfirmIn(BaseSchema):
    """Re-authentication: an app or recovery code, or (without 2FA) the password."""

    code = fields.String(validate=validate.Length(min=6, max=24))
    password = fields.String(load_only=True, validate=validate.Length(max=200))


class PasskeyIn(BaseSchema):
    name = fields.String(
        load_default="Passkey", validate=validate.Length(min=1, max=100)
    )
    credential = fields.Dict(required=True)


class PasskeySignInIn(BaseSchema):
    credential = fields.Dict(required=True)
    remember_device = fields.Boolean(load_default=False)
