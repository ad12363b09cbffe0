"""Templates speak Spanish through optional ``label_es`` fields (docs/i18n.md)."""

from __future__ import annotations

import pytest

from strive.i18n import use_locale
from strive.storage.records import trait_from_json
from strive.templates import builtin_names, load_template
from strive.traits import Kind, Trait


@pytest.fixture(scope="module")
def nasa():  # type: ignore[no-untyped-def]
    return load_template("nasa-astronaut")


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_trait_and_action_has_a_spanish_label(name: str) -> None:
    template = load_template(name)
    missing = [t.name for t in template.traits if not t.label_es]
    missing += [a.name for a in template.catalogue if not a.label_es]
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


def test_a_trait_without_a_spanish_label_falls_back_to_english() -> None:
    labelled = Trait("jet_pic_hours", Kind.NUMBER, label="jet hours")
    bare = Trait("jet_pic_hours", Kind.NUMBER)
    with use_locale("es"):
        assert (labelled.title, bare.title) == ("jet hours", "jet pic hours")
