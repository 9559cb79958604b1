"""The one way the engine writes a file: atomically, never over one of its own inputs.

A file is written to a temporary file in the target's folder, then renamed over the
target: a crash or an interruption leaves the old file (or none) and no temporary file.
One left by a process killed outright (which no handler sees) is removed by the next save
of the same file, identified by the dead process's id in its name. Workbooks, the CSV
fallback of a schedule, and next year's program, roster and history all go through
:func:`write_atomically`. :func:`check_output` finds, before any solve, everything that
would stop an output from being written.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from scheduler.domain import InputError


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """``write(temporary)`` fills a temporary file beside ``path``, which then replaces
    ``path``; the temporary file is removed on any failure or interruption."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f"{_prefix(path)}{os.getpid()}-", suffix=_suffix(path), dir=path.parent
    )
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, _ordinary_file_mode())  # mkstemp makes it private (0600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    """A text file (UTF-8), written atomically."""

    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    return write_atomically(path, write)


def _ordinary_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _prefix(path: Path) -> str:
    return f".{path.stem}-"


def _suffix(path: Path) -> str:
    return f"{path.suffix}.tmp"


def _pattern(path: Path) -> re.Pattern[str]:
    # exactly what mkstemp makes from the prefix: another file's name never matches
    return re.compile(rf"{re.escape(_prefix(path))}(\d+)-[a-z0-9_]{{8}}{re.escape(_suffix(path))}")


def _remove_orphans(path: Path) -> None:
    """Temporary files of earlier saves of ``path`` whose process no longer runs."""
    pattern = _pattern(path)
    for orphan in path.parent.iterdir():
        match = pattern.fullmatch(orphan.name)
        if match and not _running(int(match.group(1))):
            with contextlib.suppress(OSError):
                orphan.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or not a process id: leave its file alone
    return True


def check_output(path: Path, inputs: Iterable[Path] = (), suffix: str = ".xlsx") -> None:
    """Everything that would stop ``path`` from being written, found before any solve:
    the wrong kind of file, a folder, one of the program's own inputs, a folder that does
    not exist or cannot be written to, a file that cannot be replaced."""
    if path.suffix.lower() != suffix:
        raise _refused(path, f"the output must be an {suffix} file", f"use --out schedule{suffix}")
    try:
        _check_place(path, inputs)
    except OSError as error:  # a name too long for the file system, say
        raise _refused(
            path,
            f"cannot be used as the output ({error.strerror or error})",
            "choose a shorter or simpler path",
        ) from None


def _check_place(path: Path, inputs: Iterable[Path]) -> None:
    if path.is_dir():
        raise _refused(path, "is a folder", f"give a file name such as {path / 'schedule.xlsx'}")
    target = path.resolve()
    if any(target == given.resolve() for given in inputs):
        raise _refused(
            path,
            "is an input of the program, which would be overwritten",
            "give the workbook another name",
        )
    folder = target.parent
    if folder.exists() and not folder.is_dir():
        raise _refused(path, f"{folder} is a file, not a folder", "put the workbook in a folder")
    if not folder.is_dir():
        raise _refused(path, f"folder {folder} does not exist", "create it first")
    if not os.access(folder, os.W_OK | os.X_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise _refused(path, "cannot be written here", "choose a writable path")


def _refused(path: Path, problem: str, fix: str) -> InputError:
    return InputError(str(path), "", problem, fix)
