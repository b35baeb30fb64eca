"""The records as published versions: the dashboard reads, never writes, the database file.

Every change of the records (an import, an undo, a schema upgrade) is made by one writer at a
time on a copy of the current version, in `<database>.versions/`. When it is done the copy is
published: renamed to the next `vNNNNNN.duckdb` and linked to the database's own path by an
atomic rename, so the database path is always one whole version. Readers open a version file
read-only and keep it until their next page run, so they see the version before a change
until it is published, then the new one. A writer that fails, or is killed, leaves only its
copy behind (removed by the next writer); the published files are never written again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.connection import DatabaseUnavailable, Store, connect
from store.locks import Busy, exclusive
from store.schema import create_schema

_found: dict[tuple[Path, int], Path] = {}  # (database, its inode) -> the version file it is
KEPT = 3  # published versions kept on disk (a reader may still hold an older one open)
WRITER_WAIT = 600.0  # seconds a writer waits for another to finish before giving up
PAGE_WAIT = 30.0  # ...when a person waits on a page


class Unchanged(Exception):
    """Raised in a `writing` block to publish nothing: the copy is thrown away."""


def versions_of(base: Path) -> Path:
    """The folder of the database's published versions and its writers' copies."""
    return base.with_name(base.name + ".versions")


def _published(folder: Path) -> list[Path]:
    return sorted(folder.glob("v[0-9]*.duckdb")) if folder.is_dir() else []


def current(base: Path) -> Path:
    """The file to read the database's current version from: the published version that the
    database path is, or the path itself for a database no writer has published."""
    inode = base.stat().st_ino
    known = _found.get((base, inode))
    if known is not None and _same(known, inode):  # a page run asks often: one stat then
        return known
    for file in reversed(_published(versions_of(base))):
        if _same(file, inode):
            _found[(base, inode)] = file
            return file
    return base


def _same(file: Path, inode: int) -> bool:
    try:
        return file.stat().st_ino == inode
    except FileNotFoundError:  # pruned by a writer just now
        return False


@contextmanager
def one_writer(base: Path, wait: float = WRITER_WAIT) -> Iterator[None]:
    """One writer at a time (released by the system if the process dies)."""
    folder = versions_of(base)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with exclusive(folder / "writer.lock", wait, poll=0.2):
            yield
    except Busy:
        raise DatabaseUnavailable(
            f"Another import or undo into {base} has been running for more than {wait:.0f} "
            "seconds. Wait for it to finish, then try again; nothing was changed.") from None


def _copy(source: Path, target: Path) -> None:
    """Copy a version, with the write-ahead log of a database written outside this module."""
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + ".wal"))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(base: Path, copy: Path) -> Path:
    """Make the finished copy the database's current version, atomically."""
    folder = versions_of(base)
    files = _published(folder)
    number = int(files[-1].stem[1:]) + 1 if files else 1
    version = folder / f"v{number:06d}.duckdb"
    _fsync(copy)
    os.replace(copy, version)
    link = folder / f"{os.getpid()}.link"
    link.unlink(missing_ok=True)
    os.link(version, link)
    os.replace(link, base)  # the switch: the database path is now the new version
    _fsync(folder)
    _fsync(base.parent)
    for old in _published(folder)[:-KEPT]:  # open readers keep their file until they move on
        old.unlink(missing_ok=True)
    return version


def _clear_copies(folder: Path) -> None:
    """Remove what writers that died left behind (run while holding the writer's lock)."""
    for left in [*folder.glob("*.next"), *folder.glob("*.next.wal"), *folder.glob("*.link")]:
        left.unlink(missing_ok=True)


@contextmanager
def reading(base: Path) -> Iterator[Store]:
    """The current version, read-only (a check, or a write of the own records beside it),
    closed when the block ends."""
    file = current(base)
    con = connect(file, read_only=True)
    try:
        yield Store(con, base, file)
    finally:
        con.close()


@contextmanager
def writing(base: Path, wait: float = WRITER_WAIT) -> Iterator[Store]:
    """The records to change, read-write: a copy of the current version (an empty database
    if there is none), published when the block ends and thrown away if it raises (quietly
    for Unchanged). One
    writer at a time; others wait up to `wait` seconds, then DatabaseUnavailable."""
    if base.is_dir():
        raise DatabaseUnavailable(f"The database path {base} is a folder, not a file. Point "
                                  "PEERDASH_DB at a .duckdb file.")
    with one_writer(base, wait):
        folder = versions_of(base)
        _clear_copies(folder)
        copy = folder / f"{os.getpid()}.next"
        if base.exists():
            _copy(current(base), copy)
        con = connect(copy)
        try:
            create_schema(con)
            yield Store(con, base)
            con.execute("checkpoint")
        except Unchanged:
            con.close()
            _clear_copies(folder)
            return
        except BaseException:
            con.close()
            _clear_copies(folder)
            raise
        con.close()
        _publish(base, copy)
