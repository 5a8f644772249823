"""Plain functions that make test objects through the real services."""

import itertools

from myapp.auth import services as auth_services

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_user(role="member", email=None, name=None, password=PASSWORD):
    n = next(_seq)
    data = {
        "email": email or f"user{n}@example.com",
        "name": name or f"User {n}",
        "password": password,
    }
    return auth_services.create_user(data, role=role)
