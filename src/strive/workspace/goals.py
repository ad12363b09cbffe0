"""Step 1, define your goal: set, switch, close and limit goals; own templates.

A goal is judged against a template's selection; a person's own template file is
stored with the goal so the goal keeps working after the file moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strive.errors import InputError, StateError
from strive.goal import Goal, GoalStatus, Limits
from strive.i18n import _
from strive.workspace._base import WorkspaceBase, _id, _is_builtin

if TYPE_CHECKING:
    from strive.storage.records import StoredTemplate


@dataclass(frozen=True)
class TemplateUpdate:
    """What ``strive template update`` did: the goal and its stored template."""

    goal: Goal
    stored: StoredTemplate
    changed: bool


class GoalsMixin(WorkspaceBase):
    """Setting and changing goals."""

    def new_goal(
        self,
        title: str,
        template: str,
        *,
        why: str = "",
        target_date: dt.date | None = None,
        limits: Limits | None = None,
        follows: int | None = None,
    ) -> Goal:
        """Set a goal judged against a template's selection.

        ``template`` is a built-in template's name or the path of your own template
        file. Your own template is validated with its cohort and stored with the
        goal, so the goal keeps working from any folder and after the file moves.
        """
        from strive.storage.records import StoredTemplate
        from strive.templates import load_template
        from strive.templates.stored import read_template_files

        if not title.strip():
            raise InputError(_("a goal needs a title"))
        files = None
        if _is_builtin(template):
            name = load_template(template).name
        else:
            load_template(template)  # unknown names get the usual message
            files = read_template_files(template)
            name = files.name
        goal = Goal(
            title=title.strip(),
            template=name,
            why=why,
            target_date=target_date,
            limits=limits or Limits(),
            created=self.today,
        )
        with self._unit() as uow:
            current = uow.active_goal()
            if current is not None:  # at most one active goal
                uow.update_goal(current.pause(self.today))
            saved = uow.add_goal(goal)
            if files is not None:
                stored = uow.add_stored_template(
                    StoredTemplate(
                        name=files.name,
                        source_path=files.source_path,
                        digest=files.digest,
                        toml=files.toml,
                        cohort_file=files.cohort_file,
                        cohort_csv=files.cohort_csv,
                        stored=self.today,
                    )
                )
                uow.set_goal_template(_id(saved), stored.id)
            if follows is not None:
                previous = uow.get_goal(follows)
                uow.update_goal(replace(previous, next_goal=saved.id))
            return saved

    def update_template(
        self, path: str | Path | None = None, goal_id: int | None = None
    ) -> TemplateUpdate:
        """Store the new version of a goal's own template (all or nothing).

        ``path`` defaults to the file the template was first read from. The new
        version is validated with its cohort before anything is written. A goal made
        from a file before templates were stored gets its template stored now.

        Raises:
            StateError: the goal uses a built-in template, or the file is gone.
            TemplateError, DataImportError: the new version is not valid.
        """
        from strive.storage.records import StoredTemplate
        from strive.templates.stored import read_template_files

        with self._unit() as uow:
            goal = self._goal(uow, goal_id)
            stored = uow.goal_template(_id(goal))
            if stored is None and _is_builtin(goal.template):
                raise StateError(
                    f"goal {goal.id} uses the built-in template {goal.template!r}; "
                    "only your own template files are stored and updated"
                )
            source = goal.template if stored is None else stored.source_path
            if path is None and not Path(source).is_file():
                kept = (
                    "" if stored is None else "; the goal keeps using its stored copy"
                )
                raise StateError(
                    f"{source} is gone (moved or deleted){kept}. To store a new "
                    "version, give its path: strive template update PATH"
                )
            files = read_template_files(path or source)
            if stored is not None and files.digest == stored.digest:
                return TemplateUpdate(goal, stored, changed=False)
            new = StoredTemplate(
                name=files.name,
                source_path=files.source_path,
                digest=files.digest,
                toml=files.toml,
                cohort_file=files.cohort_file,
                cohort_csv=files.cohort_csv,
                stored=self.today,
                id=None if stored is None else stored.id,
            )
            if stored is None:
                new = uow.add_stored_template(new)
                uow.set_goal_template(_id(goal), new.id)
            else:
                uow.update_stored_template(new)
                if goal.template == stored.name and files.name != stored.name:
                    goal = replace(goal, template=files.name)
                    uow.update_goal(goal)
            return TemplateUpdate(goal, new, changed=True)

    def goals(self) -> list[Goal]:
        """The person's goals, oldest first, read in a read-only unit (on SQLite it
        takes no write lock, so it does not wait for a writer)."""
        with self._unit(read=True) as uow:
            return uow.list_goals()

    def goal_version(self, goal_id: int) -> int:
        """The goal's edit counter (what a form sends back with its change)."""
        with self._unit(read=True) as uow:
            return uow.goal_version(goal_id)

    def goal(self, goal_id: int | None = None) -> Goal:
        """The goal ``goal_id`` (default: the active one), read-only like
        :meth:`goals`."""
        with self._unit(read=True) as uow:
            return self._goal(uow, goal_id)

    def close_goal(
        self,
        status: GoalStatus,
        reason: str,
        goal_id: int | None = None,
        *,
        expected_version: int | None = None,
    ) -> Goal:
        """Achieve or retire a goal; the history is kept.

        Raises:
            ConflictError: the goal is not at ``expected_version`` (when given);
                nothing is written.
        """
        with self._unit() as uow:
            goal = self._goal(uow, goal_id)
            if expected_version is not None:
                uow.expect_goal_version(_id(goal), expected_version)
            goal = goal.close(status, reason, self.today)
            uow.update_goal(goal)
            return goal

    def use_goal(self, goal_id: int, *, expected_version: int | None = None) -> Goal:
        """Make ``goal_id`` the active goal; the one active now is paused.

        Raises:
            NotFoundError: no such goal.
            StateError: the goal was achieved.
            ConflictError: the goal is not at ``expected_version`` (when given);
                nothing is written.
        """
        with self._unit() as uow:
            goal = uow.get_goal(goal_id)
            if expected_version is not None:
                uow.expect_goal_version(goal_id, expected_version)
            if goal.status is GoalStatus.ACTIVE:
                return goal
            resumed = goal.resume(self.today)
            current = uow.active_goal()
            if current is not None:
                uow.update_goal(current.pause(self.today))
            uow.update_goal(resumed)
            return resumed

    def update_limits(
        self,
        *,
        hours_per_week: float | None = None,
        money: float | None = None,
        months_away: float | None = None,
        max_parallel: int | None = None,
        clear: Sequence[str] = (),
        goal_id: int | None = None,
        expected_version: int | None = None,
    ) -> Goal:
        """Change only the limits given (``clear`` removes money or months-away);
        the others keep their values. Validated as when the goal was set.

        Raises:
            InputError: ``clear`` names something that is not an optional limit.
            TraitValueError: a limit is out of range.
        """
        names = {"money": "money", "months-away": "months_away"}
        for item in clear:
            if item not in names:
                raise InputError(f"--clear takes money or months-away, not {item!r}")
        with self._unit() as uow:
            goal = self._goal(uow, goal_id)
            given = {
                "hours_per_week": hours_per_week,
                "money": money,
                "months_away": months_away,
                "max_parallel": max_parallel,
            }
            changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
            for item in clear:
                if names[item] in changes:
                    raise InputError(f"--clear {item} contradicts the value given")
                changes[names[item]] = None
            goal = replace(goal, limits=replace(goal.limits, **changes))
            uow.update_goal(goal, expected_version=expected_version)
            return goal
