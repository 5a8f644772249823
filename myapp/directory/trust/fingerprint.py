"""What a fetched page looks like, in a few comparable values (no database).

The title, the visible text and a 64-bit similarity hash (simhash) of the
text's words and word pairs: two versions of the same page differ in a few
bits, an unrelated page in about half of them.
"""

import contextlib
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

BITS = 64
MAX_WORDS = 3000  # a page's first words say what it is; more only costs time
HIDDEN = {"script", "style", "noscript", "template", "svg"}
WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class PageLook:
    final_url: str
    title: str
    fingerprint: str  # 16 hex digits
    text: str  # visible text, lower case, for the parking phrases


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.words: list[str] = []
        self.metas: dict[str, str] = {}
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            values = dict(attrs)
            name = (values.get("name") or "").lower()
            if name and values.get("content") is not None:
                self.metas.setdefault(name, values["content"])
            return
        if tag in HIDDEN or tag == "title":
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data):
        if not self._stack:
            self.words.append(data)
        elif self._stack[-1] == "title":
            self.title.append(data)


def parse(html: str) -> _Text:
    parser = _Text()
    with contextlib.suppress(Exception):  # a broken page keeps what was read
        parser.feed(html)
        parser.close()
    return parser


def meta_content(html: str, name: str) -> str | None:
    """The content of <meta name="…"> (the first one), or None."""
    return parse(html).metas.get(name.lower())


def simhash(text: str) -> int:
    """The words' and word pairs' hashes, voted bit by bit (first MAX_WORDS)."""
    words = WORD.findall(text.lower())[:MAX_WORDS]
    features = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    if not features:
        return 0
    weights = [0] * BITS
    for feature in features:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        value = int.from_bytes(digest)
        for bit in range(BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit in range(BITS) if weights[bit] > 0)


def distance(a: str, b: str) -> int:
    """How many of the 64 bits differ between two fingerprints."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def look(final_url: str, html: str) -> PageLook:
    parsed = parse(html)
    text = " ".join(" ".join(parsed.words).split())
    title = " ".join(" ".join(parsed.title).split())[:300]
    return PageLook(final_url, title, f"{simhash(text):016x}", text.lower()[:20000])
