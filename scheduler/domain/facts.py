"""The new facts a mid-year repair takes in: a freeze week, leaves of absence, withdrawals
and swaps, in 0-based weeks (the command line and the web app read them from what a user
typed: :mod:`scheduler.inputs.facts`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Leave:
    """A resident away (parental, medical leave) in 0-based weeks ``first`` to ``last``."""

    resident: str
    first: int
    last: int


@dataclass(frozen=True)
class Withdrawal:
    """A resident leaves the program for good from 0-based week ``first``: from then on they
    are on the withdrawn rotation, counted nowhere, and the year's totals (requirements,
    ambulatory share, clinic half-days, vacation weeks) no longer apply to them."""

    resident: str
    first: int


@dataclass(frozen=True)
class Swap:
    """Two residents exchange their rotations in 0-based weeks ``first`` to ``last``."""

    first_resident: str
    second_resident: str
    first: int
    last: int


@dataclass(frozen=True)
class NewFacts:
    """What a repair takes in: weeks before ``freeze`` (0-based) never change; then the
    leaves, withdrawals and swaps."""

    freeze: int
    leaves: tuple[Leave, ...] = ()
    swaps: tuple[Swap, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()
