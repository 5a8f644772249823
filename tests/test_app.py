"""The factory, configs, error pages and problem+json."""

import pytest

from myapp import create_app
from myapp.config import ProductionConfig


def test_production_refuses_default_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"LINCHPIN_ENV": "production", "SECRET_KEY": "dev-only-change-me"})


def test_production_refuses_short_secret_key():
    with pytest.raises(RuntimeError, match="at least 32"):
        create_app({"LINCHPIN_ENV": "production", "SECRET_KEY": "short"})


def test_production_starts_with_strong_key_and_sends_hsts(tmp_path):
    app = create_app(
        {
            "LINCHPIN_ENV": "production",
            "SECRET_KEY": "x" * 64,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/healthz")
    assert "max-age" in response.headers["Strict-Transport-Security"]
    assert ProductionConfig.LINCHPIN_ENV == "production"


def test_security_headers_on_every_response(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_request_id_is_echoed_or_made(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz").headers["X-Request-ID"] != made
    given = client.get("/healthz", headers={"X-Request-ID": "abc-12345678"})
    assert given.headers["X-Request-ID"] == "abc-12345678"
    hostile = client.get("/healthz", headers={"X-Request-ID": "<script>x"})
    assert hostile.headers["X-Request-ID"] != "<script>x"


def test_unknown_page_is_html_404_in_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<h1>Page not found</h1>" in html
    assert "There is nothing at this address." in html
    assert 'aria-label="Main"' in html and "Back to top" in html
    assert "Go to the home page" in html and "Browse the directory" in html


@pytest.mark.parametrize(
    ("address", "page"),
    [
        ("/articles/some-article/comments", "/articles/some-article"),
        ("/admin/listings/13/suspend", "/admin/listings/13"),
        ("/admin/listings/bulk", "/admin/listings"),
        ("/admin/categories/3/delete", "/admin/categories/3"),
        ("/account/tokens/5/revoke", "/account"),
        ("/auth/logout", "/"),
    ],
)
def test_reloading_a_form_address_opens_its_page_not_a_405(client, address, page):
    response = client.get(address)
    assert response.status_code == 303
    assert response.headers["Location"] == page


def test_the_api_still_answers_405_for_a_wrong_method(client):
    response = client.get("/api/v1/payments/webhook")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


def test_a_page_only_answering_get_says_so_plainly(client):
    response = client.post("/stats")
    assert response.status_code == 405
    html = response.get_data(as_text=True)
    assert "Open the page again" in html and "Method Not Allowed" not in html
    assert "<h1>That did not work</h1>" in html and 'aria-label="Main"' in html


def test_unknown_api_route_is_problem_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert (
        body["status"] == 404 and body["title"] and body["type"].endswith("not-found")
    )


def test_method_not_allowed_keeps_allow_header(client):
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_id_beyond_the_column_range_is_404_whatever_the_method(client):
    """Not 405: a rule for another method on the same path must not win."""
    for method, path in [
        ("PATCH", "/api/v1/listings/2147483648"),
        ("DELETE", "/api/v1/categories/2147483648"),
        ("PATCH", "/api/v1/comments/99999999999"),
        ("GET", "/go/2147483648"),
    ]:
        response = client.open(path, method=method, json={})
        assert response.status_code == 404, (method, path)
    assert client.get("/api/v1/listings/2147483647").status_code == 404
    assert client.patch("/api/v1/listings/0021", json={}).status_code == 401


def test_oversized_body_is_413(client):
    response = client.post(
        "/api/v1/tokens", data=b"x" * (2 * 1024 * 1024), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    html = client.post("/auth/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert html.status_code == 413 and html.mimetype == "text/html"


def test_unexpected_error_is_clean_500():
    app = create_app(
        {"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-test")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom-test")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "kaboom" not in text and "Traceback" not in text
    assert "Something went wrong" in text
    assert 'aria-label="Main"' in text and "Go to the home page" in text


def test_healthz_and_readyz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json()["database"] == "ok"


def test_readyz_is_503_when_database_is_unreachable(tmp_path):
    app = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": "mysql+pymysql://nobody@127.0.0.1:1/none",
        }
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_database_outage_is_a_clean_503_page_and_problem():
    app = create_app(
        {
            "LINCHPIN_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": "mysql+pymysql://nobody@127.0.0.1:1/none",
        }
    )
    client = app.test_client()
    page = client.post("/auth/login", data={"email": "a@b.c", "password": "x"})
    assert page.status_code == 503
    assert "Temporarily unavailable" in page.get_data(as_text=True)
    assert int(page.headers["Retry-After"]) >= 30
    api = client.get("/api/v1/me", headers={"Authorization": "Bearer lp_x"})
    assert api.status_code == 503
    assert api.get_json()["type"].endswith("/unavailable")
