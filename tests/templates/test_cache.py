"""The parse caches: an edited file is read again, two files never share an entry, and
a cached result equals a fresh parse (real files in a temporary folder)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import strive.templates as templates_module
from strive.cohort import Cohort
from strive.templates import load_cohort, load_template, read_cohort_csv
from strive.templates import stored as stored_module
from strive.templates.cache import LruCache, fingerprint

TEMPLATE = """\
[template]
name = "tiny"

[[traits]]
name = "hours"
kind = "number"
minimum = {minimum}

[[traits]]
name = "degree"
kind = "level"
values = [{levels}]

[[actions]]
name = "fly"
effects = ["hours+=10"]
duration_months = 1
effort_hours = 10
sources = ["s"]

[cohort]
file = "people.csv"
name = "tiny cohort"
"""
LEVELS = '"none", "bachelor", "master"'
CSV = "name,hours,degree\nA,5,bachelor\nB,7,master\n"


def _folder(root: Path, name: str = "mine", csv: str = CSV) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "tiny.toml").write_text(TEMPLATE.format(minimum=0, levels=LEVELS))
    (folder / "people.csv").write_text(csv)
    return folder


def _same_stamp(path: Path, text: str) -> None:
    """Rewrite ``path`` keeping its modification time (an edit inside one tick)."""
    before = path.stat()
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _column(cohort: Cohort, name: str) -> list[float]:
    return [float(x) for x in cohort.columns[name].data]


def test_a_template_file_is_parsed_once_until_its_bytes_change(tmp_path: Path) -> None:
    path = _folder(tmp_path) / "tiny.toml"
    first = load_template(str(path))
    assert load_template(str(path)) is first
    # Same size, same mtime: only the content tells the edit apart.
    _same_stamp(path, TEMPLATE.format(minimum=1, levels=LEVELS))
    assert path.stat().st_size == len(TEMPLATE.format(minimum=0, levels=LEVELS))
    again = load_template(str(path))
    assert again is not first
    assert again.traits["hours"].minimum == 1
    assert first.traits["hours"].minimum == 0


def test_a_cohort_is_read_again_when_its_file_changes(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    template = load_template(str(folder / "tiny.toml"))
    first = load_cohort(template)
    assert load_cohort(template) is first
    assert _column(first, "hours") == [5.0, 7.0]
    # Same size, newer mtime.
    csv = folder / "people.csv"
    stamp = csv.stat().st_mtime_ns
    csv.write_text(CSV.replace("A,5", "A,6"))
    os.utime(csv, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))
    assert _column(load_cohort(template), "hours") == [6.0, 7.0]
    # Another size (a row more), mtime put back as it was.
    csv.write_text(CSV + "C,9,none\n")
    os.utime(csv, ns=(stamp, stamp))
    assert _column(load_cohort(template), "hours") == [5.0, 7.0, 9.0]


def test_an_edited_template_re_encodes_an_unchanged_cohort(tmp_path: Path) -> None:
    """The level order decides a level's code: the traits are part of the key."""
    folder = _folder(tmp_path)
    path = folder / "tiny.toml"
    before = load_cohort(load_template(str(path)))
    assert _column(before, "degree") == [1.0, 2.0]
    path.write_text(TEMPLATE.format(minimum=0, levels='"bachelor", "master"'))
    after = load_cohort(load_template(str(path)))
    assert _column(after, "degree") == [0.0, 1.0]


def test_two_files_never_share_an_entry(tmp_path: Path) -> None:
    """Same template text, same CSV size and mtime, different values."""
    one = _folder(tmp_path, "one", CSV)
    two = _folder(tmp_path, "two", CSV.replace("A,5", "A,8"))
    stamp = (one / "people.csv").stat().st_mtime_ns
    for folder in (one, two):
        os.utime(folder / "people.csv", ns=(stamp, stamp))
        os.utime(folder / "tiny.toml", ns=(stamp, stamp))
    t1 = load_template(str(one / "tiny.toml"))
    t2 = load_template(str(two / "tiny.toml"))
    assert t1 is not t2
    assert t1.cohort is not None and t2.cohort is not None
    assert t1.cohort.file != t2.cohort.file
    assert _column(load_cohort(t1), "hours") == [5.0, 7.0]
    assert _column(load_cohort(t2), "hours") == [8.0, 7.0]
    assert fingerprint(one / "people.csv") != fingerprint(two / "people.csv")


def test_a_cached_cohort_equals_a_fresh_read(tmp_path: Path) -> None:
    template = load_template(str(_folder(tmp_path) / "tiny.toml"))
    assert template.cohort is not None
    cached = load_cohort(template)
    load_cohort(template)  # from the cache
    fresh = read_cohort_csv(template.cohort.file, template.traits, template.cohort)
    assert cached.size == fresh.size and cached.names == fresh.names
    for name, column in fresh.columns.items():
        np.testing.assert_array_equal(cached.columns[name].data, column.data)


def test_the_builtin_cohort_from_the_cache_equals_a_fresh_read() -> None:
    template = load_template("nasa-astronaut")
    assert template.cohort is not None
    cached = load_cohort(template)
    assert load_cohort(template) is cached
    fresh, _ = templates_module._read_template_cohort(template, template.cohort)
    assert fresh is not cached and fresh.size == cached.size > 0
    for name, column in fresh.columns.items():
        np.testing.assert_array_equal(cached.columns[name].data, column.data)


def test_stored_templates_are_rebuilt_once_per_content() -> None:
    toml, csv = TEMPLATE.format(minimum=0, levels=LEVELS), CSV
    first = stored_module.load_stored(toml, "people.csv", csv, "stored A")
    assert stored_module.load_stored(toml, "people.csv", csv, "stored A") is first
    other = stored_module.load_stored(
        toml, "people.csv", csv.replace("A,5", "A,6"), "stored A"
    )
    assert other is not first
    assert _column(other[1], "hours") == [6.0, 7.0]
    fresh = stored_module._rebuild(toml, "people.csv", csv, "stored A")
    assert fresh[0] == first[0]
    for name, column in fresh[1].columns.items():
        np.testing.assert_array_equal(first[1].columns[name].data, column.data)


def test_the_lru_keeps_its_bound_and_never_stores_a_failure() -> None:
    cache: LruCache[int] = LruCache(2)
    assert cache.get_or_make("a", lambda: 1) == 1
    assert cache.get_or_make("b", lambda: 2) == 2
    assert cache.get_or_make("a", lambda: 99) == 1  # a is now the most recent
    assert cache.get_or_make("c", lambda: 3) == 3  # evicts b
    assert len(cache) == 2
    assert cache.get_or_make("b", lambda: 20) == 20
    assert cache.get_or_make("a", lambda: 10) == 10  # a went when b came back

    def broken() -> int:
        raise ValueError("bad file")

    with pytest.raises(ValueError):
        cache.get_or_make("d", broken)
    assert cache.get_or_make("d", lambda: 4) == 4
    with pytest.raises(ValueError):
        LruCache(0)


def test_fingerprint_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert fingerprint(tmp_path / "nope.csv") is None
    path = tmp_path / "x.csv"
    path.write_text("abc")
    found = fingerprint(path)
    assert found is not None and found[0] == str(path.resolve()) and found[1] == 3
