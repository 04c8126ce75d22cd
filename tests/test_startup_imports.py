"""Start-up stays light: the command line loads neither Textual nor the ORM until it needs them.

The layering itself (who may import whom) is import-linter's contract in ``pyproject.toml``,
run by ``.ci/run``; these tests watch what is *loaded* at run time, which no static check sees.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from secboard.workspace import Workspace

UI = ("textual", "rich")
DATABASE_LAYER = ("sqlalchemy", "sqlmodel")


def imported_by(statement: str) -> set[str]:
    """Top-level package names in ``sys.modules`` after running ``statement`` afresh."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert process.returncode == 0, process.stderr
    return {name.split(".")[0] for name in json.loads(process.stdout.splitlines()[-1])}


def forbidden(loaded: set[str], names: tuple[str, ...]) -> set[str]:
    return loaded & set(names)


@pytest.mark.parametrize("module", ["secboard.workspace", "secboard.cli", "secboard.config"])
def test_start_up_path_imports_neither_ui_nor_orm(module):
    assert not forbidden(imported_by(f"import {module}"), (*UI, *DATABASE_LAYER))


def test_reading_the_workspace_from_the_command_line_does_not_load_the_orm(tmp_path: Path):
    db = tmp_path / "workspace.db"
    # Creating the tables takes their definitions; reading them afterwards must not.
    Workspace.open(db).close()
    statement = (
        "from secboard.cli import cli\n"
        f"cli(['--db', {str(db)!r}, 'list', '--format', 'json'], standalone_mode=False)"
    )

    assert not forbidden(imported_by(statement), (*UI, *DATABASE_LAYER))


def test_creating_a_workspace_file_takes_the_table_definitions(tmp_path: Path):
    loaded = imported_by(
        f"from secboard.workspace import Workspace\nWorkspace.open({str(tmp_path / 'w.db')!r})"
    )

    assert "sqlmodel" in loaded
    assert not forbidden(loaded, UI)


@pytest.mark.parametrize(
    "arguments",
    [
        ["add", "SSO for the admin console"],
        ["edit", "1", "--title", "SSO"],
        ["move", "1", "discovery"],
        ["delete", "1", "--yes"],
        ["import", "--replace", "{snapshot}"],
    ],
    ids=["add", "edit", "move", "delete", "import"],
)
def test_changing_a_workspace_file_loads_neither_ui_nor_orm(tmp_path: Path, arguments):
    db, snapshot = tmp_path / "workspace.db", tmp_path / "snapshot.toml"
    workspace = Workspace.open(db)
    workspace.add({"title": "Audit-log export"})
    snapshot.write_text(workspace.export_snapshot()[0], encoding="utf-8")
    workspace.close()
    arguments = [part.format(snapshot=snapshot) for part in arguments]
    statement = (
        "from secboard.cli import cli\n"
        f"cli(['--db', {str(db)!r}, *{arguments!r}], standalone_mode=False)"
    )

    assert not forbidden(imported_by(statement), (*UI, *DATABASE_LAYER))


def test_every_command_module_is_registered_under_its_commands_names():
    import importlib

    from secboard.cli import COMMAND_MODULES

    found = {}
    for module_name in set(COMMAND_MODULES.values()):
        module = importlib.import_module(f"secboard.cli.{module_name}")
        found.update({command.name: module_name for command in module.COMMANDS})
    assert found == COMMAND_MODULES
