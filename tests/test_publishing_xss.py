"""An XSS corpus through the article body and every comment field: always inert."""

import json
import re
import time
from html.parser import HTMLParser

import pytest

from myapp.comments import spam
from tests.factories import approve, make_article

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[vb](vbscript:msgbox(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x](https://x.example/a.png "onerror=alert(1)")',
    "<iframe src=javascript:alert(1)></iframe>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>alert(1)//-->",
    "<b onmouseover=alert(1)>bold</b>",
    "</textarea><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<a href=x onclick=alert(1)",
    "<body onload=alert(1)>",
    "javascript:alert(1)",
    "https://ok.example/<script>alert(1)</script>",
    'www.ok.example/"onmouseover="alert(1)',
]
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset"}


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would parse them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def assert_inert(html: str) -> None:
    """No active markup; the only scripts are JSON-LD data, with no `<` in it
    (so no text can close the script element early)."""
    for data in JSON_LD.findall(html):
        assert "<" not in data and json.loads(data)
    tags = Elements(JSON_LD.sub("", html)).tags
    names = [tag for tag, _ in tags]
    assert "script" not in names
    for dangerous in ("iframe", "svg", "math", "style", "object", "embed"):
        assert dangerous not in names, dangerous
    assert names.count("body") == 1
    for tag, attrs in tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, value)
            if name in URL_ATTRIBUTES:
                cleaned = "".join(value.split()).lower()
                assert not cleaned.startswith(BAD_SCHEMES), (tag, name, value)


@pytest.mark.parametrize("payload", CORPUS)
def test_article_fields_are_rendered_inert(client, author, payload):
    article = make_article(
        author,
        title=f"Title {payload}"[:200],
        summary=payload,
        body=f"{payload}\n\nMiddle paragraph.\n\n{payload}",
        tags=["safe", payload[:50]],
    )
    for url in (f"/articles/{article.slug}", "/", f"/authors/{author.id}"):
        assert_inert(client.get(url).get_data(as_text=True))
    for fragment in (article.body_html,):
        assert "<script" not in fragment.lower()


def test_the_editor_preview_is_inert(client, login, author):
    login(author)
    body = "\n\n".join(CORPUS)
    response = client.post(
        "/admin/articles/new", data={"title": "x", "body": body, "preview": "1"}
    )
    assert response.status_code == 200
    assert_inert(response.get_data(as_text=True))


@pytest.mark.parametrize("field", ["author_name", "author_email", "author_url", "body"])
@pytest.mark.parametrize("payload", CORPUS)
def test_comment_fields_are_rendered_inert(
    client, login, author, editor, field, payload
):
    article = make_article(author, title="Target")
    data = {
        "author_name": "Name",
        "author_email": "xss@example.com",
        "body": "Body",
        "form_token": spam.form_token(time.time() - 30),
        field: payload,
    }
    response = client.post(f"/articles/{article.slug}/comments", data=data)
    if response.status_code == 422:  # refused by the schema: the form comes back
        assert_inert(response.get_data(as_text=True))
        return
    assert response.status_code == 302
    login(editor)
    assert_inert(client.get("/admin/comments").get_data(as_text=True))
    from myapp.comments.models import Comment
    from myapp.extensions import db

    approve(db.session.scalars(db.select(Comment)).one(), editor)
    assert_inert(client.get(f"/articles/{article.slug}").get_data(as_text=True))


@pytest.mark.parametrize(
    "live",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href=" JavaScript:alert(1)">x</a>',
        '<img src="data:image/svg+xml,x">',
        "<svg onload=alert(1)>",
    ],
)
def test_the_checker_itself_catches_live_markup(live):
    with pytest.raises(AssertionError):
        assert_inert(f"<html><body>{live}</body></html>")
