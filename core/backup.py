"""Backups of a Folio site, and their restore: `manage.py backup DIR`, `manage.py restore DIR`.

A backup is one directory:
- `database.pgdump` (pg_dump's custom format) or `database.sqlite3` (SQLite's online backup);
- `media.tar`: every file the default storage holds (local disk or an S3 bucket alike);
- `manifest.json`: when, from which database engine, the rows of every model, and the size and
  SHA-256 of the two files above and of every media file.

Restoring checks every checksum before it touches anything, then replaces the database, writes
the media back under their own names and checks the row counts. `SECRET_KEY` is not in a
backup: keep it with your other secrets (sessions, sign-up and unsubscribe links are signed
with it). See README, "Backups".
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from .models import ContentVersion

FORMAT = 1
MEDIA = "media.tar"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


def backup_create(*, directory):
    """Write a backup of the database and the media into `directory` (created; must be empty).
    Returns the manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: give a new directory for each backup.")
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / _database_file()
    _dump_database(database)
    media = _archive_media(directory / MEDIA)
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "engine": connection.vendor,
        "rows": _row_counts(),
        "files": {path.name: _digest(path) for path in (database, directory / MEDIA)},
        "media": media,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def backup_restore(*, directory):
    """Replace the database and the media with the backup in `directory`. Returns the
    manifest. Nothing is changed when the backup is incomplete, damaged or from another
    database engine."""
    directory = Path(directory)
    manifest = _checked_manifest(directory)
    before = ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    _restore_database(directory / _database_file())
    with tarfile.open(directory / MEDIA) as archive:
        for member in archive.getmembers():
            name = member.name
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, ContentFile(archive.extractfile(member).read()))
            if stored != name:
                raise BackupError(f"The storage renamed {name} to {stored}.")
    # Pages were cached under every version up to `before`; the restored site continues past
    # it, so none of them can be mistaken for a page of the restored content.
    ContentVersion.objects.update_or_create(pk=1, defaults={"value": before + 1})
    rows = _row_counts()
    rows.pop(ContentVersion._meta.label, None)
    expected = {k: v for k, v in manifest["rows"].items() if k != ContentVersion._meta.label}
    if rows != expected:
        differ = sorted(k for k in expected.keys() | rows.keys() if rows.get(k) != expected.get(k))
        raise BackupError(f"Restored, but the row counts differ for: {', '.join(differ)}.")
    return manifest


def _database_file():
    if connection.vendor == "postgresql":
        return "database.pgdump"
    if connection.vendor == "sqlite":
        return "database.sqlite3"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def _pg_command(program, *args):
    settings = connection.settings_dict
    command = [program, *args]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command += [option, str(settings[key])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    if not shutil.which(program):
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{program} failed: {done.stderr.strip()}")


def _dump_database(path):
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        _pg_command("pg_dump", "--format=custom", "--no-owner", f"--file={path}", name)
        return
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    target.close()


def _restore_database(path):
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        connection.close()  # pg_restore drops the tables: hold no lock on them
        _pg_command(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            f"--dbname={name}", str(path),
        )  # fmt: skip
        return
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _media_names(path=""):
    """Every file name in the default storage, walking its directories."""
    try:
        directories, files = default_storage.listdir(path)
    except FileNotFoundError:  # local disk: no MEDIA_ROOT yet
        return
    for name in files:
        yield f"{path}{name}"
    for name in directories:
        yield from _media_names(f"{path}{name}/")


def _archive_media(path):
    media = {}
    with tarfile.open(path, "w") as archive:
        for name in sorted(_media_names()):
            with default_storage.open(name, "rb") as file:
                content = file.read()
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
            media[name] = {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    return media


def _checked_manifest(directory):
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in {directory}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{directory} is a backup in a format this version cannot read.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this site uses {connection.vendor}."
        )
    for name, expected in manifest["files"].items():
        if not (directory / name).is_file() or _digest(directory / name) != expected:
            raise BackupError(
                f"{name} is missing or damaged (its checksum differs); nothing restored."
            )
    with tarfile.open(directory / MEDIA) as archive:
        for member in archive.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in member.name.split("/"):
                raise BackupError(f"{MEDIA} holds an unsafe entry: {member.name!r}.")
            content = archive.extractfile(member).read()
            expected = manifest["media"].get(member.name, {})
            if hashlib.sha256(content).hexdigest() != expected.get("sha256"):
                raise BackupError(f"Media file {member.name} differs from the manifest.")
    return manifest


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _digest(path):
    sha = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            sha.update(chunk)
    return {"size": path.stat().st_size, "sha256": sha.hexdigest()}
