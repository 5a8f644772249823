""".env.example reads the same to systemd, sh (cron) and python-dotenv."""

import os

import pytest

from tests.envfile import dotenv_values, sh_values, systemd_values

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, ".env.example")


def all_three(path: str) -> tuple[dict, dict, dict]:
    with open(path) as fh:
        text = fh.read()
    return systemd_values(text), sh_values(path), dotenv_values(path)


def test_env_example_reads_the_same_to_systemd_sh_and_dotenv():
    systemd, sh, dotenv = all_three(EXAMPLE)
    assert len(systemd) > 40
    assert systemd == sh == dotenv
    # The values that used to differ: spaces, "<>", a literal \n, a ";".
    assert systemd["AUTH_RATE_LIMIT"] == "10 per minute"
    assert systemd["MAIL_DEFAULT_SENDER"] == "Linchpin <noreply@example.com>"
    assert systemd["API_RATE_LIMIT"] == "300 per minute;5000 per hour"
    assert "\\nIBAN" in systemd["BANK_DETAILS"]


@pytest.mark.parametrize(
    "line, differs",
    [
        ("A=10 per minute # the login limit", True),  # systemd keeps the comment
        ("A='x' # note", True),  # systemd: "x# note"
        ('A="x\\ny"', True),  # dotenv turns \n into a line break
        ("A='10 per minute'", False),
        ("A=plain", False),
    ],
)
def test_the_parsers_tell_the_formats_apart(tmp_path, line, differs):
    path = tmp_path / "env"
    path.write_text(line + "\n")
    systemd, sh, dotenv = all_three(str(path))
    assert (not systemd == sh == dotenv) is differs, (systemd, sh, dotenv)


def test_an_unquoted_space_breaks_sh(tmp_path):
    path = tmp_path / "env"
    path.write_text("AUTH_RATE_LIMIT=10 per minute\n")
    assert systemd_values(path.read_text()) == {"AUTH_RATE_LIMIT": "10 per minute"}
    assert "AUTH_RATE_LIMIT" not in sh_values(str(path))  # "per: not found"
