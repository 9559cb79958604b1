"""The stages of a solve, in the order they run, and the model side of the rules.

0. clinic sites from residents' ranked preferences (:mod:`.sites`);
1. cohorts (:mod:`.cohorts`), which fix every week's phase (:mod:`.calendar`);
2. the independent components (:mod:`.components`) and a year model for each
   (:mod:`.year_model`: the variables of :mod:`.variables`, each rule family of
   :mod:`constraints` under a label of :mod:`.labels`, the objective of :mod:`.objective`);
3. a vacation plan for large components (:mod:`.vacation_plan`);
4. the search (:mod:`.search`), read back as a schedule (:mod:`.solution`).

Every CP-SAT solver comes from :mod:`.solver`. What happens when a stage finds no schedule
is :mod:`scheduler.explain`; the whole solve, with its retries, is
:mod:`scheduler.workflows.solving`.
"""
