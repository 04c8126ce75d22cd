"""Where secboard keeps its data and settings, and reading the optional config files.

* the workspace: ``$SECBOARD_DB``, else ``secboard.db`` in the user data directory;
* ``checklist.toml`` in the user config directory: a custom discovery checklist;
* ``keys.toml`` in the user config directory: remapped keys for the TUI;
* ``board.json`` in the user state directory (``$SECBOARD_STATE_DIR`` overrides it): the
  board's sort and filter, remembered across restarts.

A bad config file never stops secboard: the caller gets the problem as one line naming
the file (and line, when TOML says where) and carries on with what it had.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from platformdirs import user_config_path, user_data_path, user_state_path

from secboard.domain.checklist import parse_template
from secboard.domain.errors import InvalidInput, WorkspaceUnavailable
from secboard.domain.model import TemplateItem
from secboard.domain.tomltext import TomlError, parse_toml
from secboard.store.backups import APP_NAME, ensure_private_dir
from secboard.store.database import is_server_url

T = TypeVar("T")

DATABASE_ENV = "SECBOARD_DB"
DATABASE_NAME = "secboard.db"
TEMPLATE_FILE = "checklist.toml"
KEYMAP_FILE = "keys.toml"
STATE_ENV = "SECBOARD_STATE_DIR"
BOARD_STATE_FILE = "board.json"
CONFIG_SIZE_MAX = 64 * 1024
"""The most of a config file read: real ones are a few hundred bytes, and a huge one would
only slow every key press down."""


@dataclass(frozen=True, slots=True)
class Loaded(Generic[T]):
    """What a config file gave: its value (None when absent or bad) and any problem."""

    value: T | None
    problem: str | None = None


def config_dir() -> Path:
    """The user config directory (not created)."""
    return user_config_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    """``secboard.db`` in the user data directory, which is created private (0700)."""
    directory = user_data_path(APP_NAME, appauthor=False)
    ensure_private_dir(directory)
    return directory / DATABASE_NAME


def resolve_database(option: str | os.PathLike[str] | None) -> str | Path:
    """The workspace to use: the ``--db`` option, else ``$SECBOARD_DB``, else the default.

    A PostgreSQL URL (``postgresql+psycopg://…``) is kept as it is; anything else is a
    file. An empty ``$SECBOARD_DB`` counts as unset.

    Raises:
        WorkspaceUnavailable: ``$SECBOARD_DB`` is only spaces, which names no file.
    """
    if option:
        return _target(os.fspath(option))
    chosen = os.environ.get(DATABASE_ENV, "")
    if chosen and not chosen.strip():
        # A file named " " beside you is never the workspace anyone meant.
        raise WorkspaceUnavailable(
            f"${DATABASE_ENV} is blank; set it to a workspace file, or unset it for the default"
        )
    if chosen:
        return _target(chosen)
    return default_database_path()


def _target(named: str) -> str | Path:
    return named if is_server_url(named) else Path(os.path.expanduser(named))


def read_toml(path: Path) -> dict[str, Any] | None:
    """The parsed file, or None when it does not exist.

    Raises:
        InvalidInput: the file cannot be read, is larger than :data:`CONFIG_SIZE_MAX` or is
            not valid TOML (field = the path).
    """
    try:
        with path.open("rb") as file:
            content = file.read(CONFIG_SIZE_MAX + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise InvalidInput(str(path), f"cannot be read ({error})") from None
    if len(content) > CONFIG_SIZE_MAX:
        raise InvalidInput(str(path), f"is larger than {CONFIG_SIZE_MAX // 1024} KB, so not read")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(str(path), f"cannot be read ({error})") from None
    try:
        return parse_toml(text)
    except TomlError as error:
        raise InvalidInput(str(path), f"is not valid TOML: {error}") from None


def load_template(directory: Path | None = None) -> Loaded[tuple[TemplateItem, ...]]:
    """The custom checklist from ``checklist.toml`` (``[[checklist]]`` key/question rows)."""
    path = (directory or config_dir()) / TEMPLATE_FILE
    try:
        document = read_toml(path)
        if document is None:
            return Loaded(None)
        return Loaded(parse_template(document.get("checklist"), field="checklist"))
    except InvalidInput as error:
        place = str(path) if error.field == str(path) else _place(path, error.field)
        return Loaded(None, f"{place}: {error.message}; the checklist in use was kept")


def _place(path: Path, field: str) -> str:
    """``FILE, line N: FIELD`` for a problem in row ``checklist[i]``, found by its header."""
    # Patterns compiled here, not at import: every command imports this module.
    row = re.match(r"^checklist\[(\d+)\]", field)
    if row is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            lines = path.read_text(encoding="utf-8").splitlines()
            header = re.compile(r"^\s*\[\[\s*checklist\s*\]\]")
            headers = [n for n, line in enumerate(lines, start=1) if header.match(line)]
            index = int(row.group(1))
            if index < len(headers):
                return f"{path}, line {headers[index]}: {field}"
    return f"{path}: {field}"


def load_keymap(directory: Path | None = None) -> Loaded[dict[str, str]]:
    """Remapped keys from ``keys.toml``: a ``[keys]`` table of command id = key(s).

    Only the shape is checked here; whether each id and key exists is the TUI's to say.
    """
    path = (directory or config_dir()) / KEYMAP_FILE
    try:
        document = read_toml(path)
    except InvalidInput as error:
        return Loaded(None, f"{error}; default keys are used")
    if document is None:
        return Loaded(None)
    keys = document.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        return Loaded(
            None, f"{path}: [keys] must map command ids to key names; default keys are used"
        )
    return Loaded({k: v.strip() for k, v in keys.items()})


def state_dir() -> Path:
    """Where secboard remembers how things were left: ``$SECBOARD_STATE_DIR`` or the default."""
    chosen = os.environ.get(STATE_ENV)
    if chosen:
        return Path(os.path.expanduser(chosen))
    return user_state_path(APP_NAME, appauthor=False)


def load_board_state(directory: Path | None = None) -> dict[str, str]:
    """The board's remembered settings (``sort``, ``filter``, ``mine``): only text values.

    A missing, unreadable or broken file means nothing is remembered; never an error.
    """
    path = (directory or state_dir()) / BOARD_STATE_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(document, dict):
        return {}
    known = ("sort", "filter", "mine")
    return {k: v for k, v in document.items() if k in known and isinstance(v, str)}


def save_board_state(state: Mapping[str, str], directory: Path | None = None) -> None:
    """Remember the board's settings; a failure to write is ignored (they are a comfort)."""
    folder = directory or state_dir()
    with contextlib.suppress(OSError):
        ensure_private_dir(folder)
        # Written aside and renamed over: a crash leaves the old file or the new, never half.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".board-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(dict(state), file)
            os.replace(temporary, folder / BOARD_STATE_FILE)
        except OSError:
            os.unlink(temporary)
            raise
