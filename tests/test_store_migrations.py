"""Opening workspace files: upgrading old schemas safely, refusing files that are not ours."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlmodel import SQLModel

from secboard import config
from secboard.domain.asks import Account, Ask, Channel, Importance
from secboard.domain.errors import WorkspaceUnavailable
from secboard.domain.model import Answer, Decision, Horizon, ObjectiveStatus, Source, Status
from secboard.store import tables  # noqa: F401  (registers the SQLModel tables)
from secboard.store.schema import MIGRATIONS, SCHEMA_VERSION
from secboard.store.sqlite import SqliteDatabase as Database
from secboard.store.tables import WORKSPACE_TABLES
from secboard.store.writes import WORKSPACE_TABLES_CHILDREN_FIRST
from secboard.workspace import Workspace
from tests import postgres_support
from tests.cli_support import Cli
from tests.fixtures import make_schema_v1, make_schema_v4

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.db"
V1_TABLES = ("setting", "objective", "request", "checklist_item", "status_event")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def read_only_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def user_version(path: Path) -> int:
    connection = read_only_connection(path)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


def rows(path: Path, table: str, columns: list[str] | None = None) -> list[tuple]:
    """Every row of ``table`` (only ``columns`` if given) in rowid order."""
    connection = read_only_connection(path)
    try:
        if columns is None:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        return connection.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid"
        ).fetchall()
    finally:
        connection.close()


def columns_of(path: Path, table: str) -> list[str]:
    connection = read_only_connection(path)
    try:
        return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    finally:
        connection.close()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    """A private copy of the schema-1 fixture, as a user's old workspace."""
    target = tmp_path / "old" / "workspace.db"
    target.parent.mkdir()
    shutil.copyfile(FIXTURE, target)
    return target


