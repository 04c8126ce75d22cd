"""The test harness itself: waiting for the app never hangs and never gives up silently."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from secboard.domain.model import Status
from secboard.tui.app import SecboardApp
from secboard.workspace import Workspace
from tests.tui_helpers import column_ids, selected_id, settle


async def test_settle_names_a_worker_that_never_finishes_instead_of_hanging(
    workspace: Workspace,
):
    app = SecboardApp(workspace)
    never = asyncio.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.run_worker(never.wait(), name="stuck-worker")
        with pytest.raises(AssertionError, match="stuck-worker"):
            await settle(pilot, timeout=0.5)
        never.set()
        await settle(pilot)


async def test_settle_waits_for_keys_queued_before_it(workspace: Workspace):
    for title in ("first", "second", "third"):
        workspace.add({"title": title})
    app = SecboardApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(2):
            app.post_message(events.Key("j", "j"))
        await settle(pilot)
        assert selected_id(app) == column_ids(app, Status.INTAKE)[2]
