"""Where processed images live: a folder (one server) or an S3 bucket (several).

Both answer the same five calls, so the rest of the app never asks which one
it has. Keys are content-addressed (`ab/abcd….webp`), so a file never changes
once written and may be cached for ever.
"""

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from urllib.parse import urlsplit

from flask import current_app

KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}\.(webp|jpeg|png)$")
SERVED_AT = "/media/"  # views.file; also the folder nginx serves (docs/media.md)
CONTENT_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


def content_type(key: str) -> str:
    return CONTENT_TYPES[key.rsplit(".", 1)[1]]


class DiskStorage:
    """Files under one folder (default `instance/media/`); nginx may serve it."""

    def __init__(self, root: str):
        self.root = root

    def _path(self, key: str) -> str:
        if not KEY.match(key):
            raise ValueError(f"Not a media key: {key!r}")
        return os.path.join(self.root, key)

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if os.path.exists(path):
            return  # same name, same bytes
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(path))
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)  # readers never see half a file

    def get(self, key: str) -> bytes | None:
        try:
            with open(self._path(key), "rb") as src:
                return src.read()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._path(key))

    def names(self) -> Iterator[str]:
        if not os.path.isdir(self.root):
            return
        for folder in sorted(os.listdir(self.root)):
            base = os.path.join(self.root, folder)
            if os.path.isdir(base):
                for name in sorted(os.listdir(base)):
                    if KEY.match(f"{folder}/{name}"):
                        yield f"{folder}/{name}"

    def public_url(self, key: str) -> str | None:
        return None  # served by the app (development) or nginx at /media/


class S3Storage:
    """Objects in an S3-compatible bucket under a prefix, via boto3."""

    def __init__(self, bucket: str, prefix: str, client, public_url: str | None):
        self.bucket, self.prefix, self.client = bucket, prefix, client
        self.base = public_url.rstrip("/") + "/" if public_url else None

    def _name(self, key: str) -> str:
        if not KEY.match(key):
            raise ValueError(f"Not a media key: {key!r}")
        return self.prefix + key

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._name(key),
            Body=data,
            ContentType=content_type(key),
            CacheControl=IMMUTABLE,
        )

    def get(self, key: str) -> bytes | None:
        try:
            reply = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.NoSuchKey:
            return None
        return reply["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def names(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"][len(self.prefix) :]
                if KEY.match(key):
                    yield key

    def public_url(self, key: str) -> str | None:
        return self.base + self.prefix + key if self.base else None


IMMUTABLE = "public, max-age=31536000, immutable"


def make_storage(config: dict, instance_path: str):
    """The storage MEDIA_STORAGE_URL names: s3://bucket/prefix, or a folder."""
    url = config.get("MEDIA_STORAGE_URL") or ""
    if not url.startswith("s3://"):
        return DiskStorage(url or os.path.join(instance_path, "media"))
    import boto3  # only deployments with a bucket need it loaded

    parts = urlsplit(url)
    prefix = parts.path.strip("/")
    client = boto3.client(
        "s3",
        endpoint_url=config.get("MEDIA_S3_ENDPOINT_URL"),
        region_name=config.get("MEDIA_S3_REGION") or "us-east-1",
        aws_access_key_id=config.get("MEDIA_S3_ACCESS_KEY_ID"),
        aws_secret_access_key=config.get("MEDIA_S3_SECRET_ACCESS_KEY"),
    )
    return S3Storage(
        parts.netloc,
        prefix + "/" if prefix else "",
        client,
        config.get("MEDIA_PUBLIC_URL"),
    )


def storage():
    """The app's storage (made once, kept in app.extensions)."""
    app = current_app
    if "media_storage" not in app.extensions:
        app.extensions["media_storage"] = make_storage(app.config, app.instance_path)
    return app.extensions["media_storage"]


def url_of(key: str) -> str:
    """A root-relative (or the bucket's public) address of a stored file."""
    return storage().public_url(key) or f"{SERVED_AT}{key}"