def snapshot_folder(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to show that nothing was touched."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# The migration list ------------------------------------------------------------------------


def test_migrations_are_numbered_from_one_without_gaps():
    assert [migration.version for migration in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == SCHEMA_VERSION


def test_committed_fixture_is_what_its_generator_writes(tmp_path: Path):
    fresh = make_schema_v1.build(tmp_path / "fresh.db")

    assert user_version(FIXTURE) == 1
    assert "version" not in columns_of(FIXTURE, "request")
    for table in V1_TABLES:
        assert rows(FIXTURE, table) == rows(fresh, table), table
        assert rows(FIXTURE, table), f"fixture has no rows in {table}"


# Upgrading schema 1 -----------------------------------------------------------------------


def test_opening_a_schema_1_workspace_upgrades_it_and_reports_it(v1_copy: Path):
    workspace = Workspace.open(v1_copy)
    try:
        migrated = workspace.migrated
        assert migrated is not None
        assert (migrated.from_version, migrated.to_version) == (1, SCHEMA_VERSION)
        assert migrated.backup is not None
    finally:
        workspace.close()

    assert user_version(v1_copy) == SCHEMA_VERSION
    assert "version" in columns_of(v1_copy, "request")


def test_upgrade_keeps_every_row_intact(v1_copy: Path):
    before = {table: rows(v1_copy, table) for table in V1_TABLES}
    v1_columns = {table: columns_of(v1_copy, table) for table in V1_TABLES}

    Workspace.open(v1_copy).close()

    for table in V1_TABLES:
        assert rows(v1_copy, table, v1_columns[table]) == before[table], table
    assert rows(v1_copy, "request", ["version"]) == [(1,)] * len(before["request"])


def test_upgraded_workspace_reads_back_as_the_old_release_wrote_it(v1_copy: Path):
    workspace = Workspace.open(v1_copy)
    try:
        full = workspace.record(1)
        minimal = workspace.request(2)
        deferred = workspace.request(4)
        vision = workspace.vision()
        template_keys = [item.key for item in workspace.template()]
        objectives = workspace.objectives()
    finally:
        workspace.close()

    request = full.request
    assert request.title == "SSO/SAML for the admin console — Acme Corp"
    assert request.description == "Acme asked during the renewal.\nScope: admin console only."
    assert (request.source, request.status, request.decision) == (
        Source.CUSTOMER,
        Status.COMMITTED,
        Decision.BUILD,
    )
    assert (request.customer, request.arr, request.due) == (
        "Acme Corp",
        120_000,
        date(2026, 12, 15),
    )
    assert request.frameworks == ("SOC 2 CC6.1", "ISO 27001 A.8.24")
    assert request.tags == ("identity", "sso")
    assert (request.estimate_weeks, request.planned_weeks) == (6.0, 4.0)
    assert (request.reach, request.impact, request.confidence) == (400, 2.0, 80)
    assert (request.horizon, request.objective, request.version) == (Horizon.NOW, "O1", 1)
    assert request.created_at == datetime(2026, 10, 1, 12, tzinfo=UTC)
    assert [(i.key, i.answer, i.note) for i in request.checklist] == [
        ("need_confirmed", Answer.YES, "Contract clause 7.2"),
        ("revenue_tied", Answer.YES, ""),
    ]
    assert [(e.from_status, e.to_status, e.forced) for e in full.history] == [
        (None, Status.INTAKE, False),
        (Status.INTAKE, Status.DISCOVERY, False),
        (Status.DISCOVERY, Status.COMMITTED, True),
    ]
    assert full.history[-1].note == "CEO escalation: renewal at risk"
    assert (minimal.customer, minimal.arr, minimal.frameworks, minimal.checklist) == (
        None,
        None,
        (),
        (),
    )
    assert (deferred.revisit, deferred.planned_weeks) == (date(2027, 2, 1), 0.0)
    assert vision == "Security that sales can sell."
    assert template_keys == ["need_confirmed", "revenue_tied"]
    assert [(o.key, o.status, o.target) for o in objectives] == [
        ("O1", ObjectiveStatus.ACTIVE, date(2027, 3, 31)),
        ("O2", ObjectiveStatus.DONE, None),
    ]


def test_upgrade_takes_a_private_backup_of_the_old_file_first(v1_copy: Path):
    workspace = Workspace.open(v1_copy)
    try:
        migrated = workspace.migrated
        listed = workspace.backups()
    finally:
        workspace.close()

    assert migrated is not None
    assert migrated.backup is not None
    assert [info.path for info in listed] == [migrated.backup]
    assert listed[0].reason == "before-migration-v1"
    assert listed[0].size == migrated.backup.stat().st_size
    assert migrated.backup.parent == v1_copy.parent / "backups"
    assert mode(migrated.backup) == 0o600
    assert mode(migrated.backup.parent) == 0o700
    assert user_version(migrated.backup) == 1
    for table in V1_TABLES:
        assert rows(migrated.backup, table) == rows(FIXTURE, table), table


def test_upgraded_workspace_accepts_changes_with_versions(v1_copy: Path):
    workspace = Workspace.open(v1_copy)
    try:
        edited = workspace.edit(3, {"customer": "Initech", "arr": "75k"})
        stored = workspace.request(3)
    finally:
        workspace.close()

    assert edited.version == 2
    assert (stored.arr, stored.version) == (75_000, 2)


def test_an_upgraded_workspace_is_not_upgraded_again(v1_copy: Path):
    Workspace.open(v1_copy).close()

    workspace = Workspace.open(v1_copy)
    try:
        assert workspace.migrated is None
        assert len(workspace.backups()) == 1
    finally:
        workspace.close()


def test_an_upgrade_another_secboard_finished_first_is_not_applied_twice(v1_copy: Path):
    # Two secboards opened the old file at once and both read schema 1; the second to get
    # the write lock finds the upgrade done and must skip it, not fail on it.
    first = Database.open(v1_copy)
    first.close()
    upgraded = {table: rows(v1_copy, table) for table in V1_TABLES}
    second = Database.open(v1_copy)
    try:
        second._migrate(1)
    finally:
        second.close()

    assert user_version(v1_copy) == SCHEMA_VERSION
    assert {table: rows(v1_copy, table) for table in V1_TABLES} == upgraded


def test_restoring_a_schema_1_backup_upgrades_it(v1_copy: Path, tmp_path: Path):
    old = tmp_path / "kept-v1.db"
    shutil.copyfile(FIXTURE, old)
    workspace = Workspace.open(v1_copy)
    try:
        workspace.edit(2, {"title": "Changed after the upgrade"})
        workspace.restore(old)
        restored = workspace.request(2)
    finally:
        workspace.close()

    assert restored.title == "Rotate leaked CI token"
    assert user_version(v1_copy) == SCHEMA_VERSION
    assert user_version(old) == 1


# Files that are refused ----------------------------------------------------------------------


def refused(path: Path) -> str:
    with pytest.raises(WorkspaceUnavailable) as caught:
        Workspace.open(path)
    return str(caught.value)


def test_database_from_a_newer_secboard_is_refused_and_left_byte_identical(db_path: Path):
    Workspace.open(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    before = snapshot_folder(db_path.parent)

    message = refused(db_path)

    assert message == (
        f"{db_path} was written by a newer secboard (schema {SCHEMA_VERSION + 1}; "
        f"this one reads up to {SCHEMA_VERSION}); upgrade secboard to open it"
    )
    assert snapshot_folder(db_path.parent) == before


def test_sqlite_file_of_another_program_is_refused_and_untouched(db_path: Path):
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('my thesis')")
    connection.commit()
    connection.close()
    before = snapshot_folder(db_path.parent)

    message = refused(db_path)

    assert message == (
        f"{db_path} is a SQLite database but not a secboard workspace; it was left untouched"
    )
    assert snapshot_folder(db_path.parent) == before


def test_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path):
    path = tmp_path / "thesis.docx"
    path.write_bytes(b"PK\x03\x04 not a database, a document someone cares about")
    before = snapshot_folder(tmp_path)

    message = refused(path)

    assert message == (
        f"{path} is not a secboard workspace (not a SQLite file); it was left untouched"
    )
    assert snapshot_folder(tmp_path) == before


def test_damaged_sqlite_file_is_refused(db_path: Path):
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)

    assert "is damaged or not a SQLite database" in refused(db_path)


def test_directory_is_refused(tmp_path: Path):
    assert refused(tmp_path) == f"{tmp_path} is a directory, not a workspace file"


def test_missing_parent_folder_is_refused_and_not_created(tmp_path: Path):
    path = tmp_path / "no" / "such" / "folder" / "workspace.db"

    assert refused(path) == (f"cannot create {path}: folder {path.parent} does not exist")
    assert not (tmp_path / "no").exists()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="permission bits do not stop the superuser",
)
def test_read_only_file_is_refused(db_path: Path):
    Workspace.open(db_path).close()
    db_path.chmod(0o400)
    before = db_path.read_bytes()

    assert refused(db_path) == (
        f"{db_path} is not readable and writable by you; check its permissions"
    )
    assert db_path.read_bytes() == before


