"""Every command in docs/deploy-*.md, run in a sandbox: the docs cannot drift.

The pages' shell blocks run in order in one bash, as an operator pastes
them, with the machine's paths moved into a sandbox (TRANSLATE) and the
programs that would change the machine replaced by checks (SHIMS): systemctl
and journalctl must name shipped units (installed by the docs' own `cp`),
nginx runs `nginx -t` on the installed site, apt-get asks apt-cache about
each package, curl asks the app's routes. `lp` and `flask` run for real on
SQLite. A program the rehearsal does not know fails the test.
"""

import os
import re
import shlex
import shutil
import subprocess

import pytest

from tests.envfile import dotenv_values, sh_values, systemd_values

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = ["docs/deploy-single.md", "docs/deploy-many.md"]
UNITS = os.path.join(ROOT, "deploy", "systemd")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
# First words a line may start with: shell syntax, the docs' own function and
# harmless file commands (run for real, inside the sandbox), and the shims.
KNOWN = {".", "cd", "cp", "ln", "rm", "mkdir", "ls", "head", "set", "export", "lp"}
KNOWN |= {".venv/bin/flask", ".venv/bin/pip"}  # the app's own, in the sandbox
SHIMS = {
    "apt-get": 'test "$1" = install; shift; for p in "$@"; do case $p in -*) ;; '
    '*) if [ -x /usr/bin/apt-cache ]; then /usr/bin/apt-cache show "$p" >/dev/null '
    '|| { echo "no package $p"; exit 1; }; fi;; esac; done',
    "adduser": 'for a in "$@"; do last=$a; done; test "$last" = linchpin',
    "chown": 'test "$1" = "linchpin:" && test -d "$2"',
    # The prompts' answers: the password twice for `users create`, "y" for
    # `backup restore` (one process would read all of a shared stdin).
    "sudo": 'test "$1" = -u && test "$2" = linchpin; shift 2; case " $* " in '
    '*" users create "*) exec "$@" < "$SANDBOX/answer-password";; '
    '*" backup restore "*) exec "$@" < "$SANDBOX/answer-yes";; '
    '*) exec "$@" < /dev/null;; esac',
    "git": 'case $1 in clone) "$SANDBOX/bin/make-app" "$3";; pull) ;; *) exit 1;; esac',
    "python3": 'if [ "$1 $2" = "-m venv" ]; then test -x .venv/bin/python; '
    'else exec /usr/bin/env -u PATH python3 "$@"; fi',
    "systemctl": 'exec "$SANDBOX/bin/check-units" systemctl "$@"',
    "journalctl": 'exec "$SANDBOX/bin/check-units" journalctl "$@"',
    "curl": 'for a in "$@"; do url=$a; done; path=${url#http://127.0.0.1:8000}; '
    'grep -qx "$path" "$SANDBOX/routes" || { echo "no route $url"; exit 1; }',
    "nginx": 'test "$1" = -t && exec "$SANDBOX/bin/nginx-t"',
    "certbot": 'test "$1" = --nginx && test "$2" = -d',
    "mysql": 'echo "$@" | grep -Eq "^-uroot -e (CREATE DATABASE |GRANT |SELECT '
    'count\\(|DROP DATABASE )"',
    "crontab": 'test "$1" = -u && test "$2" = linchpin && test -f "$3"',
    "nft": 'test "$1 $2" = "add rule"',
    "rsync": 'for a in "$@"; do case $a in -*) ;; *) test -d "$a"; exit;; esac; done',
}


def blocks(path: str) -> list[tuple[str, str]]:
    with open(os.path.join(ROOT, path)) as fh:
        return FENCE.findall(fh.read())


def translate(text: str, sandbox: str) -> str:
    """The machine's paths and services, as the sandbox has them."""
    text = re.sub(r"(?<![\w/.])(/(?:srv|etc|var/log|tmp)/)", rf"{sandbox}\1", text)
    db = f"sqlite:///{sandbox}"
    for real, sandboxed in [
        (
            "mysql+pymysql://linchpin:a-long-random-password@127.0.0.1:3306/"
            "linchpin_drill?charset=utf8mb4",
            f"{db}/drill.db",
        ),
        (
            "mysql+pymysql://linchpin:a-long-random-password@127.0.0.1:3306/"
            "linchpin?charset=utf8mb4",
            f"{db}/linchpin.db",
        ),
        (
            "mysql+pymysql://linchpin:a-long-random-password@db.internal:3306/"
            "linchpin?charset=utf8mb4",
            f"{db}/linchpin.db",
        ),
        ("linchpin-*.sql", "linchpin-*"),  # SQLite backups end in .sqlite3
        ("MAIL_SERVER=smtp.example.com", "MAIL_SERVER="),  # no SMTP server here
        ("redis://redis.internal:6379/0", ""),
        ("HOST=0.0.0.0", "HOST=127.0.0.1"),
        (
            "# on the new one",
            f"sed -i s/linchpin.db/new.db/ {sandbox}/srv/linchpin/"
            "linchpin.env  # the new server's empty database",
        ),
    ]:
        text = text.replace(real, sandboxed)
    return text


