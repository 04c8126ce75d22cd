"""What the main screens share: keeping up with workspace changes, guarding edits."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from textual import on
from textual.await_complete import AwaitComplete
from textual.screen import Screen

from secboard.tui.messages import WorkspaceChanged

if TYPE_CHECKING:
    from secboard.tui.app import SecboardApp
    from secboard.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def editing(action: F) -> F:
    """Mark an action that changes the workspace: refused, with a word, when read-only."""

    @functools.wraps(action)
    def guarded(self: Screen[Any], *args: Any, **kwargs: Any) -> Any:
        if cast("SecboardApp", self.app).refuse_if_read_only():
            return None
        return action(self, *args, **kwargs)

    return cast(F, guarded)


ResultType = TypeVar("ResultType")

if TYPE_CHECKING:
    _ScreenMixin = Screen
else:
    # At run time a plain mixin: a DOM base here would stand first in the class's CSS
    # chain, which follows only the first DOM base, and a dialog declared
    # ``(ClosesOnce[...], ModalScreen[...])`` would lose ModalScreen's centring and
    # dimmed background.
    _ScreenMixin = Generic


class ClosesOnce(_ScreenMixin[ResultType]):
    """Mixed into a screen: it closes itself only while it is the one on top.

    Textual's ``dismiss`` pops whatever screen is on top: a second Enter or Esc that
    arrived before the first one closed this screen would close the screen beneath it.
    List it before the screen class: ``class Dialog(ClosesOnce[T], ModalScreen[T])``.
    """

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete()  # nothing to wait for
        return super().dismiss(result)


class WorkspaceScreen(ClosesOnce[None], Screen[None]):
    """A screen showing workspace data, refreshed when the workspace changes.

    Subclasses implement :meth:`reload`; it is called with the ids of the requests
    changed since the screen last looked (or None when everything may have changed).
    """

    COMMAND_SCOPES: ClassVar[tuple[str, ...]] = ()
    """Which commands of the registry this screen offers (besides the app's)."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: tuple[int, int] | None = None

    @property
    def secboard(self) -> SecboardApp:
        """The app, typed."""
        return cast("SecboardApp", self.app)

    @property
    def workspace(self) -> Workspace:
        """The workspace this screen shows."""
        return self.secboard.workspace

    def on_screen_resume(self) -> None:
        self.catch_up()

    @on(WorkspaceChanged)
    def _on_workspace_changed(self) -> None:
        self.catch_up()

    def catch_up(self) -> bool:
        """Reload what changed since this screen last looked; False if nothing did (or
        the screen was closed meanwhile: a worker may finish after its screen is gone)."""
        if not self.is_attached:
            return False
        now = (self.workspace.revision, self.secboard.external_serial)
        if now == self._seen:
            return False
        changed = None
        if self._seen is not None and self._seen[1] == now[1]:
            changed = self.workspace.changes_since(self._seen[0])
        self._seen = now
        self.reload(changed)
        return True

    def reload(self, changed: frozenset[int] | None) -> None:
        """Fetch and show fresh data (only ``changed`` requests when given)."""
        raise NotImplementedError
