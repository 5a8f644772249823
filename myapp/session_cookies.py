"""Flask's signed session cookie, read without redoing the same work each request.

A signed-in reader sends the same session cookie on request after request,
and Flask builds a new signer, checks the HMAC and parses the tagged JSON of
it every time (about a tenth of a signed-in page served from the cache). Here
the signer is built once per set of keys, and a cookie already read is
remembered with the time it was signed: the same bytes under the same keys
always read the same, and its age is still checked against the session
lifetime on every request. Only sessions of plain values (text, numbers,
booleans) are remembered, so no request can change another's copy.
"""

import time

from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

MAX_REMEMBERED = 10_000  # cookies; beyond that, start again
_PLAIN = (str, int, float, bool, type(None))


class RememberingSessionInterface(SecureCookieSessionInterface):
    def __init__(self):
        self._signers: dict[tuple, object] = {}
        self._read: dict[tuple, tuple[dict, float]] = {}

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        signer = self._signers.get(keys)
        if signer is None:
            signer = self._signers[keys] = super().get_signing_serializer(app)
        return signer

    def open_session(self, app, request):
        if self.get_signing_serializer(app) is None:
            return None
        data = self.read(app, request.cookies.get(self.get_cookie_name(app)))
        return self.session_class(data or {})

    def read(self, app, value: str | None) -> dict | None:
        """The session in a cookie's value (a copy), or None if it is no valid
        cookie: also what the page cache asks before Flask dispatches."""
        signer = self.get_signing_serializer(app)
        if not value or signer is None:
            return None
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (id(signer), value)
        known = self._read.get(key)
        if known is not None and 0 <= time.time() - known[1] <= max_age:
            return dict(known[0])
        try:
            data, signed_at = signer.loads(
                value, max_age=max_age, return_timestamp=True
            )
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        if all(isinstance(v, _PLAIN) for v in data.values()):
            if len(self._read) >= MAX_REMEMBERED:
                self._read.clear()
            self._read[key] = (dict(data), signed_at.timestamp())
        return data


def init_app(app) -> None:
    app.session_interface = RememberingSessionInterface()
