"""The verification code printed on every built document (an archive check, not a TTE).

Eight characters of Crockford base32 and its mod-37 check symbol, printed "XXXX-XXXX-X". The
code is derived from the document's identity (its workspace-relative path) and the fingerprint
of what it was made from, so two builds of the same inputs print the same code and stay
byte-identical, and a document made from other inputs gets another code. The archive maps a
code to the document, its build and its sha256 (``verification_code`` in ``sakip.db``).

Only codes whose check symbol is a letter or digit are issued (the derivation tries the next
counter otherwise): the printed code then holds nothing OCR or a QR alphanumeric segment
stumbles on, and it is still a valid Crockford check.
"""

from __future__ import annotations

import hashlib
import io
import re
from itertools import count

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS = ALPHABET + "*~$=U"
QR_PREFIX = "SAKIP:"
LENGTH = 8

# Crockford decoding: O is 0, I and L are 1 (what OCR and people confuse).
_DECODE = {c: i for i, c in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}
_PRINTED = re.compile(
    r"(?<![0-9A-Z])([0-9A-Z]{4})\s?[-‐–—]\s?([0-9A-Z]{4})\s?[-‐–—]\s?([0-9A-Z*~$=U])(?![0-9A-Z])",
    re.IGNORECASE,
)


def make_code(identity: str, fingerprint: str) -> str:
    """The 9-character code (no separators) of the document ``identity`` made from inputs
    with ``fingerprint``."""
    for attempt in count():
        digest = hashlib.sha256(f"{identity}\x00{fingerprint}\x00{attempt}".encode()).digest()
        value = int.from_bytes(digest[:5], "big")  # 40 bits: eight base32 characters
        check = value % 37
        if check < len(ALPHABET):
            return _encode(value) + CHECK_SYMBOLS[check]
    raise AssertionError("unreachable")


def _encode(value: int) -> str:
    chars = []
    for _ in range(LENGTH):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def printed(code: str) -> str:
    """The code as printed: "XXXX-XXXX-X"."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def qr_payload(code: str) -> str:
    return QR_PREFIX + printed(code)


def valid(code: str) -> str | None:
    """``code`` (any case, with or without hyphens, O/I/L read as 0/1) as the canonical
    9-character code when its check symbol agrees, else None."""
    text = re.sub(r"[\s\-‐–—]", "", code.upper())
    if len(text) != LENGTH + 1:
        return None
    try:
        value = 0
        for char in text[:LENGTH]:
            value = value * 32 + _DECODE[char]
    except KeyError:
        return None
    check = text[LENGTH].replace("O", "0").replace("I", "1").replace("L", "1")
    if CHECK_SYMBOLS.find(check) != value % 37:
        return None
    return _encode(value) + check


def find_codes(text: str) -> list[str]:
    """Every valid code printed in ``text``, in order of appearance, each once."""
    found: dict[str, None] = {}
    for match in _PRINTED.finditer(text):
        code = valid("".join(match.groups()))
        if code is not None:
            found.setdefault(code)
    return list(found)


def qr_png(code: str, scale: int = 4) -> bytes:
    """A QR code carrying :func:`qr_payload` as PNG bytes; the same code gives the same
    bytes (segno writes no timestamp)."""
    import segno

    out = io.BytesIO()
    segno.make(qr_payload(code), error="m", micro=False).save(
        out, kind="png", scale=scale, border=2
    )
    return out.getvalue()


def code_from_qr(payload: str) -> str | None:
    """The code a QR payload carries, when it is one of ours."""
    if not payload.upper().startswith(QR_PREFIX):
        return None
    return valid(payload[len(QR_PREFIX) :])
