"""The keys of the screen in view, on one line at the bottom.

A light stand-in for Textual's Footer (which mounts a widget per key and restyles each
of them several times while a screen starts): one line of text, the screen's keys
first, then the keys that work everywhere; when the terminal is too narrow, the screen's
last keys give way so that help and quit always show. Clicking a key runs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.events import Click, Resize
from textual.widgets import Static

PALETTE_HINT = "^p palette"


@dataclass(frozen=True, slots=True)
class _Key:
    """One key shown: where it is bound, what it runs, and how it reads."""

    node: DOMNode
    binding: Binding
    label: str

    @property
    def width(self) -> int:
        """Cells taken, with the gap after it."""
        return len(self.label) + len(self.binding.description) + 3


class KeyBar(Static):
    """The active, visible bindings of the screen as ``key description`` pairs."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[tuple[int, int, _Key]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._draw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self._draw()

    def on_resize(self, _event: Resize) -> None:
        self._draw()

    def _keys(self) -> tuple[list[_Key], list[_Key]]:
        """The screen's keys and the app's keys, one entry per binding."""
        seen: set[tuple[int, str]] = set()
        local: list[_Key] = []
        everywhere: list[_Key] = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            identity = (id(active.node), binding.action)
            if not binding.show or not active.enabled or identity in seen:
                continue
            seen.add(identity)
            key = _Key(active.node, binding, self.app.get_key_display(binding))
            (everywhere if isinstance(active.node, App) else local).append(key)
        return local, everywhere

    def _draw(self) -> None:
        local, everywhere = self._keys()
        room = self.size.width - 2 - len(PALETTE_HINT)
        while local and sum(k.width for k in (*local, *everywhere)) > room:
            local.pop()
        parts: list[tuple[str, str] | str] = []
        self._shown = []
        x = 0
        for key in (*local, *everywhere):
            # A no-break space: screenshots (SVG) would swallow a plain leading space.
            parts += [(key.label, "bold $accent"), f"\u00a0{key.binding.description}  "]
            self._shown.append((x, x + key.width, key))
            x += key.width
        gap = max(1, room - x + 2)
        parts.append((" " * gap + PALETTE_HINT, "$text-muted"))
        self.update(Content.assemble(*parts), layout=False)

    async def on_click(self, event: Click) -> None:
        for start, end, key in self._shown:
            if start <= event.x - 1 < end:
                await self.app.run_action(key.binding.action, key.node)
                return
