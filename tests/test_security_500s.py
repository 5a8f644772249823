"""Inputs that used to crash (500) now answer a clear 4xx, on either database."""

import json
import threading
import time
from pathlib import Path

import limits
import pytest
from limits import parse, strategies
from limits.storage import storage_from_string
from sqlalchemy import select

from myapp.directory.billing import orders
from myapp.directory.models import Order
from myapp.extensions import db, limiter
from tests.factories import make_article, make_listing, make_plans
from tests.test_directory_payments import deliver, paid_event

COMMENT = {"author_name": "Sam", "author_email": "s@example.com", "body": "Hello."}
HUGE = 2**64 + 1


# A plan whose duration was cleared -----------------------------------------------


def test_a_paid_plan_cannot_lose_its_duration(api, admin, client, login):
    make_plans()
    response = api(admin).patch("/plans/standard", json={"duration_days": None})
    assert response.status_code == 422
    assert "duration_days" in response.get_json()["errors"]
    login(admin)
    form = {"name": "Standard", "price": "49.00", "currency": "EUR"}
    page = client.post("/admin/plans/standard", data={**form, "duration_days": ""})
    assert page.status_code == 422 and 'id="duration_days-error"' in page.text
    free = api(admin).patch("/plans/free", json={"duration_days": None})
    assert free.status_code == 200  # a free plan may well never expire


def test_renewal_of_a_plan_without_duration_is_refused_not_crashed(client, admin):
    listing = make_listing(plan="standard")
    order = orders.start_renewal(listing.owner, listing)
    listing.plan.duration_days = None  # as data from before the rule
    db.session.commit()
    response = deliver(client, paid_event(order))
    assert response.status_code == 409
    assert db.session.scalar(select(Order).where(Order.id == order.id)).status == (
        "unpaid"
    )


# JSON the parser or the database cannot take --------------------------------------


def post_raw(client, path, raw: bytes):
    return client.post(path, data=raw, content_type="application/json")


@pytest.mark.parametrize("field", ["author_name", "body"])
def test_lone_surrogate_in_json_text_is_400(client, author, field):
    article = make_article(author)
    raw = json.dumps({**COMMENT, field: "a\ud800b"}).encode()
    assert b"\\ud800" in raw
    response = post_raw(client, f"/api/v1/articles/{article.slug}/comments", raw)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_lone_surrogate_in_a_key_is_400(client):
    response = post_raw(client, "/api/v1/tokens", b'{"\\udfff": 1}')
    assert response.status_code == 400


@pytest.mark.parametrize("depth", [100, 1000, 100_000])
def test_deeply_nested_json_is_400(client, author, depth):
    article = make_article(author)
    raw = b"[" * depth + b"]" * depth
    body = b'{"author_name": ' + raw + b"}"
    response = post_raw(client, f"/api/v1/articles/{article.slug}/comments", body)
    assert response.status_code == 400


def test_shallow_nesting_still_reaches_validation(client, author):
    article = make_article(author)
    body = json.dumps({**COMMENT, "author_name": [[[["x"]]]]}).encode()
    response = post_raw(client, f"/api/v1/articles/{article.slug}/comments", body)
    assert response.status_code == 422


@pytest.mark.parametrize("value", [HUGE, -HUGE, 10**400])
def test_integers_beyond_64_bits_in_json_are_4xx(client, author, value):
    article = make_article(author)
    raw = json.dumps({**COMMENT, "parent_id": value}).encode()
    response = post_raw(client, f"/api/v1/articles/{article.slug}/comments", raw)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/listings?category_id={HUGE}",
        f"/api/v1/listings?limit={HUGE}",
        f"/api/v1/articles?limit=-{HUGE}",
        f"/api/v1/stats/timeseries?metric=views&object=listing:{HUGE}",
        f"/api/v1/comments/{HUGE}",
        f"/api/v1/orders/{HUGE}",
        f"/listings?category={HUGE}",
        f"/search?q=x&cursor={HUGE}",
        f"/admin?days={HUGE}",
    ],
)
def test_integers_beyond_64_bits_in_ids_and_queries_never_crash(
    client, api, admin, login, path
):
    """A 4xx, or the parameter ignored (unknown, or not one of the choices)."""
    login(admin)
    caller = api(admin) if path.startswith("/api/") else client
    assert caller.get(path).status_code < 500


# The in-memory rate-limit storage under concurrency --------------------------------


def test_limits_is_the_pinned_version():
    pins = Path(__file__).parents[1].joinpath("requirements.txt").read_text()
    assert f"limits=={limits.__version__}\n" in pins


def hammer(storage, seconds=3.0) -> list[str]:
    """Threads hitting moving, fixed and sliding windows while others reset."""
    errors: list[str] = []
    limit = parse("1000/second")
    stop = time.monotonic() + seconds

    def run(step):
        while time.monotonic() < stop:
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - any crash is the failure
                errors.append(repr(exc))

    kinds = (
        strategies.MovingWindowRateLimiter,
        strategies.FixedWindowRateLimiter,
        strategies.SlidingWindowCounterRateLimiter,
    )
    steps = [
        lambda s=kind(storage), k=str(n): s.hit(limit, "race", k)
        for kind in kinds
        for n in range(3)
    ]
    steps += [storage.reset]
    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_memory_storage_survives_concurrent_hits_and_resets():
    assert hammer(storage_from_string("memory://")) == []


def test_the_app_limits_through_the_locked_storage(app):
    from myapp.limiter_storage import LockedMemoryStorage

    assert isinstance(limiter.storage, LockedMemoryStorage)
