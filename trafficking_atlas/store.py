"""The store of added documents and their reviewed records (SQLAlchemy): an embedded SQLite file by default,
PostgreSQL when `ATLAS_DATABASE_URL` names one. `data/` stays the curated, read-only base layer; the loader merges
the store's records into the same validated frames. Its schema is made and upgraded by Alembic
(`trafficking_atlas/migrations`). Nothing is deleted: a document is withdrawn (with who, when and why) and can be
restored; every addition, withdrawal and restoration is in the history.

A write is one transaction: it is stored whole or not at all, whatever stops it (the process killed half-way, the
database gone, the disk full). Every failure of the database reaches the caller as a `StoreError` saying in words
what went wrong, never as a driver's exception."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError

from trafficking_atlas import catalog, grading
from trafficking_atlas.loader import Additions

DEFAULT_PATH = catalog.ROOT / "atlas-store.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

metadata = sa.MetaData()
documents = sa.Table(
    "added_documents", metadata,
    sa.Column("document_id", sa.String(200), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("added_by", sa.String(200), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
    sa.Column("withdrawn_by", sa.String(200)),
    sa.Column("withdrawn_why", sa.Text),
)  # fmt: skip
records = sa.Table(
    "added_records", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(200), sa.ForeignKey("added_documents.document_id"), nullable=False, index=True),
    sa.Column("dataset", sa.String(40), nullable=False),
    sa.Column("record", sa.Text, nullable=False),  # the record's columns as JSON, every value a string or null
    sa.Column("reviewed_by", sa.String(200), nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
)  # fmt: skip
grades = sa.Table(
    "grades", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(40), nullable=False),
    sa.Column("record_id", sa.String(200), nullable=False),
    sa.Column("document_id", sa.String(200), nullable=False),
    sa.Column("scale", sa.String(20), nullable=False),
    sa.Column("grade", sa.String(4), nullable=False),
    sa.Column("graded_by", sa.String(200), nullable=False),
    sa.Column("graded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text),
)  # fmt: skip
links = sa.Table(
    "links", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.String(200), nullable=False, index=True),  # an imported dataset's incident
    sa.Column("same_as", sa.String(200), nullable=False),  # the documents' incident it was proposed to be
    sa.Column("document_id", sa.String(200), nullable=False),  # the imported dataset's document
    sa.Column("decision", sa.String(20), nullable=False),  # confirmed or rejected; the latest decision counts
    sa.Column("decided_by", sa.String(200), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text),
)  # fmt: skip
LINK_DECISIONS = ("confirmed", "rejected")
history = sa.Table(
    "history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # added, imported, withdrawn, restored, graded, linked
    sa.Column("document_id", sa.String(200), nullable=False),
    sa.Column("detail", sa.Text),
)  # fmt: skip


class StoreError(ValueError):
    """A change the store refuses (a document already in it, one that is not) or cannot make (its database
    unreachable, its disk full), with the reason in words; nothing of that change was written."""


# How long a connection waits: a SQLite write for another one to finish, a PostgreSQL connection for the server.
SQLITE_BUSY_SECONDS = 20
CONNECT_SECONDS = 10
# The key of the PostgreSQL advisory lock two app servers take to migrate one database in turn.
MIGRATION_LOCK = 17_0417


def _detail(exc: BaseException) -> str:
    """The driver's own first line (no SQL, no parameters), shortened."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    line = lines[0].strip() if lines else type(exc).__name__
    return line if len(line) <= 200 else line[:199] + "…"


