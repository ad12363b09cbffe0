"""Pictures where people would rather look than read: pure functions from strive's
result objects to a :class:`Chart` (SVG, a text alternative and the data table).

>>> chart = route_chart(route, template.windows)   # doctest: +SKIP
>>> chart.svg, chart.alt, chart.headers, chart.rows  # doctest: +SKIP

No I/O; matplotlib is imported only when a chart is drawn (this package is imported
by the web app, never by ``strive --help``). See ``docs/charts.md``.
"""

from __future__ import annotations

from .attempts import attempts_chart, outcome_word
from .chart import Chart
from .effort import effort_chart, needed_pace
from .gap import gap_charts, trait_chart
from .history import headline_chart
from .route import route_chart, route_words

__all__ = [
    "Chart",
    "attempts_chart",
    "effort_chart",
    "gap_charts",
    "headline_chart",
    "needed_pace",
    "outcome_word",
    "route_chart",
    "route_words",
    "trait_chart",
]
