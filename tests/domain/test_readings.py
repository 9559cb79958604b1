"""The checker reads the program's raw fields in its own way (``scheduler/checks/context.py``)
rather than through the helpers the model uses, so that a bug in a helper cannot hide in
both places. Here the two readings are compared on every value hypothesis can think of: if
they ever differ, one side has a bug, and the solver's schedules would fail the check.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.checks.judging import applies, counts_at, exact_share, staffing, weeks_of, within
from scheduler.domain import (
    Applicability,
    Coverage,
    Range,
    Resident,
    Rotation,
    WeekSpan,
    as_fraction,
    level_includes,
)

ranges = st.builds(
    lambda low, extra: Range(min=low, max=None if extra is None else low + extra),
    st.integers(0, 20),
    st.none() | st.integers(0, 20),
)
levels = st.sampled_from(["interns", "seniors", "any", "PGY-1", "PGY-2", "PGY-3", "PGY-7"])


@given(level=levels, pgy=st.integers(1, 10))
def test_staffing_levels_count_the_same_residents(level: str, pgy: int) -> None:
    assert counts_at(level, pgy) == level_includes(level, pgy)


@settings(max_examples=200)
@given(
    interns=st.none() | ranges,
    seniors=st.none() | ranges,
    anyone=st.none() | ranges,
    by_pgy=st.dictionaries(st.integers(1, 5), ranges, max_size=3),
)
def test_staffing_rules_are_read_alike(
    interns: Range | None, seniors: Range | None, anyone: Range | None, by_pgy: dict[int, Range]
) -> None:
    coverage = Coverage(interns=interns, seniors=seniors, any=anyone, by_pgy=by_pgy)
    rotation = Rotation(id="r", name="R", category="inpatient", coverage=coverage)
    assert staffing(rotation) == coverage.rules()


@given(bounds=ranges, value=st.integers(0, 45))
def test_a_count_is_within_its_range_as_the_model_bounds_it(bounds: Range, value: int) -> None:
    # The model adds ``count >= min`` and, when there is a maximum, ``count <= max``.
    model_allows = value >= bounds.min and (bounds.max is None or value <= bounds.max)
    assert within(value, bounds) == model_allows


@given(
    tracks=st.none() | st.lists(st.sampled_from(["pc", "cat", "prelim"]), max_size=3),
    years=st.none() | st.lists(st.integers(1, 3), max_size=3),
    track=st.sampled_from(["pc", "cat", "prelim"]),
    pgy=st.integers(1, 3),
)
def test_a_rule_applies_to_the_same_residents(
    tracks: list[str] | None, years: list[int] | None, track: str, pgy: int
) -> None:
    rule = Applicability(tracks=tracks, pgy=years)
    resident = Resident(id="a", name="A", pgy=pgy, track=track)
    assert applies(rule, resident) == rule.applies_to(resident)


@given(first=st.integers(1, 60), length=st.integers(0, 10))
def test_week_spans_cover_the_same_weeks(first: int, length: int) -> None:
    span = WeekSpan(first=first, last=first + length)
    assert weeks_of(span) == span.weeks()


@given(share=st.floats(0, 1, allow_nan=False) | st.sampled_from([1 / 3, 0.3333, 2 / 3, 0.28]))
def test_shares_are_read_as_the_same_fraction(share: float) -> None:
    assert exact_share(share) == as_fraction(share)
