"""Merging, as a property: any sequence of merges and undos on a real workspace keeps
every ask exactly once, refuses a bad merge without changing anything, keeps each
request's demand what its asks say, and undoing everything gives back every request."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secboard.domain.asks import IMPORTANCE_ORDER, Importance, account_key
from secboard.domain.errors import InvalidInput
from secboard.domain.model import RequestRecord
from secboard.snapshot import parse_snapshot
from secboard.workspace import Workspace
from tests import postgres_support
from tests.conftest import FakeClock

ACCOUNTS = {"Acme": "100000", "Globex": "250000", "Initech": ""}
"""The accounts asks come from, with their ARR (Initech has none)."""
SPELLINGS = ("Acme", " ACME ", "acme", "Globex", "Initech", None)
"""How an ask may name its account; None is an internal ask."""

asks = st.lists(
    st.fixed_dictionaries(
        {
            "account": st.sampled_from(SPELLINGS),
            "importance": st.sampled_from([level.value for level in Importance]),
            "due": st.sampled_from(["", "2027-01-15", "2027-03-01"]),
        }
    ),
    min_size=1,
    max_size=3,
)
Step = tuple[str, int, int]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("merge"), st.integers(1, 4), st.integers(1, 4)),
        st.just(("undo", 0, 0)),
    ),
    max_size=8,
)


@contextmanager
def fresh_workspace(backend: str, folder: Path) -> Iterator[Workspace]:
    """An empty workspace of its own for one example, on ``backend``."""
    if backend == "sqlite":
        opened = Workspace.open(folder / "workspace.db", clock=FakeClock())
        try:
            yield opened
        finally:
            opened.close()
        return
    base = postgres_support.server_url()
    assert base is not None
    with postgres_support.private_schema(base) as url:
        opened = Workspace.open(url, clock=FakeClock())
        try:
            yield opened
        finally:
            opened.close()


def records(workspace: Workspace) -> dict[int, RequestRecord]:
    """Every request of the workspace, merged ones too, with its history."""
    return {request.id: workspace.record(request.id) for request in workspace.requests()}


def unversioned(state: dict[int, RequestRecord]) -> dict[int, RequestRecord]:
    """``state`` without version numbers: an undo writes the old values as a new version."""
    return {
        request_id: dataclasses.replace(
            record, request=dataclasses.replace(record.request, version=0)
        )
        for request_id, record in state.items()
    }


def check_invariants(workspace: Workspace, ask_ids: Counter[int]) -> None:
    """Each ask is held once, merged requests hold none and name one on the board,
    demand is what the asks say, and the workspace exports a snapshot that imports."""
    state = records(workspace)
    held = Counter(ask.id for record in state.values() for ask in record.request.asks)
    assert held == ask_ids
    arr_of = {account.key: account.arr for account in workspace.accounts()}
    for record in state.values():
        request = record.request
        if request.merged_into is not None:
            assert request.asks == ()
            assert state[request.merged_into].request.merged_into is None
        keys = {account_key(ask.account) for ask in request.asks if ask.account is not None}
        known = [arr for key in keys if (arr := arr_of[key]) is not None]
        dues = [ask.due for ask in request.asks if ask.due is not None]
        highest = max(
            (IMPORTANCE_ORDER.index(ask.importance) for ask in request.asks), default=None
        )
        assert (request.ask_count, request.accounts, request.arr, request.due) == (
            len(request.asks),
            len(keys),
            sum(known) if known else None,
            min(dues, default=None),
        )
        assert request.importance == (None if highest is None else IMPORTANCE_ORDER[highest])
    board = {card.id: card for card in workspace.cards()}
    live = {i for i, record in state.items() if record.request.merged_into is None}
    assert set(board) == live
    parse_snapshot(workspace.export_snapshot()[0].encode())
    assert all(
        (board[i].accounts, board[i].arr) == (state[i].request.accounts, state[i].request.arr)
        for i in live
    )


def run_merges(
    workspace: Workspace, requests: list[list[dict[str, Any]]], plan: list[Step]
) -> None:
    """Set the workspace up with ``requests`` (the asks of each), then follow ``plan``."""
    for name, arr in ACCOUNTS.items():
        workspace.add_account({"name": name, "arr": arr})
    for number, request_asks in enumerate(requests, start=1):
        workspace.add({"title": f"Request {number}"})
        for ask in request_asks:
            workspace.add_ask(number, {"asked_on": "2026-11-01", "requester": "Ola", **ask})
    start = records(workspace)
    ask_ids = Counter(ask.id for record in start.values() for ask in record.request.asks)
    taken_back: list[dict[int, RequestRecord]] = []
    """The workspace before each merge not yet undone, the latest last."""
    for action, source, target in plan:
        before = records(workspace)
        label = workspace.undo_label
        if action == "undo":
            if not taken_back:
                continue  # Nothing of the plan's to undo: the rest is the set-up.
            assert workspace.undo().startswith("merge ")
            assert unversioned(records(workspace)) == unversioned(taken_back.pop())
        elif source not in before or target not in before:
            continue
        elif (
            source == target
            or before[source].request.merged_into is not None
            or before[target].request.merged_into is not None
        ):
            with pytest.raises(InvalidInput):
                workspace.merge(source, target)
            assert records(workspace) == before
            assert workspace.undo_label == label
        else:
            workspace.merge(source, target)
            taken_back.append(before)
            after = records(workspace)
            assert after[source].request.merged_into == target
            # Asks stay in the order they were made in, which is the order of their ids.
            assert after[target].request.asks == tuple(
                sorted(
                    (*before[target].request.asks, *before[source].request.asks),
                    key=lambda ask: ask.id,
                )
            )
        check_invariants(workspace, ask_ids)
    while taken_back:
        workspace.undo()
        taken_back.pop()
        check_invariants(workspace, ask_ids)
    assert unversioned(records(workspace)) == unversioned(start)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests=st.lists(asks, min_size=2, max_size=4), plan=steps)
def test_merges_and_undos_keep_every_ask_once_and_undo_restores_every_request(
    backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    requests: list[list[dict[str, Any]]],
    plan: list[Step],
) -> None:
    if backend == "postgresql" and postgres_support.server_url() is None:
        pytest.skip(postgres_support.SKIP_REASON)
    with fresh_workspace(backend, tmp_path_factory.mktemp("merges")) as workspace:
        run_merges(workspace, requests, plan)


def test_an_account_asked_in_another_spelling_leads_by_its_own_name(
    workspace: Workspace,
) -> None:
    workspace.add_account({"name": "Acme", "arr": "100000"})
    workspace.add({"title": "SSO"})
    workspace.add({"title": "SAML"})
    workspace.add_ask(1, {"asked_on": "2026-11-01", "account": "Acme"})
    asked = workspace.add_ask(2, {"asked_on": "2026-11-02", "account": " ACME "})
    before = workspace.record(2)

    workspace.merge(2, 1)
    workspace.undo()

    assert (asked.customer, asked.asks[0].account) == ("Acme", "Acme")
    assert unversioned({2: workspace.record(2)}) == unversioned({2: before})


def test_merging_a_request_others_were_merged_into_takes_them_along(
    workspace: Workspace,
) -> None:
    for title in ("SSO", "SAML", "Single sign-on"):
        workspace.add({"title": title})
    workspace.merge(3, 2)
    before = records(workspace)

    workspace.merge(2, 1)

    assert [workspace.request(i).merged_into for i in (2, 3)] == [1, 1]
    assert parse_snapshot(workspace.export_snapshot()[0].encode()).data.records
    assert workspace.undo() == "merge #2 into #1"
    assert unversioned(records(workspace)) == unversioned(before)


def test_a_request_others_were_merged_into_cannot_be_deleted(workspace: Workspace) -> None:
    for title in ("SSO", "SAML", "Single sign-on"):
        workspace.add({"title": title})
    workspace.merge(2, 1)
    workspace.merge(3, 1)
    before = records(workspace)

    with pytest.raises(InvalidInput, match=r"#1 holds what was merged into it \(#2, #3\)"):
        workspace.delete(1)

    assert records(workspace) == before