def commands(script: str) -> list[str]:
    """The program of each command: the word after a separator, past
    assignments and the `time` and `sudo -u linchpin` prefixes."""
    words = []
    for line in script.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "lp()")):
            continue
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        expect = True
        tokens = list(lexer)
        for i, token in enumerate(tokens):
            if set(token) <= set(";&|(){}") or token.endswith("$"):
                expect = True
            elif expect and not re.match(r"^[A-Za-z_]+=", token):
                skip = token == "time" or (
                    i > 1 and tokens[i - 2 : i] == ["-u", "linchpin"]
                )
                if token in ("sudo", "-u", "linchpin") and not skip:
                    continue  # checked by the sudo shim; the program follows
                if token != "time":
                    words.append(token)
                    expect = False
    return words


def sandbox_tools(sandbox: str) -> None:
    bin_dir = os.path.join(sandbox, "bin")
    os.makedirs(bin_dir)
    # What the system packages of step 1 would have made.
    for folder in (
        "etc/systemd/system",
        "etc/nginx/sites-available",
        "etc/nginx/sites-enabled",
        "srv/linchpin",
    ):
        os.makedirs(os.path.join(sandbox, folder))
    for name, body in SHIMS.items():
        write_script(os.path.join(bin_dir, name), body)
    write_script(
        os.path.join(bin_dir, "make-app"),
        f'mkdir -p "$1/.venv/bin" && cd "$1" && for f in {ROOT}/*; do ln -s "$f" .; '
        # A copy of the package, so that instance/ (backups) is the sandbox's.
        f"done; rm myapp && cp -r {ROOT}/myapp . && "
        f"ln -s {ROOT}/.venv/bin/python {ROOT}/.venv/bin/flask .venv/bin/ && "
        'printf \'test "$1 $2" = "install -r" && test -f "$3"\' > .venv/bin/pip && '
        "chmod +x .venv/bin/pip",
    )
    write_script(
        os.path.join(bin_dir, "check-units"),
        f"PYTHONPATH={ROOT} exec {ROOT}/.venv/bin/python "
        f'{ROOT}/tests/test_docs_rehearsal.py "$@"',
    )
    write_script(
        os.path.join(bin_dir, "nginx-t"),
        f"PYTHONPATH={ROOT} exec {ROOT}/.venv/bin/python "
        f"{ROOT}/tests/test_docs_rehearsal.py nginx-t",
    )


def write_script(path: str, body: str) -> None:
    with open(path, "w") as fh:
        fh.write(
            f'#!/bin/bash\necho "{os.path.basename(path)} $*" >> '
            f'"$SANDBOX/commands.log"\n{body}\n'
        )
    os.chmod(path, 0o755)


def check_units(tool: str, args: list[str]) -> str | None:
    """Why a systemctl/journalctl line names a unit the docs did not install."""
    installed = os.path.join(os.environ["SANDBOX"], "etc", "systemd", "system")
    if tool == "systemctl":
        verb, units = args[0], [a for a in args[1:] if not a.startswith("-")]
        if verb not in {
            "daemon-reload",
            "enable",
            "start",
            "stop",
            "restart",
            "reload",
            "status",
        }:
            return f"unknown verb {verb}"
    else:
        units = [args[i + 1] for i, a in enumerate(args) if a == "-u"]
    for unit in units:
        if unit in {"nginx", "mariadb", "redis-server"}:
            continue
        name = unit if "." in unit else f"{unit}.service"
        file = re.sub(r"@[^.]*\.", "@.", name)
        if not os.path.exists(os.path.join(installed, file)):
            return f"{unit}: no {file} installed from deploy/systemd"
    return None


def nginx_t() -> int:
    sandbox = os.environ["SANDBOX"]
    enabled = os.path.join(sandbox, "etc", "nginx", "sites-enabled")
    work = os.path.join(sandbox, "nginx")
    os.makedirs(work, exist_ok=True)
    sites = []
    for name in sorted(os.listdir(enabled)):
        with open(os.path.join(enabled, name)) as fh:
            text = fh.read().replace("/var/log/nginx/", f"{work}/")
        sites.append(os.path.join(work, name))
        with open(sites[-1], "w") as fh:
            fh.write(text)
    includes = "".join(f"include {s};\n" for s in sites)
    main = os.path.join(work, "nginx.conf")
    with open(main, "w") as fh:
        fh.write(
            f"pid {work}/nginx.pid; error_log {work}/e.log; events {{}}\n"
            f"http {{ client_body_temp_path {work}/b; proxy_temp_path {work}/p;"
            f" fastcgi_temp_path {work}/f; uwsgi_temp_path {work}/u;"
            f" scgi_temp_path {work}/s;\n{includes}}}\n"
        )
    nginx = shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin:/bin") or "nginx"
    return subprocess.run(  # noqa: S603
        [nginx, "-t", "-c", main, "-p", work, "-e", f"{work}/e.log"], check=False
    ).returncode


