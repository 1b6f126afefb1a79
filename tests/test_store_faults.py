"""Faults while the store writes (issue 17), against SQLite and a real PostgreSQL started (and stopped) here: a write
killed half-way, the database unreachable at the start or gone during a session, the disk full, two analysts
adding the same document at once. Each time the store holds the whole write or none of it, and the caller gets a
StoreError saying in words what went wrong, never a driver's exception."""

import errno
import glob
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.browser import ROOT, free_port, until
from trafficking_atlas import extraction, loader, store

pytestmark = pytest.mark.store

ARTICLE = "At least 27 migrants drowned off Calais on Tuesday when their dinghy capsized, the French coastguard said.\n"
OTHER = ARTICLE.replace("27", "31").replace("Calais", "Dunkirk")
# A long report: its row spills out of SQLite's page cache into the file before the commit, as a real one may. Its
# words are random, so that PostgreSQL cannot compress it into the pages it has.
_words = random.Random(17)
LONG = ARTICLE + " ".join("".join(_words.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(40_000))
TABLES = ("added_documents", "added_records", "history", "grades")


class Postgres:
    """A throwaway PostgreSQL server (Debian's binaries) on a private socket, as tests/test_store.py starts one, that
    a test can stop and start again. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user."""

    def __init__(self, bin_dir: str):
        self.bin_dir, self.home, self.port = bin_dir, tempfile.mkdtemp(prefix="atlas-pg-"), free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.home, "postgres")
        self.data = os.path.join(self.home, "data")
        self.url = f"postgresql+psycopg://postgres@/postgres?host={self.home}&port={self.port}"
        self._pg("initdb", "-D", self.data, "-U", "postgres", "-A", "trust")

    def _pg(self, program: str, *args: str, check: bool = True) -> None:
        subprocess.run([*self.as_user, f"{self.bin_dir}/{program}", *args], check=check, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.home} -c listen_addresses=''"
        self._pg("pg_ctl", "-D", self.data, "-o", options, "-w", "-l", f"{self.home}/log", "start")

    def stop(self, check: bool = True) -> None:
        self._pg("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=check)

    def sql(self, *statements: str, database: str = "postgres") -> None:
        """Statements run outside a transaction (CREATE DATABASE, CREATE TABLESPACE)."""
        engine = sa.create_engine(sa.make_url(self.url).set(database=database), isolation_level="AUTOCOMMIT")
        with engine.connect() as db:
            for statement in statements:
                db.exec_driver_sql(statement)
        engine.dispose()


@pytest.fixture(scope="module")
def postgres():
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdb:
        if os.environ.get("CI"):
            pytest.fail("Debian's postgresql is not installed (scripts/setup-postgres installs it)")
        pytest.skip("Debian's postgresql is not installed")
    server = Postgres(os.path.dirname(initdb[-1]))
    try:
        server.start()
        yield server
    finally:
        server.stop(check=False)
        shutil.rmtree(server.home, ignore_errors=True)


def _empty(url: str) -> None:
    engine = sa.create_engine(url)
    store.metadata.drop_all(engine)  # the PostgreSQL server is shared by the module's tests
    with engine.begin() as db:
        db.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """An empty store's address, not yet migrated: a SQLite file, or the module's PostgreSQL (emptied afterwards)."""
    if request.param == "sqlite":
        (tmp_path / "store").mkdir()
        yield f"sqlite:///{tmp_path}/store/store.sqlite3"
        return
    server = request.getfixturevalue("postgres")
    yield server.url
    _empty(server.url)


def _accepted(base: loader.Dataset, text: str = ARTICLE, doc_id: str | None = None) -> dict[str, pd.DataFrame]:
    proposal = extraction.propose(extraction.Document(text, date(2021, 11, 25), "Dinghy capsizes"), base.frames)
    accepted = {k: v[~v["known"].astype(bool)].drop(columns="known") if "known" in v else v for k, v in proposal.items()}
    if doc_id:
        accepted = {k: v.assign(document_id=doc_id) if "document_id" in v else v for k, v in accepted.items()}
    return accepted


def _rows(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as db:
        return {t: db.execute(sa.select(sa.func.count()).select_from(store.metadata.tables[t])).scalar_one() for t in TABLES}


NOTHING = dict.fromkeys(TABLES, 0)

# The child: starts store.add and stops inside its transaction (after the document's row, or with every row written
# and the commit about to be sent), saying so through a file; the test then kills it with SIGKILL.
KILLED_WRITER = """
import pickle, sys, time
from pathlib import Path

import sqlalchemy as sa

from trafficking_atlas import store

url, job, ready, at = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
text, accepted = pickle.loads(job.read_bytes())
engine = store.open_store(url)
if engine.dialect.name == "sqlite":
    engine.dispose()  # new connections with a small page cache: the transaction's pages reach the file before commit
    sa.event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA cache_size = 8"))


def pause(*_):
    ready.write_text("in the transaction")
    time.sleep(600)


if at == "after the document's row":
    sa.event.listen(engine, "after_cursor_execute",
                    lambda conn, cursor, statement, *_: statement.startswith("INSERT INTO added_documents") and pause())
else:
    sa.event.listen(engine, "commit", lambda conn: pause())
store.add(engine, text, accepted, "killed@example")
"""


@pytest.mark.parametrize("at", ["after the document's row", "before the commit"])
def test_a_write_killed_half_way_leaves_none_of_it_and_the_document_can_be_added_again(url, at, tmp_path, fixture_dataset):
    store.open_store(url).dispose()  # migrated beforehand: the child's transaction is the add alone
    accepted = _accepted(fixture_dataset)
    job, ready = tmp_path / "job.pickle", tmp_path / "ready"
    job.write_bytes(pickle.dumps((LONG, accepted)))
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, url, str(job), str(ready), at], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        until(lambda: ready.exists() or child.poll() is not None, timeout=120, what="the child inside its write")
        assert child.poll() is None, child.stdout.read().decode()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if url.startswith("sqlite"):
        assert Path(url.removeprefix("sqlite:///") + "-journal").exists()  # killed with its pages in the file
    engine = store.open_store(url)  # the store opens (SQLite rolls the hot journal back; PostgreSQL aborted it)
    assert _rows(engine) == NOTHING and store.revision(engine) == 0 and store.additions(engine).texts == {}
    doc = store.add(engine, LONG, accepted, "analyst@example")
    assert set(store.additions(engine).texts) == {doc} and _rows(engine)["added_documents"] == 1
    engine.dispose()


def test_an_error_raised_half_way_through_a_write_leaves_none_of_it(url, fixture_dataset):
    engine = store.open_store(url)

    def fail(conn, cursor, statement, *_):
        if statement.startswith("INSERT INTO history"):  # the document and its records written, not yet committed
            raise RuntimeError("the power went")

    sa.event.listen(engine, "before_cursor_execute", fail)
    with pytest.raises(RuntimeError, match="the power went"):
        store.add(engine, ARTICLE, _accepted(fixture_dataset), "analyst@example")
    sa.event.remove(engine, "before_cursor_execute", fail)
    assert _rows(engine) == NOTHING
    store.add(engine, ARTICLE, _accepted(fixture_dataset), "analyst@example")
    assert _rows(engine)["added_documents"] == 1
    engine.dispose()


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("postgresql+psycopg://atlas:secret@127.0.0.1:{port}/atlas", "the store's database cannot be reached"),
        ("postgresql+psycopg://atlas:secret@no-such-host.invalid/atlas", "the store's database cannot be reached"),
        ("sqlite:///{tmp}/missing/store.sqlite3", "the store's file cannot be opened: its folder is missing"),
        ("sqlite:////proc/atlas-store.sqlite3", "the store's file cannot be opened"),  # not writable, even for root
        ("nonsense://atlas:secret@somewhere", "the store's address (ATLAS_DATABASE_URL) is not one the atlas can open"),
    ],
    ids=["closed port", "unknown host", "missing folder", "unwritable place", "not an address"],
)
def test_a_store_that_cannot_be_opened_says_why_in_words(where, said, tmp_path):
    with pytest.raises(store.StoreError) as raised:
        store.open_store(where.format(port=free_port(), tmp=tmp_path))
    message = str(raised.value)
    assert message.startswith(said), message
    assert "secret" not in message and "[SQL" not in message and "\n" not in message


