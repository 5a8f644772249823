"""Sign-in takes as long for an unknown e-mail as for a wrong password."""

import statistics
import time

import pytest

from myapp.auth import services, throttle
from myapp.errors import Unauthorized
from tests.factories import make_user

REAL_COST = "scrypt"  # production's method: tens of milliseconds per check


@pytest.fixture
def real_hashing(app, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", REAL_COST)
    monkeypatch.setattr(throttle, "FREE_FAILURES", 1000)  # timing, not slowdown
    return make_user(email="timed@example.com")


def median_ms(attempt, runs=5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        attempt()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def test_dummy_hash_uses_the_configured_method(app, real_hashing):
    assert services.dummy_hash().startswith("scrypt:")


def test_service_takes_as_long_for_unknown_and_inactive_accounts(real_hashing, db):
    def sign_in(email):
        def attempt():
            with pytest.raises(Unauthorized):
                services.authenticate(email, "wrong password")

        return attempt

    known = median_ms(sign_in("timed@example.com"))
    unknown = median_ms(sign_in("nobody@example.com"))
    real_hashing.active = False
    db.session.commit()
    inactive = median_ms(sign_in("timed@example.com"))
    assert known > 5  # a real hash was checked
    assert 0.5 < unknown / known < 2, (known, unknown)
    assert 0.5 < inactive / known < 2, (known, inactive)


@pytest.mark.parametrize("path", ["/auth/login", "/api/v1/tokens"])
def test_html_login_and_token_endpoint_take_as_long(client, real_hashing, path):
    def post(email):
        payload = {"email": email, "password": "wrong password", "name": "t"}
        if path.startswith("/api/"):
            return lambda: client.post(path, json=payload)
        return lambda: client.post(path, data=payload)

    known = median_ms(post("timed@example.com"))
    unknown = median_ms(post("nobody@example.com"))
    assert 0.5 < unknown / known < 2, (known, unknown)
