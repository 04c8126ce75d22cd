"""Nothing crashes: mutated snapshots and random key presses.

A valid exported snapshot is mutated (keys deleted, renamed, duplicated; values of the
wrong type or out of range; rows duplicated; the file truncated or sprinkled with
random bytes). Import either takes it whole or refuses it whole with a
:class:`SecboardError`, and a refusal leaves the workspace exactly as it was. Then
seeded random keys — the app's own bindings plus letters, Enter, Escape and Tab —
are pressed on every screen and dialog; the app never raises and keeps running.
"""

from __future__ import annotations

import asyncio
import math
import random
import tomllib
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from secboard.demo import generate
from secboard.domain.errors import SecboardError
from secboard.domain.model import Answer, Decision, Status, WorkspaceData
from secboard.snapshot import Snapshot, export_snapshot, parse_snapshot
from secboard.store.sqlite import SqliteDatabase as Database
from secboard.tui.app import SecboardApp
from secboard.tui.commands import COMMANDS
from secboard.tui.screens.request import RequestScreen
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.reliability_support import STAMP
from tests.tui_helpers import settle

SEED = 20261130


def seed_data() -> WorkspaceData:
    """A small but complete workspace: every kind of row and most optional fields."""
    return generate(8, 4, STAMP)


VALID = export_snapshot(seed_data(), exported_at=STAMP)
DOCUMENT = tomllib.loads(VALID)
FUZZ = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def original() -> WorkspaceData:
    """What the workspace holds before each import attempt."""
    return generate(3, 9, STAMP)


@pytest.fixture(scope="module")
def workspace(original: WorkspaceData) -> Iterator[Workspace]:
    """A workspace holding :func:`original`, loaded by the same code as ``import``."""
    opened = Workspace(Database.in_memory())
    opened.load(original)
    yield opened
    opened.close()


def snapshot_text(data: WorkspaceData) -> str:
    return export_snapshot(data, exported_at=STAMP)


def import_whole_or_not_at_all(
    workspace: Workspace, original: WorkspaceData, content: bytes
) -> Snapshot | None:
    """Import ``content`` as ``secboard import --replace`` does; check the outcome.

    Returns the snapshot when it was taken (the workspace is then put back).
    """
    before = snapshot_text(original)
    try:
        loaded = parse_snapshot(content, "fuzzed.toml")
        workspace.load(loaded.data, replace=True)
    except SecboardError as refusal:
        message = str(refusal)
        assert message.strip()
        assert snapshot_text(workspace.data()) == before
        return None
    assert snapshot_text(workspace.data()) == snapshot_text(loaded.data)
    workspace.load(original, replace=True)
    return loaded


# Mutations of the parsed document ------------------------------------------------------------

ODD_VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, -1, 2**31, 2**53, 2**53 + 1, 2**62, 2**63 - 1, -(2**63)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -0.0, 0.25, 1e-300]),
    st.text(max_size=30),
    st.sampled_from(["", " ", "[/]", "\x1b[2J", "x" * 201, "intake", "build", "O1", "yes"]),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5))])),
    st.datetimes(),
    st.times(),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.just({}),
    st.just({"key": "x"}),
)


