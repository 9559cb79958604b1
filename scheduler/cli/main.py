"""The command line: ``residency-scheduler solve | check | explain | repair | rollover |
compare | schema``, one module per command, each a thin layer over :mod:`scheduler.api`
(parse the options, call the API, print). Exit codes: :mod:`scheduler.cli.common`.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from scheduler import __version__
from scheduler.cli import check, compare, explain, repair, rollover, solve
from scheduler.cli.common import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, err, run

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Build, check and export internal-medicine residency rotation schedules.",
)
app.command("solve")(solve.solve)
app.command("check")(check.check)
app.command("explain")(explain.explain)
app.command("repair")(repair.repair)
app.command("rollover")(rollover.rollover)
app.command("compare")(compare.compare)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the program file format."""
    from scheduler import api

    typer.echo(json.dumps(api.schema(), indent=2))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"residency-scheduler {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="show the version")
    ] = False,
) -> None:
    """Build, check and export internal-medicine residency rotation schedules."""


def main() -> None:
    """The installed command. A mistake on the command line (an unknown option, a value
    that is not a number) is one line naming it, with where to look, and exit 2, rather
    than a usage box."""
    if len(sys.argv) <= 1:
        err.print(
            "error: no command given. Fix: residency-scheduler solve PROGRAM.yaml --out "
            "schedule.xlsx (or check, explain, schema; --help explains each)",
            markup=False,
            highlight=False,
        )
        raise SystemExit(EXIT_INPUT)
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as error:
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        if message:  # nothing to say when no arguments were given: the help is shown
            context = getattr(error, "ctx", None)
            where = context.command_path if context is not None else "residency-scheduler"
            err.print(
                f"error: {message.rstrip('.')}. Fix: see {where} --help",
                markup=False,
                highlight=False,
            )
        raise SystemExit(EXIT_INPUT) from None
    if code == EXIT_INTERRUPTED and not run.stops_reported:
        # Ctrl-C outside a command (while the command line was read): typer exits 130 silently
        err.print("error: interrupted (Ctrl-C): nothing was written", markup=False)
    raise SystemExit(code if isinstance(code, int) else EXIT_OK)
