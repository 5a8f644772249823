"""The same storage tests on the disk folder and on a real S3 endpoint (moto)."""

import io

import pytest

from myapp.media import commands
from myapp.media.processing import content_key
from myapp.media.storage import DiskStorage, S3Storage, make_storage
from tests import media_samples as samples
from tests.s3_server import running_s3


@pytest.fixture(scope="module")
def s3_settings():
    with running_s3() as settings:
        yield settings


@pytest.fixture(params=["disk", "s3"])
def store(request, app, tmp_path, monkeypatch):
    """The app's storage, swapped for a fresh folder or the S3 bucket."""
    if request.param == "disk":
        made = make_storage({"MEDIA_STORAGE_URL": str(tmp_path)}, app.instance_path)
        assert isinstance(made, DiskStorage)
    else:
        settings = request.getfixturevalue("s3_settings")
        made = make_storage(settings, app.instance_path)
        assert isinstance(made, S3Storage) and made.prefix == "site-a/"
        for name in list(made.names()):
            made.delete(name)
    monkeypatch.setitem(app.extensions, "media_storage", made)
    return made


def test_put_get_delete_and_list(store):
    data = b"not really an image, but bytes"
    key = content_key(data, "png")
    assert store.get(key) is None
    store.put(key, data)
    store.put(key, data)  # the same name twice is the same file
    assert store.get(key) == data
    assert list(store.names()) == [key]
    store.delete(key)
    assert store.get(key) is None and list(store.names()) == []


def test_names_that_are_not_media_keys_are_refused(store):
    for bad in ("../etc/passwd", "ab/../../x.png", "AB/" + "0" * 64 + ".png"):
        with pytest.raises(ValueError):
            store.put(bad, b"x")


def test_upload_is_served_by_the_app_with_immutable_caching(store, api, member):
    client = api(member)
    response = client.post(
        "/media",
        data={"file": (io.BytesIO(samples.jpeg(gps=True)), "a.jpg"), "alt": "A"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    for rendition in response.json["renditions"]:
        for url in (rendition["webp"], rendition["fallback"]):
            key = url.removeprefix("/media/")
            assert store.get(key) is not None
            served = client.client.get(url)
            assert served.status_code == 200
            assert served.headers["Cache-Control"].endswith("immutable")
            assert b"Exif" not in served.data
            served.close()
    assert client.client.get("/media/ab/" + "0" * 64 + ".webp").status_code == 404


def test_gc_removes_unused_uploads_and_orphan_files(store, api, member, runner):
    client = api(member)
    body = client.post(
        "/media",
        data={"file": (io.BytesIO(samples.png()), "p.png")},
        content_type="multipart/form-data",
    ).json
    orphan = content_key(b"left behind", "webp")
    store.put(orphan, b"left behind")
    now = ["--keep-unattached-days", "0"]
    dry = runner.invoke(args=["media", "gc", "--dry-run", *now])
    assert "Would remove 1 unused uploads and" in dry.output, dry.output
    assert store.get(orphan) is not None
    kept = commands.collect(dry_run=False)  # a fresh upload is kept for a day
    assert kept == {"uploads": 0, "files": 1}
    assert store.get(orphan) is None
    assert store.get(body["url"].removeprefix("/media/")) is not None
    result = runner.invoke(args=["media", "gc", *now])
    assert "Removed 1 unused uploads" in result.output
    assert list(store.names()) == []


def test_public_url_points_at_the_bucket_when_set(app, s3_settings):
    made = make_storage(
        {**s3_settings, "MEDIA_PUBLIC_URL": "https://cdn.example.com/"},
        app.instance_path,
    )
    key = content_key(b"x", "webp")
    assert made.public_url(key) == f"https://cdn.example.com/site-a/{key}"
