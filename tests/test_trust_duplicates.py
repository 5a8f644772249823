"""Duplicates at the door: domain, phone, name in the same city; form and API."""

from myapp.directory.trust import duplicates
from myapp.directory.trust.tokens import PREFIX
from tests.factories import make_category, make_listing, make_user


def values(**kw):
    return {"url": "https://new.example.org/", "name": "Something Else", **kw}


def test_same_registrable_domain_is_a_hint():
    first = make_listing(url="https://www.corner-bakery.co.uk/", name="Corner Bakery")
    hints = duplicates.find_duplicates(values(url="https://shop.corner-bakery.co.uk/x"))
    assert [(h.listing.id, h.reason) for h in hints] == [(first.id, "domain")]
    assert duplicates.find_duplicates(values(url="https://other-bakery.co.uk/")) == []


def test_same_phone_in_another_writing_is_a_hint():
    first = make_listing(
        url="https://a.fr-site.org/",
        phone="01 42 68 53 00",
        address={"city": "Paris", "country": "France"},
    )
    hints = duplicates.find_duplicates(
        values(phone="+33 1 42 68 53 00", country="France")
    )
    assert [(h.listing.id, h.reason) for h in hints] == [(first.id, "phone")]


def test_a_very_similar_name_in_the_same_city_is_a_hint():
    first = make_listing(
        url="https://one.site-a.org/",
        name="The Corner Bakery Ltd",
        address={"city": "Lyon"},
    )
    near = values(name="Corner Bakery", city="lyon")
    assert [h.listing.id for h in duplicates.find_duplicates(near)] == [first.id]
    assert duplicates.find_duplicates(values(name="Corner Bakery", city="Nice")) == []
    assert duplicates.find_duplicates(values(name="Harbour Books", city="Lyon")) == []


def test_the_form_asks_first_and_a_note_files_it_anyway(client, login, member):
    first = make_listing(url="https://www.corner-bakery.co.uk/", name="Corner Bakery")
    category = make_category()
    login(member)
    form = {
        "plan": "free",
        "name": "Corner Bakery Shop",
        "url": "https://shop.corner-bakery.co.uk/",
        "description": "Bread and cakes baked every morning in our own oven.",
        "category_id": category.id,
        "email": member.email,
        "terms": "y",
        "check_duplicates": "1",
    }
    page = client.post("/directory/submit", data=form)
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "This looks like “Corner Bakery”" in html
    assert f"/listings/{first.slug}/claim" in html
    done = client.post("/directory/submit", data={**form, "duplicate_note": "A branch"})
    assert done.status_code == 302
    assert duplicates.hints_for(first.id + 1)[0].note == "A branch"


def test_the_api_answer_names_the_look_alikes(api, member):
    first = make_listing(url="https://www.corner-bakery.co.uk/", name="Corner Bakery")
    body = {
        "plan": "free",
        "name": "Corner Bakery Two",
        "url": "https://two.corner-bakery.co.uk/",
        "description": "Bread and cakes baked every morning in our own oven.",
        "category_id": make_category().id,
        "email": member.email,
    }
    answer = api(member).post("/api/v1/listings", json=body)
    assert answer.status_code == 201, answer.json
    assert answer.json["duplicate_hints"] == [
        {
            "listing_id": first.id,
            "name": "Corner Bakery",
            "reason": "domain",
            "note": "",
        }
    ]


def test_claims_over_the_api(api, net):
    site = make_listing(url=net.host("api-bakery.com") + "/", name="Api Bakery")
    claimant = make_user()
    client = api(claimant)
    started = client.post(f"/api/v1/listings/{site.id}/claims", json={"method": "dns"})
    assert started.status_code == 201, started.json
    claim = started.json
    assert claim["record"] == PREFIX + claim["token"] and claim["status"] == "open"
    missed = client.post(f"/api/v1/claims/{claim['id']}/check").json
    assert (
        missed["status"] == "open" and "No verification token" in missed["last_error"]
    )
    net.txt("api-bakery.com", claim["record"])
    checked = client.post(f"/api/v1/claims/{claim['id']}/check").json
    assert checked["status"] == "verified"
    assert client.get(f"/api/v1/claims/{claim['id']}").json["status"] == "verified"
    other = api(make_user())
    assert other.get(f"/api/v1/claims/{claim['id']}").status_code == 404
