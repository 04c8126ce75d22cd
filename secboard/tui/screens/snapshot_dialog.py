"""Exporting and importing TOML snapshots from the TUI (through the command palette)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Label, ProgressBar, Static

from secboard.domain.errors import InvalidInput, SecboardError, SnapshotInvalid
from secboard.domain.text import printable
from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeInput

if TYPE_CHECKING:
    from secboard.tui.app import SecboardApp

PROBLEMS_SHOWN = 200


def _path(value: str) -> Path:
    if not value.strip():
        raise InvalidInput("path", "give a file name")
    return Path(os.path.expanduser(value.strip())).resolve()


class SnapshotDialog(FormScreen[bool]):
    """What export and import share: a path, an option, and a progress bar while working."""

    CSS_PATH = "snapshot_dialog.tcss"

    TITLE_TEXT = ""
    OPTION = ("", "")
    HINT = ""

    @property
    def secboard(self) -> SecboardApp:
        """The app, typed."""
        return cast("SecboardApp", self.app)

    def default_path(self) -> str:
        """The file name offered."""
        return ""

    def compose(self) -> ComposeResult:
        name, label = self.OPTION
        with Vertical(classes="dialog wide"):
            yield Label(Content(self.TITLE_TEXT), classes="dialog-title")
            yield FormField("path", "File", SafeInput(self.default_path()))
            yield FormField(name, "", Checkbox(Content(label)), hint=self.HINT)
            yield ProgressBar(total=None, show_eta=False, id="working")
            with VerticalScroll(id="problems"):
                yield Static(id="problem-list")

    def on_mount(self) -> None:
        self.query_one("#working").display = False
        self.query_one("#problems").display = False

    def working(self, busy: bool) -> None:
        """Show or hide the progress bar."""
        self.query_one("#working").display = busy


class ExportDialog(SnapshotDialog):
    """Write the workspace to a TOML file, optionally redacted for sharing outside."""

    TITLE_TEXT = "Export a snapshot"
    OPTION = ("redact", "Redact customer names, requesters and ARR (for sharing outside)")
    HINT = "Enter exports · Esc cancels · the file is readable by you only"

    def default_path(self) -> str:
        day = self.secboard.workspace.now().date().isoformat()
        return str(Path.cwd() / f"secboard-{day}.toml")

    async def submit(self, values: Mapping[str, str]) -> bool:
        path = _path(values["path"])
        self.working(True)
        try:
            app = self.secboard
            count = await app.call(app.workspace.export_to, path, redact=bool(values["redact"]))
        finally:
            self.working(False)
        self.notify(f"Exported {count:,} requests to {printable(str(path))}", markup=False)
        return True


class ImportDialog(SnapshotDialog):
    """Replace the workspace with a TOML snapshot, after checking all of it."""

    TITLE_TEXT = "Import a snapshot"
    OPTION = ("replace", "Replace what this workspace holds (a backup is taken first)")
    HINT = "Enter imports · Esc cancels · the whole file is checked before anything changes"

    async def submit(self, values: Mapping[str, str]) -> bool:
        path = _path(values["path"])
        problems = self.query_one("#problems")
        problems.display = False
        self.working(True)
        app = self.secboard
        try:
            loaded, backup = await app.call(
                app.workspace.import_from, path, replace=bool(values["replace"])
            )
        except SnapshotInvalid as error:
            self._show_problems(error)
            raise InvalidInput(
                "path", f"{len(error.problems):,} problems; nothing changed"
            ) from None
        except SecboardError as error:
            raise InvalidInput("path", str(error)) from None
        finally:
            self.working(False)
        count = len(loaded.data.records)
        saved = f"; the previous workspace is in {backup}" if backup else ""
        self.notify(f"Imported {count:,} requests{saved}", markup=False, timeout=8)
        app.changed()
        return True

    def _show_problems(self, error: SnapshotInvalid) -> None:
        listed = list(error.problems[:PROBLEMS_SHOWN])
        if len(error.problems) > PROBLEMS_SHOWN:
            listed.append(f"… and {len(error.problems) - PROBLEMS_SHOWN:,} more")
        self.query_one("#problem-list", Static).update(Content(printable_lines(listed)))
        self.query_one("#problems").display = True


def printable_lines(lines: list[str]) -> str:
    """Problems one a line, each made safe to show."""
    return "\n".join(printable(line) for line in lines)
