"""The store of added documents, against SQLite and against a real PostgreSQL started (and stopped) here."""

import glob
import os
import shutil
import subprocess
import tempfile
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.browser import free_port
from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from trafficking_atlas import extraction, loader, store

pytestmark = pytest.mark.store

ARTICLE = "At least 27 migrants drowned off Calais on Tuesday when their dinghy capsized, the French coastguard said.\n"


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL server (Debian's binaries) on a private socket; stopped and removed afterwards.

    PostgreSQL refuses to run as root, so as root it runs as the `postgres` user."""
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdb:
        if os.environ.get("CI"):
            pytest.fail("Debian's postgresql is not installed (scripts/setup-postgres installs it)")
        pytest.skip("Debian's postgresql is not installed")
    bin_dir = os.path.dirname(initdb[-1])
    home = tempfile.mkdtemp(prefix="atlas-pg-")
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(home, "postgres")
    data, port = os.path.join(home, "data"), free_port()
    subprocess.run([*as_user, f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "-A", "trust"], check=True,
                   capture_output=True)  # fmt: skip
    options = f"-p {port} -k {home} -c listen_addresses=''"
    subprocess.run([*as_user, f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-w", "-l", f"{home}/log", "start"],
                   check=True, capture_output=True)  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={home}&port={port}"
    finally:
        subprocess.run([*as_user, f"{bin_dir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    url = f"sqlite:///{tmp_path}/store.sqlite3" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    engine = store.open_store(url)
    yield engine
    store.metadata.drop_all(engine)  # the PostgreSQL server is shared by the module's tests
    with engine.begin() as db:
        db.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def _accepted(base: loader.Dataset, text: str = ARTICLE) -> dict[str, pd.DataFrame]:
    proposal = extraction.propose(extraction.Document(text, date(2021, 11, 25), "Dinghy capsizes off Calais"), base.frames)
    return {k: v[~v["known"].astype(bool)].drop(columns="known") if "known" in v else v for k, v in proposal.items()}


def test_an_added_document_joins_the_dataset_and_a_withdrawn_one_leaves_it(engine, fixture_dataset):
    doc = store.add(engine, ARTICLE, _accepted(fixture_dataset), "analyst@example")
    base = len(fixture_dataset.frames["incidents"])
    merged = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS, store.additions(engine))
    assert merged.issues == [] and len(merged.frames["incidents"]) == base + 1
    assert doc in set(merged.frames["documents"]["document_id"]) and doc in merged.texts
    assert (merged.frames["figures"]["document_id"] == doc).sum() == 1  # "At least 27 migrants drowned"
    added = merged.frames["incidents"][merged.frames["incidents"]["document_id"] == doc].iloc[0]
    assert added["basis"] == "extracted" and "reviewed by analyst@example on 20" in added["source"]
    before = store.revision(engine)
    store.withdraw(engine, doc, "analyst@example", "a duplicate of another report")
    assert store.revision(engine) > before
    assert store.additions(engine).rows == {} and doc not in store.additions(engine).texts  # hidden, not deleted
    store.restore(engine, doc, "reviewer@example")
    assert doc in store.additions(engine).texts
    assert list(store.history_table(engine)["action"]) == ["restored", "withdrawn", "added"]


def test_the_same_text_twice_is_refused_and_nothing_is_written(engine, fixture_dataset):
    store.add(engine, ARTICLE, _accepted(fixture_dataset), "a")
    revision = store.revision(engine)
    with pytest.raises(store.StoreError, match="already in the atlas"):
        store.add(engine, ARTICLE, _accepted(fixture_dataset), "b")
    with pytest.raises(store.StoreError, match="say why"):
        store.withdraw(engine, "nope.txt", "a", " ")
    with pytest.raises(store.StoreError, match="is not a document added"):
        store.restore(engine, "nope.txt", "a")
    assert store.revision(engine) == revision and len(store.history_table(engine)) == 1


def test_a_failed_write_leaves_the_store_as_it_was(engine, fixture_dataset):
    accepted = _accepted(fixture_dataset)
    accepted["nonsense"] = accepted["figures"]  # fails after the document's row is written, inside the transaction
    with pytest.raises(KeyError):
        store.add(engine, ARTICLE, accepted, "a")
    assert store.revision(engine) == 0 and store.additions(engine).texts == {}


def test_two_analysts_adding_at_once_both_keep_theirs(engine, fixture_dataset):
    other = ARTICLE.replace("27", "31").replace("Calais", "Dunkirk")
    one = store.add(engine, ARTICLE, _accepted(fixture_dataset), "first")
    two_doc = _accepted(fixture_dataset, other)
    two_doc["documents"] = two_doc["documents"].assign(document_id="dunkirk-report.txt")
    for name, frame in two_doc.items():
        if "document_id" in frame:
            two_doc[name] = frame.assign(document_id="dunkirk-report.txt")
    two = store.add(engine, other, two_doc, "second")
    assert {one, two} == set(store.additions(engine).texts)


def test_a_store_made_by_the_migrations_opens_again_at_the_same_revision(engine):
    url = engine.url.render_as_string(hide_password=False)
    again = store.open_store(url)  # upgrading an up-to-date store changes nothing
    with again.connect() as db:
        assert db.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0003"
    assert store.links_table(engine).empty
    again.dispose()


def test_the_migrations_make_the_schema_the_store_code_uses(engine):
    # Migrations are frozen copies of the schema (Alembic's way); this keeps them from drifting from store.metadata.
    made = sa.inspect(engine)
    for table in store.metadata.sorted_tables:
        assert {c["name"] for c in made.get_columns(table.name)} == {c.name for c in table.columns}, table.name


def test_grades_given_at_review_and_later_are_kept_with_who_and_the_latest_counts(engine, fixture_dataset):
    accepted = _accepted(fixture_dataset)
    doc = str(accepted["documents"]["document_id"].iloc[0])
    figure = str(accepted["figures"]["figure_id"].iloc[0])
    given = pd.DataFrame([["documents", doc, "B2"], ["figures", figure, "X4"]], columns=["dataset", "record_id", "grade"])
    given = given.assign(scale="europol_4x4", note=None)
    store.add(engine, ARTICLE, accepted, "analyst@example", given)
    store.grade(engine, "figures", figure, doc, "europol_4x4", "A3", "reviewer@example", "confirmed by the prefecture")
    store.grade(engine, "documents", "doc_a.txt", "doc_a.txt", "europol_4x4", "C3", "reviewer@example")  # a data/ document
    merged = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS, store.additions(engine))
    fig = merged.frames["figures"].set_index("figure_id")
    assert fig.at[figure, "grade"] == "A3" and "reviewer@example" in fig.at[figure, "grade_note"]
    docs = merged.frames["documents"].set_index("document_id")
    assert docs.at[doc, "grade"] == "B2" and docs.at["doc_a.txt", "grade"] == "C3"
    incident = merged.frames["incidents"][merged.frames["incidents"]["document_id"] == doc].iloc[0]
    assert incident["grade"] == "B2" and incident["grade_note"].startswith("as its document")
    assert len(store.grades_table(engine)) == 4  # the superseded X4 is kept
    assert list(store.history_table(engine)["action"]) == ["graded", "graded", "graded", "added"]


def test_a_store_made_before_grades_is_upgraded_and_keeps_its_documents(tmp_path, fixture_dataset):
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path}/old.sqlite3"
    old = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with old.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")  # the schema an older version of the atlas made
    with old.begin() as db:
        db.execute(store.documents.insert().values(document_id="old.txt", text=ARTICLE, sha256="x", added_by="a",
                                                   added_at=pd.Timestamp("2026-01-01", tz="UTC")))  # fmt: skip
    engine = store.open_store(url)
    assert set(store.additions(engine).texts) == {"old.txt"} and store.grades_table(engine).empty
    with engine.connect() as db:
        assert db.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0003"
    assert store.links_table(engine).empty


def test_a_record_the_analyst_added_at_review_says_so_not_that_the_extractor_found_it(engine, fixture_dataset):
    from trafficking_atlas import review

    accepted = _accepted(fixture_dataset)
    accepted["figures"] = accepted["figures"].assign(source=review.MISSED_SOURCE)
    store.add(engine, ARTICLE, accepted, "analyst@example")
    figure = store.additions(engine).rows["figures"].iloc[0]
    assert figure["basis"] == "extracted" and figure["source"].startswith("added from its sentence by the analyst")
    assert "reviewed by analyst@example" in figure["source"]


def test_an_imported_dataset_is_stored_whole_and_a_confirmed_link_sets_its_same_as(engine):
    from tests import test_datasets as t

    doc = {"document_id": t.DOC, "title": "Test dataset, version 1", "title_basis": "dataset", "outlet": "Test project",
           "published": "2024-11-01", "published_precision": "day", "published_basis": "dataset",
           "published_source": "the dataset's version as given at import", "domains": "migrant_smuggling",
           "summary": "two rows", "quote": t.HEADER}  # fmt: skip
    records = {
        "documents": t._rows("documents", [doc]),
        "incidents": t._rows("incidents", [t._incident("101", "2021-05-04", "49.85", "0.95", t.ROWS[0])]),
        "figures": t._rows("figures", [t._figure("101", "9", "2021-05-04", t.ROWS[0])]),
    }
    assert store.add(engine, t.FILE, records, "analyst@example", action="imported") == t.DOC
    merged = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS, store.additions(engine))
    assert merged.issues == []
    row = merged.frames["incidents"].set_index("incident_id").loc["test-dataset-v1-101"]
    assert pd.isna(row["same_as"]) and row["basis"] == "dataset"
    store.decide_link(engine, "test-dataset-v1-101", "cape-fog-sinking", t.DOC, "confirmed", "analyst@example")
    merged = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS, store.additions(engine))
    assert merged.frames["incidents"].set_index("incident_id").at["test-dataset-v1-101", "same_as"] == "cape-fog-sinking"
    store.decide_link(engine, "test-dataset-v1-101", "cape-fog-sinking", t.DOC, "rejected", "reviewer@example", "not it")
    merged = loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS, store.additions(engine))
    assert pd.isna(merged.frames["incidents"].set_index("incident_id").at["test-dataset-v1-101", "same_as"])
    assert len(store.links_table(engine)) == 2  # the earlier decision is kept, superseded
    assert list(store.history_table(engine)["action"]) == ["unlinked", "linked", "imported"]
    with pytest.raises(store.StoreError, match="confirmed or rejected"):
        store.decide_link(engine, "x", "y", t.DOC, "maybe", "a")
    store.withdraw(engine, t.DOC, "analyst@example", "removed the layer")
    assert t.DOC not in store.additions(engine).texts
