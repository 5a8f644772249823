"""The API reference page: served from our static files, under the strict CSP."""

import re
from pathlib import Path

from markupsafe import escape

from myapp.errors import problem_kinds
from myapp.security import CSP
from myapp.web import problem_type


def test_reference_page_loads_the_vendored_viewer(client):
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/static/' in attrs for attrs in scripts)
    assert 'src="/static/vendor/swagger-ui/swagger-ui-bundle.js"' in html
    assert 'src="/static/api-docs.js"' in html
    assert 'href="/static/vendor/swagger-ui/swagger-ui.css"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no CDN"
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
