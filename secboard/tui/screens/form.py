"""Modal forms: fields validated inline, saved through a callback that may still refuse.

A form never talks to the workspace. It is given a ``save`` coroutine; if that raises
:class:`InvalidInput`, the message appears under the field it names and everything
typed stays where it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Generic, TypeVar

from textual import on, work
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input

from secboard.domain.errors import InvalidInput, SecboardError
from secboard.tui.commands import bindings
from secboard.tui.screens.base import ClosesOnce
from secboard.tui.widgets.form_field import FormField

T = TypeVar("T")


class FormScreen(ClosesOnce[T | None], ModalScreen[T | None], Generic[T]):
    """Base of the modal forms; dismisses with what :meth:`submit` returned, or None."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [*bindings("form")]
    AUTO_FOCUS = "FormField > *"
    """The first field's control, not a scrolling container around the fields."""

    def form_fields(self) -> dict[str, FormField]:
        """The fields of the form, by name."""
        return {field.field_name: field for field in self.query(FormField)}

    def values(self) -> dict[str, str]:
        """What is typed in every field, by name."""
        return {name: field.value for name, field in self.form_fields().items()}

    def check(self, values: Mapping[str, str]) -> dict[str, str]:
        """Problems with the values, by field name (none by default)."""
        return {}

    async def submit(self, values: Mapping[str, str]) -> T:
        """Save the values (raise :class:`InvalidInput` to refuse one field)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self._opened_with = self.values()

    def action_cancel(self) -> None:
        """Close without saving; if anything was typed, ask before throwing it away."""
        if self.values() == self._opened_with:
            self.dismiss(None)
            return
        from secboard.tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed?", "Discard"), answered)

    def action_save(self) -> None:
        """Validate, then save."""
        values = self.values()
        problems = self.check(values)
        self.show_problems(problems)
        if not problems:
            self._submit(values)

    @on(Input.Submitted)
    def _enter_saves(self) -> None:
        self.action_save()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Put each message under its field; focus the first bad field."""
        fields = self.form_fields()
        for name, field in fields.items():
            field.set_error(problems.get(name))
        first = next((fields[name] for name in fields if name in problems), None)
        if first is not None:
            first.control.focus()

    @work(group="form", exclusive=True)
    async def _submit(self, values: Mapping[str, str]) -> None:
        try:
            result = await self.submit(values)
        except InvalidInput as error:
            if error.field in self.form_fields():
                self.show_problems({error.field: error.message})
            else:
                self.notify(str(error), severity="error", markup=False)
            return
        except SecboardError as error:
            self.notify(str(error), severity="error", markup=False, timeout=8)
            return
        self.dismiss(result)
