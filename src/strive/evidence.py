"""Evidence: what a person learned about the selected that no dataset holds.

"They were all certified pilots and divers, and knew a third language", José Hernández
found after his sixth rejection. Evidence is a condition (``pilot_certificate``,
``languages>=3``) with a count ``have`` of ``of`` selected people and a source. The
counts may be omitted for a qualitative finding, which is then shown without a share.
Evidence is always reported as its own line with its own source, never mixed silently
with dataset counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from strive import validate as check
from strive.errors import TraitValueError
from strive.i18n import _


@dataclass(frozen=True)
class Evidence:
    condition: str
    """A condition over the goal's traits, e.g. ``pilot_certificate``."""
    source: str
    have: int | None = None
    of: int | None = None
    note: str = ""
    recorded: dt.date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        check.name(self.condition, "condition", limit=check.TEXT_MAX)
        check.text(self.source, "source")
        check.note(self.note, "note")
        check.maybe_day(self.recorded, "recorded")
        for field in ("have", "of"):
            if getattr(self, field) is not None:
                check.whole(getattr(self, field), field)
        if not self.source.strip():
            raise TraitValueError(_("evidence needs a source (who or what says so)"))
        if (self.have is None) != (self.of is None):
            raise TraitValueError(_("give both --have and --of, or neither"))
        if self.have is not None and self.of is not None:
            if self.of <= 0:
                raise TraitValueError(
                    _("--of must be at least 1, not {of}").format(of=self.of)
                )
            if not 0 <= self.have <= self.of:
                raise TraitValueError(
                    _("--have must be between 0 and --of ({of}), not {have}").format(
                        of=self.of, have=self.have
                    )
                )

    @property
    def share(self) -> float | None:
        if self.have is None or self.of is None:
            return None
        return self.have / self.of

    def to_json(self) -> dict[str, Any]:
        """One item of ``strive evidence list --json`` and ``GET .../evidence``."""
        return {
            "id": self.id,
            "condition": self.condition,
            "have": self.have,
            "of": self.of,
            "share": self.share,
            "source": self.source,
            "note": self.note,
            "recorded": self.recorded.isoformat() if self.recorded else None,
        }


def evidence_json(items: Iterable[Evidence]) -> dict[str, Any]:
    """The document of ``strive evidence list --json`` and the API (one shape)."""
    return {"evidence": [e.to_json() for e in items]}
