"""Small numeric helpers: a logistic, and solving an intercept so a rate lands on its target."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def bisect(f: Callable[[float], float], lo: float, hi: float, steps: int = 50) -> float:
    """The x in [lo, hi] where the increasing function f crosses zero."""
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def intercept_for(x: np.ndarray, target: float) -> float:
    """The a for which mean(sigmoid(a + x)) equals target."""
    if x.size == 0:
        return float(np.log(target / (1 - target)))
    return bisect(lambda a: float(sigmoid(a + x).mean()) - target, -15, 15)


def draw(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """One Bernoulli draw per probability."""
    return rng.random(p.shape) < p


def pick(rng: np.random.Generator, options: tuple[str, ...], weights: tuple[float, ...],
         n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return rng.choice(np.array(options), n, p=w / w.sum())


def blank_where(values: np.ndarray, empty: np.ndarray, name: str = "") -> pl.Series:
    """A Series of values, with nulls where `empty` is true (optional answers left blank)."""
    return pl.select(pl.when(pl.Series(empty)).then(None).otherwise(pl.Series(values))
                     .alias(name)).to_series()


def blank_some(values: np.ndarray, share: float, rng: np.random.Generator,
               name: str = "") -> pl.Series:
    """Values with about `share` of them left blank at random."""
    return blank_where(values, rng.random(len(values)) < share, name)
