"""Serve a WSGI app the way the benchmark measures it: python -m bench.serve TARGET.

TARGET is `module:attribute` (an app) or `module:factory()` (called with no
arguments). Linchpin and the floor both go through here, so their waitress
settings are identical by construction.
"""

import argparse
import importlib
import logging

from waitress import serve


def load(target: str):
    """Import `module:app`, or call `module:factory()`."""
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    if attribute.endswith("()"):
        return getattr(module, attribute[:-2])()
    return getattr(module, attribute)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    app = load(args.target)
    # waitress warns of queue depth on nearly every request under load; writing
    # those lines costs 5-13 % of throughput and tells us nothing.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    serve(app, host=args.host, port=args.port, threads=args.threads)


if __name__ == "__main__":
    main()
