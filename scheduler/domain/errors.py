"""The one error bad input raises: where it is, what is wrong, and how to fix it.

It lives below everything that reads input (the loader, the workbook readers), so that
they can all raise it and the CLI can print it as one line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """Bad input: where it is and what to do about it.

    Not frozen: Python sets an exception's ``__traceback__`` (and context) as it travels.
    """

    file: str
    place: str
    problem: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}, {self.place}" if self.place else self.file
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}: {self.problem}.{fix}"
