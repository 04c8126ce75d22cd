"""Imports point downward: domain needs nothing, store never needs the UI, start-up stays light."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import secboard
import secboard.domain
import secboard.store

PACKAGE_DIR = Path(secboard.__file__).parent
UI = ("textual", "rich")
DATABASE_LAYER = ("sqlalchemy", "sqlmodel")


def modules_of(package) -> list[str]:
    return sorted(
        f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)
    )


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


def test_every_layer_has_modules_to_check():
    assert "secboard.domain.lifecycle" in modules_of(secboard.domain)
    assert "secboard.store.orm" in modules_of(secboard.store)


@pytest.mark.parametrize("module", modules_of(secboard.domain))
def test_domain_module_imports_neither_ui_nor_database_layer(module):
    loaded = imported_by(f"import {module}")

    assert not forbidden(loaded, (*UI, *DATABASE_LAYER))


@pytest.mark.parametrize("module", modules_of(secboard.store))
def test_store_module_never_imports_the_ui(module):
    assert not forbidden(imported_by(f"import {module}"), UI)


@pytest.mark.parametrize("module", ["secboard.workspace", "secboard.cli", "secboard.config"])
def test_start_up_path_imports_neither_ui_nor_orm(module):
    assert not forbidden(imported_by(f"import {module}"), (*UI, *DATABASE_LAYER))


def test_reading_the_workspace_from_the_command_line_does_not_load_the_orm(tmp_path: Path):
    db = tmp_path / "workspace.db"
    statement = (
        "from secboard.cli import cli\n"
        f"cli(['--db', {str(db)!r}, 'list', '--format', 'json'], standalone_mode=False)"
    )

    assert not forbidden(imported_by(statement), (*UI, *DATABASE_LAYER))


def test_the_orm_is_loaded_only_when_writing(tmp_path: Path):
    statement = (
        "from secboard.workspace import Workspace\n"
        f"Workspace.open({str(tmp_path / 'w.db')!r}).add({{'title': 'SSO'}})"
    )

    loaded = imported_by(statement)

    assert "sqlmodel" in loaded
    assert not forbidden(loaded, UI)


# Static checks: imports as written in the source ------------------------------------------------


def module_name(path: Path) -> str:
    """``secboard/tui/screens/board.py`` → ``secboard.tui.screens.board``."""
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, *, is_package: bool) -> set[str]:
    """Absolute names of every module ``source`` imports, relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


def imports_in(path: Path) -> set[str]:
    return imported_names(
        path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py"
    )


def sources_under(*parts: str) -> list[Path]:
    return sorted(PACKAGE_DIR.joinpath(*parts).rglob("*.py"))


def test_relative_imports_are_resolved_for_the_static_checks():
    source = (
        "from ...store import queries\n"
        "from ..widgets import card\n"
        "from . import messages\n"
        "import secboard.domain.model\n"
    )

    names = imported_names(source, "secboard.tui.screens.board", is_package=False)

    assert {"secboard.store", "secboard.store.queries"} <= names
    assert "secboard.tui.widgets.card" in names
    assert "secboard.tui.screens.messages" in names
    assert "secboard.domain.model" in names
    assert "secboard.store" in imported_names(
        "from ..store import orm", "secboard.tui", is_package=True
    )


def test_tui_never_imports_the_store_directly():
    offenders = {
        str(path.relative_to(PACKAGE_DIR)): sorted(
            name for name in imports_in(path) if name.startswith("secboard.store")
        )
        for path in sources_under("tui")
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_only_the_store_imports_sqlalchemy_or_sqlmodel():
    offenders = {
        str(path.relative_to(PACKAGE_DIR)): sorted(
            name for name in imports_in(path) if name.split(".")[0] in DATABASE_LAYER
        )
        for path in sources_under()
        if "store" not in path.relative_to(PACKAGE_DIR).parts
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_domain_and_store_sources_never_import_textual():
    offenders = {
        str(path.relative_to(PACKAGE_DIR)): sorted(
            name for name in imports_in(path) if name.split(".")[0] in UI
        )
        for path in [*sources_under("domain"), *sources_under("store")]
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_every_command_module_is_registered_under_its_commands_names():
    import importlib

    from secboard.cli import COMMAND_MODULES

    found = {}
    for module_name in set(COMMAND_MODULES.values()):
        module = importlib.import_module(f"secboard.cli.{module_name}")
        found.update({command.name: module_name for command in module.COMMANDS})
    assert found == COMMAND_MODULES