def explain(exc: sa.exc.SQLAlchemyError) -> str:
    """What a database error means for the store, in words for the analyst: what went wrong, then the driver's line."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return f"the store's database failed ({type(exc).__name__}: {_detail(exc)})"
    orig, detail = exc.orig, _detail(exc)
    name = getattr(orig, "sqlite_errorname", None) or ""  # SQLite's (extended) result code, e.g. SQLITE_FULL
    state = getattr(orig, "sqlstate", None) or ""  # PostgreSQL's SQLSTATE, e.g. 53100
    low = detail.lower()
    if name == "SQLITE_FULL" or state == "53100" or "no space left on device" in low:
        return f"the disk is full: the store's database has no room for the change ({detail})"
    if isinstance(exc, sa.exc.IntegrityError):
        return f"the store already holds part of this change ({detail})"
    if name == "SQLITE_READONLY_DBMOVED":
        return f"the store's file was moved or deleted while the atlas had it open ({detail})"
    if name.startswith("SQLITE_READONLY") or state == "25006":
        return f"the store's database is read-only ({detail})"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or state in ("40001", "40P01", "55P03"):
        return f"the store is busy with another change; try again ({detail})"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return f"the store's file is damaged or is not a database ({detail})"
    if name.startswith("SQLITE_IOERR"):
        return f"the disk holding the store failed to read or write ({detail})"
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return f"the store's file cannot be opened: its folder is missing or not writable ({detail})"
    if state.startswith("28"):
        return f"the store's database refused the atlas's sign-in ({detail})"
    if exc.connection_invalidated or state.startswith(("08", "57P")):
        return f"the connection to the store's database was lost ({detail})"
    if isinstance(exc, sa.exc.OperationalError) and exc.statement is None:  # failed while connecting
        return f"the store's database cannot be reached ({detail})"
    return f"the store's database failed ({detail})"


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _in_words(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """`function` with any failure of the database raised as a StoreError that says what went wrong."""

    @functools.wraps(function)
    def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(explain(exc)) from exc

    return call


@contextmanager
def _writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One transaction that writes: committed whole at the end, rolled back whole on any failure (and, the process
    killed, by the database itself). SQLite takes its write lock at the start, so two writers queue instead of the
    second failing as "locked" after reading what the first is about to change."""
    with engine.begin() as db:
        if db.dialect.name == "sqlite":
            db.exec_driver_sql("BEGIN IMMEDIATE")
        yield db


def database_url() -> str:
    """`ATLAS_DATABASE_URL` when set (PostgreSQL for a shared instance), else the SQLite file beside the app."""
    return os.environ.get("ATLAS_DATABASE_URL") or f"sqlite:///{DEFAULT_PATH}"


def _engine(url: str) -> sa.Engine:
    try:
        parsed = sa.make_url(url)
        backend = parsed.get_backend_name()
        connect: dict[str, object] = {}
        if backend == "sqlite" and "timeout" not in parsed.query:
            connect["timeout"] = SQLITE_BUSY_SECONDS
        if backend == "postgresql" and "connect_timeout" not in parsed.query:
            connect["connect_timeout"] = CONNECT_SECONDS
        # A connection the server dropped (a restart) is replaced before use rather than failing the page.
        return sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:  # the address is not repeated: it may hold a password
        kind = type(exc).__name__
        raise StoreError(f"the store's address (ATLAS_DATABASE_URL) is not one the atlas can open ({kind})") from exc


@_in_words
def open_store(url: str | None = None) -> sa.Engine:
    """An engine on the store, its schema brought up to date by the migrations (made on first use). Two servers
    opening one database at once migrate it in turn; a database that cannot be reached raises a StoreError."""
    engine = _engine(url or database_url())
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with _writing(engine) as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except CommandError as exc:
        engine.dispose()
        raise StoreError(f"the store's schema is not one this version of the atlas knows ({_detail(exc)})") from exc
    except BaseException:
        engine.dispose()
        raise
    return engine


def _now() -> datetime:
    return datetime.now(UTC)


