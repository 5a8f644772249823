"""Statistics API: summary and series for editors, zero-filled, 422 on bad input."""

from datetime import timedelta

import pytest

from myapp.database import utcnow
from myapp.stats.counting import record_hit
from tests.factories import make_article, make_listing


def test_summary_for_editors(api, editor, author):
    article = make_article(author)
    record_hit("article_view", article.id)
    record_hit("article_view", article.id)
    response = api(editor).get("/stats/summary")
    assert response.status_code == 200
    body = response.get_json()
    assert body["articles"] == 1 and body["article_views"] == 2
    assert body["queue"]["comments"] == 0 and "listings" in body["queue"]
    assert body["to"] == utcnow().date().isoformat()


@pytest.mark.parametrize(
    "path", ["/stats/summary", "/stats/timeseries?metric=views&object=listing:1"]
)
def test_stats_api_needs_an_editor_token(api, member, author, path):
    assert api().get(path).status_code == 401
    for user in (member, author):
        response = api(user).get(path)
        assert response.status_code == 403
        assert response.mimetype == "application/problem+json"


def test_timeseries_is_zero_filled(api, editor, author):
    article = make_article(author)
    record_hit("article_view", article.id)
    today = utcnow().date()
    start = today - timedelta(days=6)
    response = api(editor).get(
        f"/stats/timeseries?metric=views&object=article:{article.slug}"
        f"&from={start.isoformat()}&to={today.isoformat()}"
    )
    body = response.get_json()
    assert response.status_code == 200
    assert [p["count"] for p in body["points"]] == [0, 0, 0, 0, 0, 0, 1]
    assert body["points"][0]["day"] == start.isoformat()
    assert body["from"] == start.isoformat() and body["total"] == 1


def test_listing_clicks_default_to_the_last_30_days(api, editor):
    listing = make_listing()
    record_hit("listing_click", listing.id)
    body = (
        api(editor)
        .get(f"/stats/timeseries?metric=clicks&object=listing:{listing.id}")
        .get_json()
    )
    assert len(body["points"]) == 30 and body["points"][-1]["count"] == 1
    assert body["object"] == f"listing:{listing.id}"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("metric=likes&object=listing:{id}", "metric"),
        ("metric=views&object=user:1", "object"),
        ("metric=views", "object"),
        ("metric=views&object=listing:{id}&from=yesterday", "from"),
        ("metric=views&object=listing:{id}&from=2026-02-10&to=2026-02-01", "from"),
        ("metric=views&object=listing:{id}&from=2024-01-01&to=2026-01-01", "to"),
    ],
)
def test_bad_input_is_a_422_problem(api, editor, query, field):
    listing = make_listing()
    response = api(editor).get("/stats/timeseries?" + query.format(id=listing.id))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_clicks_of_an_article_are_a_422(api, editor, author):
    article = make_article(author)
    response = api(editor).get(
        f"/stats/timeseries?metric=clicks&object=article:{article.slug}"
    )
    assert response.status_code == 422
    assert "object" in response.get_json()["errors"]


def test_unknown_object_is_404(api, editor):
    response = api(editor).get("/stats/timeseries?metric=views&object=article:nope")
    assert response.status_code == 404
