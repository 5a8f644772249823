"""CSRF tokens signed once per session secret, not once per request.

Flask-WTF signs the session's raw token again on every request (an HMAC and a
timestamp), and every signed-in page shows one. With no time limit on tokens
(`WTF_CSRF_TIME_LIMIT = None`), any token signed for the same raw value is
equally valid, so each session's signed token is kept and reused. The raw
value stays in the session and is still compared on every POST.
"""

from flask import g, session

MAX_TOKENS = 10_000  # sessions remembered; beyond that, start again


def init_app(app) -> None:
    generate = app.jinja_env.globals.get("csrf_token")
    if generate is None or app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return  # tokens that expire must carry the time they were signed
    signed = app.extensions["signed_csrf_tokens"] = {}
    app.jinja_env.globals["csrf_token"] = reuse_signed(
        generate, app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), signed
    )


def signed_before(app, raw) -> str | None:
    """The token this process signed for a session's raw value, if it did."""
    if not isinstance(raw, str):
        return None
    return app.extensions.get("signed_csrf_tokens", {}).get(raw)


def reuse_signed(generate, field: str, signed: dict):

    def csrf_token() -> str:
        raw = session.get(field)
        token = signed.get(raw) if isinstance(raw, str) else None
        if token is None:
            token = generate()
            raw = session.get(field)
            if len(signed) >= MAX_TOKENS:
                signed.clear()
            if isinstance(raw, str):
                signed[raw] = token
        setattr(g, field, token)  # what Flask-WTF keeps for this request
        return token

    return csrf_token
