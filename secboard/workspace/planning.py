"""Objectives, the vision and the checklist template."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from secboard.domain.errors import InvalidInput
from secboard.domain.model import (
    Objective,
    ObjectiveStatus,
    TemplateItem,
)
from secboard.domain.validation import (
    parse_date,
    parse_long_text,
    parse_objective_key,
    parse_title,
)
from secboard.store import queries

if TYPE_CHECKING:
    from secboard.store.unit import UnitOfWork

from secboard.workspace.base import WorkspaceBase, Written


class Planning(WorkspaceBase):
    """What the roadmap is measured against: objectives, vision, checklist template."""

    def add_objective(
        self,
        title: str,
        *,
        key: str | None = None,
        target: str | date | None = None,
        description: str = "",
    ) -> Objective:
        """Add a business objective; its key defaults to the next free ``O<n>``."""
        objective = Objective(
            key=parse_objective_key(key) if key is not None else "",
            title=parse_title(title),
            description=parse_long_text(description, "description"),
            target=parse_date(target, "target", today=self.today()),
        )
        with self._unit_of_work() as uow:
            existing = set(uow.objective_keys())
            if not objective.key:
                number = len(existing) + 1
                while f"O{number}" in existing:
                    number += 1
                objective = dataclasses.replace(objective, key=f"O{number}")
            elif objective.key in existing:
                raise InvalidInput("key", f"objective {objective.key!r} already exists")
            uow.save_objective(objective)
            key_added = objective.key

            def revert(u: UnitOfWork) -> Written:
                u.delete_objective(key_added)
                return {}

            self._remember(f"add objective {key_added}", revert, {}, {})
        return objective

    def edit_objective(
        self,
        key: str,
        *,
        title: str | None = None,
        description: str | None = None,
        target: str | date | None = None,
        status: ObjectiveStatus | None = None,
        clear_target: bool = False,
    ) -> Objective:
        """Change an objective's title, description, target date or status."""
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = parse_title(title)
        if description is not None:
            changes["description"] = parse_long_text(description, "description")
        if target is not None or clear_target:
            changes["target"] = parse_date(target, "target", today=self.today())
        if status is not None:
            changes["status"] = status
        with self._unit_of_work() as uow:
            before = uow.objective(key)
            updated = dataclasses.replace(before, **changes)
            uow.save_objective(updated)

            def revert(u: UnitOfWork) -> Written:
                u.save_objective(before)
                return {}

            self._remember(f"edit objective {key}", revert, {}, {})
        return updated

    def set_vision(self, text: str) -> None:
        """Replace the one-paragraph vision of the security program."""
        vision = parse_long_text(text.strip(), "vision")
        before = self.vision()
        with self._unit_of_work() as uow:
            uow.set_setting(queries.VISION_KEY, vision)

            def revert(u: UnitOfWork) -> Written:
                u.set_setting(queries.VISION_KEY, before)
                return {}

            self._remember("edit vision", revert, {}, {})

    def use_template(self, template: Sequence[TemplateItem]) -> bool:
        """Make ``template`` the checklist for requests entering discovery from now on.

        Returns True when it differed from the stored one.
        """
        if tuple(template) == self.template():
            return False
        with self._unit_of_work() as uow:
            uow.set_setting(queries.TEMPLATE_KEY, queries.encode_template(template))
        return True
