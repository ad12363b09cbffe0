"""The same input gives the same SVG bytes in another process (ids come from the
fixed hash salt, not from a random seed or the time)."""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import hashlib
from strive.charts import trait_chart
from strive.gap import analyze_gap
from strive.templates import load_cohort, load_template
t = load_template("nasa-astronaut")
c = load_cohort(t)
r = analyze_gap(t, c, {"age": 30.0, "degree_level": "master"}, model=None)
svg = trait_chart(r, c, "age").svg + trait_chart(r, c, "degree_level").svg
print(hashlib.sha256(svg.encode()).hexdigest())
"""


def _digest(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return out.stdout.strip()


def test_two_processes_draw_the_same_bytes() -> None:
    first, second = _digest("1"), _digest("2")
    assert len(first) == 64
    assert first == second
