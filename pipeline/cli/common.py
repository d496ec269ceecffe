"""Options and helpers shared by the ``sakip`` commands (no heavy imports here)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pipeline.errors import SakipError, os_reason

if TYPE_CHECKING:
    from pipeline.workspace.periode import Periode

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
LOG_NAME = "sakip-galat.log"


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
        except OSError as err:
            # Faults of the machine, not of sakip: a full disk, a read-only folder, a folder
            # where a file belongs. Said in one line; details still logged for the curious.
            where = write_log()
            raise click.ClickException(environment_message(err) + _pointer(where)) from err
        except Exception as err:
            where = write_log()
            detail = f"Terjadi galat internal ({type(err).__name__}: {err})."
            if where is None:
                raise click.ClickException(
                    f"{detail} Rincian teknisnya tidak dapat dicatat ke berkas (folder "
                    "workspace dan folder pengguna tidak dapat ditulisi); jalankan ulang "
                    "perintah ini dan sampaikan pesan ini kepada pengelola sakip."
                ) from err
            raise click.ClickException(
                f"{detail} Rincian teknis dicatat di {where}; kirimkan berkas itu kepada "
                "pengelola sakip."
            ) from err


def _pointer(where: Path | None) -> str:
    return f" (Rincian teknis: {where}.)" if where is not None else ""


def environment_message(err: OSError) -> str:
    """One line in Bahasa Indonesia for an operating-system error, naming the path."""
    reason = os_reason(err)
    path = err.filename
    if not path:
        return f"Berkas atau folder yang diperlukan tidak dapat dipakai: {reason}."
    return f"'{path}' tidak dapat dipakai: {reason}."


def write_log() -> Path | None:
    """Write the current exception's traceback to the workspace's log, else to the user's
    own folder; None when neither can be written (the caller still says one clear line)."""
    text = "".join(traceback.format_exc())
    for folder in _log_folders():
        path = folder / LOG_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(f"--- sakip {' '.join(sys.argv[1:])}\n{text}\n")
        except OSError:
            continue
        return path
    return None


def _log_folders() -> list[Path]:
    """The workspace's cache folder (the workspace as the command names it), then the
    user's own folder."""
    from pipeline.workspace.paths import CACHE_DIR

    folders: list[Path] = []
    root = _workspace_arg() or os.environ.get("SAKIP_WORKSPACE") or "."
    workspace = Path(root).expanduser().absolute()
    try:
        if workspace.is_dir() and any(
            (workspace / name).is_file() for name in ("sakip.yaml", "sakip.toml", "sakip.yml")
        ):
            folders.append(workspace / CACHE_DIR)
    except OSError:
        pass
    base = os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_STATE_HOME")
    folders.append(Path(base) / "sakip" if base else Path.home() / ".local" / "state" / "sakip")
    folders.append(Path(tempfile.gettempdir()))
    return folders


def _workspace_arg() -> str | None:
    """The value of --workspace/-w on the command line, wherever it stands."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg in ("-w", "--workspace") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--workspace="):
            return arg.split("=", 1)[1]
        if arg.startswith("-w") and len(arg) > 2:
            return arg[2:]
    return None


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


class TanggalType(click.ParamType):  # type: ignore[type-arg]
    """A calendar date written TTTT-BB-HH, refused in Bahasa Indonesia (click's DateTime
    answers in English with a strptime format)."""

    name = "TTTT-BB-HH"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        self.fail(
            f"'{value}' bukan tanggal yang sah; tulis TTTT-BB-HH, misalnya 2025-02-10.",
            param,
            ctx,
        )


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
