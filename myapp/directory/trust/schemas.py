"""Claims, the site watch and duplicate hints, in and out (forms and API alike)."""

from marshmallow import fields, validate

from myapp.directory.billing.schemas import ListingCreatedOut
from myapp.directory.trust.vocabulary import (
    CLAIM_METHODS,
    CLAIM_STATUSES,
    HINT_REASONS,
    SUSPECT_ANSWERS,
    SUSPECT_KINDS,
)
from myapp.schemas import BaseSchema, UTCDateTime


class ClaimIn(BaseSchema):
    method = fields.String(
        required=True,
        validate=validate.OneOf(CLAIM_METHODS),
        metadata={"description": "dns (TXT record), meta (home page tag) or file."},
        error_messages={"required": "Choose how you will prove the domain."},
    )


class ClaimOut(BaseSchema):
    id = fields.Integer()
    listing_id = fields.Integer()
    method = fields.String(validate=validate.OneOf(CLAIM_METHODS))
    status = fields.String(
        validate=validate.OneOf(CLAIM_STATUSES),
        metadata={
            "description": "open, waiting (for an editor), verified, refused, lost"
        },
    )
    token = fields.String()
    record = fields.String(metadata={"description": "The TXT record's whole text."})
    where = fields.String(metadata={"description": "Where the token is looked for."})
    last_error = fields.String(metadata={"description": "Why the last check failed."})
    created_at = UTCDateTime()
    expires_at = UTCDateTime(metadata={"description": "The token's end."})
    checked_at = UTCDateTime(allow_none=True)
    verified_at = UTCDateTime(allow_none=True)


class DuplicateHintOut(BaseSchema):
    listing_id = fields.Integer(attribute="other_id")
    name = fields.String(
        allow_none=True, metadata={"description": "Only for live listings or your own."}
    )
    reason = fields.String(validate=validate.OneOf(HINT_REASONS))
    note = fields.String()


class ListingSubmittedOut(ListingCreatedOut):
    duplicate_hints = fields.List(
        fields.Nested(DuplicateHintOut),
        metadata={"description": "Listings this one looks like (kept for editors)."},
    )


class SiteWatchOut(BaseSchema):
    listing_id = fields.Integer()
    suspect = fields.String(
        attribute="suspect_kind",
        allow_none=True,
        validate=validate.OneOf(SUSPECT_KINDS),
        metadata={"description": "redirect, parked or drift; null when fine."},
    )
    suspect_reason = fields.String()
    suspect_since = UTCDateTime(allow_none=True)
    baseline_url = fields.String(allow_none=True)
    baseline_title = fields.String(allow_none=True)
    last_url = fields.String(allow_none=True)
    last_title = fields.String(allow_none=True)
    last_checked_at = UTCDateTime(allow_none=True)
    verified = fields.Boolean(attribute="is_verified")
    verification_lost_at = UTCDateTime(allow_none=True)


class SuspectAnswerIn(BaseSchema):
    answer = fields.String(
        required=True,
        validate=validate.OneOf(SUSPECT_ANSWERS),
        metadata={"description": "fine (new baseline), suspend, or contact the owner."},
    )


class ClaimDecisionIn(BaseSchema):
    action = fields.String(
        required=True, validate=validate.OneOf(("approve", "refuse"))
    )
