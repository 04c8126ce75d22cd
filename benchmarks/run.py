"""secboard's benchmark: every performance figure, measured in one run on one machine.

    python benchmarks/run.py [--sizes 40,1000,10000] [--quick] [--repeat N]
                             [--json PATH] [--markdown]

It builds demo workspaces of each size in a temporary folder, runs each kind of child
process once untimed (so that every timed run starts from cached bytecode, as an
installed secboard does), then measures (each figure the median of several runs,
interleaved so that load from other processes spreads over all of them):

* the first frame of a bare Textual app and of secboard on an empty workspace;
* the board at each size (process start → ``BoardReady``) and the TUI's peak RSS;
* a card move (``>``) and a request open (``enter``) on the largest board;
* the CLI: ``--version``, ``list``, ``metrics``, ``export`` and ``import`` at each
  size, beside tomli-w's and tomllib's own times on the same snapshot.

It prints the figures and a PASS/MISS line per target, and writes everything, with the
machine it ran on, to a JSON file (default ``benchmarks/results/latest.json``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

import tomli_w

# Run as a file, this folder is on the path but the package is not importable yet.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import Figure, Results
from benchmarks.measure import Case, Lab, ProbeFailed, Unavailable, run_rounds
from benchmarks.report import machine_info, machine_line, render, write_json
from benchmarks.targets import targets

DEFAULT_SIZES = (40, 1_000, 10_000)
QUICK_SIZES = (20, 200)
DEFAULT_REPEAT = 5
QUICK_REPEAT = 2
DEFAULT_JSON = Path(__file__).resolve().with_name("results") / "latest.json"


@dataclass(frozen=True)
class Settings:
    """What to measure and where to write it."""

    sizes: tuple[int, ...]
    """Workspace sizes (requests), smallest first."""
    repeat: int
    """Runs per figure (key presses: one more, the first being left out)."""
    json_path: Path
    """Where the results file goes."""
    markdown: bool
    """Print Markdown tables instead of aligned text."""


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1")
    return tuple(sizes)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {text!r}")
    return int(text)


def parse_arguments(argv: Sequence[str] | None) -> Settings:
    """The settings from the command line."""
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--sizes", type=_sizes, help="workspace sizes (default 40,1000,10000)")
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes (20,200) and 2 runs: under a minute"
    )
    parser.add_argument("--repeat", type=_positive, help="runs per figure (default 5)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="results file")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    arguments = parser.parse_args(argv)
    quick = arguments.quick
    return Settings(
        sizes=arguments.sizes or (QUICK_SIZES if quick else DEFAULT_SIZES),
        repeat=arguments.repeat or (QUICK_REPEAT if quick else DEFAULT_REPEAT),
        json_path=arguments.json,
        markdown=arguments.markdown,
    )


def progress(message: str) -> None:
    """Say what the benchmark is doing, on stderr (stdout holds the tables)."""
    print(f"· {message}", file=sys.stderr, flush=True)


# The cases -------------------------------------------------------------------------------


def first_frame_cases(lab: Lab, results: Results) -> list[Case]:
    """The bare Textual app and secboard on an empty workspace, through the same hooks."""
    empty = str(lab.demo_workspace(0))
    variants = {"bare": (None, ["bare"]), "secboard": (0, ["frame", "--db", empty])}
    cases = []
    for variant, (size, arguments) in variants.items():
        figures = (
            results.figure(f"first_paint_{variant}", size),
            results.figure(f"first_settled_{variant}", size),
        )
        cases.append(Case(figures, partial(_first_frames, lab, arguments)))
    return cases


def _first_frames(lab: Lab, arguments: list[str]) -> list[float]:
    run = lab.probe(*arguments)
    return [run.since_start("first_paint"), run.since_start("first_frame")]


def board_case(lab: Lab, results: Results, size: int) -> Case:
    """Process start → board ready at ``size``, and the TUI's peak memory."""
    database = str(lab.demo_workspace(size))

    def run() -> list[float]:
        probe = lab.probe("board", "--db", database)
        if probe.report["cards"] != size:
            raise ProbeFailed(f"the board showed {probe.report['cards']} cards, not {size}")
        return [probe.since_start("board_ready"), probe.peak_rss_megabytes]

    figures = (results.figure("board_ready", size), results.figure("tui_peak_rss", size))
    return Case(figures, run)


def command_case(lab: Lab, figure: Figure, *arguments: str) -> Case:
    """``secboard ARGUMENTS``, from spawn to exit."""
    return Case((figure,), lambda: [lab.time_secboard(*arguments)])


