"""Fixtures for the template and cohort-file tests."""

from __future__ import annotations

import pytest

from strive.template import CohortSpec
from strive.templates import load_template
from strive.traits import TraitSet


@pytest.fixture
def nasa_traits() -> TraitSet:
    return load_template("nasa-astronaut").traits


@pytest.fixture
def spec() -> CohortSpec:
    return CohortSpec(file="bad.csv", name="test cohort")


@pytest.fixture
def labelled_spec() -> CohortSpec:
    return CohortSpec(file="bad.csv", name="test cohort", selected_column="selected")
