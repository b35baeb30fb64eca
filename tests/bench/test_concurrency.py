"""The concurrency benchmark's harness (bench/concurrency.py) on a real server over a copy of
the sample: what it counts, never how fast (speed is measured in bench/, not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.concurrency import measure
from bench.concurrency_report import percentile, write_section


@pytest.mark.slow  # a server and two browser-less sessions: about 4 s
def test_two_sessions_run_every_page_each_round_and_a_page_the_role_cannot_open_fails(
        sample_path: Path) -> None:
    # an analyst may open the Overview but not Users (admins only): the app answers
    # "page not found" and runs its start page, which must not pass for the Users page
    pages = (("overview", "analyst"), ("users", "analyst"))
    level = measure(sample_path, sessions=2, rounds=2, pages=pages)
    seen = sorted((r.session, r.round, r.page) for r in level.runs)
    assert seen == [(s, n, p) for s in (0, 1) for n in (0, 1) for p in ("overview", "users")]
    failed = {(r.session, r.round, r.page): r.failed for r in level.runs}
    assert {k: v for k, v in failed.items() if k[2] == "overview" and v is not None} == {}
    # every run of it, session 1's first among them: serve.py left Streamlit's legacy page
    # mode before the server took a request (with app.py alone, a session's first run went
    # through the implicit navigation and ran the start page, url path '', unannounced)
    assert {k: v for k, v in failed.items() if k[2] == "users"} == {
        (s, n, "users"): "page not found: users" for s in (0, 1) for n in (0, 1)}
    assert all(r.seconds > 0 for r in level.runs) and level.cpu > 0


def test_p95_is_nearest_rank() -> None:
    # of 12 runs p95 is the largest (ceil(0.95 × 12) = 12); of 20 the 19th; of one, that one
    assert percentile([float(v) for v in range(1, 13)], 0.95) == 12
    assert percentile([float(v) for v in range(20, 0, -1)], 0.95) == 19
    assert percentile([4.0], 0.95) == 4.0


def test_the_section_replaces_its_own_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## Mine\n\nold\n\n## Theirs\n\nkept\n", encoding="utf-8")
    write_section(path, "## Mine", "## Mine\n\nnew")
    assert path.read_text(encoding="utf-8") == (
        "# Benchmarks\n\n## Mine\n\nnew\n\n## Theirs\n\nkept\n")
    write_section(path, "## Added", "## Added\n\nat the end")
    assert path.read_text(encoding="utf-8").endswith("kept\n\n## Added\n\nat the end\n")
