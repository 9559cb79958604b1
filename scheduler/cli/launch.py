"""The installed command's first step, which imports nothing heavy.

Loading the engine's libraries (pydantic, OR-Tools, pandas, rich) takes half a second or
more; a Ctrl-C in that time would otherwise print a traceback from deep inside an import.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from scheduler.cli.main import main as run
    except KeyboardInterrupt:
        print("error: interrupted (Ctrl-C) while starting: nothing was written", file=sys.stderr)
        raise SystemExit(130) from None
    run()
