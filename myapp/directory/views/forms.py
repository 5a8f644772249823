"""Turning directory forms into schema data, and errors back into form messages."""

from flask import current_app, request
from marshmallow import Schema

from myapp.web import form_payload, load_form

ADDRESS_KEYS = ("street", "city", "postcode", "country")


def flatten(errors: dict, prefix: str = "") -> dict:
    """{"address": {"city": [...]}} → {"address.city": [...]} for the templates."""
    flat = {}
    for key, value in (errors or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def listing_payload(schema: Schema, clearing: bool = False) -> dict:
    """The form as ListingIn data; address fields arrive as `address.<part>`.

    With `clearing` (the edit form), an emptied phone or address part is sent
    as "" so the change removes it instead of leaving the old value.
    """
    form = request.form
    payload = form_payload(form, schema)
    address = {
        key: form[f"address.{key}"].strip()
        for key in ADDRESS_KEYS
        if f"address.{key}" in form and (clearing or form[f"address.{key}"].strip())
    }
    if address:
        payload["address"] = address
    if clearing and "phone" in form and not form["phone"].strip():
        payload["phone"] = ""
    return payload


def load(schema: Schema, payload: dict | None = None) -> tuple[dict | None, dict]:
    """Load the posted form; (data, {}) or (None, flattened errors)."""
    data, errors = load_form(schema, payload)
    return data, flatten(errors)


def error_dict(exc) -> dict:
    """A service AppError as form errors (beside its field, or at the top)."""
    return flatten(exc.errors) if exc.errors else {"_schema": [exc.detail]}


def page_size() -> int:
    return current_app.config["DIRECTORY_PAGE_SIZE"]


def submission_rate_limit() -> str:
    return current_app.config["SUBMISSION_RATE_LIMIT"]


def only_posts_count() -> bool:
    """exempt_when for limits: reading a form is free, sending one is limited."""
    return request.method != "POST"
