from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from strive.actions import Action, Catalogue, Effect
from strive.effort import EffortEntry
from strive.i18n import _, use_locale
from strive.replan import effort_state, gap_targets, open_item_text
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


def _labelled() -> TraitSet:
    from strive.traits import Kind, Trait

    return TraitSet.of(
        [
            Trait(
                "passes_physical",
                Kind.BOOL,
                label="passes the physical",
                label_es="pasa el examen médico",
            ),
            Trait(
                "military",
                Kind.BOOL,
                label="served in the armed forces",
                label_es="sirvió en las fuerzas armadas",
            ),
        ]
    )


@pytest.mark.parametrize("locale", ["en", "es"])
def test_an_open_item_reads_the_traits_label_not_its_id(locale: str) -> None:
    """The route's open items said ``passes_physical``: the id, not the label."""
    traits = _labelled()
    with use_locale(locale):
        unrecorded = open_item_text("physical", "passes_physical", traits, {})
        gap = open_item_text("gap", "military", traits, {"military": False})
        physical = traits["passes_physical"].title
        military = traits["military"].title
        words = (_("medical exam"), _("no"), _("yes"))
    assert physical in unrecorded and words[0] in unrecorded
    assert f"{military}: {words[1]} → {words[2]}" in gap
    for text in (unrecorded, gap):
        assert "passes_physical" not in text and "military" not in text


def test_a_condition_on_no_known_trait_is_shown_as_written() -> None:
    text = open_item_text("physical", "no_such_trait", _labelled(), {})
    assert "no_such_trait" in text
