"""Backups of a workspace, taken before anything destructive: where they go, how they
are named and listed, and how one is written so that a half-written copy never counts.

A SQLite file's backups are complete copies of the file (SQLite's online backup API),
kept beside it in ``backups/``; a server workspace's are snapshot files, kept in the
user's data folder under the server's name. Both are owner-only.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

APP_NAME = "secboard"
"""The name secboard's folders go by in the user's data, config and state folders."""
BACKUP_DIR_NAME = "backups"
_STAMP = "%Y%m%dT%H%M%SZ"
PARTIAL_SUFFIX = ".partial"
"""How a backup still being written ends; its name also starts with a dot."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file of a workspace."""

    path: Path
    taken_at: datetime
    reason: str
    size: int


@dataclass(frozen=True, slots=True)
class BackupPlace:
    """Where the backups of one workspace are kept, and how their names start and end."""

    directory: Path
    stem: str
    suffix: str

    @classmethod
    def beside(cls, database: Path) -> BackupPlace:
        """The place for the backups of the SQLite file ``database``."""
        real = real_file(database)
        return cls(real.parent / BACKUP_DIR_NAME, real.stem, ".db")


def real_file(database: Path) -> Path:
    """The file ``database`` names: the one a symbolic link points at, else itself.

    Backups belong beside the real file, where SQLite keeps its log too, so that every
    link to one workspace finds the same backups.
    """
    return database.resolve() if database.is_symlink() else database


def ensure_private_dir(directory: Path) -> None:
    """Create ``directory``, and each missing folder above it, readable by the owner only.

    Folders that already exist are left as they are.
    """
    missing: list[Path] = []
    current = directory
    while not current.is_dir() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made meanwhile by someone else: theirs, not ours to change
        # mkdir's mode passes through the umask, which can leave it 0000; and
        # ``mkdir(parents=True)`` would give the folders above the umask's 0777.
        folder.chmod(0o700)


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by the owner only; fail if it exists."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)


def take_backup(place: BackupPlace, reason: str, write: Callable[[Path], None]) -> Path:
    """Write a new backup with ``write`` (given the file to fill) and return its path.

    The copy is written under a hidden temporary name, flushed to disk and only then
    renamed to its backup name: a copy cut short (a full disk, a crash) is never taken
    for a backup, and a failed one is removed.
    """
    directory = place.directory
    ensure_private_dir(directory)
    stamp = datetime.now(UTC).strftime(_STAMP)
    slug = "".join(ch if ch.isalnum() else "-" for ch in reason.lower()).strip("-") or "backup"
    descriptor, name = tempfile.mkstemp(
        dir=directory, prefix=f".{place.stem}.", suffix=PARTIAL_SUFFIX
    )
    os.close(descriptor)
    partial = Path(name)
    try:
        write(partial)
        _sync(partial)
        target = directory / f"{place.stem}.{stamp}.{slug}{place.suffix}"
        counter = 1
        while target.exists():
            counter += 1
            target = directory / f"{place.stem}.{stamp}-{counter}.{slug}{place.suffix}"
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _sync(directory)
    return target


def _sync(path: Path) -> None:
    """Flush a file's (or a folder's) contents to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def list_backups(place: BackupPlace) -> list[BackupInfo]:
    """The backups kept at ``place``, newest first."""
    directory = place.directory
    if not directory.is_dir():
        return []
    found: list[tuple[BackupInfo, int, int]] = []
    for path in directory.glob(f"{glob.escape(place.stem)}.*{place.suffix}"):
        parts = path.name[len(place.stem) + 1 : -len(place.suffix)].split(".", 1)
        if len(parts) != 2:
            continue
        stamp, _, counter = parts[0].partition("-")
        try:
            taken = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        # Within one second: same-reason backups are numbered -2, -3, …; others are
        # told apart by when the file was written.
        order = int(counter) if counter.isdecimal() else 1
        stats = path.stat()
        info = BackupInfo(path, taken, parts[1], stats.st_size)
        found.append((info, order, stats.st_mtime_ns))
    found.sort(key=lambda item: (item[0].taken_at, item[1], item[2]), reverse=True)
    return [info for info, _, _ in found]
