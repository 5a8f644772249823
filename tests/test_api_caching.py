"""ETags on API GETs: a matching If-None-Match answers 304, a change a new tag."""

from myapp.extensions import db
from tests.factories import make_article, make_listing


def test_me_has_a_strong_etag_and_revalidates(api, member):
    client = api(member)
    first = client.get("/me")
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag.startswith('"') and len(etag) == 66
    assert "Authorization" in first.headers["Vary"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get("/me", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b"" and again.headers["ETag"] == etag


def test_etag_changes_with_the_representation(api, member):
    client = api(member)
    etag = client.get("/me").headers["ETag"]
    member.name = "Renamed Member"
    db.session.commit()
    changed = client.get("/me", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["name"] == "Renamed Member"
    assert changed.headers["ETag"] != etag


def test_other_users_do_not_share_an_etag(api, member, author):
    etag = api(member).get("/me").headers["ETag"]
    theirs = api(author).get("/me", headers={"If-None-Match": etag})
    assert theirs.status_code == 200


def test_if_none_match_lists_and_star(api, member):
    client = api(member)
    etag = client.get("/me").headers["ETag"]
    listed = client.get("/me", headers={"If-None-Match": f'"other", {etag}'})
    assert listed.status_code == 304
    assert client.get("/me", headers={"If-None-Match": "*"}).status_code == 304
    stale = client.get("/me", headers={"If-None-Match": '"stale"'})
    assert stale.status_code == 200


def test_errors_carry_no_etag(api):
    response = api().get("/me", headers={"If-None-Match": "*"})
    assert response.status_code == 401 and "ETag" not in response.headers


def test_openapi_document_revalidates(client):
    first = client.get("/api/v1/openapi.json")
    again = client.get(
        "/api/v1/openapi.json", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_articles_and_directory_reads_revalidate(api, author):
    article = make_article(author, status="published")
    listing = make_listing()
    client = api()
    for path in (
        "/articles",
        f"/articles/{article.slug}",
        "/listings",
        f"/listings/{listing.id}",
        "/categories",
        "/plans",
    ):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["ETag"], path
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path
