"""Whole-workspace operations: snapshots in and out, bulk loads, backups and restore."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from secboard.domain.errors import NotEmpty, ReadOnly
from secboard.domain.model import (
    WorkspaceData,
)
from secboard.store import bulk, queries
from secboard.store.backups import BackupInfo, list_backups
from secboard.store.database import check_backup
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
        backup = None
        with self._db.transaction() as connection:
            # Both decided under the write lock: a request another process adds until
            # now makes the workspace non-empty and is in the backup; after now, it waits.
            if not queries.is_empty(connection):
                if not replace:
                    raise NotEmpty(
                        f"{self._db.label} is not empty; "
                        "use --replace to overwrite it (backed up first)"
                    )
                if self.path is not None:
                    backup = self._db.backup("before-replace")
            bulk.replace(connection, lambda target: bulk.load(target, data))
        self._undo.clear()
        self._versions.clear()
        self._record_change(None)
        return backup

    @staticmethod
    def check_backup(backup: Path) -> None:
        """Refuse a file that cannot be restored: missing, unreadable, damaged, not ours.

        Raises:
            WorkspaceUnavailable: the one-line reason; the file is only read.
        """
        check_backup(backup)

    def restore(self, backup: Path) -> Path:
        """Replace the workspace with a backup; returns the backup of the state replaced."""
        if self.read_only or self.path is None:
            raise ReadOnly("only a workspace file can be restored")
        saved = self._db.restore_from(backup)
        self._undo.clear()
        self._versions.clear()
        self._record_change(None)
        return saved

    def backups(self) -> list[BackupInfo]:
        """Backups of this workspace, newest first."""
        return list_backups(self.path) if self.path else []
