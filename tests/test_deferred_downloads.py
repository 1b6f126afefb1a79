import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from components import deferred_downloads

pytestmark = pytest.mark.unit


def _upstream(monkeypatch) -> None:
    # AppTest runs the frame in this process, which patches the class: each test starts from Streamlit's own.
    own = getattr(MediaFileManager.execute_deferred, "upstream", MediaFileManager.execute_deferred)
    monkeypatch.setattr(MediaFileManager, "execute_deferred", own)


def _made():
    storage = MemoryMediaFileStorage("/media")
    manager = MediaFileManager(storage)
    placeholder = manager.add_deferred(lambda: b"PK\x03\x04 a briefing", "application/zip", "coord-1", "pack.zip")
    url = manager.execute_deferred(placeholder)
    return storage, manager, url.rsplit("/", 1)[-1].split(".", 1)[0]


def test_upstream_still_loses_a_made_file_to_other_sessions_runs(monkeypatch):
    # Without the patch (as Streamlit 1.67 ships), two script runs of other sessions delete the file before the
    # browser fetches it; when an upgrade fixes this, this test fails and the patch can go.
    _upstream(monkeypatch)
    storage, manager, made = _made()
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    with pytest.raises(MediaFileStorageError):
        storage.get_file(made)


def test_a_made_file_outlives_other_sessions_runs_until_its_own_session_runs_again(monkeypatch):
    _upstream(monkeypatch)
    deferred_downloads.keep_made_files()
    deferred_downloads.keep_made_files()  # once only, however often the frame runs
    storage, manager, made = _made()
    for _ in range(5):  # other analysts' runs
        manager.remove_orphaned_files()
    assert storage.get_file(made).content == b"PK\x03\x04 a briefing"
    # The asking session's next run drops it as it drops every file of the run before: nothing is kept for ever.
    manager.clear_session_refs()
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    with pytest.raises(MediaFileStorageError):
        storage.get_file(made)
