"""Serve the app with waitress: `python wsgi.py` and the systemd units use this.

waitress would delete X-Forwarded-For/-Proto before the app sees them unless
told otherwise; here it passes them through and the app trusts exactly the
proxies in TRUSTED_PROXIES (myapp/proxies.py), so there is one setting for
every way of starting the server. With `waitress-serve` give
`--no-clear-untrusted-proxy-headers` for the same effect.
"""

import ipaddress
import logging
import os
import signal
import sys

log = logging.getLogger(__name__)


def bind_warning(host: str) -> str | None:
    """A line of advice when HOST is reachable from other machines."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None if host == "localhost" else f"HOST={host}: check who can reach it"
    if address.is_loopback:
        return None
    return (
        f"HOST={host} listens beyond this machine: let a firewall admit only the "
        "proxy in TRUSTED_PROXIES to this port (docs/deploy-many.md), or bind to "
        "127.0.0.1 when nginx runs on this machine."
    )


def serve(app) -> None:
    from waitress import serve as waitress_serve

    # waitress warns of queue depth on busy servers; it is noise, not news.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # waitress configures the root logger; ours already writes each line once.
    logging.getLogger("myapp").propagate = False
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    threads = int(os.environ.get("WAITRESS_THREADS", "8"))
    warning = bind_warning(host)
    if warning:
        print(f"WARNING: {warning}", file=sys.stderr, flush=True)
    # Stop on SIGTERM (systemd, kill) as on Ctrl-C, so exit handlers run and
    # the buffered page views are written.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"Linchpin is serving on http://{host}:{port}/", flush=True)
    waitress_serve(
        app,
        host=host,
        port=port,
        threads=threads,
        clear_untrusted_proxy_headers=False,  # the app decides (myapp/proxies.py)
        ident="linchpin",
    )
