"""The API reference page: served from our static files, under the strict CSP."""

import re
import sys
from pathlib import Path
from types import SimpleNamespace

from markupsafe import escape

from myapp.errors import problem_kinds
from myapp.security import CSP
from myapp.web import problem_type
from tests import factories


def test_reference_page_loads_the_vendored_viewer(client):
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/static/' in attrs for attrs in scripts)
    assert 'src="/static/vendor/swagger-ui/swagger-ui-bundle.js"' in html
    assert 'src="/static/api-docs.js"' in html
    assert 'href="/static/vendor/swagger-ui/swagger-ui.css"' in html
    loaded = re.sub(r'<link rel="canonical"[^>]*>', "", html)  # a name, not a load
    assert not re.search(r'(src|href)="(https?:)?//', loaded), "no CDN"
    assert 'data-spec-url="/api/v1/openapi.json"' in html


def test_reference_page_keeps_the_strict_csp(client):
    csp = client.get("/api/docs").headers["Content-Security-Policy"]
    assert csp == CSP and "unsafe" not in csp


def test_without_javascript_the_page_lists_every_operation(client):
    html = client.get("/api/docs").get_data(as_text=True)
    document = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                assert f"<code>{path}</code>" in html
                assert str(escape(operation["summary"])) in html


def test_viewer_files_and_licence_are_served(client):
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"):
        response = client.get(f"/static/vendor/swagger-ui/{name}")
        assert response.status_code == 200, name
        response.close()
    init = client.get("/static/api-docs.js")
    assert "validatorUrl: null" in init.get_data(as_text=True)
    init.close()


def test_api_guide_documents_every_problem_type_and_setting():
    guide = (Path(__file__).parent.parent / "docs" / "api.md").read_text()
    for kind in problem_kinds():
        assert f"`{problem_type(kind)}`" in guide, kind
    for setting in ("API_RATE_LIMIT", "API_ANON_RATE_LIMIT", "RateLimit-Reset"):
        assert setting in guide


class GuideReply:
    """The part of a requests.Response the guide's examples use."""

    def __init__(self, response):
        self.status_code, self.headers = response.status_code, response.headers
        self._body = response.get_json(silent=True)

    def json(self):
        return self._body

    def raise_for_status(self):
        assert self.status_code < 400, (self.status_code, self._body)


class GuideSession:
    """requests.Session over the test client, for https://linchpin.example.com."""

    site = "https://linchpin.example.com"
    client = None

    def __init__(self):
        self.headers = {}

    def request(self, method, url, timeout=None, headers=None, params=None, **body):
        assert url.startswith(self.site + "/api/v1/") and timeout, url
        response = self.client.open(
            url.removeprefix(self.site),
            method=method,
            **body,  # json= or data=
            query_string=params,
            headers={**self.headers, **(headers or {})},
        )
        return GuideReply(response)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)

    def patch(self, url, **kwargs):
        return self.request("PATCH", url, **kwargs)


def test_the_guides_python_examples_run_against_the_api(app, client, monkeypatch):
    """Each Python block of docs/api.md, in order, with requests over the app.

    An editor runs them: the guide's tasks need an author (articles), a member
    (listings) and an editor (stats, once those endpoints are routed).
    """
    factories.make_user(
        role="editor", email="you@example.com", password="your password"
    )
    category = factories.make_category(name="Bakeries")
    listing = factories.make_listing(category=category)
    GuideSession.client = client
    fake = SimpleNamespace(
        Session=GuideSession,
        get=lambda url, **kw: GuideSession().get(url, **kw),
        post=lambda url, **kw: GuideSession().post(url, **kw),
    )
    monkeypatch.setitem(sys.modules, "requests", fake)
    routed = {rule.rule for rule in app.url_map.iter_rules()}
    guide = (Path(__file__).parent.parent / "docs" / "api.md").read_text()
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", guide, re.S):
        paths = set(re.findall(r"/api/v1/[a-z/]+[a-z]", block))
        if not paths <= routed:  # e.g. stats, before its endpoints exist
            continue
        order = namespace.get("body", {}).get("order") or {}
        for example, real in [
            ('"category_id": 12', f'"category_id": {category.id}'),
            ('"listing:42"', f'"listing:{listing.id}"'),
            ('"whsec-…"', repr(app.config["PAYMENT_WEBHOOK_SECRET"])),
            ('"LP-2026-000123"', repr(order.get("reference"))),
        ]:
            block = block.replace(example, real)
        exec(block, namespace)
    assert namespace["token"].startswith("lp_") and namespace["slug"]
    assert namespace["body"]["status"] == "awaiting_payment"
    assert namespace["body"]["order"]["reference"].startswith("LP-")
    assert namespace["problem"]["errors"]["title"]
    assert namespace["me"]["email"] == "you@example.com"
    assert namespace["paid"].json()["outcome"] == "paid"
