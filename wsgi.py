"""WSGI entry point: `waitress-serve wsgi:app`, or `python wsgi.py`."""

import logging
import os
import signal
import sys

from dotenv import load_dotenv

load_dotenv()

from myapp import create_app  # noqa: E402

app = create_app()

if __name__ == "__main__":
    from waitress import serve

    # waitress warns of queue depth on busy servers; it is noise, not news.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # waitress configures the root logger; ours already writes each line once.
    logging.getLogger("myapp").propagate = False
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    threads = int(os.environ.get("WAITRESS_THREADS", "8"))
    # Stop on SIGTERM (systemd, kill) as on Ctrl-C, so exit handlers run and
    # the buffered page views are written.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"Linchpin is serving on http://{host}:{port}/", flush=True)
    serve(app, host=host, port=port, threads=threads)
