"""The pairing URL as a QR code made of text, for the terminal.

A terminal cell is about twice as tall as it is wide, so each character holds two
modules stacked (half blocks: ``▀`` ``▄`` ``█`` and a space) and the code comes out
square. The characters draw the code's *light* modules, quiet zone included: shown
light on dark (the widget paints them white on black whatever the theme), the code
reads as the usual dark on light, the way every phone camera expects it.

Only segno is imported here, and only the remote imports this module.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import segno

# Light modules around the code. The standard asks for four; two are plenty for phone
# cameras when the code is drawn on its own white, and save four rows of the terminal.
QUIET_ZONE = 2

# (top light, bottom light) -> the character that draws them.
_HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def compact(url: str) -> str:
    """The same URL with the scheme and host in capitals (they are case-insensitive), so
    an all-capital path lets the whole URL use the QR code's alphanumeric mode: a
    smaller code for the same address."""
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme.upper(), parts.netloc.upper(), parts.path, parts.query, parts.fragment)
    )


def qr_code(url: str) -> segno.QRCode:
    """The code for ``url``: a full QR code (phones do not all read micro codes), the
    lowest error correction that segno raises when the data fits anyway: a screen does
    not get dirty or torn, and each level up makes the code larger."""
    return segno.make(compact(url), error="l", micro=False)


def light_modules(url: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The code's modules, quiet zone included, True where a module is light."""
    code = qr_code(url)
    return [[module == 0 for module in row] for row in code.matrix_iter(border=border)]


def qr_rows(url: str, border: int = QUIET_ZONE) -> list[str]:
    """The code as lines of text, two module rows per line, light modules drawn."""
    matrix = light_modules(url, border)
    if len(matrix) % 2:
        matrix.append([True] * len(matrix[0]))  # one more light row of quiet zone
    return [
        "".join(_HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(matrix[::2], matrix[1::2], strict=True)
    ]
