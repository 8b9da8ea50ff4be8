"""The pairing code drawn in text: every module where segno put it, a light quiet zone,
and small enough for Home and the get-ready screen."""

from __future__ import annotations

import pytest

from glutetui.remote import qr
from glutetui.remote.guard import new_code

URL = f"http://192.168.100.200:8765/P/{new_code()}"

# Each character's (top, bottom) modules, True where light: what qr_rows drew.
HALVES = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}


def read_back(rows: list[str]) -> list[list[bool]]:
    """The module matrix the rows show, as a camera would see it (light = True)."""
    matrix: list[list[bool]] = []
    for row in rows:
        pairs = [HALVES[ch] for ch in row]
        matrix.append([top for top, _ in pairs])
        matrix.append([bottom for _, bottom in pairs])
    return matrix


@pytest.mark.parametrize(
    "origin", ["http://192.168.100.200:8765", "http://10.0.0.2:8766", "http://[fd00::1234]:8765"]
)
def test_the_rows_show_every_module_of_the_code(origin: str) -> None:
    url = f"{origin}/P/{new_code()}"
    code = qr.qr_code(url)
    size = int(code.symbol_size(border=0)[0])
    rows = qr.qr_rows(url)
    seen = read_back(rows)
    border = qr.QUIET_ZONE
    assert len({len(row) for row in rows}) == 1
    assert len(rows[0]) == size + 2 * border
    inner = [row[border : border + size] for row in seen[border : border + size]]
    expected = [[module == 0 for module in row] for row in code.matrix_iter(border=0)]
    assert inner == expected
    # The quiet zone is light all round (and the odd last half row too).
    for i, row in enumerate(seen):
        if i < border or i >= border + size:
            assert all(row), i
        else:
            assert all(row[:border]) and all(row[border + size :]), i


def test_the_code_carries_the_url_in_compact_capitals() -> None:
    code = qr.qr_code(URL)
    assert code.mode == "alphanumeric"
    assert not code.is_micro
    assert qr.compact(URL) == URL.replace("http://", "HTTP://")
    assert qr.compact("http://[fd00::ab]:8765/P/X") == "HTTP://[FD00::AB]:8765/P/X"


def test_the_code_is_small_enough_for_a_corner_of_the_screen() -> None:
    """Version 3 (29 modules): 17 rows of text by 33 columns, the longest IPv4 address
    included."""
    code = qr.qr_code(f"http://192.168.100.200:65535/P/{new_code()}")
    assert code.version == 3
    rows = qr.qr_rows(f"http://192.168.100.200:65535/P/{new_code()}")
    assert len(rows) == 17 and len(rows[0]) == 33


def test_the_light_modules_are_the_drawn_ones() -> None:
    """The finder pattern's corner: a dark ring round a light ring round a dark core, so
    after the two rows of quiet zone the third row starts light-light-dark."""
    matrix = qr.light_modules(URL)
    top = matrix[qr.QUIET_ZONE]
    assert top[: qr.QUIET_ZONE] == [True, True]
    assert top[qr.QUIET_ZONE : qr.QUIET_ZONE + 7] == [False] * 7  # the finder's dark edge
