"""Links in e-mails come from SITE_URL; production refuses an unknown Host."""

import re

import pytest

from myapp import create_app
from myapp.config import trusted_hosts_for

PRODUCTION = {
    "LINCHPIN_ENV": "production",
    "SECRET_KEY": "k" * 40,
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "SITE_URL": "https://linchpin.example",
}


def test_reset_link_ignores_the_host_header(client, member, outbox):
    response = client.post(
        "/auth/reset",
        data={"email": member.email},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 302
    [message] = outbox()
    body = message.get_payload(decode=True).decode()
    links = re.findall(r"https?://\S+", body)
    assert links and all(
        link.startswith("http://localhost/auth/reset/") for link in links
    )
    assert "evil.example" not in body


def test_trusted_hosts_come_from_site_url():
    assert trusted_hosts_for("https://linchpin.example:8443/") == ["linchpin.example"]


@pytest.mark.parametrize(
    ("host", "status"),
    [("linchpin.example", 200), ("linchpin.example:443", 200), ("evil.example", 400)],
)
def test_production_refuses_requests_for_another_host(host, status):
    app = create_app(PRODUCTION)
    response = app.test_client().get("/healthz", headers={"Host": host})
    assert response.status_code == status


def test_trusted_hosts_can_be_widened_for_a_private_name():
    app = create_app({**PRODUCTION, "TRUSTED_HOSTS": ["linchpin.example", "10.0.0.5"]})
    response = app.test_client().get("/healthz", headers={"Host": "10.0.0.5"})
    assert response.status_code == 200
