"""The command line prints a document's proposals as JSON keyed by dataset and writes nothing."""

import json

import pytest

from trafficking_atlas import catalog, ingest

pytestmark = pytest.mark.unit


def test_ingest_prints_the_proposals_as_json(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text("More than 70 people have perished in the Channel this year, according to UK officials.\n")
    before = sorted(p.stat().st_mtime_ns for p in catalog.DATA_DIR.glob("*.csv"))
    assert ingest.main([str(article), "--published", "2024-12-11", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"documents", "incidents", "figures", "stakeholders", "initiatives", "places", "relations"}
    assert [(f["value"], f["qualifier"], f["metric"]) for f in out["figures"]] == [(70.0, "more_than", "dead")]
    assert out["figures"][0]["period_start"] == "2024-01-01" and out["documents"][0]["published"] == "2024-12-11"
    assert sorted(p.stat().st_mtime_ns for p in catalog.DATA_DIR.glob("*.csv")) == before  # nothing written


@pytest.mark.parametrize(("content", "published", "message"), [
    ("", "2024-12-11", "is empty"), ("text", "11/12/2024", "is not a date"), (b"\xff\xfe bad", "2024-12-11", "UTF-8"),
])  # fmt: skip
def test_bad_input_gets_a_clear_message(tmp_path, capsys, content, published, message):
    article = tmp_path / "article.txt"
    article.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SystemExit) as stop:
        ingest.main([str(article), "--published", published])
    assert stop.value.code == 2 and message in capsys.readouterr().err


def test_a_reviewed_file_is_checked_then_added_to_the_store_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path}/store.sqlite3")
    article = tmp_path / "article.txt"
    article.write_text("More than 70 people have perished in the Channel this year, according to UK officials.\n")
    ingest.main([str(article), "--published", "2024-12-11"])
    reviewed = tmp_path / "reviewed.json"
    reviewed.write_text(capsys.readouterr().out)
    assert ingest.main(["add", str(reviewed), "--text", str(article), "--by", "analyst@example"]) == 0
    assert capsys.readouterr().out.startswith("added ")
    from trafficking_atlas import store

    assert len(store.additions(store.open_store()).rows["figures"]) == 1
    with pytest.raises(SystemExit):  # the same text again: refused, nothing written
        ingest.main(["add", str(reviewed), "--text", str(article), "--by", "analyst@example"])
    assert "already in the atlas" in capsys.readouterr().err
    broken = json.loads(reviewed.read_text())
    broken["figures"][0]["quote"] = "A sentence the document does not hold."
    reviewed.write_text(json.dumps(broken))
    other = tmp_path / "other.txt"
    other.write_text(article.read_text() + "Another line.\n")
    with pytest.raises(SystemExit):
        ingest.main(["add", str(reviewed), "--text", str(other), "--by", "analyst@example"])
    err = capsys.readouterr().err
    assert "do not check out" in err and "is not found verbatim" in err
