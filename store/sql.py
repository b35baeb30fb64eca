"""SQL kept in .sql files and referenced by name, and the parameters each statement binds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class SqlFiles:
    """The statements of one folder, one per `<name>.sql`."""

    folder: Path

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.sql"))

    def text(self, name: str) -> str:
        """The statement in <folder>/<name>.sql; only names of files that exist are accepted."""
        path = self.folder / f"{name}.sql"
        if not re.fullmatch(r"[a-z0-9_]+", name) or not path.is_file():
            raise KeyError(f"no query named {name!r} in {self.folder}")
        return _read(path)


@cache
def parameter_names(sql: str) -> frozenset[str]:
    """The $name parameters a statement binds; those only mentioned in comments are not."""
    return frozenset(re.findall(r"\$([a-z_][a-z0-9_]*)", code_of(sql)))


def code_of(sql: str) -> str:
    """The statement without its comments."""
    return re.sub(r"--[^\n]*", "", sql)


def ctes_of(sql: str) -> str:
    """The `with` list of a statement whose `with` and final `select` start lines of their own
    (as every statement here is written), without the two words: to put before another's."""
    found = re.search(r"^with\s*\n(.*?)\n(?=select\b)", code_of(sql), re.S | re.M)
    if found is None:
        raise ValueError("no `with` list at the start of a line, ended by a `select` line")
    return found.group(1).strip()


def with_first(sql: str, ctes: str) -> str:
    """The statement with `ctes` (a `with` list) before its own common table expressions."""
    code = code_of(sql)
    if re.search(r"^with\b", code, re.M):
        return re.sub(r"^with\b", lambda _: f"with\n{ctes},\n", sql, count=1, flags=re.M)
    return re.sub(r"^select\b", lambda _: f"with\n{ctes}\n\nselect", sql, count=1, flags=re.M)


def bound(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the statement names: a scope offers more than most statements use, and
    engines refuse unused ones."""
    return {k: v for k, v in params.items() if k in parameter_names(sql)}
