"""Moving, deciding, editing and deleting a request: shared by the board and request screens."""

from __future__ import annotations

from typing import Any

from textual import work

from secboard.domain.board import revisit_warning
from secboard.domain.errors import MoveRefused, SecboardError
from secboard.domain.model import Request, Status
from secboard.domain.text import printable
from secboard.tui.screens.base import WorkspaceScreen, editing


class RequestActions(WorkspaceScreen):
    """A screen with a selected request that the lifecycle keys act on.

    Subclasses say which request is selected and what to do after a change.
    """

    def selected_ref(self) -> tuple[int, int] | None:
        """The id and version of the selected request, if any."""
        raise NotImplementedError

    def selected_title(self) -> str:
        """The title of the selected request, as stored."""
        raise NotImplementedError

    def after_change(self, request_id: int, status: Status | None) -> None:
        """Catch up after a change to ``request_id`` (now in ``status``; None if deleted)."""
        raise NotImplementedError

    # Moves -----------------------------------------------------------------------------

    @editing
    def action_move_next(self) -> None:
        """Move the request to the next column."""
        if (ref := self.selected_ref()) is not None:
            self._step(ref, forward=True)

    @editing
    def action_move_previous(self) -> None:
        """Move the request back a column."""
        if (ref := self.selected_ref()) is not None:
            self._step(ref, forward=False)

    @editing
    def action_move_to(self) -> None:
        """Pick any status to move the request to."""
        if (ref := self.selected_ref()) is None:
            return
        from secboard.tui.screens.move_to import MoveToScreen

        def chosen(status: Status | None) -> None:
            if status is not None:
                self._move(ref, status)

        self.app.push_screen(MoveToScreen(), chosen)

    @work(group="db")
    async def _step(self, ref: tuple[int, int], *, forward: bool, reason: str = "") -> None:
        await self._apply_move(ref, reason, step_forward=forward)

    @work(group="db")
    async def _move(self, ref: tuple[int, int], status: Status, reason: str = "") -> None:
        await self._apply_move(ref, reason, target=status)

    async def _apply_move(
        self,
        ref: tuple[int, int],
        reason: str,
        *,
        step_forward: bool | None = None,
        target: Status | None = None,
    ) -> None:
        request_id, version = ref
        options: dict[str, Any] = {
            "force": bool(reason),
            "reason": reason,
            "expected_version": version,
        }
        try:
            if target is not None:
                moved = await self.secboard.call(self.workspace.move, request_id, target, **options)
            else:
                moved = await self.secboard.call(
                    self.workspace.step, request_id, forward=bool(step_forward), **options
                )
        except MoveRefused as refusal:
            self._offer_force(ref, refusal, step_forward, target)
            return
        except SecboardError as error:
            self.secboard.report(error)
            return
        if reason:
            # A plain move shows on the board itself; a forced one deserves a word.
            self.notify(f"#{moved.id} → {moved.status.label} (forced)", markup=False, timeout=3)
        self.after_change(moved.id, moved.status)

    def _offer_force(
        self,
        ref: tuple[int, int],
        refusal: MoveRefused,
        step_forward: bool | None,
        target: Status | None,
    ) -> None:
        if not refusal.forceable:
            self.secboard.report(refusal)
            return
        from secboard.tui.screens.force_move import ForceMoveScreen

        def forced(reason: str | None) -> None:
            if not reason:
                return
            if target is not None:
                self._move(ref, target, reason)
            else:
                self._step(ref, forward=bool(step_forward), reason=reason)

        self.app.push_screen(ForceMoveScreen(ref[0], refusal.problems), forced)

    # Decide, edit, delete -------------------------------------------------------------

    @editing
    def action_decide(self) -> None:
        """Record the decision on the request."""
        if (ref := self.selected_ref()) is not None:
            self._open_form(ref, "decide")

    @editing
    def action_edit(self) -> None:
        """Edit every field of the request."""
        if (ref := self.selected_ref()) is not None:
            self._open_form(ref, "edit")

    @work(group="db")
    async def _open_form(self, ref: tuple[int, int], kind: str) -> None:
        try:
            request = await self.secboard.call(self.workspace.request, ref[0])
            objectives = await self.secboard.call(self.workspace.objectives)
        except SecboardError as error:
            self.secboard.report(error)
            return
        if kind == "decide":
            from secboard.tui.screens.decide import DecideScreen

            self.app.push_screen(DecideScreen(request, self._save_decision))
        else:
            from secboard.tui.screens.edit_request import EditRequestScreen

            self.app.push_screen(EditRequestScreen(request, objectives, self._save_edit))

    async def _save_decision(self, request: Request, values: dict[str, Any]) -> None:
        decided = await self.secboard.call(
            self.workspace.decide, request.id, expected_version=request.version, **values
        )
        said = f"#{decided.id}: decided {values['decision'].value}"
        warning = revisit_warning(decided.revisit, self.workspace.today())
        if warning is None:
            self.notify(said, markup=False, timeout=3)
        else:
            self.notify(f"{said}; {warning}", markup=False, severity="warning", timeout=8)
        self.after_change(decided.id, decided.status)

    async def _save_edit(self, request: Request, fields: dict[str, Any]) -> None:
        edited = await self.secboard.call(
            self.workspace.edit, request.id, fields, expected_version=request.version
        )
        self.notify(f"#{edited.id} saved", markup=False, timeout=3)
        self.after_change(edited.id, edited.status)

    # Merge ---------------------------------------------------------------------------

    @editing
    def action_merge(self) -> None:
        """Pick a request to merge the selected one into."""
        if (ref := self.selected_ref()) is not None:
            self._pick_merge_target(ref, self.selected_title())

    @work(group="db")
    async def _pick_merge_target(self, ref: tuple[int, int], title: str) -> None:
        try:
            similar = await self.secboard.call(self.workspace.similar_requests, title, limit=6)
        except SecboardError as error:
            self.secboard.report(error)
            return
        from secboard.tui.screens.merge_into import MergeIntoScreen

        board = self.secboard.board_model()
        cards = board.all_cards() if board is not None else []

        def chosen(target: int | None) -> None:
            if target is not None:
                self._merge(ref, target)

        suggested = [found.id for found in similar]
        self.app.push_screen(MergeIntoScreen(ref[0], title, cards, suggested), chosen)

    @work(group="db")
    async def _merge(self, ref: tuple[int, int], target: int) -> None:
        source = ref[0]
        try:
            merged = await self.secboard.call(
                self.workspace.merge, source, target, expected_versions={source: ref[1]}
            )
        except SecboardError as error:
            self.secboard.report(error)
            return
        self.notify(f"Merged #{source} into #{target} — press u to undo", markup=False, timeout=5)
        # The board follows the card it went into; a request screen shows the merge.
        self.after_change(merged.id, merged.status)

    @editing
    def action_delete(self) -> None:
        """Delete the request, after asking."""
        if (ref := self.selected_ref()) is None:
            return
        from secboard.tui.screens.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(ref)

        title = printable(self.selected_title())
        question = f"Delete #{ref[0]} {title} with its checklist and history?"
        self.app.push_screen(ConfirmScreen(question, "Delete"), confirmed)

    @work(group="db")
    async def _delete(self, ref: tuple[int, int]) -> None:
        try:
            await self.secboard.call(self.workspace.delete, ref[0], expected_version=ref[1])
        except SecboardError as error:
            self.secboard.report(error)
            return
        self.notify(f"Deleted #{ref[0]} — press u to undo", markup=False, timeout=5)
        self.after_change(ref[0], None)
