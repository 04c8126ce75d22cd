"""Render the README's screenshots from a demo workspace.

    python screenshots/render.py

Builds a demo workspace (fixed seed, fixed clock) in a temporary folder, drives the TUI
headless with the real keys, and saves each screen as SVG with Textual's screenshot
API, plus PNG when ``rsvg-convert`` is on the PATH.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The screenshots drive the app exactly as the tests do, with the same wait for quiet.
sys.path.insert(0, str(HERE.parent))

from secboard.demo import generate  # noqa: E402
from secboard.tui.app import SecboardApp  # noqa: E402
from secboard.workspace import Workspace  # noqa: E402
from tests.tui_helpers import press, settle  # noqa: E402

CLOCK = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
DEMO_COUNT = 60
DEMO_SEED = 1


@dataclass(frozen=True)
class Shot:
    """One screenshot: the keys that lead to the screen, and the terminal size."""

    name: str
    keys: Sequence[str]
    size: tuple[int, int] = (160, 45)


SHOTS = (
    Shot("board", ()),
    Shot("board-80x24", (), size=(80, 24)),
    Shot("request", ("l", "j", "enter")),
    Shot("decide", ("l", "j", "enter", "d")),
    Shot("roadmap", ("2",)),
    Shot("metrics", ("3",)),
    Shot("accounts", ("4",)),
    Shot("account", ("4", "j", "j", "enter")),
    Shot("help", ("question_mark",)),
)


async def render(shot: Shot, database: Path, folder: Path) -> Path:
    """Open the app on ``database``, press the keys and save the screen as SVG."""
    workspace = Workspace.open(database, clock=lambda: CLOCK)
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=shot.size) as pilot:
            await settle(pilot)
            await press(pilot, *shot.keys)
            return Path(app.save_screenshot(f"{shot.name}.svg", str(folder)))
    finally:
        workspace.close()


def to_png(svg: Path) -> Path | None:
    """Convert with rsvg-convert when it is installed."""
    converter = shutil.which("rsvg-convert")
    if converter is None:
        return None
    png = svg.with_suffix(".png")
    subprocess.run([converter, "-o", str(png), str(svg)], check=True)
    return png


def main() -> int:
    """Render every screenshot into this folder."""
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "demo.db"
        workspace = Workspace.open(database, clock=lambda: CLOCK)
        workspace.load(generate(DEMO_COUNT, DEMO_SEED, CLOCK))
        workspace.close()
        for shot in SHOTS:
            svg = asyncio.run(render(shot, database, HERE))
            png = to_png(svg)
            print(f"{svg.relative_to(HERE.parent)}" + (f" and {png.name}" if png else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
