"""Rule families of the model side, one module each.

The contract: every module defines ``NAME`` and ``FAMILY``, a
:class:`scheduler.stages.families.Family` that declares the family once:

- ``name``: the same as its check in :mod:`scheduler.checks` (module ``cohort_balance``,
  name ``"cohort balance"``), and the first part of every :class:`~scheduler.stages.families.Label`
  it adds;
- ``apply(ctx) -> list[Penalty]``: adds the family's hard rules through
  ``ctx.add(constraint, Label.personal/at_least/at_most/fixed/structural(...))`` and returns its
  soft goals (an empty list if it has none);
- ``hard``: False for a family of soft goals only (fairness, stability);
- ``couples(program, open_cells)``: the groups of residents its rules tie together, for a
  family whose rules involve more than one resident (coverage, vacation's away caps,
  clinic, fairness); :mod:`scheduler.stages.components` splits the year by these alone.

Where a family acts, and the exceptions to the rule above:

- year model (``ctx`` a :class:`~scheduler.stages.families.ModelContext`), listed in order in
  :data:`scheduler.stages.year_model.FAMILIES`: assignment, pins, units, coverage, requirements,
  ambulatory, vacation, clinic, longitudinal, continuity, events, sequencing, fairness,
  stability;
- the variables' domains: ``phases`` has no ``apply`` (``FAMILY.apply`` is None); its rules
  (template phase, vacation phases, eligibility) decide which variables exist, through
  :func:`constraints.phases.open_cells`. It is :data:`scheduler.stages.year_model.DOMAIN`;
- the cohort stage (``ctx`` a :class:`~scheduler.stages.families.CohortContext`), listed in
  :data:`scheduler.stages.cohorts.FAMILIES`: cohort_balance, and cohort_staffing, whose labels
  speak as the coverage and clinic rules it is the necessary condition of.

``tests/families/test_contract.py`` checks that every module here is listed exactly once, and that
every hard family has a check of the same name.
"""
