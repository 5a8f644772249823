"""Text rules every schema gets from BaseSchema, and NUL bytes refused anywhere."""

import pytest
from marshmallow import ValidationError, fields
from sqlalchemy import select

from myapp.directory.models import Listing
from myapp.schemas import BaseSchema
from tests.factories import make_article, make_category, make_plans


class Example(BaseSchema):
    name = fields.String()
    count = fields.Integer()
    tags = fields.List(fields.String())
    body = fields.String(metadata={"multiline": True})


@pytest.mark.parametrize("value", [2**63, -(2**63), 2**64 + 1])
def test_every_integer_field_is_bounded_to_64_bits(value):
    with pytest.raises(ValidationError) as caught:
        Example().load({"count": value})
    assert "count" in caught.value.messages
    assert Example().load({"count": 2**63 - 1}) == {"count": 2**63 - 1}


@pytest.mark.parametrize("char", ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\u2028"])
def test_single_line_fields_refuse_control_characters(char):
    with pytest.raises(ValidationError) as caught:
        Example().load({"name": f"Acme{char}Bcc: x@example.com", "tags": ["a"]})
    assert "name" in caught.value.messages
    with pytest.raises(ValidationError):
        Example().load({"tags": [f"a{char}b"]})


def test_multiline_fields_keep_line_breaks_but_not_other_controls():
    assert Example().load({"body": "One.\r\n\r\nTwo,\tthree."})["body"]
    with pytest.raises(ValidationError):
        Example().load({"body": "bell\x07"})


def test_a_line_break_in_a_listing_name_is_422_with_the_field(api, member, editor):
    make_plans()
    category = make_category(actor=editor)
    body = {
        "name": "Acme\nBcc: everyone@example.com",
        "url": "https://acme.example.com/",
        "description": "A fine place that does useful things for its customers.",
        "category_id": category.id,
        "plan": "free",
        "email": "owner@example.com",
    }
    response = api(member).post("/listings", json=body)
    assert response.status_code == 422
    assert "name" in response.get_json()["errors"]
    assert (
        api(member).post("/listings", json={**body, "name": "Acme"}).status_code == 201
    )


def test_the_html_form_refuses_it_too_and_keeps_the_values(client, login, member):
    make_plans()
    category = make_category()
    login(member)
    form = {
        "name": "Acme\r\nBcc: everyone@example.com",
        "url": "https://acme.example.com/",
        "description": "A fine place that does useful things for its customers.",
        "category_id": str(category.id),
        "plan": "free",
        "contact_email": "owner@example.com",
    }
    response = client.post("/directory/submit", data=form)
    assert response.status_code == 422
    assert 'id="name-error"' in response.text
    assert "A fine place that does useful things" in response.text


@pytest.mark.parametrize("where", ["json", "form", "query"])
def test_nul_bytes_are_refused_wherever_they_come(client, api, author, where):
    article = make_article(author)
    path = f"/api/v1/articles/{article.slug}/comments"
    comment = {"author_name": "Sam", "author_email": "s@example.com", "body": "a\x00b"}
    if where == "json":
        response = client.post(path, json=comment)
    elif where == "form":
        response = client.post(f"/articles/{article.slug}/comments", data=comment)
    else:
        response = client.get("/search?q=a%00b")
    assert response.status_code == 400


def test_nothing_with_a_nul_is_stored(api, member, editor, db):
    make_plans()
    category = make_category(actor=editor)
    body = {
        "name": "Acme",
        "url": "https://acme.example.com/",
        "description": "A fine place\x00 that does useful things for its customers.",
        "category_id": category.id,
        "plan": "free",
        "email": "owner@example.com",
    }
    assert api(member).post("/listings", json=body).status_code == 400
    assert db.session.scalars(select(Listing)).all() == []
