"""The columnar snapshot of a validated dataset: read back exactly as the loader returned it, or not at all."""

import errno
import json
import os
import stat
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from scripts import synthetic
from tests.conftest import FIXTURE_DATA, FIXTURE_SEEDS
from trafficking_atlas import loader, snapshot

pytestmark = pytest.mark.unit


def assert_same(loaded: loader.Dataset, original: loader.Dataset) -> None:
    assert list(loaded.frames) == list(original.frames)
    for name, frame in original.frames.items():
        got = loaded.frames[name]
        pd.testing.assert_frame_equal(got, frame, check_exact=True)
        assert type(got.index) is pd.RangeIndex
        assert got.columns.dtype == frame.columns.dtype
        assert list(got.dtypes) == list(frame.dtypes), name  # str (pyarrow, NaN), datetime64[ns], float, int
    assert loaded.texts == original.texts
    assert list(loaded.texts) == list(original.texts)
    assert loaded.issues == original.issues
    assert loaded.set_aside == original.set_aside


def graded_fixture() -> loader.Dataset:
    """The fixture dataset with an analyst's grades, so the grading columns are there (object dtype, pd.NA)."""
    grades = pd.DataFrame(
        [
            ["documents", "doc_a.txt", "doc_a.txt", "europol_4x4", "B2", "ana", "2026-01-02T10:00:00+00:00", ""],
            ["figures", "fog-drowned", "doc_a.txt", "europol_4x4", "A1", "ben", "2026-01-03T10:00:00+00:00", "checked"],
        ],
        columns=["dataset", "record_id", "document_id", "scale", "grade", "graded_by", "graded_at", "note"],
    )
    return loader.load_dataset(FIXTURE_DATA, FIXTURE_SEEDS, loader.Additions(grades=grades))


def test_the_fixture_dataset_comes_back_as_the_loader_returned_it(fixture_dataset, tmp_path):
    assert snapshot.save(fixture_dataset, "fixture-1", tmp_path) is not None
    assert_same(snapshot.load("fixture-1", tmp_path), fixture_dataset)


def test_the_grading_columns_come_back_with_their_dtype_and_missing_values(tmp_path):
    dataset = graded_fixture()
    assert "grade" in dataset.frames["figures"]
    assert snapshot.save(dataset, "graded", tmp_path) is not None
    loaded = snapshot.load("graded", tmp_path)
    assert_same(loaded, dataset)
    grades = loaded.frames["figures"]["grade"]
    assert grades.dtype == object and grades.iloc[0] == "A1" and grades.iloc[3] is pd.NA


def test_issues_and_set_aside_records_come_back(data_copy, tmp_path):
    figures = data_copy / "figures.csv"
    lines = figures.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",12,", ",twelve,")  # a required value that cannot be read: the row is set aside
    figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = loader.load_dataset(data_copy, FIXTURE_SEEDS)
    assert dataset.issues and dataset.set_aside
    snapshot.save(dataset, "broken", tmp_path / "snap")
    assert_same(snapshot.load("broken", tmp_path / "snap"), dataset)


def test_a_small_synthetic_dataset_comes_back(tmp_path):
    data, seeds = synthetic.write(tmp_path / "syn", 300)
    dataset = loader.load_dataset(data, seeds)
    assert snapshot.save(dataset, "syn-300", tmp_path / "snap") is not None
    assert_same(snapshot.load("syn-300", tmp_path / "snap"), dataset)


def test_large_texts_come_back_whole(fixture_dataset, tmp_path):
    big = loader.Dataset(dict(fixture_dataset.frames), {"huge.csv": "row, é, ✓\n" * 300_000, "empty.txt": ""})
    snapshot.save(big, "texts", tmp_path)
    assert snapshot.load("texts", tmp_path).texts == big.texts


def test_categories_are_opt_in_and_keep_the_values(tmp_path):
    data, seeds = synthetic.write(tmp_path / "syn", 300)
    dataset = loader.load_dataset(data, seeds)
    snapshot.save(dataset, "cats", tmp_path)
    compact = snapshot.load("cats", tmp_path, categories=True)
    figures = compact.frames["figures"]
    assert isinstance(figures["document_id"].dtype, pd.CategoricalDtype)
    assert not isinstance(figures["figure_id"].dtype, pd.CategoricalDtype)  # unique values stay strings
    pd.testing.assert_frame_equal(figures.astype(dataset.frames["figures"].dtypes.to_dict()), dataset.frames["figures"])


def test_a_version_that_was_not_saved_is_none(fixture_dataset, tmp_path):
    assert snapshot.load("never-saved", tmp_path) is None
    snapshot.save(fixture_dataset, "saved", tmp_path)
    assert snapshot.load("other", tmp_path) is None
    assert snapshot.load("saved", tmp_path / "elsewhere") is None


