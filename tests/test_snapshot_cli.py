"""The export, import and diff commands."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from secboard.cli import cli, snapshots
from secboard.domain.model import WorkspaceData
from secboard.snapshot import export_snapshot
from secboard.workspace import Workspace
from tests.builders import as_stored, content
from tests.snapshot_samples import EXPORTED, gate_skipping_data, sample_data
from tests.test_snapshot_diff import LATER, next_week


def run(db: Path, *args: str, input: bytes | None = None) -> Result:
    """``secboard --db DB ARGS`` in-process."""
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input)


def ok(db: Path, *args: str) -> Result:
    """Run a command that must succeed."""
    result = run(db, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def refused(db: Path, *args: str) -> str:
    """Run a command that must fail cleanly; returns stderr."""
    result = run(db, *args)
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    return result.stderr


def snapshot_file(tmp_path: Path, data: WorkspaceData, name: str = "s.toml") -> Path:
    """``data`` written as a snapshot file."""
    path = tmp_path / name
    path.write_text(export_snapshot(data, exported_at=EXPORTED), "utf-8")
    return path


def stored(db: Path) -> WorkspaceData:
    """Everything in the workspace at ``db``."""
    workspace = Workspace.open(db)
    try:
        return workspace.data()
    finally:
        workspace.close()


def test_export_writes_a_private_file_and_says_so(db_path: Path, tmp_path: Path) -> None:
    ok(db_path, "demo", "--count", "5")
    target = tmp_path / "week48.toml"

    result = ok(db_path, "export", str(target))

    assert result.stdout == ""
    assert result.stderr == f"exported 5 requests to {target}\n"
    assert tomllib.loads(target.read_text("utf-8"))["format"] == "secboard-snapshot"
    assert target.stat().st_mode & 0o777 == 0o600


def test_export_to_dash_writes_the_snapshot_on_stdout(db_path: Path) -> None:
    ok(db_path, "demo", "--count", "3")

    result = ok(db_path, "export", "-")

    document = tomllib.loads(result.stdout)
    assert len(document["requests"]) == 3
    assert result.stderr == ""


def test_export_redact_hides_customers(db_path: Path) -> None:
    ok(db_path, "add", "SSO — Acme Corp", "--customer", "Acme Corp", "--arr", "120k")

    result = ok(db_path, "export", "-", "--redact")

    assert "Acme" not in result.stdout
    assert "120000" not in result.stdout
    assert 'title = "SSO — customer-1"' in result.stdout


def test_export_refuses_a_missing_folder(db_path: Path, tmp_path: Path) -> None:
    message = refused(db_path, "export", str(tmp_path / "no" / "s.toml"))

    assert (
        message
        == f"error: cannot write {tmp_path}/no/s.toml: folder {tmp_path}/no does not exist\n"
    )


def test_import_loads_a_snapshot_into_an_empty_workspace(db_path: Path, tmp_path: Path) -> None:
    source = snapshot_file(tmp_path, sample_data())

    result = ok(db_path, "import", str(source))

    assert result.stderr == f"imported 2 requests and 2 objectives from {source}\n"
    assert stored(db_path) == as_stored(sample_data())


def test_import_warns_of_moves_that_skipped_the_commit_gate(db_path: Path, tmp_path: Path) -> None:
    source = snapshot_file(tmp_path, gate_skipping_data())

    result = ok(db_path, "import", str(source))

    assert result.stderr.splitlines()[1:] == [
        "warning: 1 recorded move skips a lifecycle gate (imported as recorded):",
        "  requests[2] (#14).history[1]: intake → shipped is not forced, but the rules "
        "refuse it: no decision yet; committing needs build, buy or policy; the discovery "
        "checklist has not been started (move it to discovery)",
    ]
    assert stored(db_path) == as_stored(gate_skipping_data())


def test_import_reads_standard_input(db_path: Path) -> None:
    text = export_snapshot(sample_data(), exported_at=EXPORTED)

    result = run(db_path, "import", "-", input=text.encode())

    assert result.exit_code == 0, result.output
    assert stored(db_path) == as_stored(sample_data())


def test_import_refuses_a_non_empty_workspace_without_replace(
    db_path: Path, tmp_path: Path
) -> None:
    ok(db_path, "demo", "--count", "4")
    before = stored(db_path)

    message = refused(db_path, "import", str(snapshot_file(tmp_path, sample_data())))

    assert (
        message
        == f"error: {db_path} is not empty; use --replace to overwrite it (backed up first)\n"
    )
    assert stored(db_path) == before


def test_import_replace_backs_up_the_workspace_first(db_path: Path, tmp_path: Path) -> None:
    ok(db_path, "demo", "--count", "4")
    before = stored(db_path)

    result = ok(db_path, "import", str(snapshot_file(tmp_path, sample_data())), "--replace")

    backups = list((db_path.parent / "backups").glob("*.db"))
    assert len(backups) == 1
    assert f"previous workspace backed up to {backups[0]}\n" in result.stderr
    assert content(stored(db_path)) == content(as_stored(sample_data()))
    assert stored(backups[0]) == before


def test_import_refusal_leaves_the_workspace_unchanged(db_path: Path, tmp_path: Path) -> None:
    ok(db_path, "demo", "--count", "4")
    before = stored(db_path)
    source = snapshot_file(tmp_path, sample_data())
    text = source.read_text("utf-8").replace("arr = 120000", "arr = -1")
    source.write_text(text.replace('to = "discovery"', 'to = "shipped"', 1), "utf-8")

    message = refused(db_path, "import", str(source), "--replace")

    assert message.splitlines() == [
        f"error: {source} has 2 problems (rows counted from 0; nothing was changed):",
        "  accounts[0].arr: must be ≥ 0",
        "  requests[0] (#12).status: is 'discovery' but the history ends in 'shipped'",
    ]
    assert stored(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_import_reports_a_toml_syntax_error_with_its_line(db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "broken.toml"
    source.write_text('format = "secboard-snapshot"\nversion = 1\n[[requests]\n', "utf-8")

    message = refused(db_path, "import", str(source))

    assert message.startswith(f"error: {source} is not valid TOML: ")
    assert "(at line 3, column" in message


@pytest.mark.parametrize("from_stdin", [False, True], ids=["file", "stdin"])
def test_an_invalid_snapshot_is_reported_before_the_workspace_is_found_non_empty(
    db_path: Path, tmp_path: Path, from_stdin: bool
) -> None:
    ok(db_path, "demo", "--count", "4")
    before = stored(db_path)
    source = tmp_path / "broken.toml"
    source.write_text('format = "secboard-snapshot"\nversion = 1\n[[requests]\n', "utf-8")

    if from_stdin:
        result = run(db_path, "import", "-", input=source.read_bytes())
        assert result.exit_code == 1, result.output
        message = result.stderr
    else:
        message = refused(db_path, "import", str(source))

    assert "is not valid TOML: " in message
    assert "--replace" not in message
    assert stored(db_path) == before


def test_import_refuses_a_missing_file(db_path: Path, tmp_path: Path) -> None:
    message = refused(db_path, "import", str(tmp_path / "gone.toml"))

    assert message == f"error: {tmp_path}/gone.toml does not exist\n"


def test_diff_prints_the_weekly_report(db_path: Path, tmp_path: Path) -> None:
    old = snapshot_file(tmp_path, sample_data(), "old.toml")
    new = tmp_path / "new.toml"
    new.write_text(export_snapshot(next_week(), exported_at=LATER), "utf-8")

    result = ok(db_path, "diff", str(old), str(new))

    lines = result.stdout.splitlines()
    assert lines[0] == "Changes from 2026-11-30 09:00 UTC to 2026-12-07 09:00 UTC"
    assert "  #14  [bold]Bug bounty[/bold] ␛[31m  [intake]" in lines
    assert "\x1b" not in result.stdout
    assert not db_path.exists()


def test_diff_json_is_machine_readable(db_path: Path, tmp_path: Path) -> None:
    old = snapshot_file(tmp_path, sample_data(), "old.toml")
    new = tmp_path / "new.toml"
    new.write_text(export_snapshot(next_week(), exported_at=LATER), "utf-8")

    result = ok(db_path, "diff", str(old), str(new), "--format", "json")

    report = json.loads(result.stdout)
    assert report["counts"]["moved"] == 1
    assert report["new_exported_at"] == "2026-12-07T09:00:00Z"
    assert "\x1b" not in result.stdout


def test_diff_validates_both_files(db_path: Path, tmp_path: Path) -> None:
    old = snapshot_file(tmp_path, sample_data(), "old.toml")
    new = tmp_path / "new.toml"
    new.write_text(old.read_text("utf-8").replace('source = "sales"', 'source = "nobody"'))

    message = refused(db_path, "diff", str(old), str(new))

    assert "requests[1] (#13).source: unknown value 'nobody'" in message


def test_progress_is_shown_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshots.progress("validated 10 requests")
    assert capsys.readouterr().err == ""

    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    snapshots.progress("validated 10 requests")
    assert capsys.readouterr().err == "validated 10 requests\n"


def test_export_refuses_to_write_over_the_workspace_itself(db_path: Path) -> None:
    ok(db_path, "add", "SSO", "--customer", "Acme")
    before = db_path.read_bytes()

    message = refused(db_path, "export", str(db_path))

    assert "is a SQLite database (a workspace?), not a snapshot" in message
    assert db_path.read_bytes() == before
    assert [r.request.title for r in stored(db_path).records] == ["SSO"]


def test_export_refuses_a_device_and_points_at_dash(db_path: Path) -> None:
    ok(db_path, "add", "SSO")

    message = refused(db_path, "export", "/dev/null")

    assert "is not a regular file; use - to write to standard output" in message


def test_export_through_a_link_replaces_its_target_and_keeps_the_link(
    db_path: Path, tmp_path: Path
) -> None:
    ok(db_path, "add", "SSO")
    target = tmp_path / "shared" / "weekly.toml"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.toml"
    link.symlink_to(target)

    ok(db_path, "export", str(link))

    assert link.is_symlink()
    assert tomllib.loads(target.read_text())["requests"][0]["title"] == "SSO"


def test_a_redacted_snapshot_stays_redacted_through_import_and_export(
    db_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    ok(source, "add", "SSO", "--customer", "Acme", "--arr", "120k")
    redacted = tmp_path / "redacted.toml"
    ok(source, "export", str(redacted), "--redact")
    ok(db_path, "import", str(redacted))
    again = tmp_path / "again.toml"

    exported = ok(db_path, "export", str(again))

    assert "(redacted)" in exported.stderr
    lines = [line for line in again.read_text().splitlines() if "exported_at" not in line]
    assert lines == [
        line for line in redacted.read_text().splitlines() if "exported_at" not in line
    ]
    ok(db_path, "add", "Pen-test letter", "--customer", "Initech", "--arr", "50k")
    ok(db_path, "export", str(again))
    assert "Initech" not in again.read_text()
    assert tomllib.loads(again.read_text())["redacted"] is True


def test_a_workspace_holding_only_a_vision_is_not_overwritten(
    db_path: Path, tmp_path: Path
) -> None:
    ok(db_path, "vision", "Security that sales can sell.")
    path = snapshot_file(tmp_path, sample_data())

    assert "is not empty; use --replace" in refused(db_path, "import", str(path))
    assert "is not empty" in refused(db_path, "demo")

    assert ok(db_path, "vision").stdout.strip() == "Security that sales can sell."
