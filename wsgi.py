"""WSGI entry point: `python wsgi.py` (see myapp/server.py), or any WSGI server
with `wsgi:app` (waitress-serve: add --no-clear-untrusted-proxy-headers)."""

from dotenv import load_dotenv

load_dotenv()

from myapp import create_app  # noqa: E402

app = create_app()

if __name__ == "__main__":
    from myapp.server import serve

    serve(app)