def test_empty_file_becomes_a_new_workspace(db_path: Path):
    db_path.touch()

    workspace = Workspace.open(db_path)
    try:
        assert workspace.is_empty()
        assert workspace.migrated is None
    finally:
        workspace.close()
    assert user_version(db_path) == SCHEMA_VERSION


# Permissions and locations ------------------------------------------------------------------


def test_new_workspace_file_is_private(db_path: Path, clock):
    workspace = Workspace.open(db_path, clock=clock)
    try:
        workspace.add({"title": "SSO"})
        for path in db_path.parent.glob(db_path.name + "*"):
            assert mode(path) == 0o600, path.name
    finally:
        workspace.close()
    assert mode(db_path) == 0o600


def test_new_workspace_is_created_at_the_latest_schema_without_a_backup(db_path: Path):
    workspace = Workspace.open(db_path)
    try:
        assert workspace.migrated is None
        assert workspace.backups() == []
    finally:
        workspace.close()
    assert user_version(db_path) == SCHEMA_VERSION


def test_default_database_lives_in_a_private_data_folder(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))

    path = config.default_database_path()

    assert path == tmp_path / "xdg-data" / "secboard" / "secboard.db"
    assert mode(path.parent) == 0o700
    assert not path.exists()


def test_database_path_comes_from_the_option_then_the_environment_then_the_default(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    default = tmp_path / "xdg-data" / "secboard" / "secboard.db"

    assert config.resolve_database(None) == default
    monkeypatch.setenv("SECBOARD_DB", str(tmp_path / "env.db"))
    assert config.resolve_database(None) == tmp_path / "env.db"
    assert config.resolve_database(str(tmp_path / "opt.db")) == tmp_path / "opt.db"


def test_in_memory_database_has_the_latest_schema():
    database = Database.in_memory()
    try:
        with database.reading() as read:
            version = next(iter(read("PRAGMA user_version")))["user_version"]
        assert version == SCHEMA_VERSION
        assert database.migrated is None
    finally:
        database.close()


# The ORM tables agree with the migrated schema -----------------------------------------------

AFFINITY = {
    "TEXT": "text",
    "VARCHAR": "text",
    "REAL": "real",
    "FLOAT": "real",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "BOOLEAN": "integer",
    "DATE": "date",
}


def affinity(declared: str) -> str:
    return AFFINITY.get(declared.split("(")[0].strip().upper(), declared)


def migrated_schema(path: Path) -> dict[str, dict[str, tuple[str, bool, bool]]]:
    """Table → column → (affinity, nullable, primary key), as the migrations left them."""
    Workspace.open(path).close()
    connection = read_only_connection(path)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: {
                column: (affinity(declared), not notnull and not pk, bool(pk))
                for _cid, column, declared, notnull, _default, pk in connection.execute(
                    f"PRAGMA table_info({name})"
                )
            }
            for name in names
        }
    finally:
        connection.close()


