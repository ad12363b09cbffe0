"""run_partition: validation by line and field, pure and idempotent."""

from __future__ import annotations

from batch_people import people_rows

from strive.batch import BatchContext, InputRow, run_partition
from strive.batch.partition import cell_value, parse_row


def _rows(cells: list[dict[str, object]]) -> list[InputRow]:
    return [InputRow(i + 2, c) for i, c in enumerate(cells)]


def test_a_bad_row_is_reported_by_line_and_field_and_the_others_go_on(
    nasa_context: BatchContext,
) -> None:
    good = people_rows(3)
    bad_age = {**good[0], "name": "bad-age", "age": "thirty"}
    bad_level = {**good[0], "name": "bad-level", "degree_level": "phd"}
    bad_member = {**good[0], "name": "bad-pilot", "pilot_certificate": "maybe"}
    no_name = {**good[0], "name": "  "}
    rows = _rows([good[0], bad_age, good[1], bad_level, bad_member, no_name, good[2]])
    results, errors = run_partition(nasa_context, rows)
    assert [r.id for r in results] == [
        good[0]["name"],
        good[1]["name"],
        good[2]["name"],
    ]
    assert [r.line for r in results] == [2, 4, 8]
    assert [(e.line, e.field) for e in errors] == [
        (3, "age"),
        (5, "degree_level"),
        (6, "pilot_certificate"),
        (7, "name"),
    ]
    assert "thirty" in errors[0].message
    assert "maybe" in errors[2].message
    assert errors[0].id == "bad-age"


def test_run_partition_is_pure_and_idempotent(nasa_context: BatchContext) -> None:
    rows = _rows(people_rows(6, seed=3))
    first = run_partition(nasa_context, rows)
    again = run_partition(nasa_context, rows)
    assert first == again
    # A partition's result does not depend on what ran before it in the process.
    alone = run_partition(nasa_context, rows[3:])
    assert alone[0] == first[0][3:]


def test_typed_parquet_cells_read_as_the_csv_cells(nasa_context: BatchContext) -> None:
    text = {**people_rows(1)[0], "languages": "english;russian", "military": "yes"}
    typed: dict[str, object] = {
        **text,
        "languages": ["English", "russian"],
        "military": True,
        "age": int(float(text["age"])) if text["age"] else None,
    }
    from_text = parse_row(nasa_context, InputRow(2, text))
    from_typed = parse_row(nasa_context, InputRow(2, typed))
    assert from_text == from_typed
    traits = nasa_context.template.traits
    assert cell_value(traits["age"], float("nan")) is None
    assert cell_value(traits["languages"], ";") == frozenset()
    bad = parse_row(nasa_context, InputRow(9, {**typed, "military": 3.5}))
    assert not isinstance(bad, tuple)
    assert (bad.line, bad.field) == (9, "military")


def test_nothing_known_is_unknown_not_zero(nasa_context: BatchContext) -> None:
    row = dict.fromkeys(people_rows(1)[0], "")
    row["name"] = "blank"
    (result,), errors = run_partition(nasa_context, _rows([row]))
    assert not errors
    assert result.coverage is None
    assert result.reach_hours is None
    assert result.step == "record"
