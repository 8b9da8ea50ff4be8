"""What a fresh interpreter loads when it imports some of glutetui's modules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable


def packages_loaded(modules: Iterable[str], among: Iterable[str]) -> list[str]:
    """The loaded modules whose top-level package is in ``among``, after importing ``modules``
    in a new process (so nothing the test process already loaded counts)."""
    code = (
        "import sys\n"
        f"for name in {list(modules)!r}:\n"
        "    __import__(name)\n"
        f"print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] in {set(among)!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()