def model_schema() -> dict[str, dict[str, tuple[str, bool, bool]]]:
    """The same description of the SQLModel tables."""
    dialect = sqlite_dialect.dialect()
    return {
        table.name: {
            column.name: (
                affinity(column.type.compile(dialect=dialect)),
                bool(column.nullable) and not column.primary_key,
                bool(column.primary_key),
            )
            for column in table.columns
        }
        for table in WORKSPACE_TABLES
    }


def test_the_first_release_upgraded_has_exactly_the_columns_of_the_table_definitions(
    v1_copy: Path,
):
    migrated = migrated_schema(v1_copy)
    models = model_schema()

    assert set(models) == set(migrated)
    for name, columns in migrated.items():
        assert models[name] == columns, name


def test_a_fresh_workspace_file_has_the_columns_of_an_upgraded_one(v1_copy: Path, db_path: Path):
    assert migrated_schema(db_path) == migrated_schema(v1_copy)


def test_sqlmodel_foreign_keys_agree_with_the_migrated_schema(db_path: Path):
    Workspace.open(db_path).close()
    connection = read_only_connection(db_path)
    try:
        stored = {
            # SQLite says NO ACTION where no ON DELETE was given.
            (table, row[3], row[2], row[4], None if row[6] == "NO ACTION" else row[6])
            for table in (*V1_TABLES, "account", "ask")
            for row in connection.execute(f"PRAGMA foreign_key_list({table})")
        }
    finally:
        connection.close()
    declared = {
        (table.name, key.parent.name, key.column.table.name, key.column.name, key.ondelete)
        for table in SQLModel.metadata.sorted_tables
        for key in table.foreign_keys
    }

    assert declared == stored


def test_the_writer_empties_every_workspace_table_children_first():
    by_name = {table.name: table for table in WORKSPACE_TABLES}

    assert set(WORKSPACE_TABLES_CHILDREN_FIRST) == set(by_name)
    for position, name in enumerate(WORKSPACE_TABLES_CHILDREN_FIRST):
        referred = {key.column.table.name for key in by_name[name].foreign_keys}
        assert referred <= set(WORKSPACE_TABLES_CHILDREN_FIRST[position + 1 :]), name


def test_command_line_reports_the_upgrade_and_where_the_backup_is(v1_copy: Path):
    result = Cli(v1_copy).ok("list", "--format", "json")

    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith(f"upgraded {v1_copy} from schema 1 to {SCHEMA_VERSION}; backup: ")
    backup = Path(first_line.split("backup: ", 1)[1])
    assert backup.is_file()
    assert [row["id"] for row in json.loads(result.stdout)] == [1, 2, 3, 4]
    assert Cli(v1_copy).ok("list").stderr == ""


# Upgrading schema 4: customers become first asks ----------------------------------------

V4_FIXTURE = Path(__file__).parent / "fixtures" / "schema_v4.db"
ASKED = "important"
"""The importance every first ask gets: nobody said how badly, so the middle of the scale."""


@pytest.fixture
def v4_copy(tmp_path: Path) -> Path:
    """A private copy of the schema-4 fixture: a workspace from just before asks."""
    target = tmp_path / "old" / "workspace.db"
    target.parent.mkdir()
    shutil.copyfile(V4_FIXTURE, target)
    return target


def test_committed_schema_4_fixture_is_what_its_generator_writes(tmp_path: Path):
    fresh = make_schema_v4.build(tmp_path / "fresh.db")

    assert user_version(V4_FIXTURE) == 4
    assert "owner" in columns_of(V4_FIXTURE, "request")
    for table in V1_TABLES:
        assert rows(V4_FIXTURE, table) == rows(fresh, table), table
        assert rows(V4_FIXTURE, table), f"fixture has no rows in {table}"


