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
    code = re.sub(r"--[^\n]*", "", sql)
    return frozenset(re.findall(r"\$([a-z_][a-z0-9_]*)", code))


def bound(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the statement names: a scope offers more than most statements use, and
    engines refuse unused ones."""
    return {k: v for k, v in params.items() if k in parameter_names(sql)}
