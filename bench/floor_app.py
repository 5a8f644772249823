"""The floors, served exactly like Linchpin in the same run.

`app` is Flask's hello world: the least a Flask view can do. `minimal()` is the
least a real page can do: one indexed 20-row SQLAlchemy Core query and a small
Jinja template, on the benchmark's own database (`FLOOR_DATABASE_URL`).
"""

import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"


PAGE = """<!doctype html><html><head><title>Latest</title></head><body>
<h1>Latest articles</h1><ul>
{% for row in rows %}<li><a href="/articles/{{ row.slug }}">{{ row.title }}</a>
<time>{{ row.published_at }}</time></li>{% endfor %}
</ul></body></html>"""


def minimal() -> Flask:
    """One query, one template: the floor for pages that are rendered per request."""
    from sqlalchemy import create_engine, text

    page = Flask(__name__)
    engine = create_engine(os.environ["FLOOR_DATABASE_URL"], pool_size=10)
    template = page.jinja_env.from_string(PAGE)
    query = text(
        "SELECT id, slug, title, published_at FROM articles "
        "WHERE status = 'published' ORDER BY published_at DESC, id DESC LIMIT 20"
    )

    @page.get("/")
    def latest():
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        return template.render(rows=rows)

    return page
