"""Spam defences: honeypot, signed form time, links, block words; and rendering.

Shared by comments and listing reviews (`assess_text`). `assess` looks at one
comment and says whether it must be marked spam, held for a person, or has
nothing against it (the caller then applies the moderation rules for known
commenters).
"""

import re
from dataclasses import dataclass
from datetime import UTC

import nh3
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import escape

from myapp.database import utcnow
from myapp.errors import InvalidInput

HONEYPOT = "nickname"
MAX_LINKS = 2
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


@dataclass
class FormSignals:
    """What the HTML form sent besides the comment: the trap and the timer."""

    honeypot: str = ""
    token: str | None = None


TOO_FAST = (
    "That was sent very quickly, the way automated spam is. Nothing was saved: "
    "check your comment below and send it again."
)
# Words seen in comment spam and almost never in a real reply; see
# docs/publishing.md. COMMENT_BLOCK_WORDS replaces the list.
DEFAULT_BLOCK_WORDS = (
    "viagra",
    "cialis",
    "casino",
    "online casino",
    "payday loan",
    "crypto giveaway",
    "buy followers",
    "replica watches",
    "essay writing service",
    "porn",
)


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="comment-form")


def _now() -> float:
    """Unix time from the app's one clock (tests move it with `clock`)."""
    return utcnow().replace(tzinfo=UTC).timestamp()


def form_token(issued_at: float | None = None) -> str:
    """A signed timestamp for the form: when it comes back, we know its age."""
    return _signer().dumps(int(issued_at if issued_at is not None else _now()))


def form_token_minter():
    """form_token bound to this app's key, for a cached page served outside it.

    The token holds whole seconds, so it is signed once a second, not per reader.
    """
    signer, last = _signer(), [None, ""]

    def mint() -> str:
        now = int(_now())
        if last[0] != now:
            last[:] = [now, signer.dumps(now)]
        return last[1]

    return mint


def token_age(token: str | None) -> float | None:
    """Seconds since the form was shown, or None for a missing or forged token."""
    try:
        issued = _signer().loads(token or "")
    except BadSignature:
        return None
    return _now() - issued if isinstance(issued, int) else None


def retry_token(token: str | None) -> str:
    """The token for a form shown again with errors: the original one if valid,
    so fixing a typo does not make the form "too fast"; else a new one."""
    return token if token_age(token) is not None else form_token()


def count_links(text: str) -> int:
    return len(_LINK.findall(text or ""))


def block_words() -> list[str]:
    """COMMENT_BLOCK_WORDS, or the shipped list when it is unset ("-": none)."""
    raw = current_app.config.get("COMMENT_BLOCK_WORDS")
    if raw is None or raw == "":
        return list(DEFAULT_BLOCK_WORDS)
    if raw == "-":
        return []
    words = raw.split(",") if isinstance(raw, str) else raw
    return [w.strip().lower() for w in words if w.strip()]


def blocked_word(*texts: str | None) -> str | None:
    """The first configured block word found in any of the texts."""
    haystack = " ".join(t for t in texts if t).lower()
    for word in block_words():
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack):
            return word
    return None


def assess(data: dict, signals: FormSignals | None) -> tuple[str | None, str]:
    """("spam" | "pending" | None, reason) for a comment from the public."""
    names = (data["author_name"], data["author_email"], data.get("author_url"))
    return assess_text(data["body"], names, signals)


def assess_text(
    body: str, others: tuple = (), signals: FormSignals | None = None
) -> tuple[str | None, str]:
    """The defences for any text the public writes (comments, reviews, replies).

    `others` are further fields searched for block words (a name, a website).
    A form sent too fast raises InvalidInput: nothing is stored, the writer is
    told and sends it again.
    """
    config = current_app.config
    if signals is not None:
        if signals.honeypot.strip():
            return "spam", "honeypot filled"
        age = token_age(signals.token)
        if age is not None and age < config["COMMENT_MIN_SECONDS"]:
            raise InvalidInput(TOO_FAST)
    word = blocked_word(*others, body)
    if word:
        return "spam", f"block word “{word}”"
    links = count_links(body)
    if links > MAX_LINKS:
        return "pending", f"{links} links"
    if signals is not None:
        age = token_age(signals.token)
        if age is None or age > config["COMMENT_FORM_MAX_AGE"]:
            return "pending", "form token missing or expired"
    return None, ""


def _link(match: re.Match) -> str:
    url = match.group(0)
    trailing = ""
    while url and url[-1] in _TRAILING:
        url, trailing = url[:-1], url[-1] + trailing
    href = url if "://" in url else "http://" + url
    return f'<a href="{escape(href)}">{escape(url)}</a>{escape(trailing)}'


def _linkify(line: str) -> str:
    out, last = [], 0
    for match in _LINK.finditer(line):
        out.append(str(escape(line[last : match.start()])))
        out.append(_link(match))
        last = match.end()
    out.append(str(escape(line[last:])))
    return "".join(out)


def render_body(text: str) -> str:
    """Plain text to HTML: paragraphs, line breaks, links marked nofollow ugc."""
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n"))
    html = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p.strip()
    )
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc",
    )