def _cells(frame: pd.DataFrame) -> list[dict]:
    """Rows as the data files hold them: dates as YYYY-MM-DD, whole numbers without '.0', empty as null."""
    out = []
    for row in frame.to_dict("records"):
        cells = {}
        for k, v in row.items():
            if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
                cells[k] = None
            elif isinstance(v, pd.Timestamp):
                cells[k] = v.strftime("%Y-%m-%d")
            elif isinstance(v, float) and v.is_integer():
                cells[k] = str(int(v))
            else:
                cells[k] = str(v)
        out.append(cells)
    return out


def _grade_rows(doc_id: str, given: pd.DataFrame | None, who: str, now: datetime) -> list[dict]:
    if given is None or given.empty:
        return []
    return [{"dataset": r["dataset"], "record_id": str(r["record_id"]), "document_id": doc_id, "scale": r["scale"],
             "grade": r["grade"], "graded_by": who, "graded_at": now, "note": r.get("note") or None}
            for r in given.to_dict("records")]  # fmt: skip


def _already(db: sa.Connection, digest: str, doc_id: str) -> str | None:
    same = db.execute(sa.select(documents.c.document_id).where(documents.c.sha256 == digest)).first()
    if same:
        return f"this text is already in the atlas, as {same[0]}"
    if db.execute(sa.select(documents.c.document_id).where(documents.c.document_id == doc_id)).first():
        return f"a document {doc_id!r} is already in the atlas"
    return None


