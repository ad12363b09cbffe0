"""Templates speak Spanish through optional ``label_es`` fields (docs/i18n.md)."""

from __future__ import annotations

import pytest

from strive.i18n import use_locale
from strive.storage.records import trait_from_json
from strive.templates import load_template


@pytest.fixture(scope="module")
def nasa():  # type: ignore[no-untyped-def]
    return load_template("nasa-astronaut")


def test_every_nasa_trait_and_action_has_a_spanish_label(nasa) -> None:  # type: ignore[no-untyped-def]
    missing = [t.name for t in nasa.traits if not t.label_es]
    missing += [a.name for a in nasa.catalogue if not a.label_es]
    assert not missing


def test_title_follows_the_language(nasa) -> None:  # type: ignore[no-untyped-def]
    trait = nasa.traits["pilot_certificate"]
    action = nasa.catalogue["private_pilot"]
    assert (trait.title, action.title) == (
        "pilot certificate",
        "Earn an FAA private pilot certificate",
    )
    with use_locale("es"):
        assert trait.title == "licencia de piloto"
        assert action.title.startswith("Sacar la licencia de piloto privado")


def test_describe_stays_english_and_round_trips(nasa) -> None:  # type: ignore[no-untyped-def]
    """The JSON shape (export, --json) is the same in every language."""
    trait = nasa.traits["languages"]
    english = trait.describe()
    with use_locale("es"):
        spanish = trait.describe()
        assert nasa.catalogue["private_pilot"].describe()["label"] == (
            "Earn an FAA private pilot certificate"
        )
    assert english == spanish
    assert english["label"] == "languages" and english["label_es"] == "idiomas"
    assert trait_from_json(english) == trait


def test_a_template_without_spanish_labels_falls_back_to_english() -> None:
    trait = load_template("adult-income").traits
    with use_locale("es"):
        for t in trait:
            assert t.title == (t.label or t.name.replace("_", " "))
