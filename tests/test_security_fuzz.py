"""Property: no operation of the OpenAPI document answers 5xx, whatever it is sent.

Hypothesis draws arbitrary JSON (objects with the schema's own field names and
any values, or any JSON at all), strings with any code point (lone surrogates
and NUL included), integers of any size and floats, for every body, path and
query parameter of every operation in the app's own document (read at
collection, so new operations are covered). Calls carry an admin's token,
the widest access; the webhook's body is signed so its handler is reached.
Bounded: FUZZ_EXAMPLES per operation (40), derandomized, about a minute.
"""

import json
import os
from collections import Counter
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from myapp import create_app
from myapp.auth import services
from myapp.directory.billing import orders, payments
from myapp.errors import Unauthorized
from tests import factories

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
METHODS = ("get", "post", "put", "patch", "delete")
CASES: Counter = Counter()
SERVER_ERRORS: Counter = Counter()


def load_document() -> dict:
    app = create_app(
        {"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    return app.test_client().get("/api/v1/openapi.json").get_json()


DOCUMENT = load_document()
OPERATIONS = [
    (method, path)
    for path, item in DOCUMENT["paths"].items()
    for method in item
    if method in METHODS
]

# Every code point: surrogates (Cs) must be asked for, Hypothesis leaves them out.
EVERY_CATEGORY = ["L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Cs", "Co", "Cn"]
NASTY = ["\ud800", "a\udfffb", "\x00", "a\x00b", "a\nb", "\r\n", "\u2028", "=1+1", ""]
any_text = (
    st.text(st.characters(categories=EVERY_CATEGORY), max_size=40)
    | st.sampled_from(NASTY)
    | st.tuples(st.text(max_size=10), st.sampled_from(NASTY)).map("".join)
)
numbers = (
    st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | (st.floats(allow_nan=False, allow_infinity=False))
)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | any_text,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4)
    ),
    max_leaves=12,
)
scalars = any_text | numbers.map(str) | st.sampled_from(["1", "0", "-1", "true", ""])


def as_bytes(value) -> bytes:
    """UTF-8, lone surrogates kept as their (invalid) bytes: URLs carry anything."""
    return str(value).encode("utf-8", "surrogatepass")


def parameters(method: str, path: str) -> list[dict]:
    item = DOCUMENT["paths"][path]
    found = item[method].get("parameters", []) + item.get("parameters", [])
    return [p for p in found if "name" in p]


def valid_bodies(known: dict) -> dict[str, dict]:
    """A body each input schema accepts: the drawn ones change a field or two of it,
    so that arbitrary values reach the services and the database, not only the
    validation of a missing required field."""
    description = "A fine place that does useful things for its customers."
    return {
        "ArticleIn": {"title": "Fuzz", "body": "Body.", "status": "draft"},
        "ArticlePatchIn": {"summary": "Summary."},
        "CancelOrderIn": {"reason": "Never paid."},
        "CategoryIn": {"name": "Fuzz category"},
        "CategoryPatchIn": {"description": "Described."},
        "CommentIn": {
            "author_name": "Sam",
            "author_email": "s@example.com",
            "body": "Hi.",
        },
        "CommentStatusIn": {"status": "approved"},
        "ListingIn": {
            "name": "Fuzz listing",
            "url": "https://fuzz.example.com/",
            "description": description,
            "category_id": known["category_id"],
            "plan": "free",
            "email": "owner@example.com",
        },
        "ListingPatchIn": {"description": description},
        "MarkPaidIn": {"note": "Bank transfer."},
        "PaymentEventIn": {
            "id": "evt_fuzz",
            "type": "payment.succeeded",
            "order_reference": known["order_reference"],
            "amount_cents": known["amount_cents"],
            "currency": "EUR",
        },
        "PlanPatchIn": {"price": "49.00"},
        "RenewIn": {},
        "ReviewIn": {"reason": "Not a fit for the directory."},
        "TokenCreateIn": {
            "email": "fuzz-admin@example.com",
            "password": factories.PASSWORD,
            "name": "Fuzz",
        },
    }


def body_schema(method: str, path: str) -> tuple[str, list[str]] | None:
    body = DOCUMENT["paths"][path][method].get("requestBody")
    # A multipart upload (POST /media) is fuzzed without a JSON body here; its
    # files are drawn by the media tests (any bytes, any size, any name).
    if body is None or "application/json" not in body["content"]:
        return None
    ref = body["content"]["application/json"]["schema"]["$ref"]
    name = ref.rsplit("/", 1)[1]
    return name, list(DOCUMENT["components"]["schemas"][name].get("properties", {}))