@contextmanager
def _gone(url: str, request):
    """The store's database made unreachable while an engine has it open: the PostgreSQL server stopped, or the
    SQLite file's folder moved away (as a disk unmounted or a folder renamed would); put back on leaving."""
    if url.startswith("sqlite"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        folder.rename(folder.with_name("moved"))
        try:
            yield
        finally:
            folder.with_name("moved").rename(folder)
    else:
        server = request.getfixturevalue("postgres")
        server.stop()
        try:
            yield
        finally:
            server.start()


def test_the_database_going_away_during_a_session_fails_the_write_in_words_and_loses_nothing(url, request,
                                                                                               fixture_dataset):  # fmt: skip
    engine = store.open_store(url)
    kept = store.add(engine, ARTICLE, _accepted(fixture_dataset), "first@example")
    other = _accepted(fixture_dataset, OTHER, "dunkirk-report.txt")
    with _gone(url, request):
        with pytest.raises(store.StoreError) as raised:
            store.add(engine, OTHER, other, "second@example")
        said = str(raised.value)
        assert said.startswith(("the store's file was moved or deleted while the atlas had it open",
                                "the store's database cannot be reached")), said  # fmt: skip
        assert "[SQL" not in said
    # Back: the pool's dropped connections are replaced, the first document is there, the refused one can be added.
    assert set(store.additions(engine).texts) == {kept} and _rows(engine)["history"] == 1
    store.add(engine, OTHER, other, "second@example")
    assert set(store.additions(engine).texts) == {kept, "dunkirk-report.txt"}
    engine.dispose()


def _big_record(base: loader.Dataset) -> dict[str, pd.DataFrame]:
    accepted = _accepted(base)
    accepted["figures"] = accepted["figures"].assign(quote="drowned " * 40_000)  # its row needs ~80 more pages
    return accepted


def test_a_full_disk_fails_the_write_in_words_and_leaves_none_of_it(tmp_path, fixture_dataset):
    engine = store.open_store(f"sqlite:///{tmp_path}/store.sqlite3")
    with engine.connect() as db:
        pages = db.exec_driver_sql("PRAGMA page_count").scalar_one()
    engine.dispose()
    # The file may not grow by more than a few pages (SQLITE_FULL, as a full disk gives): room for the document's
    # row, not for its records.
    limit = lambda connection, _: connection.execute(f"PRAGMA max_page_count = {pages + 2}")
    sa.event.listen(engine, "connect", limit)
    written = []
    sa.event.listen(engine, "after_cursor_execute", lambda conn, cursor, statement, *_: written.append(statement))
    with pytest.raises(store.StoreError) as raised:
        store.add(engine, ARTICLE, _big_record(fixture_dataset), "analyst@example")
    assert str(raised.value).startswith("the disk is full"), raised.value
    assert isinstance(raised.value.__cause__, sa.exc.OperationalError)  # what the driver said, kept as the cause
    assert any(s.startswith("INSERT INTO added_documents") for s in written)  # it failed half-way
    assert _rows(engine) == NOTHING
    engine.dispose()
    sa.event.remove(engine, "connect", limit)  # room again: the same write goes in whole
    store.add(engine, ARTICLE, _big_record(fixture_dataset), "analyst@example")
    assert _rows(engine)["added_documents"] == 1


def test_postgresql_saying_its_disk_is_full_reads_the_same():
    import psycopg

    full = psycopg.errors.DiskFull('could not extend file "base/5/16390": No space left on device')
    said = store.explain(sa.exc.OperationalError("INSERT INTO added_records …", {}, full))
    assert said.startswith("the disk is full") and "INSERT" not in said


@pytest.fixture
def small_disk():
    """A 24 MB tmpfs (a real disk that fills up), or a skip where this user may not mount one. Outside pytest's
    private temporary folder, so that the `postgres` user can reach it."""
    point = Path(tempfile.mkdtemp(prefix="atlas-disk-"))
    point.chmod(0o755)
    remove_point = lambda: shutil.rmtree(point, ignore_errors=True)
    mount = ["mount", "-t", "tmpfs", "-o", "size=24m,mode=0755", "tmpfs", str(point)]
    mounted = os.geteuid() == 0 and subprocess.run(mount, capture_output=True).returncode == 0
    if not mounted:
        remove_point()
        pytest.skip("a tmpfs cannot be mounted here (not root, or no permission)")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)
        remove_point()


