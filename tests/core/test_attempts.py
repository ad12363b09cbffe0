"""Attempts: what ends one, recording a result, and the gentle history line.

Written against the mutation run of docs/testing.md ("Mutation testing"): recording a
result and the history line were reached only by the CLI and web tests, which the
mutation run leaves out.
"""

from __future__ import annotations

import datetime as dt

import pytest

from strive.attempts import Attempt, Outcome, history_line
from strive.errors import InputError, StateError

D = dt.date


def test_which_outcomes_end_an_attempt() -> None:
    assert {o for o in Outcome if o.final} == {
        Outcome.REJECTED,
        Outcome.SELECTED,
        Outcome.WITHDRAWN,
    }


def test_a_decision_cannot_come_before_applying() -> None:
    assert Attempt("NASA", D(2020, 5, 1), decided=D(2020, 5, 1)).decided == D(
        2020, 5, 1
    )
    with pytest.raises(InputError) as caught:
        Attempt("NASA", D(2020, 5, 1), Outcome.REJECTED, decided=D(2020, 4, 30))
    assert caught.value.where == "decided"
    assert caught.value.message == "2020-04-30 comes before applying on 2020-05-01"
    with pytest.raises(InputError) as typo:
        Attempt("NASA", D(2020, 5, 1), Outcome.REJECTED, decided=D(2300, 1, 1))
    assert typo.value.where == "decided"
    with pytest.raises(InputError) as nul:
        Attempt("NASA", D(2020, 5, 1), feedback="fine\x00")
    assert nul.value.where == "feedback"


def test_recording_a_result_keeps_earlier_feedback() -> None:
    applied = Attempt("NASA 1996", D(1996, 1, 1), feedback="sent the forms")
    interviewed = applied.with_result(Outcome.INTERVIEWED, D(1996, 3, 1), "went well")
    assert interviewed.outcome is Outcome.INTERVIEWED
    assert interviewed.decided == D(1996, 3, 1)
    assert interviewed.feedback == "sent the forms\nwent well"
    # an interview is not the end: the final word can still come
    rejected = interviewed.with_result(Outcome.REJECTED, D(1996, 6, 1))
    assert rejected.feedback == "sent the forms\nwent well"
    assert (rejected.outcome, rejected.decided) == (Outcome.REJECTED, D(1996, 6, 1))
    assert (rejected.name, rejected.applied) == ("NASA 1996", D(1996, 1, 1))
    fresh = Attempt("NASA 1998", D(1998, 1, 1)).with_result(
        Outcome.SELECTED, D(1998, 1, 1), "welcome"
    )
    assert fresh.feedback == "welcome"  # no leading blank line
    assert fresh.decided == D(1998, 1, 1)  # on the day of applying is fine


def test_an_ended_attempt_takes_no_other_result() -> None:
    for outcome in (Outcome.REJECTED, Outcome.SELECTED, Outcome.WITHDRAWN):
        ended = Attempt("NASA", D(2000, 1, 1)).with_result(outcome, D(2000, 2, 1))
        with pytest.raises(StateError) as caught:
            ended.with_result(Outcome.SELECTED, D(2000, 3, 1))
        assert caught.value.message.startswith("attempt 'NASA' already ended as ")
        assert caught.value.message != "attempt 'NASA' already ended as "
    rejected = Attempt("NASA", D(2000, 1, 1), Outcome.REJECTED, D(2000, 2, 1))
    with pytest.raises(StateError) as told:
        rejected.with_result(Outcome.SELECTED, D(2000, 3, 1))
    # told in the words the person reads, not the code's
    assert told.value.message == (
        "attempt 'NASA' already ended as not selected this time"
    )


def test_a_result_cannot_come_before_applying() -> None:
    with pytest.raises(StateError) as caught:
        Attempt("ESA", D(2008, 5, 1)).with_result(Outcome.REJECTED, D(2008, 4, 30))
    assert caught.value.message == (
        "a result on 2008-04-30 would come before applying on 2008-05-01"
    )


def _attempt(year: int, outcome: Outcome) -> Attempt:
    return Attempt(f"NASA {year}", D(year, 1, 1), outcome)


def test_history_line_tells_the_story_in_date_order() -> None:
    assert history_line([]) == "no attempts yet"
    jose = [_attempt(1990 + i, Outcome.REJECTED) for i in range(11)]
    jose.append(_attempt(2004, Outcome.SELECTED))
    jose.reverse()  # the order given does not matter: the latest decides the end
    assert history_line(jose) == "12 attempts: 11 not selected, then selected"
    waiting = [_attempt(2001, Outcome.PENDING), _attempt(2000, Outcome.REJECTED)]
    assert history_line(waiting) == "2 attempts: 1 not selected, one pending"
    assert history_line([_attempt(2000, Outcome.PENDING)]) == "1 attempt: one pending"
    # a selection that came earlier is not "then selected"
    earlier = [_attempt(2000, Outcome.SELECTED), _attempt(2001, Outcome.WITHDRAWN)]
    assert history_line(earlier) == "2 attempts"
    assert history_line([_attempt(2000, Outcome.INTERVIEWED)]) == "1 attempt"
