"""The floor: Flask's hello world, served exactly like Linchpin in the same run."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The least a Flask view can do."""
    return "Hello, World!"