def _fill(disk: Path) -> Path:
    """Fill the disk to its last byte with a file; removing the file frees it again."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f:
        for chunk in (b"\0" * 65536, b"\0"):
            try:
                while f.write(chunk):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_disk_that_fills_up_fails_the_write_in_words_and_it_goes_in_once_there_is_room(backend, small_disk, request,
                                                                                          fixture_dataset):  # fmt: skip
    if backend == "sqlite":
        url = f"sqlite:///{small_disk}/store.sqlite3"
    else:  # a database whose tables live on the small disk (a tablespace there)
        server = request.getfixturevalue("postgres")
        tables = small_disk / "tablespace"
        tables.mkdir()
        if server.as_user:
            shutil.chown(tables, "postgres")
        server.sql(f"CREATE TABLESPACE small LOCATION '{tables}'", "CREATE DATABASE full_disk TABLESPACE small")
        url = sa.make_url(server.url).set(database="full_disk").render_as_string(hide_password=False)
        drop = ("DROP DATABASE IF EXISTS full_disk WITH (FORCE)", "DROP TABLESPACE IF EXISTS small")
        request.addfinalizer(lambda: server.sql(*drop))
    engine = store.open_store(url)
    kept = store.add(engine, ARTICLE, _accepted(fixture_dataset), "first@example")
    filler = _fill(small_disk)
    with pytest.raises(store.StoreError) as raised:
        store.add(engine, LONG, _accepted(fixture_dataset, LONG, "long-report.txt"), "second@example")
    assert str(raised.value).startswith("the disk is full"), raised.value
    assert set(store.additions(engine).texts) == {kept} and _rows(engine)["history"] == 1
    filler.unlink()
    store.add(engine, LONG, _accepted(fixture_dataset, LONG, "long-report.txt"), "second@example")
    assert set(store.additions(engine).texts) == {kept, "long-report.txt"}
    engine.dispose()


def test_two_analysts_adding_the_same_document_at_once_store_it_once(url, fixture_dataset):
    engine = store.open_store(url)
    accepted = [_accepted(fixture_dataset), _accepted(fixture_dataset, doc_id="same-report-again.txt")]
    sqlite = engine.dialect.name == "sqlite"
    both_looked, second_waits, began = threading.Barrier(2, timeout=60), threading.Event(), []

    def at_once(conn, cursor, statement, *_):
        if statement == "BEGIN IMMEDIATE":
            began.append(statement)
            if len(began) == 2:
                second_waits.set()
        elif statement.startswith("INSERT INTO added_documents"):
            if sqlite:  # SQLite: the first holds the write lock until the second is at its door, waiting for it
                assert second_waits.wait(60), "the second analyst never started"
            else:  # PostgreSQL: both have looked for the text and not found it; the unique key decides
                both_looked.wait()

    sa.event.listen(engine, "before_cursor_execute", at_once)
    start = threading.Barrier(2, timeout=60)

    def add(i: int) -> str:
        start.wait()
        return store.add(engine, ARTICLE, accepted[i], f"analyst{i}@example")

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(add, i) for i in range(2)]
        outcomes = [f.exception(timeout=120) or f.result() for f in futures]
    stored = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(stored) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], store.StoreError), repr(refused[0])
    assert str(refused[0]) == f"this text is already in the atlas, as {stored[0]}"
    counts = _rows(engine)
    assert counts["added_documents"] == 1 and counts["history"] == 1
    assert set(store.additions(engine).texts) == set(stored)
    engine.dispose()


# A server opening the store: it waits for the word to go, so that both migrate the new database at the same moment.
OPENER = """
import sys, time
from pathlib import Path

from trafficking_atlas import store

url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
ready.write_text("imported")
while not go.exists():
    time.sleep(0.01)
store.open_store(url).dispose()
"""


def test_two_servers_opening_one_new_database_at_once_both_open_it(url, tmp_path):
    # Processes, as two app servers are (Alembic's environment is one per process, not per thread).
    go = tmp_path / "go"
    readies = [tmp_path / f"ready-{i}" for i in range(2)]
    servers = [subprocess.Popen([sys.executable, "-c", OPENER, url, str(ready), str(go)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT) for ready in readies]  # fmt: skip
    try:
        until(lambda: all(r.exists() for r in readies) or any(s.poll() is not None for s in servers), timeout=120,
              what="both servers started")  # fmt: skip
        go.write_text("go")
        for server in servers:
            out, _ = server.communicate(timeout=120)
            assert server.returncode == 0, out.decode()
    finally:
        for server in servers:
            if server.poll() is None:
                server.kill()
                server.wait()
    engine = store.open_store(url)
    with engine.connect() as db:
        assert db.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == ["0003"]
    assert store.revision(engine) == 0
    engine.dispose()
