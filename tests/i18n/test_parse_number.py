"""Numbers typed on a Spanish page are read the way Spanish writes them.

A profile box on a Spanish page shows ``1.000 h`` and ``30 años``; the person may
type ``2,5`` (two and a half) or, used to US forms, ``1,000``. Before, every comma
was dropped, so ``2,5`` became 25.
"""

from __future__ import annotations

import pytest

from strive.errors import TraitValueError
from strive.i18n import parse_number, use_locale
from strive.templates import load_template


@pytest.mark.parametrize(
    ("typed", "spanish", "english"),
    [
        ("2,5", 2.5, 25.0),  # English keeps its old reading (commas group)
        ("2.5", 2.5, 2.5),
        ("1.000", 1000.0, 1.0),
        ("12.500,5", 12500.5, 12.5005),  # English drops every comma, as it did
        ("1,000", 1000.0, 1000.0),
        ("1,000.5", 1000.5, 1000.5),
        (" 30 ", 30.0, 30.0),
    ],
)
def test_parse_number(typed: str, spanish: float, english: float) -> None:
    with use_locale("es"):
        assert parse_number(typed) == spanish
    assert parse_number(typed) == english
    with pytest.raises(ValueError):
        parse_number("treinta")


def test_what_a_spanish_box_shows_reads_back_as_the_same_value() -> None:
    """``Trait.format`` on a Spanish page, typed back, is the same value."""
    traits = load_template("nasa-astronaut").traits
    cases = [
        ("age", 30.0),
        ("jet_pic_hours", 1250.0),
        ("phd_years", 2.5),
        ("degree_level", "master"),
        ("degree_field", "medicine"),
        ("scuba", "open_water"),
        ("languages", frozenset({"spanish", "english"})),
    ]
    with use_locale("es"):
        for name, value in cases:
            trait = traits[name]
            shown = trait.format(value)
            assert trait.parse(shown) == value, (name, shown)
        assert traits["degree_level"].format("master") == "maestría"
        with pytest.raises(TraitValueError, match="degree_level"):
            traits["degree_level"].parse("licenciatura en artes")