class TomlTimes:
    """tomli-w's and tomllib's own times on the snapshot that ``export`` wrote."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._text: str | None = None
        self._document: dict[str, Any] = {}

    def _read(self) -> str:
        if self._text is None:
            if not self.path.exists():
                raise Unavailable("needs the export")
            self._text = self.path.read_text(encoding="utf-8")
            self._document = tomllib.loads(self._text)
        return self._text

    def loads(self) -> list[float]:
        """Seconds tomllib takes to parse the file's text."""
        text = self._read()
        start = time.perf_counter()
        tomllib.loads(text)
        return [time.perf_counter() - start]

    def dumps(self) -> list[float]:
        """Seconds tomli-w takes to write the same document."""
        self._read()
        start = time.perf_counter()
        tomli_w.dumps(self._document)
        return [time.perf_counter() - start]


def cli_cases(lab: Lab, results: Results, size: int) -> list[Case]:
    """list, metrics, export and import at ``size``, beside the TOML libraries."""
    database = str(lab.demo_workspace(size))
    exported = lab.path(f"export-{size}.toml")
    toml = TomlTimes(exported)

    def import_into_empty() -> list[float]:
        if not exported.exists():
            raise Unavailable("needs the export")
        fresh = lab.copy(lab.demo_workspace(0), f"import-{size}.db")
        return [lab.time_secboard("--db", str(fresh), "import", str(exported))]

    return [
        command_case(
            lab, results.figure("cli_list", size), "--db", database, "list", "--format", "json"
        ),
        command_case(lab, results.figure("cli_metrics", size), "--db", database, "metrics"),
        command_case(
            lab, results.figure("cli_export", size), "--db", database, "export", str(exported)
        ),
        Case((results.figure("tomli_w_dumps", size),), toml.dumps),
        Case((results.figure("cli_import", size),), import_into_empty),
        Case((results.figure("tomllib_loads", size),), toml.loads),
    ]


def measure_interaction(lab: Lab, results: Results, size: int, presses: int) -> None:
    """``>`` and ``enter`` on the board of ``size`` requests; the first press is left out."""
    database = lab.copy(lab.demo_workspace(size), f"interact-{size}.db")
    probe = lab.probe("interact", "--db", str(database), "--presses", str(presses))
    for key, name in (("card_move", "move"), ("request_open", "open")):
        figure = results.figure(key, size)
        figure.excluded, figure.samples = probe.report[name][:1], probe.report[name][1:]


def add_board_ratios(results: Results, sizes: Sequence[int]) -> None:
    """Board ready at each size as a multiple of the smallest size's."""
    smallest = results.median("board_ready", min(sizes))
    for size in sizes:
        board = results.median("board_ready", size)
        ratio = results.figure("board_ratio", size)
        ratio.derived = True
        if board is not None and smallest:
            ratio.samples = [board / smallest]


# Running it ------------------------------------------------------------------------------


def warm_up(lab: Lab, size: int) -> None:
    """Run every kind of child once, untimed, so that timed runs find the bytecode cached."""
    lab.probe("bare")
    lab.probe("board", "--db", str(lab.demo_workspace(size)))
    lab.time_secboard("--version")
    for case in cli_cases(lab, Results(), size):
        with contextlib.suppress(Unavailable):
            case.run()


def measure(lab: Lab, settings: Settings) -> Results:
    """Every figure, section by section."""
    results = Results()
    sizes, repeat = settings.sizes, settings.repeat
    for size in (0, *sizes):
        progress(f"building a workspace of {size:,} requests")
        lab.demo_workspace(size)
    progress("warming up the bytecode cache")
    warm_up(lab, min(sizes))
    progress("first frame: bare Textual app and secboard")
    run_rounds(first_frame_cases(lab, results), repeat, progress)
    progress(f"board ready and peak RSS at {', '.join(f'{s:,}' for s in sizes)} requests")
    run_rounds([board_case(lab, results, size) for size in sizes], repeat, progress)
    add_board_ratios(results, sizes)
    progress("CLI commands and the TOML libraries")
    cases = [command_case(lab, results.figure("cli_version"), "--version")]
    for size in sizes:
        cases += cli_cases(lab, results, size)
    run_rounds(cases, repeat, progress)
    progress(f"card move and request open at {max(sizes):,} requests")
    measure_interaction(lab, results, max(sizes), presses=repeat + 1)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the tables and write the results file."""
    settings = parse_arguments(argv)
    machine = machine_info()
    with tempfile.TemporaryDirectory(prefix="secboard-benchmark-") as folder:
        results = measure(Lab(Path(folder)), settings)
    machine["load_average_after"] = os.getloadavg()
    checks = targets(results, settings.sizes)
    print(machine_line(machine))
    print()
    print(render(results, checks, markdown=settings.markdown))
    recorded = {**asdict(settings), "json_path": str(settings.json_path)}
    write_json(settings.json_path, machine, recorded, results, checks)
    progress(f"results written to {settings.json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
