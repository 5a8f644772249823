"""Fuzz every operation of the app's own OpenAPI document with schemathesis.

The document is read at run time, so operations added later are fuzzed too.
Protected operations get an admin's token (the widest access); every built-in
response check runs: no 5xx, and each status code, content type, header and
body as documented. Bounded (max-examples per operation) and deterministic.
"""

import io
import re
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from myapp import create_app
from myapp.auth import services
from myapp.directory.billing import payments
from myapp.errors import Unauthorized
from myapp.extensions import db
from tests import factories

CONFIG = """
seed = 20261125
[generation]
max-examples = 10
deterministic = true
database = "none"
[checks]
# Valid input may still be refused for what a schema cannot say (an unknown id,
# a wrong password); status_code_conformance still holds those answers to the
# documented ones.
positive_data_acceptance.enabled = false
"""

CASES: Counter = Counter()
FAILING: set = set()  # operations with at least one failing case


class FreshContextApp:
    """Each request in its own app context, as in production (see conftest).

    The schema is built at collection; the session's app is bound by a fixture.
    """

    app = None

    def __call__(self, environ, start_response):
        db.session.commit()  # let the request see what the test wrote
        with self.app.app_context():
            if environ.get("PATH_INFO") == "/api/v1/payments/webhook":
                self.sign_as_the_provider(environ)
            return self.app(environ, start_response)

    def sign_as_the_provider(self, environ) -> None:
        """Turn a well-formed fuzzed signature into a valid one for the body.

        Otherwise every event stops at the signature check (400) and the
        handler behind it is never fuzzed; malformed headers stay as sent.
        """
        header = environ.get("HTTP_LINCHPIN_SIGNATURE", "")
        if not re.fullmatch(r"t=[0-9]+(,v1=[0-9a-f]{64})+", header):
            return
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        secret = self.app.config["PAYMENT_WEBHOOK_SECRET"]
        environ["HTTP_LINCHPIN_SIGNATURE"] = payments.sign(body, secret)


def load_document() -> dict:
    """The document as the app serves it (read at collection, so always current)."""
    app = create_app(
        {"LINCHPIN_ENV": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    return app.test_client().get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(
    load_document(), config=SchemathesisConfig.from_str(CONFIG)
)
schema.app = WSGI_APP = FreshContextApp()
OPERATIONS = [result.ok().label for result in schema.get_all_operations()]


@pytest.fixture(scope="module", autouse=True)
def report_figures(request):
    """Print the run's figures: operations covered, cases generated, failures."""
    yield
    if CASES:
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(
                f"\nschemathesis: {len(CASES)} of {len(OPERATIONS)} operations, "
                f"{sum(CASES.values())} cases, {len(FAILING)} failing operations"
            )


@pytest.fixture
def admin_token(app, db):
    """An admin's token (the widest access), replaced whenever it stops working."""
    WSGI_APP.app = app
    admin = factories.make_user(role="admin", email="fuzz-admin@example.com")
    held = {}

    def token() -> str:
        try:
            services.user_for_token(held["plain"])
        except (KeyError, Unauthorized):  # none yet, or a fuzzed DELETE revoked it
            _, held["plain"] = services.create_token(admin, {"name": "fuzz"})
        return held["plain"]

    return token


@schema.parametrize()
# The admin and token are meant to outlive the examples (token() checks it).
# On a busy machine generating a body can be slow; that is not the API's fault.
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_api_conforms_to_its_document(case, admin_token):
    headers = {"Authorization": f"Bearer {admin_token()}"}
    CASES[case.operation.label] += 1
    try:
        response = case.call_and_validate(headers=headers)
    except Exception:
        FAILING.add(case.operation.label)
        raise
    if (
        case.method.upper() == "GET"
        and response.status_code == 200
        and "304" in case.operation.responses.status_codes
    ):
        headers_seen = {name.lower(): value for name, value in response.headers.items()}
        [etag] = headers_seen["etag"]
        again = case.call(headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304, f"{case.operation.label}: ETag not honoured"
