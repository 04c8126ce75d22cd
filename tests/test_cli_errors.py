"""Bad input on the command line: one clear line, exit 1, nothing changed; usage errors exit 2."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_support import Cli, run_process


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    """A workspace holding one request in discovery, one in intake and an objective.

    Built once; each test gets its own copy of the file. Returns the file and its state.
    """
    runner = Cli(tmp_path_factory.mktemp("prepared") / "workspace.db")
    runner.ok("add", "SSO for the admin console", "--customer", "Acme", "--arr", "120k")
    runner.ok("add", "Rotate leaked CI token", "--source", "incident")
    runner.ok("move", "1", "discovery")
    runner.ok("objective", "add", "Unblock deals", "--key", "O1")
    runner.ok("vision", "Security that sales can sell.")
    return runner.db, runner.state()


@pytest.fixture
def cli(prepared: tuple[Path, tuple], tmp_path: Path) -> Cli:
    """A private copy of the prepared workspace."""
    target = tmp_path / "workspace.db"
    shutil.copyfile(prepared[0], target)
    return Cli(target)


@pytest.fixture
def before(prepared: tuple[Path, tuple]) -> tuple:
    """What every refused command must leave as it found it."""
    return prepared[1]


REFUSALS = [
    (["add", ""], "error: title: must not be empty"),
    (["add", "   "], "error: title: must not be empty"),
    (["add", "\t\n"], "error: title: must not be empty"),
    (["add", "x" * 201], "error: title: is 201 characters long; at most 200"),
    (["add", "SSO", "--arr", "-5"], "error: arr: must be ≥ 0"),
    (["add", "SSO", "--arr", "-120k"], "error: arr: must be ≥ 0"),
    (
        ["add", "SSO", "--arr", "lots"],
        "error: arr: 'lots' is not an amount (examples: 120000, 120k, 1.5m)",
    ),
    (["add", "SSO", "--due", "2026-02-30"], "error: due: 2026-02-30 is not a real calendar date"),
    (
        ["add", "SSO", "--due", "soon"],
        "error: due: 'soon' is not a date; use YYYY-MM-DD, +10d or +3w",
    ),
    (["add", "SSO", "--estimate", "-1"], "error: estimate_weeks: must be ≥ 0"),
    (
        ["add", "SSO", "--source", "partner"],
        "error: source: unknown value 'partner'; choose one of: "
        "customer, sales, compliance, internal, incident",
    ),
    (["add", "SSO", "--tag", "x" * 81], "error: tags: is 81 characters long; at most 80"),
    (["add", "SSO\x00"], "error: title: contains a NUL character"),
    (["edit", "1", "--title", ""], "error: title: must not be empty"),
    (["edit", "1", "--title", "y" * 201], "error: title: is 201 characters long; at most 200"),
    (["edit", "1", "--arr", "-1"], "error: arr: must be ≥ 0"),
    (["edit", "1", "--due", "2027-13-01"], "error: due: 2027-13-01 is not a real calendar date"),
    (["edit", "1", "--impact", "1.5"], "error: impact: must be one of 0.25, 0.5, 1, 2, 3"),
    (
        ["edit", "1", "--confidence", "120"],
        "error: confidence: must be a whole percentage from 0 to 100",
    ),
    (["edit", "1", "--reach", "-2"], "error: reach: must be ≥ 0"),
    (["edit", "1", "--reach", "2.5"], "error: reach: must be a whole number"),
    (
        ["edit", "1", "--horizon", "soon"],
        "error: horizon: unknown value 'soon'; choose one of: now, next, later",
    ),
    (["edit", "1", "--objective", "O9"], "error: no objective 'O9'; see 'secboard objective list'"),
    (["edit", "99", "--title", "x"], "error: no request #99"),
    (
        ["move", "1", "done"],
        "error: status: unknown value 'done'; choose one of: "
        "intake, discovery, committed, in_progress, shipped, closed",
    ),
    (["move", "99", "discovery"], "error: no request #99"),
    (["move", "1", "discovery"], "error: #1 is already in discovery"),
    (
        ["move", "1", "closed"],
        "error: no decision yet; closing needs decline or defer; "
        "closing needs a rationale for the decision",
    ),
    (
        ["check", "1", "need_confirmed", "maybe"],
        "error: answer: unknown value 'maybe'; choose one of: open, yes, no, na",
    ),
    (
        ["check", "1", "budget", "yes"],
        "error: unknown checklist key 'budget'; this checklist has: need_confirmed, "
        "revenue_tied, marketing_consulted, scope_specific, scope_reduced, policy_carveout, "
        "buy_vs_build, success_metric, stakeholders_aligned",
    ),
    (
        ["check", "2", "need_confirmed", "yes"],
        "error: this request has no discovery checklist yet; move it to discovery first",
    ),
    (["check", "99", "need_confirmed", "yes"], "error: no request #99"),
    (
        ["decide", "1", "approve"],
        "error: decision: unknown value 'approve'; choose one of: "
        "build, buy, policy, decline, defer",
    ),
    (
        ["decide", "1", "build", "--revisit", "2027-01-01"],
        "error: revisit: a revisit date only applies to defer",
    ),
    (
        ["decide", "1", "defer", "--revisit", "2027-02-30"],
        "error: revisit: 2027-02-30 is not a real calendar date",
    ),
    (["decide", "1", "build", "--planned", "-3"], "error: planned: must be ≥ 0"),
    (
        ["decide", "1", "decline", "--close"],
        "error: closing needs a rationale for the decision",
    ),
    (["decide", "99", "build"], "error: no request #99"),
    (["show", "99"], "error: no request #99"),
    (["link", "1", "O9"], "error: no objective 'O9'; see 'secboard objective list'"),
    (["link", "99", "O1"], "error: no request #99"),
    (["objective", "add", ""], "error: title: must not be empty"),
    (["objective", "add", "Deals", "--key", "O1"], "error: key: objective 'O1' already exists"),
    (
        ["objective", "add", "Deals", "--target", "2027-02-30"],
        "error: target: 2027-02-30 is not a real calendar date",
    ),
    (
        ["objective", "edit", "O9", "--title", "x"],
        "error: no objective 'O9'; see 'secboard objective list'",
    ),
    (["objective", "edit", "O1", "--title", " "], "error: title: must not be empty"),
    (
        ["list", "--status", "done"],
        "error: status: unknown value 'done'; choose one of: "
        "intake, discovery, committed, in_progress, shipped, closed",
    ),
    (
        ["list", "--source", "partner"],
        "error: source: unknown value 'partner'; choose one of: "
        "customer, sales, compliance, internal, incident",
    ),
    (
        ["objective", "edit", "O1", "--status", "paused"],
        "error: status: unknown value 'paused'; choose one of: active, done, dropped",
    ),
    (["delete", "99", "--yes"], "error: no request #99"),
    (["add", "\u200b"], "error: title: has no visible characters (only control or invisible ones)"),
    (["add", "\x1b"], "error: title: has no visible characters (only control or invisible ones)"),
    (["show", "99999999999999999999999"], "error: no request #99999999999999999999999"),
    (["move", "9223372036854775808", "discovery"], "error: no request #9223372036854775808"),
    (["edit", "99999999999999999999", "--title", "x"], "error: no request #99999999999999999999"),
    (
        ["metrics", "--as-of", "9999-12-31"],
        "error: --as-of: 9999-12-31 is out of range; use a moment from 1970 to 9000",
    ),
    (
        ["metrics", "--as-of", "0001-01-10T00:00:00Z"],
        "error: --as-of: 0001-01-10T00:00:00Z is out of range; use a moment from 1970 to 9000",
    ),
    (["import", "missing.toml"], "error: missing.toml does not exist"),
]


@pytest.mark.parametrize(
    ("args", "expected"), REFUSALS, ids=[" ".join(a)[:40] for a, _ in REFUSALS]
)
def test_bad_input_is_refused_with_one_line_and_changes_nothing(
    cli: Cli, before: tuple, args, expected
):
    assert cli.refused(*args) == expected

    assert cli.state() == before


USAGE_ERRORS = [
    ["frobnicate"],
    ["add"],
    ["show"],
    ["show", "one"],
    ["move", "1"],
    ["move", "x", "discovery"],
    ["check", "1", "need_confirmed"],
    ["list", "--format", "xml"],
    ["list", "--bogus"],
    ["show", "1", "--format", "yaml"],
    ["demo", "--count", "0"],
    ["objective", "frobnicate"],
    ["show", "#x"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: " ".join(a))
def test_usage_errors_exit_2_and_change_nothing(cli: Cli, before: tuple, args):
    result = cli(*args)

    assert result.exit_code == 2, result.output
    assert "Usage:" in result.stderr
    assert result.stdout == ""
    assert cli.state() == before


# As a real process: the exit status and stderr a shell sees ------------------------------------


def test_refusal_as_a_process_prints_one_line_on_stderr_and_exits_1(tmp_path: Path):
    db = tmp_path / "workspace.db"

    process = run_process("--db", str(db), "add", "SSO", "--due", "2026-02-30")

    assert process.returncode == 1
    assert process.stdout == ""
    assert process.stderr == "error: due: 2026-02-30 is not a real calendar date\n"


def test_unusable_workspace_as_a_process_is_one_line_not_a_traceback(tmp_path: Path):
    not_a_database = tmp_path / "thesis.txt"
    not_a_database.write_text("my thesis")

    process = run_process("--db", str(not_a_database), "list")

    assert process.returncode == 1
    assert process.stderr == (
        f"error: {not_a_database} is not a secboard workspace (not a SQLite file); "
        "it was left untouched\n"
    )
    assert not_a_database.read_text() == "my thesis"


def test_usage_error_as_a_process_exits_2(tmp_path: Path):
    process = run_process("--db", str(tmp_path / "w.db"), "move", "1")

    assert process.returncode == 2
    assert "Usage:" in process.stderr
    assert "Traceback" not in process.stderr


def test_database_from_the_environment_variable(tmp_path: Path):
    db = tmp_path / "from-env.db"

    added = run_process("add", "SSO", env={"SECBOARD_DB": str(db)})
    listed = run_process("--db", str(db), "list", "--format", "json")

    assert (added.returncode, added.stdout) == (0, "1\n")
    assert '"title": "SSO"' in listed.stdout


def test_broken_pipe_is_not_an_error(tmp_path: Path):
    db = tmp_path / "w.db"
    assert run_process("--db", str(db), "demo", "--count", "300").returncode == 0

    process = run_process_to_head(db)

    assert "Traceback" not in process.stderr
    assert process.returncode == 0


def run_process_to_head(db: Path) -> subprocess.CompletedProcess[str]:
    """``secboard list | head -1`` with the reader closing the pipe early."""
    return subprocess.run(
        f"{sys.executable} -m secboard --db '{db}' list --format json | head -1 >/dev/null;"
        " exit ${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_empty_db_option_is_a_usage_error_that_touches_no_workspace(tmp_path: Path):
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "SECBOARD_DB": ""}

    result = run_process("--db", "", "list", env=env)

    assert result.returncode == 2
    assert "--db: must not be empty" in result.stderr
    assert not (home / "data").exists()


def test_import_of_a_missing_file_creates_no_workspace(tmp_path: Path):
    cli = Cli(tmp_path / "new.db")

    assert cli.refused("import", str(tmp_path / "missing.toml")).endswith("does not exist")

    assert not cli.db.exists()
