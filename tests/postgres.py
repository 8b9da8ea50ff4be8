"""A throwaway PostgreSQL server for the tests: real, local, gone at the end of the run.

The first test that asks for one starts it (initdb and pg_ctl on a temporary folder,
listening on 127.0.0.1 at a free port and on a socket in that folder); every other
test in the run, in any xdist worker, shares it, and the process that started pytest
stops it and removes the folder when the run ends. Each test gets a database of its
own, copied from a template that glutetui's migrations brought to the newest schema
once, so a test costs a CREATE DATABASE (milliseconds), not a migration.

The server runs with fsync off: it holds nothing worth keeping, and the tests that
kill things kill glutetui, not the server. initdb refuses to run as root, so as root
the server's programs run as the ``postgres`` user (or ``nobody``), who owns the
folder. Tests are skipped, saying why, only when the server programs are not
installed; any other failure to start is an error.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from glob import glob
from pathlib import Path
from typing import Any

import pytest

ROOT_ENV = "GLUTETUI_TEST_PG_ROOT"
USER = "glutetui"
TEMPLATE = "glutetui_head"
PROGRAMS = ("initdb", "pg_ctl", "postgres")
SKIP_REASON = (
    "PostgreSQL's server programs (initdb, pg_ctl) are not installed; "
    "apt-get install postgresql (.ci/run does)"
)
_created_root = pytest.StashKey[Path]()


def server_programs() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None when they are not here.

    Debian keeps them off PATH, under /usr/lib/postgresql/VERSION/bin."""
    candidates: list[Path] = []
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        found = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, timeout=10, check=True
        )
        candidates.append(Path(found.stdout.strip()))
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).resolve().parent)
    newest_first = sorted(
        glob("/usr/lib/postgresql/*/bin"), key=lambda p: _version(Path(p).parent.name)
    )
    candidates += [Path(p) for p in reversed(newest_first)]
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in PROGRAMS):
            return folder
    return None


