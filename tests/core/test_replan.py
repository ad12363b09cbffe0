from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from strive.actions import Action, Catalogue, Effect
from strive.effort import EffortEntry
from strive.replan import effort_state, gap_targets
from strive.traits import TraitSet

D = dt.date


@dataclass(frozen=True)
class Line:
    kind: str
    actionable: bool
    condition: str


def test_gap_targets_keep_rank_and_skip_what_no_action_changes(
    traits: TraitSet,
) -> None:
    lines = [
        Line("requirement", True, "us_citizen"),
        Line("cohort", True, "pilot_certificate"),
        Line("cohort", False, "jet_pic_hours>=1000"),
        Line("cohort", True, "age<=40"),  # fixed trait: time, not actions
        Line("evidence", True, "languages has russian"),
        Line("evidence", True, "no_such_trait"),
    ]
    assert [c.text() for c in gap_targets(lines, traits)] == [
        "pilot_certificate",
        "languages has russian",
    ]


def test_effort_state_splits_done_and_started(traits: TraitSet) -> None:
    def action(name: str, hours: float) -> Action:
        return Action(
            name, name, (Effect("pilot_certificate", "set", True),), 1, hours, 0
        )

    catalogue = Catalogue.of([action("pilot", 70), action("scuba", 24)])
    entries = [
        EffortEntry("pilot", 40, D(2026, 1, 10)),
        EffortEntry("pilot", 30, D(2026, 1, 3)),
        EffortEntry("scuba", 5, D(2026, 2, 1)),
        EffortEntry("scuba", 5, D(2026, 1, 20)),
    ]
    done, started = effort_state(entries, catalogue)
    assert done == ["pilot"]
    assert started == {"scuba": D(2026, 1, 20)}
