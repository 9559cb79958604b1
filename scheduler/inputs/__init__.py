"""Reading input into the engine's data, never trusting it: the program file (YAML) with its
roster, requests and history tables (CSV or XLSX), scenario files over a base program, a
schedule workbook handed back (its Assignments table or its grid, and where they
disagree), and a repair's facts as typed. Every failure is one
:class:`~scheduler.domain.InputError` naming the file, the place and the fix.
"""
