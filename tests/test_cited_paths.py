"""Every file the code, the README or the docs cite exists: a doc that a module's docstring
points to (docs/DISCLOSURE.md was cited by three files before it was written), a module the
README names, a link in the docs. A move or a rename that leaves a citation behind fails here."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
# The repository's own folders: a path cited under one of them is a claim about this repository
# (an absolute path, /srv/..., is an example of a deployment's and is not checked).
FOLDERS = ("access", "bench", "charts", "docs", "ingest", "metrics", "pages", "queries",
           "records", "sample_data", "store", "tests", "ui", ".ci", ".streamlit")
CITED = re.compile(r"(?<![\w./-])((?:" + "|".join(re.escape(f) for f in FOLDERS)
                   + r")(?:/[\w.-]+)+\.(?:py|md|sql|toml|png|duckdb|csv|json|xlsx|zip|sh))\b")
# Made by running something, never kept in the repository: the sample database (generated on
# first start), the deployer's own secrets (never committed) and a benchmark's databases.
MADE = (re.compile(r"sample_data/sample\.duckdb"), re.compile(r"\.streamlit/secrets\.toml"),
        re.compile(r"bench/data/.+\.duckdb"))
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
ANCHOR = re.compile(r"\]\(#([^)]+)\)")


def _tracked(*patterns: str) -> list[Path]:
    names = subprocess.run(["git", "ls-files", "--", *patterns], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    return [ROOT / n for n in names if (ROOT / n).is_file()]


SOURCES = _tracked("*.py", "*.sql", "*.toml", "Makefile", ".ci/run", "*.md")


def _citations(path: Path) -> set[str]:
    return {m for m in CITED.findall(path.read_text(encoding="utf-8"))
            if not any(p.fullmatch(m) for p in MADE)}


def test_the_scan_reads_the_code_the_readme_and_the_docs():
    names = {p.relative_to(ROOT).as_posix() for p in SOURCES}
    assert {"README.md", "docs/METRICS.md", "store/database.py", "Makefile"} <= names
    assert "docs/DISCLOSURE.md" in _citations(ROOT / "README.md")


def test_a_citation_of_a_missing_file_is_found_and_a_made_one_is_not(tmp_path: Path):
    missing = ["docs/" + "NOWHERE.md", "queries/" + "gone.py"]  # not cited by this file itself
    cited = tmp_path / "cited.py"
    cited.write_text(f'"""See {missing[0]} and {missing[1]}; sample_data/sample.duckdb is made '
                     'on first start, /srv/data/x.duckdb is a deployment."""\n')
    assert sorted(_citations(cited)) == missing


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_a_source_cites_exists(source: Path):
    assert sorted(c for c in _citations(source) if not (ROOT / c).exists()) == []


@pytest.mark.parametrize("doc", _tracked("*.md"), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_in_a_markdown_file_reaches_a_file(doc: Path):
    links = [t for t in LINK.findall(doc.read_text(encoding="utf-8")) if "://" not in t]
    assert [t for t in links if not (doc.parent / t).exists()] == []


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_section_the_readme_links_to_is_a_heading_of_it():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = {_slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}
    assert sorted(set(ANCHOR.findall(text)) - headings) == []
