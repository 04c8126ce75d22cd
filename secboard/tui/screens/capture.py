"""Quick capture: type a title, press Enter, and the request is in intake."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Select

from secboard.domain.model import Source
from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeInput

Save = Callable[[dict[str, str]], Awaitable[None]]


class CaptureScreen(FormScreen[bool]):
    """A title and a source; everything else can wait for discovery."""

    last_source: ClassVar[Source] = Source.CUSTOMER
    """The source used last time, offered again (most asks come in runs)."""

    def __init__(self, save: Save) -> None:
        super().__init__()
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content("New request"), classes="dialog-title")
            yield FormField(
                "title",
                "Title",
                SafeInput(placeholder="What was asked, in a few words"),
                hint="Enter saves it to intake · Tab to the source · Esc cancels",
            )
            yield FormField(
                "source",
                "Source",
                Select(
                    [(Content(source.label), source.value) for source in Source],
                    value=self.last_source.value,
                    allow_blank=False,
                ),
            )

    def check(self, values: Mapping[str, str]) -> dict[str, str]:
        return {} if values["title"].strip() else {"title": "must not be empty"}

    async def submit(self, values: Mapping[str, str]) -> bool:
        await self._save(dict(values))
        CaptureScreen.last_source = Source(values["source"])
        return True