def test_opening_a_schema_4_workspace_backs_it_up_and_notes_what_moved(v4_copy: Path):
    workspace = Workspace.open(v4_copy)
    try:
        migrated = workspace.migrated
        listed = workspace.backups()
    finally:
        workspace.close()

    assert migrated is not None
    assert (migrated.from_version, migrated.to_version) == (4, SCHEMA_VERSION)
    assert migrated.backup is not None
    assert [info.path for info in listed] == [migrated.backup]
    assert listed[0].reason == "before-migration-v4"
    assert user_version(migrated.backup) == 4
    for table in V1_TABLES:
        assert rows(migrated.backup, table) == rows(V4_FIXTURE, table), table
    assert migrated.notes == (
        "#4 had an ARR (50,000) but no customer: an ARR belongs to an account, so it was left out",
        "account 'Acme Corp' was given different ARRs (90,000, 120,000); it keeps 120,000",
    )


def test_every_named_customer_requester_or_due_becomes_the_first_ask(v4_copy: Path):
    workspace = Workspace.open(v4_copy)
    try:
        asks = {request.id: request.asks for request in workspace.requests()}
    finally:
        workspace.close()

    assert asks == {
        1: (
            Ask(
                date(2026, 10, 1),
                "Acme Corp",
                "Dana Reyes (AE, EMEA)",
                Channel.OTHER,
                Importance(ASKED),
                date(2026, 12, 15),
                id=1,
            ),
        ),
        2: (
            Ask(
                date(2026, 10, 5),
                "Acme Corp",
                "Lee Chan",
                Channel.OTHER,
                Importance(ASKED),
                date(2027, 1, 31),
                id=2,
            ),
        ),
        3: (
            Ask(date(2026, 10, 10), None, "Platform team", Channel.OTHER, Importance(ASKED), id=3),
        ),
        4: (),
        5: (),
        6: (
            Ask(
                date(2026, 9, 1),
                "Globex",
                None,
                Channel.OTHER,
                Importance(ASKED),
                date(2026, 11, 30),
                id=4,
            ),
        ),
    }


def test_one_account_per_customer_name_with_the_largest_arr(v4_copy: Path):
    workspace = Workspace.open(v4_copy)
    try:
        accounts = workspace.accounts()
    finally:
        workspace.close()

    # "Acme Corp" and " acme corp " are one account, spelled as the older request has it.
    assert accounts == [Account("Acme Corp", arr=120_000), Account("Globex")]


def test_the_derived_fields_are_the_old_values_but_where_the_notes_say(v4_copy: Path):
    old = {row[0]: row[1:] for row in rows(v4_copy, "request", ["id", *DERIVED])}

    Workspace.open(v4_copy).close()

    new = {row[0]: row[1:] for row in rows(v4_copy, "request", ["id", *DERIVED])}
    # #2's account is Acme Corp, whose ARR is the largest given; #4's ARR had no account.
    assert new == {
        **old,
        2: ("Acme Corp", old[2][1], 120_000, old[2][3]),
        4: (None, None, None, None),
    }
    assert old[4] == (None, None, 50_000, None)
    assert rows(v4_copy, "request", ["id", "ask_count", "accounts", "importance"]) == [
        (1, 1, 1, ASKED),
        (2, 1, 1, ASKED),
        (3, 1, 0, ASKED),
        (4, 0, 0, None),
        (5, 0, 0, None),
        (6, 1, 1, ASKED),
    ]


DERIVED = ["customer", "requester", "arr", "due"]
"""The request columns schema 5 derives from the asks."""


def test_the_schema_4_upgrade_keeps_every_other_value_row_by_row(v4_copy: Path):
    v4_columns = {table: columns_of(v4_copy, table) for table in V1_TABLES}
    kept = {
        table: [c for c in v4_columns[table] if table != "request" or c not in DERIVED]
        for table in V1_TABLES
    }
    before = {table: rows(v4_copy, table, kept[table]) for table in V1_TABLES}

    Workspace.open(v4_copy).close()

    for table in V1_TABLES:
        assert rows(v4_copy, table, kept[table]) == before[table], table


def test_an_upgraded_schema_4_workspace_takes_asks_and_reads_back(v4_copy: Path):
    workspace = Workspace.open(v4_copy)
    try:
        workspace.add_ask(2, {"account": "Globex", "importance": "blocker"})
        request = workspace.request(2)
        record = workspace.record(1)
    finally:
        workspace.close()

    assert [ask.account for ask in request.asks] == ["Acme Corp", "Globex"]
    assert (request.accounts, request.arr, request.importance) == (2, 120_000, Importance.BLOCKER)
    assert record.request.owner == "Sam Okafor"
    assert [event.actor for event in record.history] == ["Priya Nair", "Sam Okafor", "Sam Okafor"]


