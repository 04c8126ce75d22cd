"""A labelled form field with room for its error message underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea


class FormField(Vertical):
    """A label, an input widget and an error line, for one named field."""

    DEFAULT_CSS = """
    FormField {
        height: auto;
        margin: 0 0 1 0;
        & > .field-label { color: $text-muted; }
        & > .field-hint { color: $text-disabled; }
        & > .field-error { color: $error; display: none; }
        &.-invalid > .field-error { display: block; }
        &.-invalid Input, &.-invalid TextArea, &.-invalid SelectCurrent {
            border: tall $error;
        }
        & TextArea { height: 5; }
    }
    """

    def __init__(self, name: str, label: str, control: Widget, *, hint: str = "") -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        """The request field this edits."""
        self.control = control
        """The widget that holds the value."""
        self._label = label
        self._hint = hint
        self._error = Static(classes="field-error")

    def compose(self) -> ComposeResult:
        yield Label(Content(self._label), classes="field-label")
        yield self.control
        if self._hint:
            yield Static(Content(self._hint), classes="field-hint")
        yield self._error

    @property
    def value(self) -> str:
        """The field's current value as text (empty for a blank selection)."""
        control = self.control
        if isinstance(control, Input):
            return control.value
        if isinstance(control, TextArea):
            return control.text
        if isinstance(control, Select):
            return "" if control.value is Select.NULL else str(control.value)
        if isinstance(control, Checkbox):
            return "yes" if control.value else ""
        raise TypeError(f"unsupported control {type(control).__name__}")

    def set_error(self, message: str | None) -> None:
        """Show ``message`` under the field, or clear it."""
        self.set_class(bool(message), "-invalid")
        self._error.update(Content(message or ""))
