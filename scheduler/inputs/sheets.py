"""Reading a worksheet that a user handed in, without trusting it.

Both the roster loader and ``check`` read sheets a user may have damaged or left a stray
value in: only the rows a program implies and the header's columns are read (a value at
XFD1048576 must not make them read a million rows of 16,384 cells), and a sheet too damaged
to parse is an :class:`InputError`, never a crash. Works on any openpyxl worksheet; nothing
here imports openpyxl.
"""

from __future__ import annotations

from typing import Any

from scheduler.domain import InputError

FIX = "open it in Excel and save it again as .xlsx"


def unreadable(file: str, sheet: str, error: Exception, part: str = "") -> InputError:
    """The one message for a sheet that cannot be parsed (``part``: where in it)."""
    detail = type(error).__name__ + (f" in its {part}" if part else "")
    return InputError(file, f"sheet {sheet}", f"not a readable .xlsx workbook ({detail})", FIX)


def bounded_rows(
    file: str, worksheet: Any, *, max_row: int, max_col: int | None = None
) -> list[tuple[Any, ...]]:
    """The worksheet's values, row by row, no further than ``max_row`` and ``max_col`` (by
    default the header's last filled column)."""
    try:
        if max_col is None:
            header = next(worksheet.iter_rows(max_row=1, values_only=True), ())
            filled = [i + 1 for i, value in enumerate(header) if value not in (None, "")]
            max_col = max(filled, default=1)
        return list(worksheet.iter_rows(max_row=max_row, max_col=max_col, values_only=True))
    except Exception as error:  # a damaged sheet: openpyxl, zlib and XML parsing raise many types
        raise unreadable(file, worksheet.title, error) from None