@_in_words
def add(
    engine: sa.Engine,
    text: str,
    accepted: dict[str, pd.DataFrame],
    who: str,
    given: pd.DataFrame | None = None,
    action: str = "added",
) -> str:
    """Add a document and its accepted records in one transaction; returns its document id.

    `accepted` holds, per dataset, the reviewed records with that dataset's columns (and its one `documents` row);
    `given`, the grades given in review (`dataset`, `record_id`, `scale`, `grade`, `note`), stored with them.
    A document whose text is already in the store is refused, and nothing is written: also when another analyst
    adds the same text at the same moment (one of the two is stored, the other told it is already in the atlas).
    An imported dataset is added the same way (`action` "imported"): its file is the text, its rows the records."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc_rows = accepted.get("documents")
    if doc_rows is None or len(doc_rows) != 1:
        raise StoreError("an added document needs exactly one documents row")
    doc_id = str(doc_rows["document_id"].iloc[0])
    now = _now()
    try:
        _add(engine, text, digest, doc_id, accepted, who, given, now, action)
    except sa.exc.IntegrityError as exc:  # the same text or id committed by another writer since this one looked
        with engine.connect() as db:
            raise StoreError(_already(db, digest, doc_id) or explain(exc)) from exc
    return doc_id


def _add(engine: sa.Engine, text: str, digest: str, doc_id: str, accepted: dict[str, pd.DataFrame], who: str,
         given: pd.DataFrame | None, now: datetime, action: str) -> None:  # fmt: skip
    with _writing(engine) as db:
        already = _already(db, digest, doc_id)
        if already:
            raise StoreError(already)
        db.execute(documents.insert().values(document_id=doc_id, text=text, sha256=digest, added_by=who, added_at=now))
        for dataset, frame in accepted.items():
            columns = catalog.DATASETS[dataset].columns()
            rows = _cells(frame[[c for c in columns if c in frame]])
            if rows:
                db.execute(records.insert(), [
                    {"document_id": doc_id, "dataset": dataset, "record": json.dumps(r, ensure_ascii=False),
                     "reviewed_by": who, "reviewed_at": now} for r in rows
                ])  # fmt: skip
        counts = ", ".join(f"{len(f)} {n}" for n, f in accepted.items() if len(f) and n != "documents")
        db.execute(history.insert().values(at=now, who=who, action=action, document_id=doc_id, detail=counts or None))
        rows = _grade_rows(doc_id, given, who, now)
        if rows:
            db.execute(grades.insert(), rows)
            graded = ", ".join(f"{r['dataset']}:{r['record_id']} {r['grade']}" for r in rows)
            db.execute(history.insert().values(at=now, who=who, action="graded", document_id=doc_id, detail=graded))


@_in_words
def grade(engine: sa.Engine, dataset: str, record_id: str, document_id: str, scale: str, code: str, who: str,
          note: str | None = None) -> None:  # fmt: skip
    """Grade a document or a record (of data/ or the store); an earlier grade is kept and superseded, not overwritten."""
    now = _now()
    with _writing(engine) as db:
        db.execute(grades.insert().values(dataset=dataset, record_id=record_id, document_id=document_id, scale=scale,
                                          grade=code, graded_by=who, graded_at=now, note=note or None))  # fmt: skip
        db.execute(history.insert().values(at=now, who=who, action="graded", document_id=document_id,
                                           detail=f"{dataset}:{record_id} {code}" + (f" ({note})" if note else "")))  # fmt: skip


@_in_words
def grades_table(engine: sa.Engine) -> pd.DataFrame:
    """Every grade ever given, oldest first (the latest of a record is the one that counts)."""
    with engine.connect() as db:
        rows = db.execute(sa.select(grades).order_by(grades.c.id)).mappings().all()
    columns = grading.GRADE_COLUMNS
    return pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)


@_in_words
def _set_withdrawn(engine: sa.Engine, document_id: str, who: str, why: str | None, withdrawn: bool) -> None:
    now = _now()
    with _writing(engine) as db:
        # Locked (PostgreSQL) so that two analysts withdrawing it at once make one withdrawal, not two.
        row = db.execute(sa.select(documents.c.withdrawn_at).where(documents.c.document_id == document_id)
                         .with_for_update()).first()  # fmt: skip
        if row is None:
            raise StoreError(f"{document_id!r} is not a document added to the atlas")
        if (row[0] is not None) == withdrawn:
            raise StoreError(f"{document_id!r} is already {'withdrawn' if withdrawn else 'in the atlas'}")
        values = {"withdrawn_at": now, "withdrawn_by": who, "withdrawn_why": why} if withdrawn else {
            "withdrawn_at": None, "withdrawn_by": None, "withdrawn_why": None}  # fmt: skip
        db.execute(documents.update().where(documents.c.document_id == document_id).values(**values))
        action = "withdrawn" if withdrawn else "restored"
        db.execute(history.insert().values(at=now, who=who, action=action, document_id=document_id, detail=why))


def withdraw(engine: sa.Engine, document_id: str, who: str, why: str) -> None:
    """Hide a document and its records everywhere (nothing is deleted); `why` is required."""
    if not why.strip():
        raise StoreError("say why the document is withdrawn")
    _set_withdrawn(engine, document_id, who, why, withdrawn=True)


def restore(engine: sa.Engine, document_id: str, who: str) -> None:
    """Bring a withdrawn document and its records back."""
    _set_withdrawn(engine, document_id, who, None, withdrawn=False)


@_in_words
def decide_link(engine: sa.Engine, incident_id: str, same_as: str, document_id: str, decision: str, who: str,
                note: str | None = None) -> None:  # fmt: skip
    """Record an analyst's decision that an imported incident is (`confirmed`) or is not (`rejected`) the documents'
    incident `same_as`; an earlier decision is kept and superseded, not overwritten."""
    if decision not in LINK_DECISIONS:
        raise StoreError(f"a link is {' or '.join(LINK_DECISIONS)}, not {decision!r}")
    now = _now()
    with _writing(engine) as db:
        db.execute(links.insert().values(incident_id=incident_id, same_as=same_as, document_id=document_id,
                                         decision=decision, decided_by=who, decided_at=now, note=note or None))  # fmt: skip
        action = "linked" if decision == "confirmed" else "unlinked"
        db.execute(history.insert().values(at=now, who=who, action=action, document_id=document_id,
                                           detail=f"incidents:{incident_id} same as incidents:{same_as}"
                                           + (f" ({note})" if note else "")))  # fmt: skip


@_in_words
def links_table(engine: sa.Engine) -> pd.DataFrame:
    """Every link decision, oldest first (the latest for an incident and its proposed match is the one that counts)."""
    columns = ["incident_id", "same_as", "document_id", "decision", "decided_by", "decided_at", "note"]
    with engine.connect() as db:
        rows = db.execute(sa.select(*(links.c[c] for c in columns)).order_by(links.c.id)).mappings().all()
    return pd.DataFrame(rows, columns=columns)


def confirmed_links(decisions: pd.DataFrame) -> dict[str, str]:
    """Each imported incident's confirmed documents' incident: the latest decision per pair counts, and of an
    incident's confirmed pairs the latest (an incident is one event)."""
    latest = decisions.drop_duplicates(["incident_id", "same_as"], keep="last")
    confirmed = latest[latest["decision"] == "confirmed"]
    return dict(zip(confirmed["incident_id"], confirmed["same_as"]))