def test_a_truncated_parquet_file_is_none(fixture_dataset, tmp_path):
    path = snapshot.save(fixture_dataset, "cut", tmp_path)
    victim = path / json.loads((path / snapshot.MANIFEST).read_text())["frames"]["figures"]["file"]
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    assert snapshot.load("cut", tmp_path) is None


def test_a_corrupt_parquet_file_is_none(fixture_dataset, tmp_path):
    path = snapshot.save(fixture_dataset, "bits", tmp_path)
    victim = path / "texts.parquet"
    data = bytearray(victim.read_bytes())
    for i in range(8, len(data) // 2):  # the column data, not the footer: caught by the page checksums
        data[i] ^= 0x5A
    victim.write_bytes(bytes(data))
    assert snapshot.load("bits", tmp_path) is None
    (path / "issues.parquet").write_bytes(b"not parquet at all")
    assert snapshot.load("bits", tmp_path) is None


def test_a_missing_file_or_manifest_is_none(fixture_dataset, tmp_path):
    path = snapshot.save(fixture_dataset, "gone", tmp_path)
    (path / "texts.parquet").unlink()
    assert snapshot.load("gone", tmp_path) is None
    path = snapshot.save(fixture_dataset, "nomanifest", tmp_path)
    (path / snapshot.MANIFEST).unlink()
    assert snapshot.load("nomanifest", tmp_path) is None
    path = snapshot.save(fixture_dataset, "badjson", tmp_path)
    (path / snapshot.MANIFEST).write_text("{not json")
    assert snapshot.load("badjson", tmp_path) is None


def test_another_format_or_a_changed_file_is_ignored(fixture_dataset, tmp_path):
    path = snapshot.save(fixture_dataset, "old", tmp_path)
    manifest = json.loads((path / snapshot.MANIFEST).read_text())
    (path / snapshot.MANIFEST).write_text(json.dumps(manifest | {"format": snapshot.FORMAT - 1}))
    assert snapshot.load("old", tmp_path) is None
    # A frame file that holds other columns than the manifest says (a file swapped in by hand) is not misread.
    (path / snapshot.MANIFEST).write_text(json.dumps(manifest))
    frames = manifest["frames"]
    (path / frames["figures"]["file"]).write_bytes((path / frames["documents"]["file"]).read_bytes())
    assert snapshot.load("old", tmp_path) is None


def test_a_dtype_that_comes_back_otherwise_is_none(fixture_dataset, tmp_path):
    path = snapshot.save(fixture_dataset, "dtype", tmp_path)
    manifest = json.loads((path / snapshot.MANIFEST).read_text())
    seq = next(c for c in manifest["frames"]["route_waypoints"]["columns"] if c["name"] == "seq")
    seq["dtype"] = "not-a-dtype"
    (path / snapshot.MANIFEST).write_text(json.dumps(manifest))
    assert snapshot.load("dtype", tmp_path) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_an_unwritable_folder_is_none_and_no_exception(fixture_dataset, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert snapshot.save(fixture_dataset, "v", locked) is None
        assert snapshot.save(fixture_dataset, "v", locked / "below") is None
    finally:
        locked.chmod(stat.S_IRWXU)
    assert list(locked.iterdir()) == []
    assert capsys.readouterr().out == ""


def test_a_folder_no_one_may_write_is_none(fixture_dataset, capsys):
    # /proc takes no new folder, not even from root (the tests may run as root, who writes past chmod).
    assert snapshot.save(fixture_dataset, "v", Path("/proc/atlas-snapshots")) is None
    assert snapshot.load("v", Path("/proc/atlas-snapshots")) is None
    assert capsys.readouterr().out == ""


def test_a_full_disk_is_none_and_leaves_no_partial_snapshot(fixture_dataset, tmp_path, monkeypatch, capsys):
    written = []

    def full(table, path, **kwargs):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        pq.write_table(table, path, **kwargs)

    monkeypatch.setattr(snapshot, "_write", lambda table, path: full(table, path))
    assert snapshot.save(fixture_dataset, "full", tmp_path) is None
    assert written and list(tmp_path.iterdir()) == []
    assert snapshot.load("full", tmp_path) is None
    assert capsys.readouterr().out == ""


def test_a_folder_that_is_a_file_is_none(fixture_dataset, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert snapshot.save(fixture_dataset, "v", tmp_path / "file") is None
    assert snapshot.load("v", tmp_path / "file") is None
    assert capsys.readouterr().out == ""


def test_what_cannot_be_kept_is_none_and_leaves_nothing(fixture_dataset, tmp_path):
    frames = dict(fixture_dataset.frames, odd=pd.DataFrame({"a": [1, 2]}, index=[5, 9]))
    assert snapshot.save(loader.Dataset(frames, {}), "odd", tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_old_versions_are_pruned(fixture_dataset, tmp_path):
    paths = []
    for n in range(snapshot.KEEP + 2):
        paths.append(snapshot.save(fixture_dataset, f"v{n}", tmp_path))
        os.utime(paths[-1] / snapshot.MANIFEST, (1_000_000 + n, 1_000_000 + n))
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == sorted(p.name for p in paths[-snapshot.KEEP :])
    assert snapshot.load("v0", tmp_path) is None
    assert snapshot.load(f"v{snapshot.KEEP + 1}", tmp_path) is not None


def test_a_snapshot_read_is_kept_before_one_only_written(fixture_dataset, tmp_path):
    for n in range(snapshot.KEEP):
        os.utime(snapshot.save(fixture_dataset, f"v{n}", tmp_path) / snapshot.MANIFEST, (1_000_000 + n,) * 2)
    assert snapshot.load("v0", tmp_path) is not None  # the oldest written, now the latest used
    snapshot.save(fixture_dataset, "new", tmp_path)
    assert snapshot.load("v0", tmp_path) is not None
    assert snapshot.load("v1", tmp_path) is None


def test_saving_a_version_again_replaces_it_whole(fixture_dataset, tmp_path):
    path = snapshot.save(fixture_dataset, "again", tmp_path)
    (path / "texts.parquet").write_bytes(b"broken")
    assert snapshot.load("again", tmp_path) is None
    assert snapshot.save(fixture_dataset, "again", tmp_path) == path
    assert_same(snapshot.load("again", tmp_path), fixture_dataset)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary or trash folder left


def test_any_version_string_names_one_folder(fixture_dataset, tmp_path):
    path = snapshot.save(fixture_dataset, "../../a version/with odd: characters", tmp_path)
    assert path.parent == tmp_path
    assert snapshot.load("../../a version/with odd: characters", tmp_path) is not None
    assert snapshot.load("../../a version/with odd characters", tmp_path) is None


def test_the_folder_is_the_setting_else_the_project_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(snapshot.ENV, str(tmp_path))
    assert snapshot.folder() == tmp_path
    monkeypatch.delenv(snapshot.ENV)
    assert snapshot.folder().name == ".atlas-cache"
    assert (snapshot.folder().parent / "trafficking_atlas").is_dir()


def test_the_files_are_plain_parquet(fixture_dataset, tmp_path):
    path = snapshot.save(fixture_dataset, "plain", tmp_path)
    texts = pq.read_table(path / "texts.parquet").to_pydict()
    assert dict(zip(texts["document_id"], texts["text"])) == fixture_dataset.texts


def test_a_result_is_kept_beside_its_snapshot_and_read_back(fixture_dataset, tmp_path):
    assert snapshot.save_result("v1", "counts(f)", {"a": 1}, tmp_path) is False  # no snapshot of v1: nowhere to keep it
    assert snapshot.load_result("v1", "counts(f)", tmp_path) == (False, None)
    snapshot.save(fixture_dataset, "v1", tmp_path)
    frame = pd.DataFrame({"x": ["a", None]}, dtype="str")
    assert snapshot.save_result("v1", "counts(f)", (frame, 3), tmp_path)
    found, value = snapshot.load_result("v1", "counts(f)", tmp_path)
    assert found and value[1] == 3 and value[0].equals(frame)
    assert snapshot.load_result("v1", "counts(g)", tmp_path) == (False, None)  # another key
    assert snapshot.load_result("v2", "counts(f)", tmp_path) == (False, None)  # another version


def test_a_corrupt_result_or_one_of_another_build_is_worked_out_again(fixture_dataset, tmp_path, monkeypatch):
    snapshot.save(fixture_dataset, "v1", tmp_path)
    assert snapshot.save_result("v1", "k", [1, 2], tmp_path)
    (kept,) = (tmp_path / f"{snapshot.PREFIX}v1" / snapshot.RESULTS).glob("*.pickle")
    kept.write_bytes(kept.read_bytes()[:5])
    assert snapshot.load_result("v1", "k", tmp_path) == (False, None)
    assert snapshot.save_result("v1", "k", [1, 2], tmp_path)
    monkeypatch.setattr(snapshot, "CODE", "another-build")
    assert snapshot.load_result("v1", "k", tmp_path) == (False, None)


def test_results_stop_being_kept_at_the_limit(fixture_dataset, tmp_path, monkeypatch):
    snapshot.save(fixture_dataset, "v1", tmp_path)
    monkeypatch.setattr(snapshot, "MAX_RESULTS", 2)
    assert [snapshot.save_result("v1", f"k{i}", i, tmp_path) for i in range(3)] == [True, True, False]
