"""Whole-workspace operations: snapshots in and out, bulk loads, backups and restore."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from secboard.domain.errors import NotEmpty, ReadOnly
from secboard.domain.model import (
    WorkspaceData,
)
from secboard.store import queries
from secboard.store.backups import BackupInfo, list_backups, take_backup
from secboard.store.queries import Reader
from secboard.store.sqlite import check_backup, is_database_file, read_backup
from secboard.workspace.base import WorkspaceBase

if TYPE_CHECKING:
    from secboard.snapshot import Snapshot


class WholeWorkspace(WorkspaceBase):
    """Moving the whole workspace at once, always with a backup first."""

    def export_snapshot(self, *, redact: bool = False) -> tuple[str, int]:
        """The whole workspace as TOML snapshot text, and how many requests it holds."""
        # Snapshot code is loaded on use: the board's start-up does not need it.
        from secboard import snapshot

        data = self.data()
        text = snapshot.export_snapshot(data, exported_at=self.now(), redact=redact)
        return text, len(data.records)

    def export_to(self, path: Path, *, redact: bool = False) -> int:
        """Write a snapshot to ``path`` atomically (owner-only); returns the request count."""
        from secboard.snapshot import write_snapshot

        text, count = self.export_snapshot(redact=redact)
        write_snapshot(path, text)
        return count

    def import_from(
        self, path: Path, *, replace: bool = False, progress: Callable[[str], None] | None = None
    ) -> tuple[Snapshot, Path | None]:
        """Check the snapshot at ``path`` completely, then load it in one transaction.

        Returns the snapshot and the backup of the replaced workspace (if any). A file
        that is not a sound snapshot is reported before whether the workspace is empty.
        """
        from secboard.snapshot import load_snapshot

        loaded = load_snapshot(path, progress or (lambda _message: None))
        return loaded, self.load(loaded.data, replace=replace)

    def load(self, data: WorkspaceData, *, replace: bool = False) -> Path | None:
        """Write ``data`` into the workspace in one transaction.

        A workspace that already holds something is refused unless ``replace``; then
        it is backed up first and the path of the backup is returned.
        """
        return self._replace_with(data, replace=replace, reason="before-replace")

    def _replace_with(
        self, data: WorkspaceData, *, replace: bool, reason: str, always_back_up: bool = False
    ) -> Path | None:
        # The writer is loaded on use: reading the board does not need it.
        from secboard.store import writes

        backup = None
        with self._db.transaction() as session:
            # Both decided under the write lock: a request another process adds until
            # now makes the workspace non-empty and is in the backup; after now, it waits.
            empty = queries.is_empty(session)
            if not empty and not replace:
                raise NotEmpty(
                    f"{self._db.label} is not empty; "
                    "use --replace to overwrite it (backed up first)"
                )
            if not empty or always_back_up:
                backup = self._back_up(session, reason)
            writes.replace(session, lambda target: writes.load(target, data))
        self._undo.clear()
        self._versions.clear()
        self._record_change(None)
        return backup

    def _back_up(self, read: Reader, reason: str) -> Path | None:
        """Back up the workspace as ``read`` sees it (inside the write transaction).

        A file is copied whole; a server workspace is written as a snapshot file, read
        through the transaction itself, so it holds exactly what is about to be replaced.
        """
        if not self._db.is_server:
            return None if self.path is None else self._db.backup(reason)
        from secboard import snapshot

        text = snapshot.export_snapshot(queries.workspace_data(read), exported_at=self.now())

        def write(target: Path) -> None:
            target.write_text(text, "utf-8")

        return take_backup(self._db.backup_place(), reason, write)

    @staticmethod
    def check_backup(backup: Path) -> None:
        """Refuse a file that cannot be restored: missing, unreadable, damaged, not ours.

        A backup of a workspace file, or a snapshot (``.toml``: what a server
        workspace's backups are), may be restored into either kind of workspace.

        Raises:
            WorkspaceUnavailable: the one-line reason; the file is only read.
            SnapshotError: a snapshot that cannot be read (its problems listed).
        """
        if _is_snapshot(backup):
            from secboard.snapshot import load_snapshot

            load_snapshot(backup)
        else:
            check_backup(backup)

    def restore(self, backup: Path) -> Path:
        """Replace the workspace with a backup; returns the backup of the state replaced."""
        if self.read_only or (self.path is None and not self.is_server):
            raise ReadOnly("only a workspace file or a server workspace can be restored")
        data = self._restorable(backup)
        if data is None:
            restored = self._db.restore_from(backup)
            self._undo.clear()
            self._versions.clear()
            self._record_change(None)
            return restored
        saved = self._replace_with(data, replace=True, reason="before-restore", always_back_up=True)
        assert saved is not None
        return saved

    def _restorable(self, backup: Path) -> WorkspaceData | None:
        """The data in ``backup``, checked; None for a file backup restored as a file."""
        if not _is_snapshot(backup):
            if not self._db.is_server:
                check_backup(backup)
                return None
            return read_backup(backup)
        from secboard.snapshot import load_snapshot

        return load_snapshot(backup).data

    def backups(self) -> list[BackupInfo]:
        """Backups of this workspace, newest first."""
        if self.path is None and not self.is_server:
            return []
        return list_backups(self._db.backup_place())

    @property
    def backups_folder(self) -> Path | None:
        """Where backups of this workspace are kept (None in memory)."""
        if self.path is None and not self.is_server:
            return None
        return self._db.backup_place().directory


def _is_snapshot(backup: Path) -> bool:
    """True for a snapshot file: a regular file named ``.toml`` that is not a SQLite
    database (anything else is checked, and refused, as a file backup)."""
    if backup.suffix.lower() != ".toml":
        return False
    try:
        regular = backup.is_file()
    except OSError:
        return False  # said in words by the check of a file backup
    return regular and not is_database_file(backup)
