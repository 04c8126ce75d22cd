"""Running the ``secboard`` command in tests, in-process or as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from secboard.cli import cli


@dataclass
class Cli:
    """``secboard --db PATH …`` run in-process with click's test runner."""

    db: Path | str
    """The workspace: a file, or a PostgreSQL URL."""
    runner: CliRunner = field(default_factory=CliRunner)

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(cli, ["--db", str(self.db), *args], input=input)

    def ok(self, *args: str) -> Result:
        """Run a command that must succeed."""
        result = self(*args)
        assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
        return result

    def refused(self, *args: str) -> str:
        """Run a command that must be refused cleanly; returns its one error line."""
        result = self(*args)
        assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
        assert isinstance(result.exception, SystemExit), result.exception
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("error: "), lines[0]
        assert "Traceback" not in result.output
        return lines[0]

    def listing(self) -> list[dict[str, Any]]:
        """Every request as ``list --format json`` gives it."""
        rows: list[dict[str, Any]] = json.loads(self.ok("list", "--format", "json").stdout)
        return rows

    def shown(self, request_id: int) -> dict[str, Any]:
        """One request as ``show --format json`` gives it."""
        record: dict[str, Any] = json.loads(
            self.ok("show", str(request_id), "--format", "json").stdout
        )
        return record

    def state(self) -> tuple[Any, ...]:
        """Everything a refused command must leave unchanged."""
        requests = json.loads(self.ok("list", "--merged", "--format", "json").stdout)
        details = [self.shown(row["id"]) for row in requests]
        objectives = json.loads(self.ok("objective", "list", "--format", "json").stdout)
        accounts = json.loads(self.ok("account", "list", "--format", "json").stdout)
        vision = self.ok("vision").stdout
        return requests, details, objectives, accounts, vision


def run_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m secboard ARGS`` as a separate process, as a user's shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "secboard", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        timeout=60,
        check=False,
    )
