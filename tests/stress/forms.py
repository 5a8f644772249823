"""Post HTML forms to a real server the way a browser does: with the CSRF token."""

import re

import requests

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_session(
    base_url: str, path: str, headers=None
) -> tuple[requests.Session, str]:
    """A session holding the form page's cookie, and the token to post with it."""
    session = requests.Session()
    session.headers.update(headers or {})
    page = session.get(base_url + path, timeout=60)
    return session, TOKEN.search(page.text).group(1)
