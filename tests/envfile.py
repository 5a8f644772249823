"""Read an environment file the three ways the deployment does.

systemd (EnvironmentFile=) is parsed here by the rules of systemd.exec(5) as
systemd's env-file.c implements them; sh and python-dotenv are run for real.
"""

import subprocess

NEWLINE = "\n\r"
WHITESPACE = " \t\n\r"
SHELL_NEED_ESCAPE = '"\\`$'


def systemd_values(text: str) -> dict[str, str]:  # noqa: C901 - one state machine
    """KEY=VALUE pairs as systemd reads them: no inline comments, quotes anywhere."""
    values: dict[str, str] = {}
    state, key, value = "pre_key", "", ""
    key_space = value_space = 0  # trailing whitespace to drop

    def push():
        name = key[: len(key) - key_space] if key_space else key
        values[name] = value[: len(value) - value_space] if value_space else value

    for c in text + "\n":
        if state == "pre_key":
            if c in "#;":
                state = "comment"
            elif c not in WHITESPACE:
                state, key, key_space = "key", c, 0
        elif state == "key":
            if c in NEWLINE:
                state = "pre_key"  # a line without "=" is ignored
            elif c == "=":
                state, value, value_space = "pre_value", "", 0
            else:
                key += c
                key_space = key_space + 1 if c in WHITESPACE else 0
        elif state == "pre_value":
            if c in NEWLINE:
                state = "pre_key"
                push()
            elif c == "'":
                state = "single"
            elif c == '"':
                state = "double"
            elif c == "\\":
                state = "value_escape"
            elif c not in WHITESPACE:
                state, value, value_space = "value", value + c, 0
        elif state == "value":
            if c in NEWLINE:
                state = "pre_key"
                push()
            elif c == "\\":
                state, value_space = "value_escape", 0
            else:
                value += c
                value_space = value_space + 1 if c in WHITESPACE else 0
        elif state == "value_escape":
            state = "value"
            if c not in NEWLINE:
                value += c
        elif state == "single":
            if c == "'":
                state = "pre_value"
            else:
                value += c
        elif state == "double":
            if c == '"':
                state = "pre_value"
            elif c == "\\":
                state = "double_escape"
            else:
                value += c
        elif state == "double_escape":
            state = "double"
            if c in SHELL_NEED_ESCAPE:
                value += c
            elif c != "\n":
                value += "\\" + c
        elif state == "comment":
            if c == "\\":
                state = "comment_escape"
            elif c in NEWLINE:
                state = "pre_key"
        elif state == "comment_escape":
            state = "comment"
    return values


def _sh_environment(script: str, path: str) -> dict[str, str]:
    out = subprocess.run(  # noqa: S603
        ["/usr/bin/env", "-i", "/bin/sh", "-c", script, "sh", path],
        capture_output=True,
        check=True,
    ).stdout.decode()
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def sh_values(path: str) -> dict[str, str]:
    """What `set -a; . file` exports to a cron job (an empty start environment)."""
    before = _sh_environment("env -0", path)
    after = _sh_environment('set -a; . "$1"; env -0', path)
    return {k: v for k, v in after.items() if before.get(k) != v or k not in before}


def dotenv_values(path: str) -> dict[str, str]:
    """What wsgi.py's load_dotenv() reads from .env in development."""
    from dotenv import dotenv_values as read

    return {k: v or "" for k, v in read(path).items()}
