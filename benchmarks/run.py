"""secboard's benchmark: every performance figure, measured in one run on one machine.

    python benchmarks/run.py [--sizes 40,1000,10000] [--large] [--quick] [--repeat N]
                             [--against DIR] [--json PATH] [--markdown]

It builds demo workspaces of each size in a temporary folder, runs each kind of child
process once untimed (so that every timed run starts from cached bytecode, as an
installed secboard does), then measures at every size (each figure the median of
several runs, interleaved so that load from other processes spreads over all of them):

* the first frame of a bare Textual app and of secboard on an empty workspace;
* the board (process start → ``BoardReady``) and the TUI's peak RSS;
* a card move (``>``) and a request open (``enter``);
* the CLI: ``--version``, ``list`` (beside a floor script that prints the same bytes
  with sqlite3 and json alone, and, at 10,000, taskwarrior's ``task export`` of as many
  tasks), ``metrics``, ``export`` and ``import``, beside tomli-w's and tomllib's own
  times on the same snapshot; ``list``, ``export`` and ``import`` with their peak RSS,
  and the size of the file ``export`` writes (measured against another tree, the other
  tree's file beside the same workspace in this tree's format: that file imported and
  exported again);
* the asks, in one process (the probe's ``asks`` mode): a similar-title suggestion as
  capture asks for it (``Workspace.similar_requests``), and the data of the accounts
  screen (``Workspace.account_summaries``, the screen's first call).

Every child's CPU time (user + system) is measured beside its wall time. A target
missed on wall time but met on CPU time is shown as missed under load.

``--large`` adds a workspace of 100,000 requests, which the targets for big workspaces
need (without it they show n/a). It makes a run much longer: 18 minutes on a 2-core
machine (measured once, under a load of 1.5 to 4), against under 3 minutes for the
default sizes. ``--against`` doubles either.

``--against DIR`` measures another checkout of secboard (a source tree, run with the
same Python and ``PYTHONPATH=DIR``) beside this one: every figure is taken for the other
tree and this one alternately (A B A B …) and shown side by side, with the ratio
this/other. Each tree builds its own workspaces, so the schemas may differ. To measure a
change before and after::

    git worktree add /tmp/before COMMIT
    python benchmarks/run.py --against /tmp/before

It prints the machine's load before and after, the figures and a PASS/MISS line per
target, and writes everything, with the machine it ran on, to a JSON file (default
``benchmarks/results/latest.json``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
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

from benchmarks.figures import Figure, Results, Sample
from benchmarks.measure import (
    Case,
    ChildRun,
    Lab,
    ProbeFailed,
    Tree,
    Unavailable,
    alternate,
    run_child,
    run_rounds,
)
from benchmarks.report import machine_info, machine_line, render, write_json
from benchmarks.targets import ANCHOR_SIZE, LARGE, targets
from benchmarks.taskwarrior import TaskData, find_taskwarrior

ROOT = Path(__file__).resolve().parent.parent
"""The source tree this benchmark belongs to."""
DEFAULT_SIZES = (40, 1_000, 10_000)
QUICK_SIZES = (20, 200)
DEFAULT_REPEAT = 5
QUICK_REPEAT = 2
DEFAULT_JSON = Path(__file__).resolve().with_name("results") / "latest.json"
FLOOR = Path(__file__).resolve().with_name("list_floor.py")


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
    against: Path | None = None
    """Another secboard source tree to measure beside this one."""


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


def _source_tree(text: str) -> Path:
    path = Path(text).resolve()
    if not (path / "secboard" / "__init__.py").is_file():
        raise argparse.ArgumentTypeError(f"not a secboard source tree: {text!r}")
    return path


def parse_arguments(argv: Sequence[str] | None) -> Settings:
    """The settings from the command line."""
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--sizes", type=_sizes, help="workspace sizes (default 40,1000,10000)")
    parser.add_argument(
        "--large",
        action="store_true",
        help=f"add {LARGE:,} requests to the sizes (about 20 minutes instead of 3)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes (20,200) and 2 runs: under a minute"
    )
    parser.add_argument("--repeat", type=_positive, help="runs per figure (default 5)")
    parser.add_argument(
        "--against",
        type=_source_tree,
        metavar="DIR",
        help="another secboard source tree to measure beside this one, A B A B",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="results file")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    arguments = parser.parse_args(argv)
    quick = arguments.quick
    sizes = arguments.sizes or (QUICK_SIZES if quick else DEFAULT_SIZES)
    if arguments.large:
        sizes = tuple(sorted({*sizes, LARGE}))
    return Settings(
        sizes=sizes,
        repeat=arguments.repeat or (QUICK_REPEAT if quick else DEFAULT_REPEAT),
        json_path=arguments.json,
        markdown=arguments.markdown,
        against=arguments.against,
    )


def progress(message: str) -> None:
    """Say what the benchmark is doing, on stderr (stdout holds the tables)."""
    print(f"· {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# The cases -------------------------------------------------------------------------------


def first_frame_cases(tree: Tree) -> list[Case]:
    """The bare Textual app and secboard on an empty workspace, through the same hooks."""
    lab, results = tree.lab, tree.results
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


def _first_frames(lab: Lab, arguments: list[str]) -> list[Sample]:
    run = lab.probe(*arguments)
    return [run.timed("first_paint"), run.timed("first_frame")]


def board_case(tree: Tree, size: int) -> Case:
    """Process start → board ready at ``size``, and the TUI's peak memory."""
    lab, results = tree.lab, tree.results
    database = str(lab.demo_workspace(size))

    def run() -> list[float | Sample]:
        probe = lab.probe("board", "--db", database)
        if probe.report["cards"] != size:
            raise ProbeFailed(f"the board showed {probe.report['cards']} cards, not {size}")
        return [probe.timed("board_ready"), probe.peak_rss_megabytes]

    figures = (results.figure("board_ready", size), results.figure("tui_peak_rss", size))
    return Case(figures, run)