@dataclass(frozen=True)
class Cluster:
    """A running server: where it listens and how to reach it as its superuser."""

    root: Path
    port: int
    password: str

    def url(self, database: str, password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"postgresql://{USER}:{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str | None = TEMPLATE) -> str:
        """A new database's name: a copy of the migrated template, or empty with None."""
        name = f"t_{secrets.token_hex(6)}"
        source = f" TEMPLATE {template}" if template else ""
        _admin(self).execute(f"CREATE DATABASE {name}{source}")
        return name

    def drop_database(self, name: str) -> None:
        # FORCE: a test that forgot to dispose of an engine must not keep the copy alive.
        _admin(self).execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass(frozen=True)
class PostgresDatabase:
    """One test's own database on the shared server."""

    cluster: Cluster
    name: str

    @property
    def url(self) -> str:
        return self.cluster.url(self.name)


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_cluster() -> Cluster:
    """The run's server, started by whichever test needs it first."""
    return shared_cluster()


@pytest.fixture
def postgres(postgres_cluster: Cluster) -> Iterator[PostgresDatabase]:
    """A fresh database at the newest schema, for this test alone; ``.url`` opens it."""
    name = postgres_cluster.create_database()
    yield PostgresDatabase(postgres_cluster, name)
    postgres_cluster.drop_database(name)


@pytest.fixture
def empty_postgres(postgres_cluster: Cluster) -> Iterator[PostgresDatabase]:
    """A fresh database with no tables at all, as a new user's server would give."""
    name = postgres_cluster.create_database(template=None)
    yield PostgresDatabase(postgres_cluster, name)
    postgres_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Each dialect in turn, as ``glutetui.store.database.open_target`` takes them."""
    if request.param == "sqlite":
        yield tmp_path / "target.db"
        return
    database: PostgresDatabase = request.getfixturevalue("postgres")
    yield database.url


# --- the run's beginning and end (plugin hooks) ----------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    # The first process (xdist's controller, or the only one) picks the folder, and
    # its workers, started later, inherit the variable; the server waits until asked.
    if hasattr(config, "workerinput") or os.environ.get(ROOT_ENV):
        return
    root = Path(tempfile.mkdtemp(prefix="glutetui-pg-"))
    root.chmod(0o755)  # the server's user must reach its folder inside
    os.environ[ROOT_ENV] = str(root)
    config.stash[_created_root] = root


def pytest_unconfigure(config: pytest.Config) -> None:
    root = config.stash.get(_created_root, None)
    if root is None:
        return
    _close_admin()
    with contextlib.suppress(FileNotFoundError, json.JSONDecodeError):
        state = json.loads((root / "cluster.json").read_text())
        _as_server_user(
            [str(Path(state["bindir"]) / "pg_ctl"), "stop", "-D", state["data"], "-m", "immediate"],
            check=False,
        )
    shutil.rmtree(root, ignore_errors=True)
    os.environ.pop(ROOT_ENV, None)


# --- starting it once -----------------------------------------------------------------

_clusters: dict[str, Cluster] = {}  # this process's view of the run's one server
_process_lock = threading.Lock()


def shared_cluster() -> Cluster:
    """The server for this run: started here if no other worker has started it yet."""
    root = Path(os.environ[ROOT_ENV])  # set by pytest_configure above
    with _process_lock:
        if cluster := _clusters.get(str(root)):
            return cluster
        bindir = server_programs()
        if bindir is None:
            pytest.skip(SKIP_REASON)
        with open(root / "lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # workers queue here while one starts it
            state_file = root / "cluster.json"
            if not state_file.exists():
                state = _start(root, bindir)
                state_file.write_text(json.dumps(state))
            state = json.loads(state_file.read_text())
        cluster = _clusters[str(root)] = Cluster(root, state["port"], state["password"])
        return cluster


def _start(root: Path, bindir: Path) -> dict[str, Any]:
    home = root / "pg"
    home.mkdir(mode=0o700)
    uid, gid = _server_user()
    os.chown(home, uid, gid)
    password = secrets.token_hex(12)
    pwfile = home / "pwfile"
    pwfile.write_text(password + "\n")
    os.chown(pwfile, uid, gid)
    data = home / "data"
    _as_server_user(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            USER,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",  # so a wrong password is refused, as on a real one
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]
    )
    pwfile.unlink()
    state: dict[str, Any] = {"bindir": str(bindir), "data": str(data), "password": password}
    for attempt in range(5):
        port = _free_port()
        options = " ".join(
            [
                f"-p {port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={home}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
                "-c shared_buffers=32MB",
            ]
        )
        started = _as_server_user(
            [
                *(str(bindir / "pg_ctl"), "start", "-w", "-t", "60"),
                *("-D", str(data), "-l", str(home / "server.log"), "-o", options),
            ],
            check=attempt == 4,  # another program may take the port between look and use
        )
        if started.returncode == 0:
            state["port"] = port
            break
    cluster = Cluster(root, state["port"], password)
    _make_template(cluster)
    return state


def _make_template(cluster: Cluster) -> None:
    """The newest schema, made by glutetui's own migrations, ready to be copied."""
    from glutetui.store.database import open_url

    _admin(cluster).execute(f"CREATE DATABASE {TEMPLATE}")
    open_url(cluster.url(TEMPLATE)).dispose()
    # No connections to it from now on, so copying it never finds it in use.
    _admin(cluster).execute(f"ALTER DATABASE {TEMPLATE} WITH IS_TEMPLATE true")
    _admin(cluster).execute(f"ALTER DATABASE {TEMPLATE} WITH ALLOW_CONNECTIONS false")


# --- small parts ----------------------------------------------------------------------

_admins: dict[int, Any] = {}
_admin_lock = threading.Lock()


def _admin(cluster: Cluster) -> Any:
    """This process's connection to the server's own database, in autocommit."""
    import psycopg

    with _admin_lock:
        connection = _admins.get(cluster.port)
        if connection is None or connection.closed:
            connection = psycopg.connect(
                host="127.0.0.1",
                port=cluster.port,
                user=USER,
                password=cluster.password,
                dbname="postgres",
                autocommit=True,
                connect_timeout=10,
            )
            _admins[cluster.port] = connection
        return connection


def _close_admin() -> None:
    with _admin_lock:
        for connection in _admins.values():
            connection.close()
        _admins.clear()


def _server_user() -> tuple[int, int]:
    if os.geteuid() != 0:
        return os.getuid(), os.getgid()
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return entry.pw_uid, entry.pw_gid
    raise RuntimeError("running as root, and there is no postgres or nobody user to run as")


def _as_server_user(command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    uid, gid = _server_user()
    as_other = os.geteuid() == 0
    result = subprocess.run(
        command,
        check=False,  # said below, with the program's own words
        capture_output=True,
        text=True,
        timeout=120,
        # Root may not run the server; the server's user runs its programs instead.
        user=uid if as_other else None,
        group=gid if as_other else None,
        extra_groups=[] if as_other else None,
        cwd="/",
        env={**os.environ, "LC_ALL": "C"},
    )
    if check and result.returncode != 0:
        raise RuntimeError(
            f"{Path(command[0]).name} failed ({result.returncode}): "
            f"{(result.stderr or result.stdout).strip()}"
        )
    return result


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())
