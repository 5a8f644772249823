"""URL converters: `<id:...>` for database ids (registered as "id")."""

from werkzeug.routing import IntegerConverter

ID_MAX = 2**31 - 1


def digits_at_most(limit: int) -> str:
    """A regex for the decimal numbers 0..limit (leading zeros allowed)."""
    text = str(limit)
    alternatives = [f"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, digit in enumerate(map(int, text)):
        low = 1 if i == 0 else 0
        if digit - 1 >= low:
            rest = len(text) - i - 1
            alternatives.append(f"{text[:i]}[{low}-{digit - 1}][0-9]{{{rest}}}")
    alternatives.append(text)
    return "0*(?:" + "|".join(alternatives) + ")"


class IdConverter(IntegerConverter):
    """`<id:listing_id>`: an integer in the id columns' range; larger is a 404.

    Without the bound SQLite refuses to bind it (OverflowError, a 500). The
    bound is in the regex, not only in to_python: Werkzeug answers a value that
    to_python refuses with 405 when a rule for another method came first.
    """

    regex = digits_at_most(ID_MAX)

    def __init__(self, url_map, fixed_digits=0, min=None, max=ID_MAX, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)