def command_case(lab: Lab, figures: Sequence[Figure], *arguments: str) -> Case:
    """``secboard ARGUMENTS``, from spawn to exit (and its peak RSS, for a second figure)."""

    def run() -> list[float | Sample]:
        completed = lab.time_secboard(*arguments)
        values: list[float | Sample] = [completed.timed, completed.peak_rss_megabytes]
        return values[: len(figures)]

    return Case(tuple(figures), run)


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

    def loads(self) -> list[Sample]:
        """Seconds tomllib takes to parse the file's text (and the CPU seconds)."""
        text = self._read()
        start, cpu = time.perf_counter(), time.process_time()
        tomllib.loads(text)
        return [Sample(time.perf_counter() - start, time.process_time() - cpu)]

    def dumps(self) -> list[Sample]:
        """Seconds tomli-w takes to write the same document (and the CPU seconds)."""
        self._read()
        start, cpu = time.perf_counter(), time.process_time()
        tomli_w.dumps(self._document)
        return [Sample(time.perf_counter() - start, time.process_time() - cpu)]


@dataclass(frozen=True)
class Anchors:
    """What ``list`` is compared with: the floor script, and taskwarrior where it ran."""

    floor_differs: frozenset[tuple[str, int]]
    """(tree, size) where the floor's output is not byte-identical to ``list``'s."""
    taskdata: TaskData | None = None
    """taskwarrior's data, one task per request of the workspace of 10,000."""


def floor_case(tree: Tree, anchors: Anchors, size: int) -> Case:
    """The sqlite3 + json floor of ``list --format json`` on the same workspace."""
    database = str(tree.lab.demo_workspace(size))

    def run() -> list[Sample]:
        if (tree.name, size) in anchors.floor_differs:
            raise Unavailable("the floor prints other bytes than list")
        return [tree.lab.checked(tree.lab.run([sys.executable, str(FLOOR), database])).timed]

    return Case((tree.results.figure("list_floor", size),), run)


def task_export_case(tree: Tree, taskdata: TaskData, size: int) -> Case:
    """taskwarrior's ``task export`` of as many tasks as the workspace has requests."""

    def run() -> list[Sample]:
        completed = run_child(taskdata.export_command, env=taskdata.env, cwd=taskdata.folder)
        return [tree.lab.checked(completed).timed]

    return Case((tree.results.figure("task_export", size),), run)


def cli_cases(tree: Tree, anchors: Anchors, size: int) -> list[Case]:
    """list, metrics, export and import at ``size``, beside their anchors."""
    lab, results = tree.lab, tree.results
    database = str(lab.demo_workspace(size))
    exported = lab.path(f"export-{size}.toml")
    toml = TomlTimes(exported)

    def import_into_empty() -> list[float | Sample]:
        if not exported.exists():
            raise Unavailable("needs the export")
        fresh = lab.copy(lab.demo_workspace(0), f"import-{size}.db")
        completed = lab.time_secboard("--db", str(fresh), "import", str(exported))
        return [completed.timed, completed.peak_rss_megabytes]

    figure = results.figure
    cases = [
        command_case(
            lab,
            (figure("cli_list", size), figure("cli_list_rss", size)),
            *("--db", database, "list", "--format", "json"),
        ),
        floor_case(tree, anchors, size),
    ]
    if anchors.taskdata is not None and size == ANCHOR_SIZE:
        cases.append(task_export_case(tree, anchors.taskdata, size))
    return [
        *cases,
        command_case(lab, (figure("cli_metrics", size),), "--db", database, "metrics"),
        command_case(
            lab,
            (figure("cli_export", size), figure("cli_export_rss", size)),
            *("--db", database, "export", str(exported)),
        ),
        Case((figure("export_size", size),), partial(file_size, exported)),
        Case((figure("tomli_w_dumps", size),), toml.dumps),
        Case((figure("cli_import", size), figure("cli_import_rss", size)), import_into_empty),
        Case((figure("tomllib_loads", size),), toml.loads),
    ]


