"""``strive route --model FILE.skops --map ...``: a model trained outside strive.

The tests train scikit-learn pipelines on the shipped graduate-admissions cohort,
save them with skops, and check the route against the real model re-predicting the
final profile; bad files and mappings fail with one line naming the problem.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import strive

Run = Callable[..., Any]
NUM = ["gre_score", "toefl_score", "university_rating", "sop", "lor", "cgpa"]
COLUMNS = [*NUM, "research"]
MAP = ",".join(f"{c}={c}" for c in COLUMNS)
APPLICANT = {
    "gre_score": 322.0,
    "toefl_score": 110.0,
    "university_rating": 3.0,
    "sop": 3.5,
    "lor": 3.5,
    "cgpa": 8.8,
    "research": 0.0,
}


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def _cohort() -> tuple[Any, Any]:
    path = Path(strive.__file__).parent / "data" / "graduate_admissions_cohort.csv"
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array(
        [
            [float(r[c]) for c in NUM] + [1.0 if r["research"] == "yes" else 0.0]
            for r in rows
        ]
    )
    y = np.array([r["selected"] == "yes" for r in rows], dtype=int)
    return x, y


def _fit(kind: str) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    model: Any = (
        LogisticRegression(max_iter=1000)
        if kind == "logistic"
        else RandomForestClassifier(20, max_depth=4, random_state=0)
    )
    pre = ColumnTransformer(
        [("n", StandardScaler(), list(range(6)))], remainder="passthrough"
    )
    x, y = _cohort()
    return Pipeline([("pre", pre), ("model", model)]).fit(x, y)


def _goal(cli: Run) -> None:
    ok(
        cli(
            "goal",
            "new",
            "Admission",
            "--template",
            "graduate-admissions",
            "--hours-per-week",
            "20",
        )
    )
    profile = [f"{k}={v:g}" for k, v in APPLICANT.items() if k != "research"]
    ok(cli("profile", "set", *profile, "research=no", "--date", "2026-01-01"))


def _proba(pipe: Any, **change: float) -> float:
    row = np.array([[{**APPLICANT, **change}[c] for c in COLUMNS]])
    return float(pipe.predict_proba(row)[0, 1])


@pytest.mark.parametrize("kind", ["logistic", "forest"])
def test_route_reaches_the_files_model(cli: Run, tmp_path: Path, kind: str) -> None:
    import skops.io as sio

    pipe = _fit(kind)
    before, after = _proba(pipe), _proba(pipe, research=1.0)
    assert after > before  # research helps in this cohort, for both models
    path = tmp_path / "model.skops"
    sio.dump(pipe, path)
    _goal(cli)
    threshold = round((before + after) / 2, 4)
    doc = json.loads(
        ok(
            cli(
                "route",
                "--top",
                "0",
                "--model",
                str(path),
                "--map",
                MAP,
                "--probability",
                str(threshold),
                "--json",
            )
        ).output
    )
    assert doc["feasible"] and doc["optimal"]
    assert [a["name"] for a in doc["actions"]] == ["research_master"]
    assert _proba(pipe, research=1.0) > threshold  # re-predicted: it flips
    too_high = round(after + (1 - after) / 2, 4)
    doc = json.loads(
        cli(
            "route",
            "--top",
            "0",
            "--model",
            str(path),
            "--map",
            MAP,
            "--probability",
            str(too_high),
            "--json",
        ).output
    )
    assert not doc["feasible"]


def test_model_file_errors_are_one_line(cli: Run, tmp_path: Path) -> None:
    import skops.io as sio

    _goal(cli)
    missing = cli("route", "--model", str(tmp_path / "nope.skops"), "--map", MAP)
    assert (
        missing.exit_code != 0 and "nope.skops: model file not found" in missing.output
    )
    junk = tmp_path / "junk.skops"
    junk.write_bytes(b"not a zip file")
    bad = cli("route", "--model", str(junk), "--map", MAP)
    assert bad.exit_code != 0 and "not a skops model file" in bad.output
    path = tmp_path / "model.skops"
    sio.dump(_fit("logistic"), path)
    short = ",".join(f"{c}={c}" for c in COLUMNS[:-1])
    unmapped = cli("route", "--model", str(path), "--map", short)
    assert unmapped.exit_code != 0 and "7 input columns but 6" in unmapped.output
    wrong = cli("route", "--model", str(path), "--map", MAP.replace("=cgpa", "=gpa"))
    assert wrong.exit_code != 0 and "no trait 'gpa'" in wrong.output
    nomap = cli("route", "--model", str(path))
    assert nomap.exit_code != 0 and "--map" in nomap.output
    garbled = cli("route", "--model", str(path), "--map", "cgpa")
    assert garbled.exit_code != 0 and "'cgpa' is not COLUMN=TRAIT" in garbled.output


class Shady:
    """Not a scikit-learn type: skops must not build it without being trusted."""

    def __init__(self) -> None:
        self.payload = [1, 2, 3]


def test_untrusted_types_are_refused(cli: Run, tmp_path: Path) -> None:
    import skops.io as sio

    _goal(cli)
    path = tmp_path / "shady.skops"
    sio.dump(Shady(), path)
    result = cli("route", "--model", str(path), "--map", MAP)
    assert result.exit_code != 0
    assert "types strive does not trust" in result.output
    assert "Shady" in result.output


def test_skops_round_trip_compiles_to_the_same_target(tmp_path: Path) -> None:
    import skops.io as sio

    from strive.cli.model_file import load_model
    from strive.route.models import target_from_model
    from strive.templates import load_template

    traits = load_template("graduate-admissions").traits
    columns = {c: c for c in COLUMNS}
    for kind in ("logistic", "forest"):
        pipe = _fit(kind)
        path = tmp_path / f"{kind}.skops"
        sio.dump(pipe, path)
        loaded = load_model(path)
        assert target_from_model(loaded, columns, traits) == target_from_model(
            pipe, columns, traits
        )


def test_sensitive_model_needs_the_flag_and_is_reported(
    cli: Run, tmp_path: Path
) -> None:
    """A model over education_num and sex (adult-income): refused without
    --allow-sensitive; with it the route says so and changes only education."""
    import skops.io as sio
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    rng = np.random.default_rng(0)
    edu = rng.integers(1, 17, 400).astype(float)
    sex = rng.choice(["female", "male"], 400)
    y = (edu + rng.normal(0, 1.5, 400) > 12.5).astype(int)
    x = np.empty((400, 2), dtype=object)
    x[:, 0], x[:, 1] = edu, sex
    pre = ColumnTransformer([("n", StandardScaler(), [0]), ("c", OneHotEncoder(), [1])])
    pipe = Pipeline([("pre", pre), ("m", LogisticRegression())]).fit(x, y)
    path = tmp_path / "sex.skops"
    sio.dump(pipe, path)
    ok(cli("goal", "new", "Income", "--template", "adult-income"))
    ok(
        cli(
            "profile",
            "set",
            "education=bachelors",
            "education_num=13",
            "sex=female",
            "age=30",
            "--date",
            "2026-01-01",
        )
    )
    # Fitted without column names: the mapping names its columns in order.
    mapping = "x0=education_num,x1=sex"
    refused = cli("route", "--top", "0", "--model", str(path), "--map", mapping)
    assert refused.exit_code != 0 and "sensitive traits (sex)" in refused.output
    threshold = (
        float(pipe.predict_proba(np.array([[15.0, "female"]], dtype=object))[0, 1])
        - 0.01
    )
    doc = json.loads(
        ok(
            cli(
                "route",
                "--top",
                "0",
                "--model",
                str(path),
                "--map",
                mapping,
                "--allow-sensitive",
                "--probability",
                f"{threshold:.4f}",
                "--json",
            )
        ).output
    )
    assert doc["feasible"]
    assert any("sensitive traits (sex)" in n for n in doc["notes"])
    assert doc["actions"]  # education_num must rise: a degree action


def _fit_booster(library: str) -> Any:
    """An XGBoost or LightGBM booster on the cohort's raw columns (named)."""
    x, y = _cohort()
    if library == "xgboost":
        import xgboost as xgb

        data = xgb.DMatrix(x, label=y, feature_names=COLUMNS)
        params = {"objective": "binary:logistic", "max_depth": 3, "nthread": 1}
        return xgb.train(params, data, num_boost_round=20)
    import lightgbm as lgb

    params = {"objective": "binary", "num_leaves": 8, "verbose": -1, "num_threads": 1}
    data = lgb.Dataset(x, label=y, feature_name=COLUMNS, params={"verbose": -1})
    return lgb.train(params, data, num_boost_round=20)


