"""Reading snapshot files (checked completely) and writing them atomically."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from secboard.domain.collector import collector_paused
from secboard.domain.errors import os_reason
from secboard.domain.model import WorkspaceData
from secboard.domain.tomltext import TomlError, parse_toml
from secboard.snapshot.model import Snapshot, SnapshotError
from secboard.snapshot.validate import validate_document

MAX_SNAPSHOT_BYTES = 1_000_000_000
"""The largest snapshot read (1 GB). A larger file or an endless stream (``<(cat
/dev/zero)``) is refused once this much has been read, instead of filling the memory."""

_CHUNK_BYTES = 1 << 20
"""How much of a stream is read at a time (reading it all at once allocates the limit)."""

Progress = Callable[[str], None]
"""Receives a short line about each stage of a long read."""


def _quiet(_message: str) -> None:
    """Progress that goes nowhere."""


def parse_snapshot(
    content: bytes, source: str = "the snapshot", progress: Progress = _quiet
) -> Snapshot:
    """The snapshot in ``content`` (the bytes of a file), checked completely.

    A snapshot as secboard writes it is read one ``[[requests]]`` table at a time, each
    checked as soon as it is parsed, so a large file never stands in memory as one
    parsed document beside its requests. Anything that cannot be read that way (a
    ``[[requests]]`` line inside a multi-line string, a table after the requests, an
    error) is read whole, which gives the same document or the error with its line.

    Args:
        content: the file's bytes; UTF-8, with or without a byte-order mark.
        source: how messages name the file.
        progress: told about each stage (for a progress line on a terminal).

    Raises:
        SnapshotError: not UTF-8, not TOML (with line and column), not a snapshot, or
            from a newer secboard.
        SnapshotFileInvalid: every problem in the content, each with its place.
    """
    progress(f"parsing {len(content) / 1_000_000:,.1f} MB…")
    with collector_paused():
        return _parse(content, source, progress)


def _parse(content: bytes, source: str, progress: Progress) -> Snapshot:
    starts = _request_lines(content)
    if starts:
        try:
            head = _parse_section(content[: starts[0]], "utf-8-sig")
            if "requests" in head:
                raise _Unsplittable
            progress(f"validating {len(starts):,} requests…")
            snapshot = validate_document(head, source, _request_rows(content, starts))
        except _Unsplittable:
            pass
        else:
            progress(f"validated {len(snapshot.data.records):,} requests")
            return snapshot
    document = _parse_whole(content, source)
    progress(f"validating {_count(document.get('requests')):,} requests…")
    snapshot = validate_document(document, source)
    progress(f"validated {len(snapshot.data.records):,} requests")
    return snapshot


class _Unsplittable(Exception):
    """The content cannot be read one request at a time; it is read whole instead."""


_REQUESTS_LINE = b"[[requests]]"


def _request_lines(content: bytes) -> list[int]:
    """Where each line that is exactly ``[[requests]]`` starts (none on the first line)."""
    starts = []
    position = content.find(b"\n" + _REQUESTS_LINE)
    while position != -1:
        after = position + 1 + len(_REQUESTS_LINE)
        if content[after : after + 1] == b"\n" or content[after : after + 2] == b"\r\n":
            starts.append(position + 1)
        position = content.find(b"\n" + _REQUESTS_LINE, after)
    return starts


def _request_rows(content: bytes, starts: list[int]) -> Iterator[Any]:
    """The request tables of the sections starting at ``starts``, one section at a time.

    Raises:
        _Unsplittable: a section is not one or more ``[[requests]]`` tables on its own.
    """
    for start, end in zip(starts, [*starts[1:], len(content)], strict=True):
        section = _parse_section(content[start:end], "utf-8")
        rows = section.get("requests")
        if len(section) != 1 or type(rows) is not list:
            raise _Unsplittable
        yield from rows


def _parse_section(content: bytes, encoding: str) -> dict[str, Any]:
    try:
        return parse_toml(content.decode(encoding))
    except (UnicodeDecodeError, TomlError):
        raise _Unsplittable from None


def _parse_whole(content: bytes, source: str) -> dict[str, Any]:
    """The TOML document in ``content``, with the first problem said with its place."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise SnapshotError(
            f"{source} is not UTF-8 text (byte 0x{content[error.start]:02x} on line {line}); "
            "a snapshot is a TOML file written by secboard export"
        ) from None
    try:
        return parse_toml(text)
    except TomlError as error:
        raise SnapshotError(f"{source} is not valid TOML: {error}") from None


def _count(rows: object) -> int:
    return len(rows) if isinstance(rows, list) else 0


