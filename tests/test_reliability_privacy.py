"""Nothing leaks: private files, redacted exports, and no network at all.

Every file secboard writes — its data folder, the database with its -wal and -shm
files, backups and exported snapshots — is readable by the owner only, even under a
umask of 0. A redacted export names no customer or requester and carries no ARR. And a
whole session, on the command line and in the TUI, works with the network switched off.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.widgets import Checkbox, Input

from secboard.cli import cli
from secboard.tui.app import SecboardApp
from secboard.tui.screens.snapshot_dialog import ExportDialog
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.tui_helpers import settle

SIZE = (160, 45)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask of 0: files are only private if secboard makes them so itself."""
    previous = os.umask(0)
    yield
    os.umask(previous)


# Private files -------------------------------------------------------------------------------


@pytest.mark.usefixtures("open_umask")
def test_default_data_folder_and_database_are_private(tmp_path: Path):
    runner = CliRunner()

    result = runner.invoke(cli, ["add", "SSO for the admin console", "--customer", "Acme"])

    assert result.exit_code == 0, result.output
    folder = Path(os.environ["XDG_DATA_HOME"]) / "secboard"
    database = folder / "secboard.db"
    assert mode(folder) == 0o700
    assert mode(database) == 0o600
    workspace = Workspace.open(database)
    try:
        workspace.add({"title": "Pen-test letter"})
        files = sorted(folder.glob("secboard.db*"))
        assert [path.name for path in files] == [
            "secboard.db",
            "secboard.db-shm",
            "secboard.db-wal",
        ]
        assert {path.name: mode(path) for path in files} == dict.fromkeys(
            (path.name for path in files), 0o600
        )
    finally:
        workspace.close()


@pytest.mark.usefixtures("open_umask")
def test_backups_and_exports_are_private(tmp_path: Path):
    runner = Cli(tmp_path / "workspace.db")
    runner.ok("demo", "--count", "20")
    export = tmp_path / "snapshot.toml"
    redacted = tmp_path / "shared.toml"

    runner.ok("export", str(export))
    runner.ok("export", str(redacted), "--redact")
    runner.ok("import", str(export), "--replace")
    backup = next((tmp_path / "backups").glob("*.before-replace.db"))
    runner.ok("restore", str(backup), "--yes")

    assert mode(export) == mode(redacted) == 0o600
    assert mode(tmp_path / "backups") == 0o700
    backups = sorted((tmp_path / "backups").iterdir())
    assert len(backups) == 2, [path.name for path in backups]
    assert {mode(path) for path in backups} == {0o600}
    assert {mode(path) for path in tmp_path.glob("workspace.db*")} == {0o600}


@pytest.mark.usefixtures("open_umask")
async def test_tui_export_is_private_and_redacts(tmp_path: Path):
    Cli(tmp_path / "workspace.db").ok("demo", "--count", "30")
    workspace = Workspace.open(tmp_path / "workspace.db")
    names = customers_and_requesters(workspace)
    target = tmp_path / "from-the-tui.toml"
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.push_screen(ExportDialog())
            await settle(pilot)
            app.screen.query_one("#field-path Input", Input).value = str(target)
            app.screen.query_one(Checkbox).value = True
            await pilot.press("ctrl+s")
            await settle(pilot)
    finally:
        workspace.close()

    assert mode(target) == 0o600
    text = target.read_text("utf-8")
    assert "redacted = true" in text
    assert [name for name in names if name in text] == []


# Redaction -----------------------------------------------------------------------------------


def customers_and_requesters(workspace: Workspace) -> set[str]:
    """Every customer and requester name the workspace holds."""
    names = set()
    for request in workspace.requests():
        names |= {request.customer or "", request.requester or ""}
    return names - {""}


def test_redacted_export_of_demo_data_names_no_customer_requester_or_arr(tmp_path: Path):
    runner = Cli(tmp_path / "workspace.db")
    runner.ok("demo", "--count", "300", "--seed", "7")
    rows = runner.listing()
    names = {row["customer"] for row in rows} | {row["requester"] for row in rows}
    names -= {None, ""}
    amounts = {row["arr"] for row in rows if row["arr"]}
    assert len(names) > 20
    assert len(amounts) > 20
    target = tmp_path / "shared.toml"

    runner.ok("export", str(target), "--redact")

    text = target.read_text("utf-8")
    # Case ignored, but whole words only ("CTO" may hide in "sector").
    leaked = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.I)]
    assert leaked == []
    assert re.search(r"^arr = ", text, re.MULTILINE) is None
    assert [amount for amount in amounts if re.search(rf"\b{amount}\b", text)] == []
    assert "redacted = true" in text
    # Accounts are named by placeholders, in [[accounts]] and in each ask.
    assert '\nname = "customer-1"\n' in text
    assert 'account = "customer-1"' in text


