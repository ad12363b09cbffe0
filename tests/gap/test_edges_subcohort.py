"""A sub-cohort that leaves no one selected is refused with a clear message.

``strive gap --years 2030-2040`` (no class selected yet), ``--years -1800`` or
``--where "age>119"`` once ended in a NumPy traceback from the look-alike index
("cannot reshape array of size 0"), and ``--years 2030-1990`` (backwards) did the
same. The engine now says which filters emptied the cohort (an ``InputError``, exit
2 on the CLI) and that a range runs backwards, before anything is computed.
"""

from __future__ import annotations

import pytest

from strive.cohort import Cohort
from strive.errors import InputError
from strive.gap import GapAnalyzer
from strive.template import Template


@pytest.mark.parametrize(
    ("years", "filters", "names"),
    [
        ((2030, 2040), (), "classes 2030-2040"),
        ((None, 1800), (), "classes …-1800"),
        ((2030, None), (), "classes 2030-…"),
        (None, ("age>119",), "age>119"),
        ((1990, 2000), ("age>119",), "classes 1990-2000, age>119"),
    ],
)
def test_no_one_left_is_named(
    template: Template,
    cohort: Cohort,
    years: tuple[int | None, int | None] | None,
    filters: tuple[str, ...],
    names: str,
) -> None:
    with pytest.raises(InputError, match="no one who was selected") as caught:
        GapAnalyzer(years=years, filters=filters).fit(cohort, template=template)
    assert names in caught.value.message


def test_backwards_years_are_refused(template: Template, cohort: Cohort) -> None:
    with pytest.raises(InputError, match="runs backwards") as caught:
        GapAnalyzer(years=(2030, 1990)).fit(cohort, template=template)
    assert caught.value.where == "years"
    assert "1990-2030" in caught.value.message


def test_one_year_with_people_still_works(template: Template, cohort: Cohort) -> None:
    gap = GapAnalyzer(years=(1990, 2000)).fit(cohort, template=template)
    assert gap.selected_.size > 0
