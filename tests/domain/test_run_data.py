"""The plain data a solve runs on: its settings, its progress events, its cancel token."""

from __future__ import annotations

import threading

import pytest

from scheduler.domain import InputError
from scheduler.domain.cancel import CancelToken
from scheduler.domain.params import SolveParams
from scheduler.domain.progress import ScheduleFound


@pytest.mark.parametrize(
    ("field", "value"),
    [("time_limit", -1.0), ("workers", 0), ("workers", 65), ("seed", -1), ("alternatives", 21)],
)
def test_settings_out_of_range_are_an_input_error_naming_the_field(
    field: str, value: float
) -> None:
    with pytest.raises(InputError) as raised:
        SolveParams(**{field: value})  # type: ignore[arg-type]
    assert raised.value.place == field and "Fix:" in str(raised.value)


def test_a_yes_no_is_not_a_number_of_workers() -> None:
    with pytest.raises(InputError):
        SolveParams(workers=True)


def test_a_cancel_stops_what_runs_and_what_starts_after() -> None:
    token = CancelToken()
    stopped: list[str] = []
    with token.stops(lambda: stopped.append("first")):
        token.cancel()
    assert stopped == ["first"] and token.cancelled
    with token.stops(lambda: stopped.append("later")):
        token.cancel()  # cancelling again reaches what registered since
    assert stopped == ["first", "later"]
    token.cancel()  # nothing registered any more: nothing called
    assert stopped == ["first", "later"]


def test_a_token_is_cancelled_from_another_thread() -> None:
    token = CancelToken()
    seen = threading.Event()
    with token.stops(seen.set):
        threading.Thread(target=token.cancel).start()
        assert seen.wait(5)


def test_the_gap_of_a_schedule_found_is_relative_to_its_objective() -> None:
    assert ScheduleFound(1.0, 200.0, 150.0, 3).gap == pytest.approx(0.25)
    assert ScheduleFound(1.0, 0.0, 0.0, 1).gap == 0.0
    assert ScheduleFound(1.0, 10.0, None, 1).gap is None