def test_redacted_export_hides_amounts_and_first_names_in_free_text(tmp_path: Path):
    runner = Cli(tmp_path / "workspace.db")
    runner.ok("vision", "Close the $1.2M Acme gap by Q3.")
    runner.ok("objective", "add", "Save 250,000 ARR", "--key", "O1", "--description", "Per Dana")
    runner.ok(
        "add",
        "SSO for Acme ($250k)",
        "--requester",
        "Dana Scully",
        "--customer",
        "Acme Corp",
        "--arr",
        "250k",
        "--description",
        "Email from Dana: 250000 ARR at stake, €40k services on top",
    )
    runner.ok("move", "1", "discovery")
    runner.ok(
        "check", "1", "need_confirmed", "yes", "--note", "scully forwarded the USD 250,000 PO"
    )
    runner.ok("decide", "1", "build", "--rationale", "Dana says ARR of 250000 depends on it")
    runner.ok("move", "1", "committed", "--force", "--reason", "Dana's renewal, $250k")
    target = tmp_path / "shared.toml"

    runner.ok("export", str(target), "--redact")

    text = target.read_text("utf-8")
    assert re.findall(r"(?i)\b(?:dana|scully|acme)\b", text) == []
    assert re.findall(r"250|1\.2M|40k", text) == []
    assert "Email from requester-1: [amount] ARR at stake, [amount] services on top" in text
    assert 'note = "requester-1 forwarded the [amount] PO"' in text
    assert 'note = "requester-1\'s renewal, [amount]"' in text


# No network ----------------------------------------------------------------------------------


class NetworkUsed(AssertionError):
    """Something tried to reach the network."""


ATTEMPTS: list[str] = []
_WATCHING = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Record every attempt to resolve a name or open an internet socket."""
    if not _WATCHING:
        return
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        ATTEMPTS.append(f"{event} {args[0]!r}")
    elif event in ("socket.connect", "socket.sendto", "socket.bind"):
        family = getattr(args[0], "family", None)
        if family in (socket.AF_INET, socket.AF_INET6):
            ATTEMPTS.append(f"{event} {args[1]!r}")


sys.addaudithook(_audit)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Internet sockets and name lookups raise; every attempt is also recorded."""
    global _WATCHING
    real_socket = socket.socket

    class LocalOnlySocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = socket.AF_INET, *args: Any, **kwargs: Any) -> None:
            if family in (socket.AF_INET, socket.AF_INET6):
                ATTEMPTS.append(f"socket({family!r})")
                raise NetworkUsed("secboard tried to open an internet socket")
            super().__init__(family, *args, **kwargs)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        ATTEMPTS.append(f"lookup or connection {args!r}")
        raise NetworkUsed("secboard tried to reach the network")

    monkeypatch.setattr(socket, "socket", LocalOnlySocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse)
    ATTEMPTS.clear()
    _WATCHING = True
    yield ATTEMPTS
    _WATCHING = False


async def test_a_whole_session_works_without_the_network(tmp_path: Path, no_network: list[str]):
    runner = Cli(tmp_path / "workspace.db")
    export = tmp_path / "snapshot.toml"
    runner.ok("add", "SSO for the admin console", "--customer", "Acme", "--arr", "120k")
    runner.ok("objective", "add", "Unblock enterprise deals", "--key", "O1")
    runner.ok("link", "1", "O1")
    runner.ok("move", "1", "discovery")
    runner.ok("check", "1", "need_confirmed", "yes", "--note", "contract 7.2")
    runner.ok("decide", "1", "build", "--rationale", "revenue tied")
    runner.ok("vision", "Security that sales can sell.")
    assert runner.ok("list").stdout
    assert json.loads(runner.ok("show", "1", "--format", "json").stdout)["customer"] == "Acme"
    assert json.loads(runner.ok("metrics", "--format", "json").stdout)["wip"] == 1
    runner.ok("export", str(export))
    runner.ok("export", str(tmp_path / "shared.toml"), "--redact")
    runner.ok("demo", "--count", "40", "--replace")
    runner.ok("diff", str(export), str(tmp_path / "shared.toml"))
    runner.ok("import", str(export), "--replace")
    assert "before-replace" in runner.ok("backups").stdout

    workspace = Workspace.open(tmp_path / "workspace.db")
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("l", "enter")
            await settle(pilot)
            await pilot.press("y", "escape", "2")
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            await pilot.press("1", "n", *"Captured offline", "enter")
            await settle(pilot)
            await pilot.press("ctrl+p", *"metrics", "escape")
            await settle(pilot)
            assert app.is_running
    finally:
        workspace.close()

    assert no_network == []
    assert [row["title"] for row in runner.listing()][-1] == "Captured offline"
