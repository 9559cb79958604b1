"""What a user asks the engine to do, each a function of plain data, built on the stages:

- :mod:`.solving`: the solve itself (sites, cohorts with retries, proofs, the search);
- :mod:`.pipeline`: solve and check (confirmations, alternatives, fixes), and ``explain``;
- :mod:`.fixes`, :mod:`.confirm`, :mod:`.alternatives`: the re-solves around a solve;
- :mod:`.repair`: a published schedule changed as little as new facts allow;
- :mod:`.compare`: scenarios solved side by side, in processes or on Ray;
- :mod:`.rollover`: next year's program from this year's schedule;
- :mod:`.writing`: every file they produce, written atomically.

:mod:`scheduler.api` is their one front door.
"""
