"""Helpers for reading pages in view tests."""

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


def text(response) -> str:
    return response.get_data(as_text=True)


def names_in_order(html: str, names) -> list:
    return sorted(names, key=lambda name: html.index(name))
