"""Why a program has no schedule, in its own words, and whether that is a proof.

- :mod:`.numbers`: proofs in numbers, sound for every cohort assignment;
- :mod:`.alone`: each resident's year alone, under each cohort they could have;
- :mod:`.cores`: the smallest set of labelled rules that cannot all hold (CP-SAT cores);
- :mod:`.conflicts`: those rules in the cohort stage and in the year model, and whether a
  year-model conflict depends on cohorts the engine chose;
- :mod:`.before_search`: all of the checks before the search, as ``explain`` runs them;
- :mod:`.ceiling`: the most requests of a priority any schedule can grant.

Fixes (a change to one input, confirmed by a solve) and confirmations (a denied request
tried again as a hard one) solve again, so they are workflows:
:mod:`scheduler.workflows.fixes`, :mod:`scheduler.workflows.confirm`.
"""
