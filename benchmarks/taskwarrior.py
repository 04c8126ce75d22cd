"""The anchor of ``secboard list --format json``: taskwarrior's ``task export``.

taskwarrior is the nearest tool that lists the same kind of thing from a local store.
The benchmark fills a taskwarrior data folder with one task per request of a demo
workspace (same titles, descriptions as annotations, tags, dates), through ``task
import``, and times ``task export`` on it. Nothing is fetched: taskwarrior comes from
the system's packages (installed with apt-get when the benchmark runs as root and it is
missing), and the tasks are made from the workspace.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

CLOSED = frozenset({"shipped", "closed"})
"""secboard statuses that are a completed task."""
NAMESPACE = uuid.UUID("5f1b0c1e-2a57-4d3c-9c43-1f2f5b7ad0e1")
"""Task uuids are derived from request ids, so the same workspace gives the same tasks."""
RC = "confirmation=off\nverbose=nothing\nhooks=off\nrecurrence=off\n"


def find_taskwarrior(progress: Callable[[str], None]) -> str | None:
    """The ``task`` command; installed from the system's packages if it is missing and the
    benchmark runs as root (None when neither)."""
    found = shutil.which("task")
    if found or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return found
    progress("installing taskwarrior (apt-get install taskwarrior)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "taskwarrior"]
    for command in (install, ["apt-get", "update", "-q"], install):
        completed = subprocess.run(command, env=env, capture_output=True, check=False)
        if command is install and completed.returncode == 0:
            break
    return shutil.which("task")


def task_moment(stored: str) -> str:
    """A stored UTC moment in taskwarrior's form (``20260820T145610Z``)."""
    return datetime.fromisoformat(stored).strftime("%Y%m%dT%H%M%SZ")


def task_of(row: sqlite3.Row) -> dict[str, Any]:
    """The task standing for one request row."""
    entry = task_moment(row["created_at"])
    task: dict[str, Any] = {
        "uuid": str(uuid.uuid5(NAMESPACE, str(row["id"]))),
        "description": row["title"],
        "project": row["source"],
        "status": "completed" if row["status"] in CLOSED else "pending",
        "entry": entry,
        "modified": task_moment(row["updated_at"]),
        "tags": [tag.replace(" ", "_") for tag in json.loads(row["tags"])],
        "annotations": [{"entry": entry, "description": row["description"]}],
    }
    if row["status"] in CLOSED:
        task["end"] = task["modified"]
    if row["due"]:
        task["due"] = row["due"].replace("-", "") + "T000000Z"
    if row["customer"]:
        task["customer"] = row["customer"]
    return task


def tasks_of(database: Path) -> list[dict[str, Any]]:
    """One task per request of the workspace ``database``, in id order."""
    with closing(sqlite3.connect(database)) as connection:
        connection.row_factory = sqlite3.Row
        return [task_of(row) for row in connection.execute("SELECT * FROM request ORDER BY id")]


class TaskData:
    """A taskwarrior data folder of its own, and the environment that points ``task`` to it."""

    def __init__(self, task: str, folder: Path) -> None:
        self.task = task
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        rc = folder / "taskrc"
        # The uda lets the customer travel with the task, as an attribute of its own.
        rc.write_text(f"{RC}data.location={folder}\nuda.customer.type=string\n", encoding="utf-8")
        self.env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(folder)}

    def fill(self, database: Path) -> None:
        """Import one task per request of ``database``."""
        tasks = self.folder / "tasks.json"
        tasks.write_text(json.dumps(tasks_of(database), ensure_ascii=False), encoding="utf-8")
        completed = subprocess.run(
            [self.task, "import", str(tasks)],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"task import failed: {completed.stderr.strip()[-300:]}")

    @property
    def export_command(self) -> list[str]:
        """``task export``: every task as JSON."""
        return [self.task, "export"]
