"""python -m sample_data writes only what it is asked to, and never a database another process
holds (issue 16, item 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from records.models import RECORD_TYPES

ROOT = Path(__file__).parents[2]


def test_exports_alone_write_only_the_exports(tmp_path, monkeypatch, capsys):
    import sample_data.__main__ as cli

    default = tmp_path / "sample.duckdb"
    monkeypatch.setattr(cli, "SAMPLE_DB", default)
    folder = tmp_path / "exports"
    assert cli.main(["--enrollments", "100", "--as-of", "2026-11-20",
                     "--exports", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in RECORD_TYPES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]  # no database written
    assert "Wrote" not in capsys.readouterr().out


def test_the_default_sample_is_written_only_when_asked(tmp_path, monkeypatch):
    import sample_data.__main__ as cli

    default = tmp_path / "sample.duckdb"
    monkeypatch.setattr(cli, "SAMPLE_DB", default)
    with pytest.raises(SystemExit) as stopped:
        cli.main([])
    assert stopped.value.code == 2 and not default.exists()
    assert cli.main(["--sample", "--enrollments", "100", "--as-of", "2026-11-20"]) == 0
    assert default.exists()


def test_a_database_another_process_holds_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "live.duckdb"
    holder = duckdb.connect(str(path))  # as the running app holds its database
    try:
        holder.execute("create table mine as select 42 as answer")
        holder.execute("checkpoint")
        # stat, not read: closing any handle on the file would drop this process's lock
        before = (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino)
        run = subprocess.run([sys.executable, "-m", "sample_data", "--out", str(path),
                              "--enrollments", "50", "--exports", str(tmp_path / "x")],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 3, run.stdout + run.stderr
        assert "is in use by another program" in run.stderr
        assert "Nothing was written" in run.stderr
        assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == before
        assert holder.execute("select answer from mine").fetchall() == [(42,)]
        assert not (tmp_path / "x").exists()
    finally:
        holder.close()