def read_bytes(path: Path) -> bytes:
    """The content of the file at ``path``: a regular file, or a pipe such as ``<(…)``.

    Raises:
        SnapshotError: it does not exist, is neither a regular file nor a pipe, cannot be
            read, or holds more than :data:`MAX_SNAPSHOT_BYTES`.
    """
    try:
        status = path.stat()
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise SnapshotError(f"{path} is a directory, not a snapshot file")
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise SnapshotError(f"{path} is not a regular file")
        if stat.S_ISREG(mode) and status.st_size > MAX_SNAPSHOT_BYTES:
            raise SnapshotError(_too_large(str(path)))
        with path.open("rb") as handle:
            return read_stream(handle, str(path))
    except FileNotFoundError:
        raise SnapshotError(f"{path} does not exist") from None
    except OSError as error:
        raise SnapshotError(f"cannot read {path}: {os_reason(error)}") from None


def read_stream(stream: BinaryIO, source: str) -> bytes:
    """Everything ``stream`` holds, read to its end but never past :data:`MAX_SNAPSHOT_BYTES`.

    Raises:
        SnapshotError: the stream holds more than that (``source`` names it).
    """
    limit = MAX_SNAPSHOT_BYTES
    chunks: list[bytes] = []
    size = 0
    # One byte past the limit is enough to know the stream is too large.
    while chunk := stream.read(min(_CHUNK_BYTES, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise SnapshotError(_too_large(source))
    return b"".join(chunks)


def _too_large(source: str) -> str:
    return f"{source} is larger than {_size(MAX_SNAPSHOT_BYTES)}, more than a snapshot may be"


def _size(count: int) -> str:
    """``1 GB``, ``10 kB`` or ``1,500 bytes``."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= size and count % size == 0:
            return f"{count // size:,} {unit}"
    return f"{count:,} bytes"


def load_snapshot(path: Path, progress: Progress = _quiet) -> Snapshot:
    """The snapshot in the file at ``path``, checked completely (see :func:`parse_snapshot`)."""
    progress(f"reading {path}…")
    return parse_snapshot(read_bytes(path), str(path), progress)


def read_snapshot(path: Path) -> WorkspaceData:
    """The workspace held by the snapshot file at ``path`` (for a read-only viewer).

    Raises:
        SnapshotError: the file cannot be read as a snapshot.
        SnapshotFileInvalid: the snapshot has problems; each is listed.
    """
    return load_snapshot(Path(path)).data


def write_snapshot(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by the owner only (0600).

    The text goes to a temporary file beside ``path``, is flushed to disk, and then
    renamed over ``path``, so a crash leaves either the old file or the new one, never
    half of one. The temporary file is removed if anything fails.

    Raises:
        SnapshotError: the file cannot be written; ``path`` is left as it was.
    """
    path = Path(path)
    try:
        _write_atomically(path, text)
    except OSError as error:
        # Any step may fail so: a name too long for the file system, a folder gone.
        raise SnapshotError(
            f"cannot write {path}: {os_reason(error)}; it was left as it was"
        ) from None


def _write_atomically(path: Path, text: str) -> None:
    """:func:`write_snapshot` without the translation of OSError."""
    if path.is_dir():
        raise SnapshotError(f"{path} is a directory; give a file name such as snapshot.toml")
    _refuse_to_replace(path)
    # Through a link, the file it points at is replaced and the link kept.
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = path.parent
    if not directory.is_dir():
        raise SnapshotError(f"cannot write {path}: folder {directory} does not exist")
    temporary: str | None = None
    try:
        # mkstemp creates the file with mode 0600: a snapshot holds customer data.
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=directory
        )
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        temporary = None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _sync_directory(directory)


SQLITE_HEADER = b"SQLite format 3\x00"
# The first bytes of a write-ahead log (two byte orders) and of a rollback journal.
LOG_HEADERS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83", b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7")
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database while it is open or mid-transaction."""


def _refuse_to_replace(path: Path) -> None:
    """Refuse a target that is a device or pipe, a database, or one of a database's own files.

    A database's log is refused even before it exists: SQLite would read a file written
    there as the log on the next open, and overwriting a live one drops every change
    committed since the last checkpoint while the database still checks as sound.
    """
    for suffix in SIDE_FILE_SUFFIXES:
        database = path.with_name(path.name.removesuffix(suffix))
        if (
            path.name.endswith(suffix)
            and database != path
            and _starts_with(database, (SQLITE_HEADER,))
        ):
            raise SnapshotError(
                f"{path} belongs to the database {database.name} (its {suffix[1:]} file), "
                "not a snapshot; it was left as it was"
            )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # writing will say what is wrong
    if not stat.S_ISREG(mode):
        raise SnapshotError(f"{path} is not a regular file; use - to write to standard output")
    if _starts_with(path, (SQLITE_HEADER,)):
        raise SnapshotError(
            f"{path} is a SQLite database (a workspace?), not a snapshot; it was left as it was"
        )
    if _starts_with(path, LOG_HEADERS):
        raise SnapshotError(
            f"{path} is a SQLite database's log, not a snapshot; it was left as it was"
        )


def _starts_with(path: Path, headers: tuple[bytes, ...]) -> bool:
    """True when the regular file at ``path`` begins with one of ``headers``."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as handle:
            start = handle.read(max(len(header) for header in headers))
    except OSError:
        return False
    return start.startswith(headers)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable."""
    # Some file systems cannot fsync a directory; the file is complete either way.
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