def mutated(valid: dict, fields: list[str]) -> st.SearchStrategy:
    """The valid body with one or two fields given arbitrary values."""
    texts = st.sampled_from(["", "Fine text "]).flatmap(
        lambda start: any_text.map(lambda tail: start + tail)
    )
    changes = st.dictionaries(
        st.sampled_from(fields), json_values | texts | numbers, min_size=1, max_size=2
    )
    return changes.map(lambda change: {**valid, **change})


def requests_for(method: str, path: str, known: dict) -> st.SearchStrategy:
    """(url, body or None) for one operation: real ids sometimes, junk mostly."""
    path_values, query = {}, {}
    for param in parameters(method, path):
        name = param["name"]
        if param["in"] == "path":
            real = known.get(name)
            choice = st.sampled_from([real]) | scalars if real else scalars
            path_values[name] = choice.map(lambda v: quote(as_bytes(v), safe="") or "x")
        elif param["in"] == "query":
            query[name] = scalars.map(as_bytes)
    schema = body_schema(method, path)
    if schema is None:
        body = st.none()
    else:
        name, fields = schema
        valid = valid_bodies(known).get(name, {})
        body = st.one_of(
            mutated(valid, fields),
            mutated(valid, fields),  # twice as often as the two below
            st.fixed_dictionaries({}, optional=dict.fromkeys(fields, json_values)),
            json_values,
        )
    return st.tuples(
        st.fixed_dictionaries(path_values),
        st.fixed_dictionaries({}, optional=query),
        body,
    ).map(lambda parts: (path.format(**parts[0]), parts[1], parts[2]))


@pytest.fixture(scope="module", autouse=True)
def report_figures(request):
    """Print and keep the run's figures: operations, cases, 5xx (must be 0)."""
    yield
    if not CASES:
        return
    figures = {
        "database": os.environ.get("TEST_DATABASE_URL", "sqlite://").split(":")[0],
        "operations_in_document": len(OPERATIONS),
        "operations_covered": len(CASES),
        "cases_sent": sum(CASES.values()),
        "server_errors": sum(SERVER_ERRORS.values()),
    }
    folder = os.path.join(os.path.dirname(__file__), "artifacts")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "fuzz-figures.json"), "w") as fh:
        json.dump({**figures, "per_operation": dict(CASES)}, fh, indent=1)
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\nproperty fuzz:", ", ".join(f"{k} {v}" for k, v in figures.items()))


@pytest.fixture
def world(app, db):
    """Real objects so that some drawn ids and slugs hit, and an admin's token."""
    admin = factories.make_user(role="admin", email="fuzz-admin@example.com")
    author = factories.make_user(role="author", email="fuzz-author@example.com")
    article = factories.make_article(author, title="Fuzzed")
    listing = factories.make_listing(plan="standard")
    order = orders.start_renewal(listing.owner, listing)
    comment = factories.make_comment(article)
    held = {}

    def token() -> str:
        try:
            services.user_for_token(held["plain"])
        except (KeyError, Unauthorized):  # none yet, or a fuzzed DELETE revoked it
            _, held["plain"] = services.create_token(admin, {"name": "fuzz"})
        return held["plain"]

    known = {
        "slug": article.slug,
        "listing_id": listing.id,
        "category_id": listing.category_id,
        "order_id": order.id,
        "comment_id": comment.id,
        "code": "standard",
        "order_reference": order.reference,
        "amount_cents": order.amount_cents,
    }
    return known, token


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_operation_answers_5xx(app, world, method, path):
    known, token = world
    client = app.test_client()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(requests_for(method, path, known))
    def property_holds(drawn):
        url, query, body = drawn
        raw = b"" if body is None else json.dumps(body).encode()  # \uXXXX escapes
        headers = {"Authorization": f"Bearer {token()}"}
        if path.endswith("/webhook"):
            secret = app.config["PAYMENT_WEBHOOK_SECRET"]
            headers = {"Linchpin-Signature": payments.sign(raw, secret)}
        target = url + ("?" + urlencode(query) if query else "")
        kwargs = {"data": raw, "content_type": "application/json"} if raw else {}
        response = client.open(target, method=method.upper(), headers=headers, **kwargs)
        CASES[f"{method.upper()} {path}"] += 1
        if response.status_code >= 500:
            SERVER_ERRORS[f"{method.upper()} {path}"] += 1
        assert response.status_code < 500, (target, body, response.get_data()[:300])

    property_holds()
