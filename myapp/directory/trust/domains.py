"""Registrable domains, from tldextract's bundled public suffix list.

`suffix_list_urls=()` and no cache directory: the snapshot shipped in the
package is used as it is, and nothing is ever downloaded.
"""

from functools import cache
from urllib.parse import urlsplit


@cache
def _extract():
    # Imported on first use: with `requests` it adds 5 MB to every process,
    # and only submissions and the trust checks ask for a domain.
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def registrable_domain(url_or_host: str) -> str:
    """ "https://shop.example.co.uk/x" → "example.co.uk" ("" for an address)."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    parts = _extract()((host or "").lower().rstrip("."))
    return parts.top_domain_under_public_suffix or ""