def _booster_proba(booster: Any, **change: float) -> float:
    row = np.array([[{**APPLICANT, **change}[c] for c in COLUMNS]])
    if type(booster).__module__.startswith("xgboost"):
        import xgboost as xgb

        return float(booster.predict(xgb.DMatrix(row, feature_names=COLUMNS))[0])
    return float(booster.predict(row)[0])


@pytest.mark.parametrize(
    ("library", "name"), [("xgboost", "model.json"), ("lightgbm", "model.txt")]
)
def test_route_reaches_a_boosters_own_model_file(
    cli: Run, tmp_path: Path, library: str, name: str
) -> None:
    """XGBoost JSON and LightGBM text files: read by the libraries' own parsers
    (never unpickled), planned exactly, and the route flips the real booster."""
    pytest.importorskip(library)
    booster = _fit_booster(library)
    path = tmp_path / name
    booster.save_model(str(path))
    _goal(cli)
    before, after = _booster_proba(booster), _booster_proba(booster, research=1.0)
    assert after > before  # research helps in this cohort
    threshold = round((before + after) / 2, 4)
    args = ["route", "--top", "0", "--model", str(path), "--map", MAP, "--json"]
    doc = json.loads(ok(cli(*args, "--probability", str(threshold))).output)
    assert doc["feasible"] and doc["optimal"]
    assert [a["name"] for a in doc["actions"]] == ["research_master"]
    assert _booster_proba(booster, research=1.0) > threshold  # re-predicted
    too_high = round(after + (1 - after) / 2, 4)
    doc = json.loads(cli(*args, "--probability", str(too_high)).output)
    assert not doc["feasible"]


def test_booster_file_errors_are_one_line(cli: Run, tmp_path: Path) -> None:
    _goal(cli)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"learner": 3}')
    result = cli("route", "--model", str(bad_json), "--map", MAP)
    assert result.exit_code != 0 and "not a valid XGBoost model file" in result.output
    bad_text = tmp_path / "bad.txt"
    bad_text.write_text("tree\nversion=v4\nnonsense\n")
    result = cli("route", "--model", str(bad_text), "--map", MAP)
    assert result.exit_code != 0 and "not a valid LightGBM model file" in result.output
