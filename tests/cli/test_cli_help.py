"""Every command's --help, walked from the top: Indonesian, with a "Contoh:" block whose every
line is a real ``sakip`` command line (it names existing commands and options, and its values
parse) for the command whose help shows it."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli.main import cli


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    ctx = click.Context(group, info_name="sakip")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        elif command is not None:
            found.append((*path, name))
    return found


COMMANDS = _commands(cli)


def _examples(help_text: str) -> list[list[str]]:
    """The command lines under "Contoh:" (``a && b`` is two), split as a shell would."""
    lines = help_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Contoh:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    examples = []
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break  # the next paragraph or section ("Opsi:", "Perintah:")
        for part in line.split("&&"):
            words = shlex.split(part)
            if words[:1] == ["sakip"]:  # not "cd FOLDER" before it
                examples.append(words)
    return examples


def _parse(args: list[str]) -> tuple[str, ...]:
    """Parse a command line as ``sakip`` would, without running it; return the command path.
    Raises click's usage errors for an unknown command or option or a value that does not
    parse."""
    assert args[0] == "sakip", args
    command: click.Command = cli
    ctx = click.Context(cli, info_name="sakip")
    path: list[str] = []
    rest = args[1:]
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
        name, rest = rest[0], rest[1:]
        found = command.get_command(ctx, name)
        if found is None:
            raise click.UsageError(f"'{name}' is not a command of 'sakip {' '.join(path)}'")
        path.append(name)
        command = found
        ctx = click.Context(command, info_name=name, parent=ctx)
    with command.make_context(path[-1] if path else "sakip", rest, parent=ctx.parent):
        pass
    return tuple(path)


def _files_named_in(example: list[str]) -> None:
    """The PDFs and folders an example names, made in the current folder (``sakip check``
    wants its PATHs to exist)."""
    for arg in example[1:]:
        if arg.startswith("-") or arg.startswith("/"):
            continue
        if arg.endswith("/"):
            Path(arg).mkdir(parents=True, exist_ok=True)
        elif arg.endswith(".pdf"):
            Path(arg).parent.mkdir(parents=True, exist_ok=True)
            Path(arg).write_bytes(b"%PDF-1.4\n")


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "sakip")
def test_help_has_real_examples(path: tuple[str, ...], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Penggunaan: {' '.join(['sakip', *path])} ")
    assert "Show this message" not in result.output and "Usage:" not in result.output
    assert any(line.strip() == "Contoh:" for line in result.output.splitlines()), "no Contoh:"
    examples = _examples(result.output)
    assert examples, "'Contoh:' names no sakip command line"
    here = Path.cwd()
    os.chdir(tmp_path)
    parsed = []
    try:
        for example in examples:
            _files_named_in(example)
            try:
                parsed.append(_parse(example))
            except click.UsageError as err:
                pytest.fail(f"{shlex.join(example)}: {err.format_message()}")
    finally:
        os.chdir(here)
    # At least one example runs this very command (others may show what comes with it).
    assert any(p[: len(path)] == path for p in parsed), f"no example of {path} in {examples}"


def test_the_walk_finds_every_command() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"", "build", "check", "validate", "rekap", "sop render", "archive diff"} <= names
    assert len(COMMANDS) >= 20


def test_a_wrong_example_would_fail(tmp_path: Path) -> None:
    """The parse above is strict: an unknown option, command or value does not pass."""
    for wrong in (
        "sakip build --periode 2024-13",
        "sakip build --periode 2024-03 --sops pk",
        "sakip sop tampil pk",
        "sakip archive show dua-belas",
    ):
        with pytest.raises(click.UsageError):
            _parse(shlex.split(wrong))
