"""Backups and exports carry the media files the rows name."""

import io
import json

from myapp.media import backup
from myapp.media import services as media_services
from myapp.media.storage import DiskStorage
from myapp.ops import exchange
from tests import media_samples as samples


def test_export_carries_files_and_import_puts_them_back(
    app, member, tmp_path, monkeypatch
):
    monkeypatch.setitem(
        app.extensions, "media_storage", DiskStorage(str(tmp_path / "a"))
    )
    media = media_services.upload_image(member, io.BytesIO(samples.jpeg()), "x")
    out = io.StringIO()
    counts = exchange.export_jsonl(out)
    assert counts["media_files"] == 1 and counts["media files"] == len(media.keys)
    files = [
        json.loads(line) for line in out.getvalue().splitlines() if '"media"' in line
    ]
    assert {f["media"] for f in files} == media.keys

    fresh = DiskStorage(str(tmp_path / "b"))
    monkeypatch.setitem(app.extensions, "media_storage", fresh)
    for record in files:
        backup.import_record(record)
    assert set(fresh.names()) == media.keys


def test_backup_folder_gains_only_missing_files_and_restores(
    app, member, tmp_path, monkeypatch
):
    monkeypatch.setitem(
        app.extensions, "media_storage", DiskStorage(str(tmp_path / "a"))
    )
    media = media_services.upload_image(member, io.BytesIO(samples.png()), "x")
    folder = backup.folder_for(str(tmp_path / "linchpin.sqlite3"))
    assert backup.save_files(folder) == len(media.keys)
    assert backup.save_files(folder) == 0
    fresh = DiskStorage(str(tmp_path / "c"))
    monkeypatch.setitem(app.extensions, "media_storage", fresh)
    assert backup.restore_files(folder) == len(media.keys)
    assert set(fresh.names()) == media.keys