def test_every_env_block_reads_the_same_to_systemd_sh_and_dotenv(tmp_path):
    found = 0
    for doc in DOCS:
        for lang, text in blocks(doc):
            if lang == "dotenv":
                found += 1
                path = tmp_path / "env"
                path.write_text(text)
                values = systemd_values(text)
                assert values == sh_values(str(path)) == dotenv_values(str(path)), doc
    assert found == 2


def test_the_shipped_units_pass_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed")
    srv = tmp_path / "srv" / "linchpin"
    (srv / "app").parent.mkdir(parents=True)
    os.symlink(ROOT, srv / "app")
    (srv / "linchpin.env").write_text("")
    for name in os.listdir(UNITS):
        with open(os.path.join(UNITS, name)) as fh:
            text = fh.read().replace("/srv/linchpin", str(srv))
        (tmp_path / name).write_text(text)
    units = ["linchpin-web@8000.service", "linchpin-worker.service", "linchpin.target"]
    result = subprocess.run(  # noqa: S603
        [analyze, "verify", "--man=no", *(f"./{u}" for u in units)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert sorted(os.listdir(UNITS)) == sorted(
        ["linchpin-web@.service", "linchpin-worker.service", "linchpin.target"]
    )


def test_every_command_in_the_deploy_docs_runs_in_a_sandbox(
    app, tmp_path, once_per_ci_run
):
    sandbox = str(tmp_path)
    sandbox_tools(sandbox)
    routes = {r.rule for r in app.url_map.iter_rules() if "<" not in r.rule}
    (tmp_path / "routes").write_text("\n".join(sorted(routes)) + "\n")
    (tmp_path / "answer-password").write_text("a long enough password\n" * 2)
    (tmp_path / "answer-yes").write_text("y\n")
    script = ["set -e"]
    for doc in DOCS:
        for lang, original in blocks(doc):
            text = translate(original, sandbox)
            if lang == "dotenv" and "srv/linchpin/linchpin.env" not in "".join(script):
                env_file = f"{sandbox}/srv/linchpin/linchpin.env"
                script.append(f"cat > {env_file} <<'EOF'\n{text}EOF")
            elif lang == "sh":
                unknown = set(commands(original)) - KNOWN - set(SHIMS)
                assert not unknown, f"{doc}: the rehearsal does not know {unknown}"
                script.append(f"echo '== {doc}'\n{text}")
    env = {
        "PATH": f"{sandbox}/bin:/usr/bin:/bin",
        "SANDBOX": sandbox,
        "HOME": sandbox,
        "LANG": "C.UTF-8",
        "PYTHONPATH": "",
    }
    (tmp_path / "rehearsal.sh").write_text("\n".join(script) + "\n")
    result = subprocess.run(  # noqa: S603
        ["/bin/bash", str(tmp_path / "rehearsal.sh")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=sandbox,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    ran = (tmp_path / "commands.log").read_text()
    for expected in ("systemctl restart linchpin.target", "nginx -t", "curl -s"):
        assert expected in ran
    assert "Restored" in result.stdout and "Imported" in result.stderr
    assert "OK   database: sqlite" in result.stdout


def test_a_unit_the_docs_did_not_install_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SANDBOX", str(tmp_path))
    installed = tmp_path / "etc" / "systemd" / "system"
    installed.mkdir(parents=True)
    for name in os.listdir(UNITS):
        shutil.copy(os.path.join(UNITS, name), installed)
    assert check_units("systemctl", ["restart", "linchpin.target"]) is None
    assert check_units("journalctl", ["-u", "linchpin-web@*", "-f"]) is None
    assert "no linchpin.service" in check_units("systemctl", ["restart", "linchpin"])
    assert "linchpin@.service" in check_units("systemctl", ["start", "linchpin@8000"])
    assert "unknown verb" in check_units("systemctl", ["kill", "linchpin.target"])


if __name__ == "__main__":  # the shims' checks, run by the sandbox's scripts
    import sys

    if sys.argv[1] == "nginx-t":
        sys.exit(nginx_t())
    problem = check_units(sys.argv[1], sys.argv[2:])
    if problem:
        print(problem, file=sys.stderr)
    sys.exit(1 if problem else 0)
