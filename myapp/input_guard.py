"""Refuse, before any view runs, input that no field of any schema can hold.

Checked once for every request so that no endpoint can forget it: JSON nested
deeper than MAX_JSON_DEPTH (the parser and marshmallow recurse: RecursionError),
lone UTF-16 surrogates (not encodable: the database driver fails) and NUL bytes
(stored as given otherwise, and cut short by C libraries later). Each is a 400.
Integers beyond 64 bits are a field error of BaseSchema (422).
"""

import json
import re

from flask import request

from myapp.errors import AppError

MAX_JSON_DEPTH = 32
SURROGATE = re.compile("[\ud800-\udfff]")


class UnacceptableInput(AppError):
    status, title, kind = 400, "Bad request", "bad-request"


def json_depth(raw: bytes) -> int:
    """The deepest [ or { nesting, counted outside strings, in one pass."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _check_text(text: str, where: str) -> None:
    if "\x00" in text:
        raise UnacceptableInput(f"{where} contains a NUL character.")
    if SURROGATE.search(text):
        raise UnacceptableInput(f"{where} contains a lone UTF-16 surrogate.")


def _walk(value, where: str = "The JSON body") -> None:
    if isinstance(value, str):
        _check_text(value, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, "A JSON key")
            _walk(item, f"Field {key!r}")
    elif isinstance(value, list):
        for item in value:
            _walk(item, where)


def _check_json_body() -> None:
    raw = request.get_data(cache=True)
    if not raw.strip():
        return
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise UnacceptableInput(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
    try:
        value = json.loads(raw)
    except ValueError:
        # Malformed, or an integer over Python's 4,300-digit parsing limit (a
        # plain ValueError that the API's parser would not catch).
        raise UnacceptableInput("The body is not valid JSON.") from None
    _walk(value)


def guard_input() -> None:
    """before_request: text checks on query and form values, all on JSON bodies.

    Numbers are a schema's business: BaseSchema bounds every Integer field.
    """
    for key, value in request.args.items(multi=True):
        _check_text(key + value, f"Query parameter {key!r}")
    if request.is_json:
        _check_json_body()
    elif request.method not in ("GET", "HEAD", "OPTIONS"):
        for key, value in request.form.items(multi=True):
            _check_text(key + value, f"Field {key!r}")


def register_input_guard(app) -> None:
    app.before_request(guard_input)