def places(node: Any, path: tuple = ()) -> Iterator[tuple]:
    """Every key and array index in the document, as paths from the top."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index)
            yield from places(value, (*path, index))


PLACES = list(places(DOCUMENT))


def parent_of(document: Any, path: tuple) -> Any:
    node = document
    for step in path[:-1]:
        node = node[step]
    return node


def mutate(document: dict[str, Any], data: st.DataObject) -> None:
    """Apply one to three random changes to ``document`` in place."""
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        path = data.draw(st.sampled_from(PLACES), label="place")
        try:
            parent = parent_of(document, path)
            key = path[-1]
            current = parent[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
        operation = data.draw(
            st.sampled_from(["delete", "replace", "rename", "duplicate", "swap", "add"]),
            label="operation",
        )
        if operation == "delete":
            del parent[key]
        elif operation == "replace":
            parent[key] = data.draw(ODD_VALUES, label="value")
        elif operation == "rename" and isinstance(parent, dict):
            siblings = [k for k in parent if k != key] or ["x"]
            name = data.draw(st.one_of(st.sampled_from(siblings), st.text(max_size=12)))
            parent[name] = parent.pop(key)
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(key, current)
        elif operation == "swap":
            other_path = data.draw(st.sampled_from(PLACES), label="other place")
            try:
                other_parent = parent_of(document, other_path)
                other_parent[other_path[-1]], parent[key] = current, other_parent[other_path[-1]]
            except (KeyError, IndexError, TypeError):
                continue
        elif operation == "add" and isinstance(current, dict):
            name = data.draw(st.sampled_from(["id", "arr", "status", "from", "to", "key", "zz"]))
            current[name] = data.draw(ODD_VALUES, label="added value")


def fresh_document() -> dict[str, Any]:
    return tomllib.loads(VALID)


def test_the_unmutated_snapshot_imports_whole(workspace: Workspace, original: WorkspaceData):
    assert import_whole_or_not_at_all(workspace, original, VALID.encode()) is not None


@FUZZ
@given(data=st.data())
def test_mutated_snapshot_is_imported_whole_or_refused_whole(
    workspace: Workspace, original: WorkspaceData, data: st.DataObject
):
    document = fresh_document()
    mutate(document, data)
    try:
        content = tomli_w.dumps(document).encode()
    except (TypeError, ValueError):
        return  # not expressible in TOML, so no file can hold it
    import_whole_or_not_at_all(workspace, original, content)


# Mutations of the bytes --------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_damaged_snapshot_bytes_are_imported_whole_or_refused_whole(
    workspace: Workspace, original: WorkspaceData, data: st.DataObject
):
    content = bytearray(VALID.encode())
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        at = data.draw(st.integers(0, len(content)), label="at")
        operation = data.draw(
            st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate"]),
            label="operation",
        )
        if operation == "truncate":
            del content[at:]
        elif operation == "flip" and at < len(content):
            content[at] = data.draw(st.integers(0, 255), label="byte")
        elif operation == "insert":
            content[at:at] = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
        elif operation == "delete":
            del content[at : at + data.draw(st.integers(1, 200))]
        elif operation == "duplicate":
            end = at + data.draw(st.integers(1, 400))
            content[at:at] = content[at:end]
    import_whole_or_not_at_all(workspace, original, bytes(content))


def test_numbers_at_the_edges_of_what_sqlite_stores_are_refused_or_kept(
    workspace: Workspace, original: WorkspaceData
):
    for field in ("id", "arr", "reach", "confidence", "estimate_weeks", "planned_weeks"):
        for value in (2**63 - 1, -(2**63), 2**53, 1e308, math.inf, -0.0):
            document = fresh_document()
            document["requests"][0][field] = value
            import_whole_or_not_at_all(workspace, original, tomli_w.dumps(document).encode())


def test_refused_import_on_the_command_line_changes_nothing(tmp_path: Path):
    cli = Cli(tmp_path / "workspace.db")
    cli.ok("add", "Kept as it was", "--customer", "Acme")
    before = cli.state()
    rng = random.Random(SEED)
    for number in range(6):
        content = bytearray(VALID.encode())
        at = rng.randrange(len(content))
        content[at : at + rng.randint(1, 40)] = rng.randbytes(rng.randint(0, 6))
        source = tmp_path / f"damaged-{number}.toml"
        source.write_bytes(bytes(content))

        result = cli("import", str(source), "--replace")

        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert result.stderr.startswith("error: ")
            assert cli.state() == before
        else:
            before = cli.state()  # a harmless change; what was imported is the new state


# Random keys on every screen -----------------------------------------------------------------

EXTRA_KEYS = [
    *"abcdefghijklmnopqrstuvwxyz",
    *"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    *"0123456789",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "space",
    "backspace",
    "up",
    "down",
    "left",
    "right",
    "ctrl+p",
    "ctrl+s",
]
NEVER = {"q", "ctrl+q", "ctrl+c"}
"""Keys that end the session (they are tested elsewhere); the fuzz wants it running."""


def binding_keys() -> list[str]:
    keys = {part for command in COMMANDS for part in command.key.split(",") if part}
    return sorted(keys - NEVER)


KEYS = sorted({*binding_keys(), *EXTRA_KEYS} - NEVER)
KEY_BURSTS = 20
KEYS_PER_BURST = 20
"""Five sessions of 20 bursts of 20 keys: 2,000 keys in all."""
STARTS = {
    "board": [],
    "request": ["l", "enter"],
    "roadmap": ["2"],
    "metrics": ["3"],
    "dialogs": ["e"],
}


@pytest.fixture
def busy_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A demo workspace with a request in discovery; exports land in ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    workspace = Workspace.open(tmp_path / "workspace.db")
    workspace.load(generate(30, 5, datetime.now(UTC)))
    request = workspace.add({"title": "Fuzzed request"})
    workspace.move(request.id, Status.DISCOVERY)
    workspace.answer(request.id, "need_confirmed", Answer.YES)
    workspace.decide(request.id, Decision.BUILD, rationale="fuzz")
    yield workspace
    workspace.close()


def key_event(key: str) -> events.Key:
    """The event a terminal delivers for ``key`` (built as Textual's own Pilot builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def type_fast(app: SecboardApp, keys: list[str]) -> None:
    """Deliver ``keys`` as a fast typist would: all queued at once, in order.

    (Pilot.press waits for the app to go idle after every key, which takes a tenth of
    a second each; a burst is also the harsher test, racing keys against the workers.)
    The keys join the app's queue before this returns, so a ``settle`` that follows
    waits for them too.
    """
    for key in keys:
        app.post_message(key_event(key))


@pytest.mark.parametrize("start", STARTS.values(), ids=STARTS.keys())
async def test_random_keys_never_crash_the_app(busy_workspace: Workspace, start: list[str]):
    rng = random.Random(f"{SEED}-{' '.join(start)}")
    app = SecboardApp(busy_workspace)
    app.animation_level = "none"
    pressed = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*start)
        await settle(pilot)
        for _burst in range(KEY_BURSTS):
            burst = [rng.choice(KEYS) for _ in range(KEYS_PER_BURST)]
            type_fast(app, burst)
            await settle(pilot)
            pressed += len(burst)
            assert app.is_running, (app.return_code, burst)
            assert app._exception is None, burst
    assert app.return_code in (None, 0)
    assert pressed == KEY_BURSTS * KEYS_PER_BURST
    assert busy_workspace.cards()