def file_size(path: Path) -> list[float]:
    """The size of the file at ``path``, in MB (10⁶ bytes)."""
    if not path.exists():
        raise Unavailable("needs the export")
    return [path.stat().st_size / 1e6]


SUGGESTIONS = 10
"""Similar-title suggestions timed per run of the asks probe (their median is one sample)."""


def asks_case(tree: Tree, size: int) -> Case:
    """A similar-title suggestion and the accounts screen's data at ``size``, in process."""
    lab, results = tree.lab, tree.results
    database = str(lab.demo_workspace(size))

    def run() -> list[Sample]:
        report = lab.probe("asks", "--db", database, "--presses", str(SUGGESTIONS)).report
        if "unavailable" in report:
            raise Unavailable(report["unavailable"])
        # The first suggestion imports the matcher: left out, like a first key press.
        similar = Sample(
            statistics.median(report["similar"][1:]), statistics.median(report["similar_cpu"][1:])
        )
        return [similar, Sample(report["accounts"], report["accounts_cpu"])]

    figures = (results.figure("similar_title", size), results.figure("accounts_ready", size))
    return Case(figures, run)


def convert_exports(this: Tree, other: Tree, sizes: Sequence[int]) -> None:
    """The other tree's export file beside the same workspace in this tree's format: the
    file imported into an empty workspace of this tree and exported again."""
    for size in sizes:
        old = other.lab.path(f"export-{size}.toml")
        if not old.exists():
            continue
        fresh = this.lab.copy(this.lab.demo_workspace(0), f"converted-{size}.db")
        converted = this.lab.path(f"converted-{size}.toml")
        try:
            this.lab.time_secboard("--db", str(fresh), "import", str(old))
            this.lab.time_secboard("--db", str(fresh), "export", str(converted))
        except Unavailable as reason:
            progress(f"the other tree's export at {size:,} does not convert: {reason}")
            continue
        for key, path in (("export_size_old", old), ("export_size_converted", converted)):
            figure = this.results.figure(key, size)
            figure.derived = True
            figure.samples = file_size(path)


def measure_interaction(tree: Tree, size: int, presses: int) -> None:
    """``>`` and ``enter`` on the board of ``size`` requests; the first press is left out."""
    lab, results = tree.lab, tree.results
    database = lab.copy(lab.demo_workspace(size), f"interact-{size}.db")
    probe = lab.probe("interact", "--db", str(database), "--presses", str(presses))
    for key, name in (("card_move", "move"), ("request_open", "open")):
        figure = results.figure(key, size)
        figure.excluded, figure.samples = probe.report[name][:1], probe.report[name][1:]
        figure.cpu = probe.report[f"{name}_cpu"][1:]


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


def floor_mismatches(trees: Sequence[Tree], sizes: Sequence[int]) -> frozenset[tuple[str, int]]:
    """Where the floor script's output differs from ``list --format json``'s (it must not)."""
    differs = set()
    for tree in trees:
        lab = tree.lab
        for size in sizes:
            database = str(lab.demo_workspace(size))
            listed, floor = lab.path(f"list-{size}.json"), lab.path(f"floor-{size}.json")
            runs: list[ChildRun] = [
                lab.run_secboard(["--db", database, "list", "--format", "json"], stdout=listed),
                lab.run([sys.executable, str(FLOOR), database], stdout=floor),
            ]
            same = all(run.returncode == 0 for run in runs)
            if not (same and listed.read_bytes() == floor.read_bytes()):
                progress(f"{tree.name}: the floor's output differs from list's at {size:,}")
                differs.add((tree.name, size))
            listed.unlink()
            floor.unlink()
    return frozenset(differs)


def taskwarrior_data(lab: Lab, sizes: Sequence[int]) -> TaskData | None:
    """taskwarrior filled with the workspace of 10,000 (None: not measured or no taskwarrior)."""
    if ANCHOR_SIZE not in sizes:
        return None
    task = find_taskwarrior(progress)
    if task is None:
        progress("no taskwarrior: list is held to the sqlite3 + json floor instead")
        return None
    progress(f"filling taskwarrior with {ANCHOR_SIZE:,} tasks")
    taskdata = TaskData(task, lab.folder.parent / "taskdata")
    try:
        taskdata.fill(lab.demo_workspace(ANCHOR_SIZE))
    except RuntimeError as failure:
        progress(f"{failure}: list is held to the sqlite3 + json floor instead")
        return None
    return taskdata


