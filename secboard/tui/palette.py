"""The command palette, with one of Textual's crashes kept out.

Kept apart from the app so that Textual's palette code loads when the palette first
opens, not while the first frame is waiting.
"""

from __future__ import annotations

import contextlib

from textual.command import CommandPalette


class SafeCommandPalette(CommandPalette):
    """Textual's command palette, minus a crash.

    PgUp/PgDn typed right after ctrl+p, before the list is first laid out, raise
    KeyError in Textual 8.2's OptionList._move_page, which would end the app.
    """

    def _action_command_list(self, action: str) -> None:
        with contextlib.suppress(KeyError):
            super()._action_command_list(action)
