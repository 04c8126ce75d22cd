"""What scripts read stays byte for byte the same: ``list``, ``export`` and ``metrics``.

Speed work on these paths must not change a byte of their output. Each output of the
demo workspace is held to a file in ``tests/golden/``; when an output changes on
purpose, regenerate them with ``SECBOARD_REGENERATE_GOLDEN=1 pytest tests/test_golden_outputs.py``
and review the diff.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from secboard.demo import generate
from secboard.workspace import Workspace
from tests.cli_support import Cli

GOLDEN = Path(__file__).parent / "golden"
MOMENT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
"""The demo's clock and the metrics' as-of moment."""
REGENERATE = os.environ.get("SECBOARD_REGENERATE_GOLDEN") == "1"

OUTPUTS = {
    "list.json": ("list", "--format", "json"),
    "export.toml": ("export", "-"),
    "metrics.json": ("metrics", "--format", "json", "--as-of", MOMENT.isoformat()),
    "metrics.txt": ("metrics", "--as-of", MOMENT.isoformat()),
}


@pytest.fixture(scope="module")
def demo_cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    db = tmp_path_factory.mktemp("golden") / "demo.db"
    workspace = Workspace.open(db)
    try:
        workspace.load(generate(60, 1, MOMENT))
    finally:
        workspace.close()
    return Cli(db)


def without_export_moment(text: str) -> str:
    """The export with its ``exported_at`` line (the moment of running) made constant."""
    return re.sub(r"(?m)^exported_at = .*$", 'exported_at = "…"', text)


@pytest.mark.parametrize("name", OUTPUTS)
def test_output_is_byte_for_byte_the_golden_file(demo_cli: Cli, name: str):
    output = without_export_moment(demo_cli.ok(*OUTPUTS[name]).stdout)
    golden = GOLDEN / name
    if REGENERATE:
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