def warm_up(tree: Tree, anchors: Anchors, size: int) -> None:
    """Run every kind of child once, untimed, so that timed runs find the bytecode cached."""
    lab = tree.lab
    lab.probe("bare")
    lab.probe("board", "--db", str(lab.demo_workspace(size)))
    lab.time_secboard("--version")
    scratch = Tree(tree.name, lab, Results())
    cases = [*cli_cases(scratch, anchors, size), asks_case(scratch, size)]
    if anchors.taskdata is not None:
        cases.append(task_export_case(scratch, anchors.taskdata, ANCHOR_SIZE))
    for case in cases:
        with contextlib.suppress(Unavailable):
            case.run()


def make_trees(folder: Path, against: Path | None) -> list[Tree]:
    """This tree, after the other one when there is one (so the order is A = other, B = this).

    Measured against another tree, this one too runs from its source with ``PYTHONPATH``,
    so that both start the same way.
    """
    this = Tree("this", Lab(folder / "this", ROOT if against else None), Results())
    if against is None:
        return [this]
    return [Tree("other", Lab(folder / "other", against), Results()), this]


def measure(folder: Path, settings: Settings) -> list[Tree]:
    """Every figure, section by section, for each tree alternately."""
    trees = make_trees(folder, settings.against)
    sizes, repeat = settings.sizes, settings.repeat
    for tree in trees:
        tree.imported = tree.lab.imported_secboard()
        progress(f"{tree.name}: secboard imported from {tree.imported}")
    for size in (0, *sizes):
        progress(f"building a workspace of {size:,} requests")
        for tree in trees:
            tree.lab.demo_workspace(size)
    progress("checking that the floor script prints what list prints")
    anchors = Anchors(floor_mismatches(trees, sizes), taskwarrior_data(trees[-1].lab, sizes))
    progress("warming up the bytecode cache")
    for tree in trees:
        warm_up(tree, anchors, min(sizes))
    progress("first frame: bare Textual app and secboard")
    run_rounds(alternate(*(first_frame_cases(tree) for tree in trees)), repeat, progress)
    progress(f"board ready and peak RSS at {', '.join(f'{s:,}' for s in sizes)} requests")
    boards = alternate(*([board_case(tree, size) for size in sizes] for tree in trees))
    run_rounds(boards, repeat, progress)
    for tree in trees:
        add_board_ratios(tree.results, sizes)
    progress("CLI commands and their anchors")
    command_lists = []
    for tree in trees:
        cases = [command_case(tree.lab, (tree.results.figure("cli_version"),), "--version")]
        for size in sizes:
            cases += cli_cases(tree, anchors, size)
        command_lists.append(cases)
    run_rounds(alternate(*command_lists), repeat, progress)
    progress(f"similar titles and the accounts screen at {', '.join(f'{s:,}' for s in sizes)}")
    asks = alternate(*([asks_case(tree, size) for size in sizes] for tree in trees))
    run_rounds(asks, repeat, progress)
    if len(trees) == 2:
        progress("the other tree's exports in this tree's format")
        convert_exports(trees[1], trees[0], sizes)
    for size in sizes:
        progress(f"card move and request open at {size:,} requests")
        for tree in trees:
            measure_interaction(tree, size, presses=repeat + 1)
    return trees


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the tables and write the results file."""
    settings = parse_arguments(argv)
    started = time.monotonic()
    machine = machine_info()
    progress(f"load average before: {', '.join(f'{v:.2f}' for v in machine['load_average'])}")
    with tempfile.TemporaryDirectory(prefix="secboard-benchmark-") as folder:
        trees = measure(Path(folder), settings)
    machine["load_average_after"] = os.getloadavg()
    machine["seconds"] = round(time.monotonic() - started, 1)
    results = {tree.name: tree.results for tree in trees}
    checks = {name: targets(found, settings.sizes) for name, found in results.items()}
    machine["trees"] = {tree.name: tree.imported for tree in trees}
    print(machine_line(machine))
    print()
    print(render(results, checks, markdown=settings.markdown))
    recorded = {
        **asdict(settings),
        "json_path": str(settings.json_path),
        "against": None if settings.against is None else str(settings.against),
    }
    write_json(settings.json_path, machine, recorded, results, checks)
    progress(f"results written to {settings.json_path} ({machine['seconds']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
