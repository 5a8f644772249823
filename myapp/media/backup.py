"""Media files in backups and exports: the rows name the files, these carry them.

Files are content-addressed, so a copy is the same under the same name
wherever it goes: a backup folder only gains the files it lacks.
"""

import base64
import json
import os

from myapp.media.storage import DiskStorage, storage


def folder_for(backup_path: str) -> str:
    """Where `flask backup create` puts the files beside its database file."""
    return backup_path + ".media"


def save_files(folder: str) -> int:
    """Copy every stored file into `folder` (those it lacks); return how many."""
    target, copied = DiskStorage(folder), 0
    have = set(target.names())
    for key in storage().names():
        if key not in have and (data := storage().get(key)) is not None:
            target.put(key, data)
            copied += 1
    return copied


def restore_files(folder: str) -> int:
    """Put the files of a backup folder back into the storage; return how many."""
    if not os.path.isdir(folder):
        return 0
    source, restored = DiskStorage(folder), 0
    have = set(storage().names())
    for key in source.names():
        if key not in have:
            storage().put(key, source.get(key))
            restored += 1
    return restored


def export_lines():
    """`flask export` lines carrying each stored file (base64)."""
    for key in storage().names():
        data = storage().get(key)
        if data is not None:
            record = {"media": key, "base64": base64.b64encode(data).decode()}
            yield json.dumps(record) + "\n"


def import_record(record: dict) -> None:
    """Store one file line of an export."""
    storage().put(record["media"], base64.b64decode(record["base64"]))
