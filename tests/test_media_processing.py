"""Uploads are decided by their bytes, cleaned of metadata and re-encoded."""

import io
import tracemalloc

import pytest
from PIL import Image

from myapp.media.models import MediaFile
from myapp.media.storage import DiskStorage, storage
from tests import media_samples as samples


@pytest.fixture
def uploader(api, member):
    client = api(member)

    def upload(data, name="photo.jpg", content_type="image/jpeg", alt="A photo"):
        return client.post(
            "/media",
            data={"file": (io.BytesIO(data), name, content_type), "alt": alt},
            content_type="multipart/form-data",
        )

    return upload


def served(client, body):
    """Every rendition's bytes as served, with its response."""
    files = []
    for rendition in body["renditions"]:
        for url in (rendition["webp"], rendition["fallback"]):
            response = client.get(url)
            assert response.status_code == 200, url
            files.append((response, response.data))
            response.close()
    return files


def test_gps_exif_jpeg_is_served_without_any_metadata(client, uploader):
    original = samples.jpeg(gps=True)
    assert b"SpyCam" in original and Image.open(io.BytesIO(original)).getexif()
    response = uploader(original)
    assert response.status_code == 201, response.json
    for reply, data in served(client, response.json):
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), reply.mimetype
        assert "icc_profile" not in image.info and "comment" not in image.info
        assert b"Exif" not in data and b"SpyCam" not in data
        assert b"taken at home" not in data and b"secret comment" not in data
        assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_exif_orientation_is_applied_before_the_metadata_goes(uploader):
    response = uploader(samples.jpeg(640, 480, orientation=6))
    assert response.status_code == 201
    assert (response.json["width"], response.json["height"]) == (480, 640)


def test_png_that_is_also_html_is_served_as_a_plain_image(client, uploader):
    polyglot = samples.png_html_polyglot()
    assert Image.open(io.BytesIO(polyglot)).size == (64, 64)
    response = uploader(polyglot, name="page.html", content_type="text/html")
    assert response.status_code == 201
    for reply, data in served(client, response.json):
        assert reply.mimetype in ("image/webp", "image/jpeg", "image/png")
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert b"<script" not in data and b"<html" not in data.lower()


def test_wrong_extension_and_claimed_type_do_not_matter(uploader):
    as_gif = uploader(samples.png(), name="logo.gif", content_type="image/gif")
    assert as_gif.status_code == 201
    as_png = uploader(samples.jpeg(), name="photo.png", content_type="image/png")
    assert as_png.status_code == 201
    text = uploader(b"just some words, not a picture", name="photo.jpg")
    assert text.status_code == 422
    assert "not an image we accept" in text.json["errors"]["file"][0]


def test_svg_and_heic_are_refused_with_a_clear_message(
    uploader, app, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.extensions, "media_storage", DiskStorage(str(tmp_path)))
    svg = uploader(samples.SVG, name="logo.png", content_type="image/png")
    assert svg.status_code == 422
    assert "SVG images are not accepted" in svg.json["errors"]["file"][0]
    heic = uploader(samples.HEIC, name="photo.jpg")
    assert heic.status_code == 422
    assert "HEIC" in heic.json["errors"]["file"][0]
    assert MediaFile.query.count() == 0
    assert list(storage().names()) == []  # a refused upload stores no file either


def test_30000_pixel_square_is_refused_without_decoding(uploader):
    bomb = samples.png_bomb()
    assert len(bomb) < 2000
    tracemalloc.start()
    try:
        response = uploader(bomb, name="bomb.png")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 422
    assert "too many pixels" in response.json["errors"]["file"][0]
    assert peak < 20 * 1024 * 1024, peak  # 900 megapixels would be 2.7 GB


def test_60_mb_file_is_refused_before_it_is_read(api, member):
    client = api(member)
    body = samples.ZeroStream(60 * 1024 * 1024)
    tracemalloc.start()
    try:
        response = client.post(
            "/media",
            input_stream=body,
            content_length=body.left,
            content_type="multipart/form-data; boundary=x",
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert peak < 20 * 1024 * 1024, peak


def test_file_over_media_max_bytes_is_413_with_its_size(app, uploader, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_MAX_BYTES", 4000)
    response = uploader(samples.jpeg(800, 600))
    assert response.status_code == 413
    assert "at most" in response.json["detail"]


def test_widths_webp_and_fallbacks(uploader):
    wide = uploader(samples.jpeg(2400, 1200)).json
    assert [r["width"] for r in wide["renditions"]] == [320, 800, 1600]
    assert [r["height"] for r in wide["renditions"]] == [160, 400, 800]
    assert all(r["webp"].endswith(".webp") for r in wide["renditions"])
    assert all(r["fallback"].endswith(".jpeg") for r in wide["renditions"])
    clear = uploader(samples.png(500, 100, alpha=True), name="x.png").json
    assert [r["width"] for r in clear["renditions"]] == [320, 500]
    assert clear["renditions"][0]["fallback"].endswith(".png")


def test_gif_first_frame_and_webp_are_accepted(uploader):
    frames = [Image.new("P", (90, 60), i * 40) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    assert uploader(out.getvalue(), name="anim.gif").status_code == 201
    webp = io.BytesIO()
    Image.new("RGB", (120, 80), "green").save(webp, "WEBP")
    assert uploader(webp.getvalue(), name="x.webp").status_code == 201


def test_names_are_content_addressed(client, uploader):
    first = uploader(samples.jpeg()).json
    second = uploader(samples.jpeg()).json
    assert first["url"] == second["url"]
    key = first["url"].removeprefix("/media/")
    digest = key.split("/")[1].split(".")[0]
    import hashlib

    response = client.get(first["url"])
    assert hashlib.sha256(response.data).hexdigest() == digest
    response.close()
