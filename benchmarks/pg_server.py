"""A local PostgreSQL server for the benchmarks, started the way the tests start theirs.

The server programs (initdb, pg_ctl) are found and run by ``tests.postgres``: a
throwaway cluster in a temporary folder, listening on 127.0.0.1 at a free port,
with a database brought to glutetui's newest schema as a template. It is stopped
and removed when the benchmark is done. Its settings are the tests' (fsync off):
what is measured is glutetui's own work and its round trips, not the disk.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.postgres import TEMPLATE, Cluster, _as_server_user, _start, server_programs

MISSING = "PostgreSQL's server programs (initdb, pg_ctl) are not installed"


@contextmanager
def local_server() -> Iterator[Cluster | None]:
    """A running server for the block, or None when PostgreSQL is not installed."""
    bindir = server_programs()
    if bindir is None:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="glutetui-bench-pg-"))
    root.chmod(0o755)  # the server's user must reach its folder inside
    data: str | None = None
    try:
        state = _start(root, bindir)
        data = state["data"]
        yield Cluster(root, state["port"], state["password"])
    finally:
        if data is not None:
            _as_server_user(
                [str(bindir / "pg_ctl"), "stop", "-D", data, "-m", "immediate"], check=False
            )
        shutil.rmtree(root, ignore_errors=True)


def new_database(cluster: Cluster) -> str:
    """The URL of a new database at glutetui's newest schema."""
    return cluster.url(cluster.create_database(TEMPLATE))
