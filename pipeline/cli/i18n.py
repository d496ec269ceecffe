"""Bahasa Indonesia for click's own messages (usage errors, help headings).

click looks its strings up through ``gettext``; no Indonesian catalogue ships with it, so
this module swaps the lookup functions in click's modules for a small dictionary. A string
missing here falls back to click's English, never to an error.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

_ID = {
    "Usage:": "Penggunaan:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Error: {message}": "Galat: {message}",
    "Try {command} for help.": "Coba {command} untuk bantuan.",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "No such option: {name}": "Opsi tidak dikenal: {name}",
    "No such option {name!r}.": "Opsi {name!r} tidak dikenal.",
    "(Did you mean one of: {possibilities}?)": "(Maksud Anda salah satu dari: {possibilities}?)",
    "Missing argument": "Argumen belum diisi:",
    "Missing option": "Opsi wajib belum diisi:",
    "Missing parameter": "Parameter belum diisi:",
    "Missing command.": "Perintah belum disebutkan.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "default: {default}": "bawaan: {default}",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "Could not open file {filename!r}: {message}": (
        "Berkas {filename!r} tidak dapat dibuka: {message}"
    ),
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
    "(Possible options: {possibilities})": "(Kemungkinan opsi: {possibilities})",
    "Missing {param_type}": "{param_type} wajib diisi",
    "argument": "Argumen",
    "option": "Opsi",
    "parameter": "Parameter",
    "No such command {name!r}.": "Perintah {name!r} tidak ada.",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Got unexpected extra argument ({args})": "Argumen tambahan tidak dikenal: ({args})",
    "Got unexpected extra arguments ({args})": "Argumen tambahan tidak dikenal: ({args})",
    "Option {name!r} requires an argument.": "Opsi {name!r} memerlukan nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} memerlukan {nargs} nilai.",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "integer": "bilangan bulat",
    "float": "bilangan",
    "Aborted!": "Dibatalkan.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ditemukan.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "File": "Berkas",
    "Directory": "Folder",
    "Path": "Jalur",
    "default": "bawaan",
    "required": "wajib",
}


def _gettext(message: str) -> str:
    return _ID.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _ID.get(singular if n == 1 else plural, singular if n == 1 else plural)


def install() -> None:
    modules = (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    )
    for module in modules:
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
