"""A download is served to the browser that clicked, once, and then forgotten: the file a
download button makes (on its click, ui.audit.audited writing the audit row as it does) is
gone from this server once that browser has fetched it, so its /media address, replayed later
without the session (a proxy's log, a browser's history, a copied link), finds nothing (404).
Streamlit 1.6x keeps a generated download in memory under a stable address until a later run's
clean-up, and offers no setting for that, so this server's media storage is told so here, once
per process."""

from __future__ import annotations

import os
import threading
import time

from streamlit import runtime
from streamlit.runtime.media_file_storage import MediaFileKind, MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import (
    MemoryFile,
    MemoryMediaFileStorage,
    get_extension_for_mimetype,
)

# Streamlit's download button reads a generated file twice: it checks the address with a
# whole GET (fetch, not awaited) and at once downloads from it. Both reads start within
# milliseconds of each other; a read after that, or after this long, finds nothing.
READS = 2
WITHIN_SECONDS = 10.0
_DONE = "_peerdash_served_once"
_lock = threading.Lock()


def serve_downloads_once() -> None:
    """Make this server's media storage hand each download's file to the clicking browser's
    reads only (every download here is made on its click, so a second click makes and audits
    it again)."""
    if not runtime.exists():
        return  # AppTest, a bare script: no server, no /media route
    # No public way to choose the storage of a running server: its one instance is changed.
    storage = runtime.get_instance().media_file_mgr._storage
    with _lock:
        if not isinstance(storage, MemoryMediaFileStorage) or getattr(storage, _DONE, False):
            return
        _once(storage)
        setattr(storage, _DONE, True)


def _once(storage: MemoryMediaFileStorage) -> None:
    files, endpoint = storage._files_by_id, storage._media_endpoint
    stored, load = storage.get_file, storage.load_and_get_id
    reads: dict[str, tuple[int, float]] = {}  # file id -> (reads so far, time of the first)

    def load_and_get_id(data: str | bytes, mimetype: str, kind: MediaFileKind,
                        filename: str | None = None) -> str:
        """Stored as before; a download made again (the same bytes: the same id) starts
        its reads afresh."""
        file_id = load(data, mimetype, kind, filename)
        if kind == MediaFileKind.DOWNLOADABLE:
            with _lock:
                reads.pop(file_id, None)
        return file_id

    def get_file(filename: str) -> MemoryFile:
        """The /media route's read: a download's file leaves the storage after its reads."""
        found = stored(filename)
        if found.kind != MediaFileKind.DOWNLOADABLE:
            return found
        file_id, now = os.path.splitext(filename)[0], time.monotonic()
        with _lock:
            count, first = reads.get(file_id, (0, now))
            late = now - first > WITHIN_SECONDS
            if late or count + 1 >= READS:
                files.pop(file_id, None)
                reads.pop(file_id, None)
            else:
                reads[file_id] = (count + 1, first)
        if late:
            raise MediaFileStorageError(f"Media file '{file_id}' was served already")
        return found

    def get_url(file_id: str) -> str:
        """The address, without reading the file (which would count as a read)."""
        try:
            found = files[file_id]
        except KeyError as error:
            raise MediaFileStorageError(f"No media file with id '{file_id}'") from error
        return f"{endpoint}/{file_id}{get_extension_for_mimetype(found.mimetype)}"

    # set as this one instance's attributes, in front of its class's methods (an assignment
    # would read to a type checker as replacing the class's method for every instance)
    vars(storage).update(load_and_get_id=load_and_get_id, get_file=get_file, get_url=get_url)
