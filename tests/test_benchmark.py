"""The benchmark still runs and still produces every figure (tiny sizes, one run each)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.figures import Results
from benchmarks.report import render
from benchmarks.targets import targets

ROOT = Path(__file__).resolve().parent.parent
SIZES = (20, 200)

FIGURES_BY_SIZE = (
    "board_ready",
    "board_ratio",
    "tui_peak_rss",
    "card_move",
    "request_open",
    "cli_list",
    "cli_list_rss",
    "list_floor",
    "cli_metrics",
    "cli_export",
    "cli_export_rss",
    "export_size",
    "tomli_w_dumps",
    "cli_import",
    "cli_import_rss",
    "tomllib_loads",
    "similar_title",
    "accounts_ready",
)
"""Figures measured at every workspace size."""

OTHER_FIGURES = {
    ("first_paint_bare", None),
    ("first_settled_bare", None),
    ("first_paint_secboard", 0),
    ("first_settled_secboard", 0),
    ("cli_version", None),
}
"""Figures measured once: start-up."""
TIMES_WITHOUT_CPU = {"board_ratio", "tui_peak_rss", "cli_list_rss", "cli_export_rss"}
TIMES_WITHOUT_CPU |= {"cli_import_rss", "export_size"}
"""Figures that are not times measured on a process (a ratio, memory)."""


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """What ``benchmarks/run.py --quick --repeat 1`` printed, and its results file."""
    results = tmp_path_factory.mktemp("benchmark") / "results.json"
    script = ROOT / "benchmarks" / "run.py"
    arguments = ["--quick", "--repeat", "1", "--sizes", ",".join(map(str, SIZES))]
    completed = subprocess.run(
        [sys.executable, str(script), *arguments, "--json", str(results)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout, json.loads(results.read_text(encoding="utf-8"))


def test_every_figure_is_measured(quick_run: tuple[str, dict[str, Any]]) -> None:
    _, document = quick_run
    figures = {(figure["key"], figure["size"]): figure for figure in document["figures"]}
    expected = {(key, size) for key in FIGURES_BY_SIZE for size in SIZES} | OTHER_FIGURES
    assert set(figures) == expected
    unmeasured = {
        key: figure["note"] for key, figure in figures.items() if figure["median"] is None
    }
    assert unmeasured == {}
    assert all(figure["median"] > 0 for figure in figures.values())
    for (key, _), figure in figures.items():
        if key not in TIMES_WITHOUT_CPU:
            assert len(figure["cpu"]) == len(figure["samples"]), key
            assert figure["cpu_median"] > 0, key


def test_key_press_figures_leave_out_the_first_press(
    quick_run: tuple[str, dict[str, Any]],
) -> None:
    _, document = quick_run
    for figure in document["figures"]:
        if figure["key"] in {"card_move", "request_open"}:
            assert len(figure["excluded"]) == 1
            assert len(figure["samples"]) == 1


def test_every_target_is_checked(quick_run: tuple[str, dict[str, Any]]) -> None:
    stdout, document = quick_run
    statuses = {target["name"]: target["status"] for target in document["targets"]}
    # Six targets, export and import at each size, the list anchor and thirteen at 10,000
    # or 100,000, which are n/a at these sizes.
    assert len(statuses) == 6 + 2 * len(SIZES) + 13
    fixed_size = {name for name in statuses if "10,000" in name or "100,000" in name}
    assert len(fixed_size) == 13
    assert {statuses[name] for name in fixed_size} == {"n/a"}
    assert {statuses[name] for name in set(statuses) - fixed_size} <= {"PASS", "MISS"}
    lines = stdout.splitlines()
    for target in document["targets"]:
        status, name = target["status"], target["name"]
        assert any(line.startswith(status) and name in line for line in lines), name


def test_results_record_the_machine(quick_run: tuple[str, dict[str, Any]]) -> None:
    _, document = quick_run
    machine = document["machine"]
    for field in ("date", "cpu", "cores", "python", "textual", "sqlite"):
        assert machine[field], field
    assert document["settings"]["sizes"] == list(SIZES)
    assert len(machine["load_average"]) == len(machine["load_average_after"]) == 3
    assert Path(machine["trees"]["this"]).resolve() == ROOT / "secboard" / "__init__.py"
    assert "other" not in document


def test_markdown_tables_render_from_the_results() -> None:
    results = Results()
    results.figure("board_ready", 40).samples = [0.5, 0.6, 0.7]
    results.figure("board_ready", 10_000).samples = [0.8]
    results.figure("board_ready", 10_000).cpu = [0.4]
    checks = {"this": targets(results, (40, 10_000))}
    markdown = render({"this": results}, checks, markdown=True)
    assert "| board ready (BoardReady handled) | 40 | 600 ms | 500 ms–700 ms |  | 3 |" in markdown
    assert "| board ready (BoardReady handled) | 10,000 | 800 ms |  | 400 ms | 1 |" in markdown
    assert "| PASS | board at 10,000 ≤ 1.5× the board at 40 | 1.33× | 1.50× |  |" in markdown
    assert "| n/a | card move at 10,000 ≤ 50 ms | n/a | 50 ms |  |" in markdown


def test_paired_tables_show_both_trees_and_the_ratio() -> None:
    this, other = Results(), Results()
    this.figure("cli_list", 1_000).samples = [0.3]
    this.figure("cli_list", 1_000).cpu = [0.25]
    other.figure("cli_list", 1_000).samples = [0.6]
    other.figure("cli_list", 1_000).cpu = [0.5]
    this.figure("cli_import", 1_000).samples = [2.0]
    trees = {"other": other, "this": this}
    checks = {name: targets(found, (1_000,)) for name, found in trees.items()}
    markdown = render(trees, checks, markdown=True)
    row = "| secboard list --format json | 1,000 | 600 ms | 300 ms | 0.50× | 500 ms | 250 ms | 1 |"
    assert row in markdown
    # A figure the other tree lacks shows n/a, and no ratio.
    assert "| secboard import PATH (empty db) | 1,000 | n/a | 2.00 s | n/a |  |  | 1 |" in markdown
    assert (
        "| Result | Target | Measured | Limit | CPU | Other result | Other measured |" in markdown
    )