async def test_a_request_that_finishes_loading_after_esc_closed_it_does_not_crash(
    busy_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
):
    # What a fast Enter, Esc does: the load started by Enter returns after Esc closed
    # the screen. (Found by the random keys; replayed here in a fixed order.)
    app = SecboardApp(busy_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RequestScreen)
        released = asyncio.Event()
        call = app.call

        async def slow_call(function, *args, **kwargs):
            # Only the request's own load is held back: the board's warm-up and its
            # reload after Esc go through as usual, so waiting for them cannot wait on
            # ``released``.
            if function == busy_workspace.record:
                await released.wait()
            return await call(function, *args, **kwargs)

        monkeypatch.setattr(app, "call", slow_call)
        load = asyncio.create_task(RequestScreen._load.__wrapped__(screen))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen
        released.set()
        await load
        assert app.is_running


async def test_ctrl_p_then_page_down_at_once_does_not_crash(busy_workspace: Workspace):
    app = SecboardApp(busy_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for keys in (["ctrl+p", "pagedown"], ["ctrl+p", "pageup"]):
            type_fast(app, keys)
            await settle(pilot)
            assert app.is_running
            await pilot.press("escape")
            await settle(pilot)
        assert app._exception is None


async def keys_later(app: SecboardApp, keys: list[str], ticks: int) -> None:
    """Post ``keys`` after ``ticks`` turns of the event loop, wherever the app is by then."""
    for _ in range(ticks):
        await asyncio.sleep(0)
    type_fast(app, keys)


@pytest.mark.parametrize("start", STARTS.values(), ids=STARTS.keys())
async def test_keys_typed_while_the_app_closes_are_dropped(
    busy_workspace: Workspace, start: list[str]
):
    # Keys still arriving as the app shuts down, some after its last screen is gone.
    app = SecboardApp(busy_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*start)
        await settle(pilot)
        late = [
            asyncio.create_task(keys_later(app, ["j", "enter", "escape", "tab"], ticks))
            for ticks in range(40)
        ]
    await asyncio.gather(*late)
    assert app._exception is None
    assert app.return_code in (None, 0)


def test_every_key_the_fuzz_presses_is_a_real_key():
    assert {"greater_than_sign", "less_than_sign", "question_mark", "slash"} <= set(KEYS)
    assert not NEVER & set(KEYS)


async def test_a_dialog_told_twice_to_close_closes_only_itself(busy_workspace: Workspace):
    # Two Enters on a picker can both be read before it closes: the second "close"
    # must not take the screen beneath with it.
    app = SecboardApp(busy_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        request = app.screen
        await pilot.press("m")
        await settle(pilot)
        picker = app.screen
        assert picker is not request
        picker.dismiss(None)
        picker.dismiss(None)
        await settle(pilot)
        assert app.is_running
        assert app.screen is request
