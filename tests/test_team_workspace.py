"""Two PMs on one workspace at once: separate processes, the same database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from secboard.domain.errors import Conflict
from secboard.domain.model import Answer, Status
from secboard.workspace import Workspace


def other_pm(database: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """``secboard`` run by the other PM: a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "secboard", "--db", str(database), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_edit_from_an_outdated_copy_is_refused_and_each_pm_sees_the_others_change(
    workspace: Workspace, database_url: Path | str
):
    request = workspace.add({"title": "SSO for the admin console"})
    workspace.has_external_changes()

    done = other_pm(database_url, "edit", str(request.id), "--title", "SSO and SCIM")
    assert done.returncode == 0, done.stderr

    assert workspace.has_external_changes()
    with pytest.raises(Conflict, match="changed elsewhere"):
        workspace.edit(request.id, {"owner": "Ana"}, expected_version=request.version)
    assert workspace.request(request.id).title == "SSO and SCIM"
    assert workspace.request(request.id).owner is None

    latest = workspace.request(request.id)
    workspace.edit(request.id, {"owner": "Ana"}, expected_version=latest.version)
    shown = other_pm(database_url, "show", str(request.id))
    assert "Ana" in shown.stdout


ANSWER_EACH = (
    "import sys\n"
    "from secboard.cli import cli\n"
    "database, request_id, *keys = sys.argv[1:]\n"
    "for key in keys:\n"
    "    cli(['--db', database, 'check', request_id, key, 'yes'], standalone_mode=False)\n"
)
"""The other PM's process: answers each checklist question given, one change at a time."""


def test_two_pms_answering_at_once_lose_no_answer(workspace: Workspace, database_url: Path | str):
    request = workspace.add({"title": "Audit-log export"})
    workspace.move(request.id, Status.DISCOVERY)
    keys = [item.key for item in workspace.request(request.id).checklist]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", ANSWER_EACH, str(database_url), str(request.id), *half],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in (keys[0::2], keys[1::2])
    ]
    for process in processes:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err

    answers = {item.key: item.answer for item in workspace.request(request.id).checklist}
    assert answers == dict.fromkeys(keys, Answer.YES)
