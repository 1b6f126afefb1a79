"""Keeps a download that is made on click (`st.download_button(data=callable)`) until its browser has fetched it.

Streamlit 1.67 stores the file a deferred download makes without tying it to the session that asked for it, so it
is an orphan at once: any two script runs of any session (another analyst changing a filter) delete it, and the
browser's fetch that follows gets a 404 ("download canceled"). The load test lost two of twenty downloads so. Here
the made file is tied to the asking session, under its button's place, until that session's next run drops it as
it drops every file of the run before. One patch, applied once by the frame; `tests/test_deferred_downloads.py`
fails if an upgrade changes what it relies on, or fixes it upstream.
"""

from __future__ import annotations

from streamlit.runtime.media_file_manager import MediaFileManager

_MADE = ":made"  # the key a made file is kept under, beside its button's own


def keep_made_files() -> None:
    """Tie the file a deferred download makes to the session that asked for it (idempotent)."""
    if getattr(MediaFileManager.execute_deferred, "keeps_made_files", False):
        return
    original = MediaFileManager.execute_deferred

    def execute_deferred(self: MediaFileManager, file_id: str) -> str:
        url = original(self, file_id)
        made = url.rsplit("/", 1)[-1].split(".", 1)[0]  # the storage's URL ends in the file's id and extension
        with self._lock:
            entry = self._deferred_callables.get(file_id)
            if entry is not None and made in self._file_metadata:
                self._files_by_session_and_coord[entry["session_id"]][entry["coordinates"] + _MADE] = made
        return url

    execute_deferred.keeps_made_files = True
    execute_deferred.upstream = original
    MediaFileManager.execute_deferred = execute_deferred
