"""Account and token schemas: what forms and JSON bodies may carry."""

from marshmallow import ValidationError, fields, validate, validates_schema

from myapp.policy import ROLES
from myapp.schemas import BaseSchema, UTCDateTime

Password = fields.String(
    required=True, load_only=True, validate=validate.Length(min=10, max=200)
)
SCOPES = ("read", "write")


class RegisterIn(BaseSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    password = Password


class LoginIn(BaseSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=200)
    )
    remember = fields.Boolean(load_default=False)


class ResetRequestIn(BaseSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class ResetIn(BaseSchema):
    password = Password


class PasswordChangeIn(BaseSchema):
    current_password = fields.String(required=True, validate=validate.Length(max=200))
    new_password = Password


class EmailChangeIn(BaseSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class NameChangeIn(BaseSchema):
    name = fields.String(
        required=True,
        validate=[
            validate.Length(max=100),
            validate.Regexp(r"\s*\S", error="Required."),
        ],
    )


class TokenIn(BaseSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)),
        load_default=lambda: list(SCOPES),
        validate=validate.Length(min=1, max=2),
    )


class TokenCreateIn(TokenIn):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=200)
    )
    otp = fields.String(
        load_only=True,
        validate=validate.Length(max=24),
        metadata={
            "description": "An authenticator-app or recovery code: required when "
            "the account uses two-factor sign-in (docs/two-factor.md)."
        },
    )


class TokenOut(BaseSchema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    scopes = fields.List(fields.String(), attribute="scope_list")
    created_at = UTCDateTime()
    last_used_at = UTCDateTime(allow_none=True)


class TokenCreatedOut(TokenOut):
    token = fields.String(metadata={"description": "Shown once; store it now."})


class UserOut(BaseSchema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    created_at = UTCDateTime()
    email_confirmed = fields.Function(lambda user: user.email_confirmed_at is not None)


class RoleIn(BaseSchema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    active = fields.Boolean(load_default=True)


class SessionEndIn(BaseSchema):
    """Either one session by id, or everywhere=1 for all of them."""

    session_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    everywhere = fields.Boolean(load_default=False)

    @validates_schema
    def one_or_all(self, data, **kwargs):
        if data.get("session_id") is None and not data["everywhere"]:
            raise ValidationError("Choose a session, or sign out everywhere.")
