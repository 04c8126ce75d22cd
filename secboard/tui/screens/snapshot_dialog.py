"""Exporting and importing TOML snapshots from the TUI (through the command palette)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, ProgressBar, Static

from secboard.domain.errors import InvalidInput, SecboardError, SnapshotInvalid
from secboard.domain.text import printable
from secboard.tui.commands import bindings, current_key
from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.option_checkbox import OptionCheckbox
from secboard.tui.widgets.safe_inputs import SafeInput

if TYPE_CHECKING:
    from secboard.tui.app import SecboardApp
    from secboard.workspace import Workspace

PROBLEMS_SHOWN = 200


def _path(value: str) -> Path:
    if not value.strip():
        raise InvalidInput("path", "give a file name")
    return Path(os.path.expanduser(value.strip())).resolve()


class SnapshotDialog(FormScreen[bool]):
    """What export and import share: a path, an option, and a progress bar while working.

    Enter runs the dialog from the path and from the option alike; Space switches the
    option, whose label says in words whether it is on.
    """

    CSS_PATH = "snapshot_dialog.tcss"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *FormScreen.BINDINGS,
        *bindings("snapshot"),
    ]

    TITLE_TEXT = ""
    OPTION = ""
    """The option's field name."""
    ON = ""
    """The option's label while it is on."""
    OFF = ""
    """The option's label while it is off."""
    VERB = ""
    """What Enter does, for the hint: "exports"."""
    SWITCHES = ""
    """What Space switches, for the hint: "redaction"."""
    HINT = ""
    """The rest of the hint, after the keys."""

    @property
    def secboard(self) -> SecboardApp:
        """The app, typed."""
        return cast("SecboardApp", self.app)

    def default_path(self) -> str:
        """The file name offered."""
        return ""

    def option(self) -> OptionCheckbox:
        """The checkbox of the dialog's option, as it opens."""
        return OptionCheckbox(self.ON, self.OFF)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content(self.TITLE_TEXT), classes="dialog-title")
            yield FormField("path", "File", SafeInput(self.default_path()))
            yield FormField(self.OPTION, "", self.option(), hint=self.hint())
            yield ProgressBar(total=None, show_eta=False, id="working")
            with VerticalScroll(id="problems"):
                yield Static(id="problem-list")

    def hint(self) -> str:
        """The keys of the dialog, as remapped, and what they do."""
        keymap = self.secboard.keymap
        run = current_key("snapshot.run", keymap).capitalize()
        cancel = current_key("form.cancel", keymap).capitalize()
        space = [f"Space switches {self.SWITCHES}"] if self.switchable() else []
        return " · ".join([f"{run} {self.VERB}", *space, f"{cancel} cancels", self.HINT])

    def switchable(self) -> bool:
        """Whether the option can be switched (an export of redacted data cannot)."""
        return True

    def on_mount(self) -> None:
        self.query_one("#working").display = False
        self.query_one("#problems").display = False

    def working(self, busy: bool) -> None:
        """Show or hide the progress bar."""
        self.query_one("#working").display = busy


def _export(workspace: Workspace, path: Path, *, redact: bool) -> tuple[int, bool]:
    """Export, and say whether the file written is redacted (a redacted workspace always is)."""
    count = workspace.export_to(path, redact=redact)
    return count, redact or workspace.is_redacted()


class ExportDialog(SnapshotDialog):
    """Write the workspace to a TOML file, optionally redacted for sharing outside."""

    TITLE_TEXT = "Export a snapshot"
    OPTION = "redact"
    ON = "Redact: on — customers, requesters and amounts replaced"
    OFF = "Redact: off — real customer names, requesters and ARR"
    ALWAYS = "Redact: on — always: this workspace came redacted"
    VERB = "exports"
    SWITCHES = "redaction"
    HINT = "the file is readable by you only"

    def __init__(self, *, always_redacted: bool = False) -> None:
        """The dialog; ``always_redacted`` when the workspace can only export redacted."""
        super().__init__()
        self.always_redacted = always_redacted

    def switchable(self) -> bool:
        return not self.always_redacted

    def option(self) -> OptionCheckbox:
        if self.always_redacted:
            return OptionCheckbox(self.ALWAYS, self.ALWAYS, value=True, disabled=True)
        return super().option()

    def default_path(self) -> str:
        # Relative, so the field stays short and reads the same on every machine; it is
        # resolved against the working directory when the export runs.
        day = self.secboard.workspace.today().isoformat()
        return f"secboard-{day}.toml"

    async def submit(self, values: Mapping[str, str]) -> bool:
        path = _path(values["path"])
        self.working(True)
        try:
            app = self.secboard
            count, redacted = await app.call(
                _export, app.workspace, path, redact=bool(values["redact"])
            )
        finally:
            self.working(False)
        requests = f"{count:,} request" + ("" if count == 1 else "s")
        how = "redacted" if redacted else "not redacted"
        self.notify(
            f"Exported {requests} to {printable(str(path))} ({how})", markup=False, timeout=8
        )
        return True


class ImportDialog(SnapshotDialog):
    """Replace the workspace with a TOML snapshot, after checking all of it."""

    TITLE_TEXT = "Import a snapshot"
    OPTION = "replace"
    ON = "Replace: on — this workspace is backed up, then replaced"
    OFF = "Replace: off — refused unless this workspace is empty"
    VERB = "imports"
    SWITCHES = "replacing"
    HINT = "the whole file is checked before anything changes"

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
        warnings = loaded.warnings
        if warnings:
            moves = "move skips" if len(warnings) == 1 else "moves skip"
            self.notify(
                f"{len(warnings):,} recorded {moves} a lifecycle gate (imported as recorded); "
                f"first: {printable(warnings[0])}",
                markup=False,
                severity="warning",
                timeout=12,
            )
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
