"""Starts the benchmark's children, from a process that stays small.

Run as a file by the benchmark (``python benchmarks/spawner.py``), it reads one request
per line on standard input (JSON: ``command``, ``env``, ``cwd``, ``stdout``, ``stderr``,
``timeout``), runs the command to its end, reaps it with ``os.wait4`` and answers with one
line of JSON: exit code, start time, wall and CPU seconds, peak RSS.

Why a process of its own: Linux counts in a child's peak RSS (``ru_maxrss``) the memory
of the process image it replaced at ``exec``, which for a child of the benchmark is a
copy of the benchmark itself, grown large by the documents it parses. Children started
from here carry only this small process's few megabytes, below any secboard's own.
It imports the standard library only.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from typing import Any


def cpu_seconds(usage: resource.struct_rusage) -> float:
    """User plus system CPU seconds of a resource usage."""
    return float(usage.ru_utime + usage.ru_stime)


def peak_rss_megabytes(usage: resource.struct_rusage) -> float:
    """The peak resident set size of a resource usage, in MB (Linux reports KiB)."""
    return usage.ru_maxrss * 1024 / 1e6


def usage_report(status: int, usage: resource.struct_rusage) -> dict[str, Any]:
    """What ``os.wait4`` said about a child: its exit code, CPU seconds and peak RSS."""
    return {
        "returncode": os.waitstatus_to_exitcode(status),
        "cpu": cpu_seconds(usage),
        "peak_rss_megabytes": peak_rss_megabytes(usage),
    }


def run(request: dict[str, Any]) -> dict[str, Any]:
    """Run one requested command to its end; its output goes to the files it names."""
    stdout_path = request["stdout"]
    with (
        open(os.devnull if stdout_path is None else stdout_path, "wb") as stdout,
        open(request["stderr"], "wb") as stderr,
    ):
        started = time.monotonic()
        process = subprocess.Popen(
            request["command"],
            env=request["env"],
            cwd=request["cwd"],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
        watchdog = threading.Timer(request["timeout"], process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.monotonic() - started
    # Reaped here, not by Popen: tell it, so that it does not wait for the process.
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"started": started, "wall": wall, **usage_report(status, usage)}


def main() -> None:
    """Answer requests until standard input closes."""
    for line in sys.stdin:
        print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