def test_command_line_reports_what_the_schema_4_upgrade_moved(v4_copy: Path):
    result = Cli(v4_copy).ok("list", "--format", "json")

    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"upgraded {v4_copy} from schema 4 to {SCHEMA_VERSION}; backup: ")
    assert lines[1:] == [
        "upgrade: #4 had an ARR (50,000) but no customer: an ARR belongs to an account, "
        "so it was left out",
        "upgrade: account 'Acme Corp' was given different ARRs (90,000, 120,000); it keeps 120,000",
    ]
    assert Cli(v4_copy).ok("list").stderr == ""


def _server_at_schema_4(url: str) -> None:
    """Make the empty server schema at ``url`` a workspace as schema 4 left it, holding
    the schema-4 fixture's rows.

    Schema 4 is the latest one without migration 5's tables and request columns.
    """
    Workspace.open(url).close()
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in (
                "DROP TABLE ask",
                "DROP TABLE account",
                *(
                    f"ALTER TABLE request DROP COLUMN {column}"
                    for column in ("ask_count", "accounts", "importance", "merged_into")
                ),
                "DELETE FROM setting",
                "UPDATE secboard_schema SET version = 4",
            ):
                connection.exec_driver_sql(statement)
            columns = [
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = 'request'"
                )
            ]
            assert sorted(columns) == sorted(columns_of(V4_FIXTURE, "request"))
            inserts = (
                ("setting", ("key", "value"), make_schema_v4.SETTINGS),
                (
                    "objective",
                    ("id", "key", "title", "description", "target", "status"),
                    make_schema_v4.OBJECTIVES,
                ),
                ("request", make_schema_v4.REQUEST_COLUMNS, make_schema_v4.REQUESTS),
                (
                    "checklist_item",
                    ("request_id", "position", "key", "question", "answer", "note"),
                    make_schema_v4.CHECKLIST,
                ),
                (
                    "status_event",
                    ("request_id", "at", "from_status", "to_status", "note", "forced", "actor"),
                    # The server keeps a flag as a boolean, the file as 0 or 1.
                    [(*event[:5], bool(event[5]), event[6]) for event in make_schema_v4.EVENTS],
                ),
            )
            for table, names, values in inserts:
                listed = ", ".join(f'"{name}"' for name in names)
                marks = ", ".join(f":{name}" for name in names)
                connection.execute(
                    text(f"INSERT INTO {table} ({listed}) VALUES ({marks})"),
                    [dict(zip(names, row, strict=True)) for row in values],
                )
    finally:
        engine.dispose()


def _brought_forward(target: str | Path) -> tuple[object, ...]:
    """What opening the schema-4 workspace at ``target`` gave: the notes, each request's
    asks (without ids) and derived fields, and the accounts."""
    workspace = Workspace.open(target)
    try:
        migrated = workspace.migrated
        assert migrated is not None
        assert migrated.backup is not None
        requests = workspace.requests()
        accounts = workspace.accounts()
    finally:
        workspace.close()
    return (
        migrated.notes,
        {
            r.id: (
                tuple(dataclasses.replace(ask, id=0) for ask in r.asks),
                (r.customer, r.requester, r.arr, r.due, r.accounts, r.importance),
            )
            for r in requests
        },
        accounts,
    )


@pytest.mark.postgresql
def test_a_schema_4_server_workspace_comes_forward_as_a_file_does(v4_copy: Path):
    base = postgres_support.server_url()
    if base is None:
        pytest.skip(postgres_support.SKIP_REASON)
    with postgres_support.private_schema(base) as url:
        _server_at_schema_4(url)

        on_the_server = _brought_forward(url)

    assert on_the_server == _brought_forward(v4_copy)


@pytest.mark.postgresql
def test_a_server_upgrade_backs_the_old_rows_up_as_a_workspace_file(v4_copy: Path):
    base = postgres_support.server_url()
    if base is None:
        pytest.skip(postgres_support.SKIP_REASON)
    with postgres_support.private_schema(base) as url:
        _server_at_schema_4(url)
        workspace = Workspace.open(url)
        try:
            migrated = workspace.migrated
        finally:
            workspace.close()

    assert migrated is not None
    assert migrated.backup is not None
    assert migrated.backup.suffix == ".db"
    assert user_version(migrated.backup) == 4
    # The backup is a workspace at the old schema: it comes forward as the fixture does.
    assert _brought_forward(migrated.backup) == _brought_forward(v4_copy)
