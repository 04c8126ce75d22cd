"""Parsing TOML text, with every way it can fail reported as one error class.

The parser is tomli's compiled wheel where it is installed (about 2.5 times quicker on a
large snapshot), else the standard library's ``tomllib``. Both read TOML 1.0 to the same
documents and the same error messages (tomli from 2.4 reads TOML 1.1, which is why the
dependency stops below it); only their ``TOMLDecodeError`` classes differ, so callers catch
:class:`TomlError` whichever parser is in use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class TomlError(ValueError):
    """Text that is not TOML; the message says why and where (``… (at line 3, column 7)``)."""


@dataclass(frozen=True)
class TomlReader:
    """A TOML parser: its name, its ``loads`` and the error class that ``loads`` raises."""

    name: str
    loads: Callable[[str], dict[str, Any]]
    error: type[ValueError]


def standard_reader() -> TomlReader:
    """The standard library's ``tomllib``."""
    # Imported only when chosen: every command reads its config, and importing tomllib
    # beside tomli would add its start-up time for nothing.
    import tomllib

    return TomlReader("tomllib", tomllib.loads, tomllib.TOMLDecodeError)


def fastest_reader() -> TomlReader:
    """tomli where it is installed, else :func:`standard_reader`."""
    try:
        import tomli
    except ImportError:
        return standard_reader()
    return TomlReader("tomli", tomli.loads, tomli.TOMLDecodeError)


reader: TomlReader = fastest_reader()
"""The parser :func:`parse_toml` uses (a test may set it to :func:`standard_reader`)."""


def parse_toml(text: str) -> dict[str, Any]:
    """The document in ``text``.

    Raises:
        TomlError: the text is not TOML, or nests arrays or inline tables deeper than the
            parser follows (``a = [[[[…]]]]`` thousands deep), which would otherwise escape
            as a RecursionError, from tomllib thousands of lines long.
    """
    try:
        return reader.loads(text)
    except reader.error as error:
        raise TomlError(str(error)) from None
    except RecursionError:
        raise TomlError("values nested too deeply to read") from None