@_in_words
def revision(engine: sa.Engine) -> int:
    """A number that grows with every change to the store (what the atlas's version keys on)."""
    with engine.connect() as db:
        return int(db.execute(sa.select(sa.func.coalesce(sa.func.max(history.c.id), 0))).scalar_one())


@_in_words
def history_table(engine: sa.Engine) -> pd.DataFrame:
    """Every addition, withdrawal and restoration, newest first."""
    with engine.connect() as db:
        rows = db.execute(sa.select(history).order_by(history.c.id.desc())).mappings().all()
    return pd.DataFrame(rows, columns=["id", "at", "who", "action", "document_id", "detail"])


@_in_words
def documents_table(engine: sa.Engine) -> pd.DataFrame:
    """Every document added to the store, withdrawn ones with who withdrew it, when and why; oldest first."""
    columns = ["document_id", "added_by", "added_at", "withdrawn_at", "withdrawn_by", "withdrawn_why"]
    with engine.connect() as db:
        rows = db.execute(sa.select(*(documents.c[c] for c in columns)).order_by(documents.c.added_at)).mappings().all()
    return pd.DataFrame(rows, columns=columns)


@_in_words
def additions(engine: sa.Engine) -> Additions:
    """The records of every document in the store that is not withdrawn, as the loader reads them."""
    with engine.connect() as db:
        live = sa.select(documents.c.document_id, documents.c.text).where(documents.c.withdrawn_at.is_(None))
        texts = {d: t for d, t in db.execute(live)}
        rows = db.execute(
            sa.select(records.c.dataset, records.c.record, records.c.reviewed_by, records.c.reviewed_at)
            .where(records.c.document_id.in_(list(texts))).order_by(records.c.id)
        ).all()  # fmt: skip
    by_dataset: dict[str, list[dict]] = {}
    for dataset, record, who, when in rows:
        row = json.loads(record)
        if row.get("basis") == "text":
            # Read from its sentence by the extractor (or added there by the analyst, where the extractor missed it)
            # and accepted by an analyst: marked so wherever it is shown.
            row["basis"] = "extracted"
            by = ("added from its sentence by the analyst at review, the extractor having missed it"
                  if str(row.get("source") or "").startswith("added by the analyst") else
                  "proposed by the atlas's extractor from its sentence")  # fmt: skip
            row["source"] = f"{by}; reviewed by {who} on {when:%Y-%m-%d %H:%M}"
        by_dataset.setdefault(dataset, []).append(row)
    frames = {name: pd.DataFrame(rs, dtype=object) for name, rs in by_dataset.items()}
    same = confirmed_links(links_table(engine))
    if same and "incidents" in frames:
        # An analyst's confirmed link sets the imported incident's `same_as`; its own record is not changed.
        inc = frames["incidents"]
        frames["incidents"] = inc.assign(same_as=inc["incident_id"].map(same).astype(object))
    return Additions(frames, texts, grades=grades_table(engine))
