"""The benchmarked routes: one line each, measured only where the app serves them.

A route's path is the SPEC's URL with {placeholders}; `pick` fills them from
the seeded database (bench/pickers.py). A path that no rule of the app's URL
map matches is reported "not available", so routes can be listed before their
feature lands. `floor_share` is the issue's target: req/s ≥ share × floor.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from bench import pickers


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    pick: Callable | None = None
    floor_share: float | None = None
    note: str = ""
    token: bool = False  # send a read-only API token

    def url(self, values: dict) -> str:
        return self.path.format(
            **{k: quote(str(v), safe="/") for k, v in values.items()}
        )

    def probe_path(self) -> str:
        """The path with dummy values, enough to see whether a URL rule matches."""
        names = [part.split("}")[0] for part in self.path.split("{")[1:]]
        return self.url(dict.fromkeys(names, "bench-probe"))


ROUTES = [
    Route("home", "/", None, 1.00),
    Route("article", "/articles/{slug}", pickers.article, 1.00, "most comments"),
    Route("tag", "/tags/{slug}", pickers.tag, 0.25, "most articles"),
    Route(
        "category",
        "/directory/{path}",
        pickers.category,
        0.25,
        "most listings, subtree",
    ),
    Route("listing", "/listings/{slug}", pickers.listing, 0.25, "oldest live"),
    Route("search", "/search?q={q}", pickers.search_word, None, "common word"),
    Route("api_articles", "/api/v1/articles", None, 0.25),
    Route("api_listings", "/api/v1/listings", None, 0.25),
    Route("api_me", "/api/v1/me", None, None, "token lookup", token=True),
    Route("healthz", "/healthz", None, None, "no database"),
]


def endpoint_for(app, path: str) -> str | None:
    """The endpoint that would serve GET path, or None when the app has no such rule."""
    adapter = app.url_map.bind("localhost")
    target = urlsplit(path).path
    for _ in range(3):  # follow Werkzeug's slash redirects
        try:
            endpoint, _args = adapter.match(target, method="GET")
            return endpoint
        except RequestRedirect as redirect:
            target = urlsplit(redirect.new_url).path
        except (NotFound, MethodNotAllowed):
            return None
    return None


def select(names: str | None) -> list[Route]:
    """The routes named in a comma-separated list (all when None)."""
    if not names:
        return list(ROUTES)
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    known = {r.name: r for r in ROUTES}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise ValueError(
            f"unknown route(s): {', '.join(unknown)}; known: {', '.join(known)}"
        )
    return [known[n] for n in wanted]
