"""One slug rule for articles, tags, categories and listings."""

import re
import unicodedata


def slugify(text: str, max_length: int = 80, fallback: str = "item") -> str:
    """ "Café Crème & Co." → "cafe-creme-co" (ASCII, lowercase, hyphens)."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or fallback
