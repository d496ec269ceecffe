"""Options and helpers shared by the ``sakip`` commands (no heavy imports here)."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pipeline.errors import SakipError

if TYPE_CHECKING:
    from pipeline.workspace.periode import Periode

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
LOG_FILE = Path(tempfile.gettempdir()) / "sakip-galat.log"


class SakipGroup(click.Group):
    """Turns library errors into one readable line and an exit code; never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SakipError as err:
            raise click.ClickException(str(err)) from err
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader of our output went away (e.g. "| head"): stop quietly, like any tool.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(141) from None
        except Exception as err:
            logging.basicConfig(filename=LOG_FILE, level=logging.ERROR)
            logging.exception("sakip: galat internal")
            raise click.ClickException(
                f"Terjadi galat internal ({type(err).__name__}: {err}). Rincian teknis dicatat "
                f"di {LOG_FILE}; kirimkan berkas itu kepada pengelola sakip."
            ) from err


def workspace_option(fn: F) -> F:
    return click.option(
        "--workspace",
        "-w",
        type=click.Path(file_okay=False),
        default=None,
        help="Folder workspace (bawaan: folder saat ini atau $SAKIP_WORKSPACE).",
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Cetak hasil sebagai JSON.")(fn)


class PeriodeType(click.ParamType):  # type: ignore[type-arg]
    name = "TTTT-BB"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Periode:
        from pipeline.errors import PeriodeError
        from pipeline.workspace.periode import Periode

        if isinstance(value, Periode):
            return value
        try:
            return Periode.parse(value)
        except PeriodeError as err:
            self.fail(str(err), param, ctx)


def periode_option(required: bool = True) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        return click.option(
            "--periode",
            "-p",
            type=PeriodeType(),
            required=required,
            help="Periode pelaporan TTTT-BB, misalnya 2024-03.",
        )(fn)

    return decorate


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def note(message: str) -> None:
    """A progress or status line for people: on stderr, so --json output stays clean."""
    click.echo(message, err=True)


def progress_printer(total: int, label: str) -> Callable[[str], None]:
    """A callback that shows "label (i/n): name" on an interactive terminal, else nothing."""
    if not sys.stderr.isatty():
        return lambda _name: None
    count = 0

    def show(name: str) -> None:
        nonlocal count
        count += 1
        line = f"{label} ({count}/{total}): {name}"
        click.echo(f"\r\x1b[2K{line[:110]}", err=True, nl=count == total)

    return show
