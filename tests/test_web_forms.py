"""form_payload and post_form: a form post becomes what its JSON twin sends."""

import pytest
from marshmallow import fields
from werkzeug.datastructures import MultiDict

from myapp.errors import ConflictError, NotFoundError
from myapp.schemas import BaseSchema
from myapp.web import field_errors, form_payload, post_form


class PartIn(BaseSchema):
    city = fields.String(allow_none=True)
    postcode = fields.String()


class ThingIn(BaseSchema):
    name = fields.String(required=True)
    note = fields.String()
    phone = fields.String(allow_none=True)
    agree = fields.Boolean(load_default=True, metadata={"form": "checkbox"})
    tags = fields.List(fields.String(), metadata={"form_split": ","})
    ids = fields.List(fields.Integer())
    address = fields.Nested(PartIn)


def payload(pairs, partial=False):
    return form_payload(MultiDict(pairs), ThingIn(partial=partial))


def test_blank_is_none_where_allowed_else_left_out():
    got = payload([("name", "A"), ("note", " "), ("phone", "")])
    assert got == {"name": "A", "phone": None, "agree": False}


def test_checkbox_is_false_unless_sent_and_left_out_of_partial_forms():
    assert payload([("agree", "on")])["agree"] == "on"
    assert payload([("agree", "")])["agree"] is False
    assert payload([])["agree"] is False
    assert "agree" not in payload([], partial=True)


def test_dotted_keys_make_a_nested_dict_and_unknown_keys_are_dropped():
    got = payload(
        [("address.city", ""), ("address.postcode", "BS1"), ("csrf_token", "x")]
    )
    assert got["address"] == {"city": None, "postcode": "BS1"}
    assert "csrf_token" not in got
    assert "address" not in payload([("name", "A")])


def test_lists_take_every_value_and_split_where_asked():
    got = payload([("ids", "1"), ("ids", "2"), ("ids", ""), ("tags", "a, b,,c")])
    assert got["ids"] == ["1", "2"]
    assert got["tags"] == ["a", "b", "c"]


def test_errors_are_flattened_to_dotted_names():
    nested = {"address": {"city": ["Too long."]}, "name": ["Required."]}
    assert field_errors(nested) == {
        "address.city": ["Too long."],
        "name": ["Required."],
    }
    assert field_errors(["Whole form."]) == {"_schema": ["Whole form."]}


def test_post_form_maps_schema_and_service_errors(app):
    def refuse(data):
        raise ConflictError("Taken.", field="name")

    with app.test_request_context(method="POST", data={"note": "x"}):
        assert post_form(ThingIn(), refuse).errors == {
            "name": ["Missing data for required field."]
        }
    with app.test_request_context(method="POST", data={"name": "A"}):
        post = post_form(ThingIn(), refuse)
        assert (post.ok, post.errors) == (False, {"name": ["Taken."]})
        ok = post_form(ThingIn(), lambda data: data["name"])
        assert (ok.ok, ok.result) == (True, "A")


def test_post_form_lets_a_missing_object_answer_404(app):
    def missing(data):
        raise NotFoundError()

    post = {"method": "POST", "data": {"name": "A"}}
    with app.test_request_context(**post), pytest.raises(NotFoundError):
        post_form(ThingIn(), missing)
