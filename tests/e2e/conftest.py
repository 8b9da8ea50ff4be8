"""One Chromium per test process for the browser tests (each test gets its own context)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.remote_page import SharedChromium, chromium


@pytest.fixture(scope="session")
def shared_chromium() -> Iterator[SharedChromium]:
    executable = chromium()
    if executable is None:
        pytest.skip("needs Chromium (Debian's chromium package, or $CHROMIUM)")
    browser = SharedChromium(executable)
    yield browser
    browser.close()
