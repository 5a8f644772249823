"""Social and contact links: which networks, how each address must look.

Each network's links must be https addresses on its own site, so a link
shown as "Instagram" really goes to Instagram; Mastodon has no single host,
so any https address with an @name path is taken.
"""

import json
from urllib.parse import urlsplit

from marshmallow import ValidationError

# key → (name shown, hosts it may use; None = any host, with an @name path)
NETWORKS = {
    "facebook": ("Facebook", ("facebook.com", "fb.com")),
    "instagram": ("Instagram", ("instagram.com",)),
    "x": ("X (Twitter)", ("x.com", "twitter.com")),
    "linkedin": ("LinkedIn", ("linkedin.com",)),
    "youtube": ("YouTube", ("youtube.com", "youtu.be")),
    "tiktok": ("TikTok", ("tiktok.com",)),
    "pinterest": ("Pinterest", ("pinterest.com",)),
    "github": ("GitHub", ("github.com",)),
    "mastodon": ("Mastodon", None),
}


def _host_allowed(host: str, hosts) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def check(network: str, url: str) -> None:
    """Raise ValidationError unless `url` is a page of `network`."""
    name, hosts = NETWORKS[network]
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or "." not in host:
        raise ValidationError(f"A full https:// address of your {name} page.")
    if hosts is None:
        if not parts.path.startswith("/@") or len(parts.path) < 3:
            raise ValidationError(
                "A Mastodon profile address, like https://mastodon.social/@name."
            )
    elif not _host_allowed(host, hosts):
        raise ValidationError(f"This is not an address on {name} ({hosts[0]}).")
    elif parts.path.strip("/") == "":
        raise ValidationError(f"The address of your page on {name}, not its home page.")


def validator(network: str):
    def validate(value):
        if value and value.strip():
            check(network, value)

    return validate


def shown(listing) -> list[dict]:
    """The listing's links in a fixed order, each with its network's name."""
    stored = json.loads(listing.links) if listing.links else {}
    return [
        {"key": key, "name": name, "url": stored[key]}
        for key, (name, _) in NETWORKS.items()
        if stored.get(key)
    ]
