"""Templates speak Spanish through optional ``label_es`` fields (docs/i18n.md)."""

from __future__ import annotations

from dataclasses import replace

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
    missing += ["title_es"] if not template.title_es else []
    assert not missing


@pytest.mark.parametrize("name", builtin_names())
def test_a_templates_heading_follows_the_language(name: str) -> None:
    """The new-goal picker shows ``heading``: the title, in Spanish on a Spanish
    page; ``name`` stays the id a person types."""
    template = load_template(name)
    assert template.heading == template.title != template.name
    with use_locale("es"):
        assert template.heading == template.title_es != template.title
    bare = replace(template, title_es="")
    with use_locale("es"):
        assert bare.heading == template.title  # no Spanish given: the English title


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


def test_values_requirements_windows_and_cohort_speak_spanish(nasa) -> None:  # type: ignore[no-untyped-def]
    """``values_es``, ``description_es``, ``name_es``, ``target_note_es``: what a
    Spanish page shows for the template's own data; English data stays the key."""
    degree = nasa.traits["degree_level"]
    languages = nasa.traits["languages"]
    assert degree.format("master") == "master"
    with use_locale("es"):
        assert degree.format("master") == "maestría"
        assert languages.format(frozenset({"spanish", "english"})) == "español, inglés"
        assert languages.value_text("klingon") == "klingon"  # not listed: as written
    spanish = nasa.spanish()
    assert spanish["US citizenship."] == "Ciudadanía estadounidense."
    assert spanish["next call (expected about 2028)"].startswith("próxima convocatoria")
    assert nasa.cohort.target_note in spanish and nasa.cohort.name in spanish
    # Every requirement and window of the shipped NASA template has its Spanish.
    assert {r.description for r in nasa.requirements} <= set(spanish)
    assert {w.name for w in nasa.windows} <= set(spanish)


def test_the_spanish_fields_round_trip_through_describe(nasa) -> None:  # type: ignore[no-untyped-def]
    """``template show --json`` keeps the Spanish fields, and parses back to them
    (``describe`` leaves out the cohort's ``target_note``: added back here)."""
    import datetime as dt

    from strive.template import parse_template

    described = nasa.describe()
    data = {
        "template": {
            "name": "copy",
            "title": described["title"],
            "title_es": described["title_es"],
        },
        "traits": described["traits"],
        "requirements": described["requirements"],
        "windows": [
            {
                **w,
                "opens": dt.date.fromisoformat(w["opens"]),
                "closes": dt.date.fromisoformat(w["closes"]),
            }
            for w in described["windows"]
        ],
        "cohort": {**described["cohort"], "target_note": nasa.cohort.target_note},
    }
    again = parse_template(data)
    assert again.title_es == nasa.title_es
    assert again.spanish() == nasa.spanish()
    assert again.traits["scuba"].values_es == nasa.traits["scuba"].values_es


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"master": "maestría", "phd": "doctorado"}, "'phd' is not one of"),
        ({"master": ""}, "'master' needs its Spanish text"),
        ("maestría", "expected a table"),
    ],
)
def test_values_es_is_checked_like_every_template_field(table, message) -> None:  # type: ignore[no-untyped-def]
    from strive.errors import TemplateError
    from strive.template import parse_template

    data = {
        "template": {"name": "t"},
        "traits": [
            {
                "name": "degree",
                "kind": "level",
                "values": ["bachelor", "master"],
                "values_es": table,
            }
        ],
    }
    with pytest.raises(TemplateError) as caught:
        parse_template(data, where="t.toml")
    text = str(caught.value)
    assert "values_es" in text and message in text and "t.toml" in text


def test_a_window_title_follows_the_language(nasa) -> None:  # type: ignore[no-untyped-def]
    window = nasa.windows[-1]
    assert window.title == window.name == "next call (expected about 2028)"
    with use_locale("es"):
        assert window.title == "próxima convocatoria (se espera hacia 2028)"


@pytest.mark.parametrize(
    ("value", "message"), [(["título"], "expected text"), (3, "expected text")]
)
def test_title_es_is_checked_like_every_template_field(value, message) -> None:  # type: ignore[no-untyped-def]
    from strive.errors import TemplateError
    from strive.template import parse_template

    data = {
        "template": {"name": "t", "title": "T", "title_es": value},
        "traits": [{"name": "x", "kind": "bool"}],
    }
    with pytest.raises(TemplateError) as caught:
        parse_template(data, where="t.toml")
    text = str(caught.value)
    assert "template.title_es" in text and message in text and "t.toml" in text
