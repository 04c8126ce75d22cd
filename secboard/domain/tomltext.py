"""Parsing TOML text, with every way it can fail reported as a TOML error."""

from __future__ import annotations

import tomllib
from typing import Any


def parse_toml(text: str) -> dict[str, Any]:
    """The document in ``text``.

    Raises:
        tomllib.TOMLDecodeError: the text is not TOML, or nests arrays or inline tables
            deeper than the parser's recursion can follow (``a = [[[[…]]]]`` thousands
            deep), which would otherwise escape as a RecursionError thousands of lines long.
    """
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("values nested too deeply to read") from None
