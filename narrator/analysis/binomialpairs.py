"""The quasi-binomial benchmark's dispersion, pair by pair of periods: the Pearson X² of the binomial
GLM (logit link) period + month-of-year on a 2 × L table of monthly successes out of trials.

:func:`pearson` gives one pair's (X², residual df); :func:`prefit` fits many pairs at once, a stack
per number of months (``glm.fit`` is vectorised over a stack, and a fit costs mostly Python's
overhead, so a thousand pairs in one stack take about as long as a few alone), and remembers
them, so that ``pearson`` then finds them fitted. A national catalogue judges thousands of rates;
one process building many areas' reports fits each pair once. The result of a pair is the same
whether it was fitted alone or in a stack (each fit in a stack runs as it would alone).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from . import glm

__all__ = ["forget", "pearson", "prefit"]

_FITTED: dict[bytes, tuple[float, int]] = {}  # by the informative months' key
_SEEN: dict[bytes, tuple[float, int]] = {}  # the prefitted pairs by their key as given: pearson finds them without sifting again
_STACK = 1024  # pairs fitted as one stack (about 8 MB of arrays: a larger stack is no faster, and its peak adds to the facts')
_REMEMBERED = 200_000  # pairs kept before the memory starts again (about 100 MB at most)


def _informative(y: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The months of a pair that inform the model, or None when the pair carries no information.

    A month informs it with trials in both periods and neither no successes nor all successes
    over the two; a period with no successes (or all) puts the fit on the boundary."""
    total, trials = y.sum(axis=0), n.sum(axis=0)
    keep = (n[0] > 0) & (n[1] > 0) & (total > 0) & (total < trials)
    y, n = y[:, keep], n[:, keep]
    if int(keep.sum()) < 2 or not all(0 < y[i].sum() < n[i].sum() for i in (0, 1)):
        return None
    return y, n


@lru_cache(maxsize=32)
def _design(months: int) -> np.ndarray:
    """Month-of-year indicators for both periods, and the later period's indicator."""
    design = np.zeros((2 * months, months + 1))
    design[:, :months] = np.vstack([np.eye(months)] * 2)
    design[months:, months] = 1.0
    design.flags.writeable = False
    return design


def _key(y: np.ndarray, n: np.ndarray) -> bytes:
    return np.ascontiguousarray(y, dtype=float).tobytes() + np.ascontiguousarray(n, dtype=float).tobytes()


def _fit(tables: list[tuple[np.ndarray, np.ndarray]]) -> None:
    """Fit informative pairs of the same number of months as one stack and remember each X²."""
    months = tables[0][0].shape[1]
    y = np.stack([t[0].reshape(-1) for t in tables])
    n = np.stack([t[1].reshape(-1) for t in tables])
    design = _design(months)
    fitted = glm.fit(np.broadcast_to(design, (len(tables),) + design.shape), y, "binomial", trials=n)
    if len(_FITTED) + len(tables) > _REMEMBERED:
        _FITTED.clear()
        _SEEN.clear()
    for table, x2 in zip(tables, fitted.pearson_chi2.tolist()):
        _FITTED[_key(*table)] = (x2, months - 1)


def pearson(y: np.ndarray, n: np.ndarray) -> tuple[float, int]:
    """Pearson X² = Σ (y − nπ)² / (nπ(1 − π)) over the informative months of one pair (rows: the
    older and the newer period), and its residual df (months − 1); (0, 0) without information.
    Months all-or-nothing in one period fit exactly (quasi-separation): the fit and its X² stand."""
    raw = _key(y, n)
    found = _SEEN.get(raw)
    if found is not None:  # prefitted as it stands
        return found
    informative = _informative(y, n)
    if informative is None:
        return 0.0, 0
    key = _key(*informative)
    if key not in _FITTED:
        _fit([informative])
    return _FITTED[key]


def prefit(pairs: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
    """Fit every informative pair not yet fitted, a stack per number of months."""
    stacks: dict[int, dict[bytes, tuple[np.ndarray, np.ndarray]]] = {}
    raw: dict[bytes, bytes | None] = {}  # each pair as given → its informative months' key (None: no information)
    for y, n in pairs:
        given = _key(y, n)
        if given in raw or given in _SEEN:
            continue
        informative = _informative(y, n)
        if informative is None:
            raw[given] = None
            continue
        raw[given] = key = _key(*informative)
        if key not in _FITTED:
            stacks.setdefault(informative[0].shape[1], {})[key] = informative
    for tables in stacks.values():
        found = list(tables.values())
        for start in range(0, len(found), _STACK):
            _fit(found[start:start + _STACK])
    if len(_SEEN) + len(raw) > _REMEMBERED:
        _SEEN.clear()
    for given, key in raw.items():
        if key is None or key in _FITTED:  # (a pair whose stack the memory let go of is fitted again when asked)
            _SEEN[given] = (0.0, 0) if key is None else _FITTED[key]


def forget() -> None:
    """Let go of every pair fitted so far (the tests fit the same pairs alone and in stacks)."""
    _FITTED.clear()
    _SEEN.clear()
