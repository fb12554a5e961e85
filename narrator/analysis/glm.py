"""Generalised linear models fitted by iteratively reweighted least squares, in numpy alone.

The benchmark models (``benchmarks.py``) and the tests built on them fit small GLMs by the
thousand; statsmodels takes about half a second to import and a millisecond of overhead per fit,
so this module fits them itself, the way statsmodels' ``GLM.fit()`` does (its IRLS, its starting
values, its convergence rule and its covariance), and statsmodels stays the oracle in the tests
(``tests/analysis/test_glm.py``: coefficients, dispersion, t and p to 1e-8 relative).

    fit(exog, endog, family, *, trials=None, weights=None, offset=None, scale=None,
        use_t=False, tol=1e-8, maxiter=100) -> GLMResult

* ``exog``: the design matrix, (n, p); or a stack of designs (..., n, p), fitted together
  (vectorised over the leading dimensions), each with its own convergence.
* ``endog``: the response, (n,) or (..., n): counts for ``"poisson"``, values for
  ``"gaussian"``; for ``"binomial"`` the successes out of ``trials``, or proportions when
  ``trials`` is None.
* ``family``: one of :data:`FAMILIES`: ``"poisson"`` (log link), ``"binomial"`` (logit link),
  ``"gaussian"`` (identity link).
* ``trials``: binomial denominators (a row with none has weight 0 and proportion 0). The model
  is then statsmodels' proportion with ``var_weights=trials``, which is also its two-column
  (successes, failures) model: the same fit, deviance and Pearson X².
* ``weights``: variance weights (statsmodels' ``var_weights``), multiplied by ``trials``.
* ``offset``: added to the linear predictor (a log exposure for Poisson rates).
* ``scale``: the dispersion φ. None: the family's own (1 for Poisson and binomial, the Pearson
  estimate for gaussian); ``"X2"``: Pearson X² / df_resid, the quasi-likelihood estimate; a
  number: fixed. Standard errors are √(φ · diag((XᵀWX)⁻¹)).
* ``use_t``: p-values from Student's t on df_resid (quasi-likelihood), otherwise the normal
  (statsmodels' GLM default).

Rows with weight 0 still count in ``nobs`` and ``df_resid`` (as in statsmodels): leave out the
rows that carry no information rather than weighting them 0. A fit that does not converge in
``maxiter`` iterations is returned with ``converged`` False, as statsmodels does; a separated
binomial fit (a fitted rate heading for 0 or 1) converges in the deviance, and its X² and fitted
values stand while the coefficients that separate are arbitrary large numbers.

Distributions come from ``scipy.special`` (``ndtr``, ``stdtr``); nothing here imports
statsmodels or scipy.stats. Bad input raises :class:`GLMError` (a ``ValueError``) with one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["FAMILIES", "Family", "GLMError", "GLMResult", "fit"]

_EPS = np.finfo(float).eps  # statsmodels' FLOAT_EPS: where links and variances clip


class GLMError(ValueError):
    """Unusable input for a GLM fit, or a fit that broke down (a non-finite weight or deviance)."""


def _clip_unit(p: np.ndarray) -> np.ndarray:
    return np.clip(p, _EPS, 1.0 - _EPS)


def _clip_positive(x: np.ndarray) -> np.ndarray:
    return np.clip(x, _EPS, np.inf)


def _mean_start(y: np.ndarray) -> np.ndarray:
    return (y + y.mean(axis=-1, keepdims=True)) / 2.0


def _binomial_deviance(y: np.ndarray, mu: np.ndarray) -> np.ndarray:
    ratio = _clip_positive(y / (mu + 1e-20))
    other = _clip_positive((1.0 - y) / (1.0 - mu + 1e-20))
    return 2 * (y * np.log(ratio) + (1 - y) * np.log(other))


def _poisson_deviance(y: np.ndarray, mu: np.ndarray) -> np.ndarray:
    return 2 * (y * np.log(_clip_positive(y / mu)) - (y - mu))


@dataclass(frozen=True)
class Family:
    """A response distribution and its link, written as statsmodels writes them (the same clipping),
    so that the fits agree with statsmodels' to rounding."""

    name: str
    link: Callable[[np.ndarray], np.ndarray]  # g(μ)
    inverse: Callable[[np.ndarray], np.ndarray]  # g⁻¹(η)
    deriv: Callable[[np.ndarray], np.ndarray]  # g'(μ)
    variance: Callable[[np.ndarray], np.ndarray]  # V(μ)
    unit_deviance: Callable[[np.ndarray, np.ndarray], np.ndarray]
    starting_mu: Callable[[np.ndarray], np.ndarray]
    estimated_scale: bool  # True: the default dispersion is Pearson's estimate, not 1

    def irls_weights(self, mu: np.ndarray) -> np.ndarray:
        return 1.0 / (self.deriv(mu) ** 2 * self.variance(mu))


FAMILIES: dict[str, Family] = {
    "binomial": Family(
        "binomial",
        link=lambda mu: np.log(_clip_unit(mu) / (1.0 - _clip_unit(mu))),
        inverse=lambda eta: 1.0 / (1.0 + np.exp(-eta)),
        deriv=lambda mu: 1.0 / (_clip_unit(mu) * (1 - _clip_unit(mu))),
        variance=lambda mu: _clip_unit(mu) * (1 - _clip_unit(mu)),
        unit_deviance=_binomial_deviance,
        starting_mu=lambda y: (y + 0.5) / 2,
        estimated_scale=False,
    ),
    "poisson": Family(
        "poisson",
        link=lambda mu: np.log(_clip_positive(mu)),
        inverse=np.exp,
        deriv=lambda mu: 1.0 / _clip_positive(mu),
        variance=lambda mu: np.power(np.fabs(mu), 1.0),
        unit_deviance=_poisson_deviance,
        starting_mu=_mean_start,
        estimated_scale=False,
    ),
    "gaussian": Family(
        "gaussian",
        link=lambda mu: mu,
        inverse=lambda eta: eta,
        deriv=np.ones_like,
        variance=np.ones_like,
        unit_deviance=lambda y, mu: (y - mu) ** 2,
        starting_mu=_mean_start,
        estimated_scale=True,
    ),
}


@dataclass(frozen=True)
class GLMResult:
    """One fit (or a stack of fits: every field then has the stack's leading dimensions).

    ``params``, ``bse``, ``tvalues`` (z or t) and ``pvalues`` are (..., p); ``mu`` (the fitted
    means: for binomial, the fitted proportions) is (..., n); the rest are scalars per fit.
    ``scale`` is the dispersion the standard errors use; ``pearson_chi2`` = Σ w (y − μ)² / V(μ)
    and ``deviance`` are unscaled; ``df_resid`` = nobs − rank(exog).
    """

    family: str
    params: np.ndarray
    bse: np.ndarray
    tvalues: np.ndarray
    pvalues: np.ndarray
    scale: np.ndarray
    df_resid: np.ndarray
    pearson_chi2: np.ndarray
    deviance: np.ndarray
    mu: np.ndarray
    converged: np.ndarray
    iterations: np.ndarray
    use_t: bool


def _array(name: str, value: object, shape: tuple[int, ...]) -> np.ndarray:
    try:
        array = np.broadcast_to(np.asarray(value, dtype=float), shape)
    except ValueError:
        raise GLMError(f"{name} has shape {np.shape(value)}, which does not fit the response's {shape}") from None
    if not np.isfinite(array).all():
        raise GLMError(f"{name} has a value that is not a finite number")
    return array


def _inputs(exog: object, endog: object, family: str, trials: object, weights: object, offset: object
            ) -> tuple[Family, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The family, the design, the response, the variance weights and the offset, checked."""
    if family not in FAMILIES:
        raise GLMError(f"unknown GLM family {family!r}; expected one of {', '.join(sorted(FAMILIES))}")
    X = np.asarray(exog, dtype=float)
    if X.ndim < 2 or X.shape[-1] == 0 or X.shape[-2] == 0:
        raise GLMError(f"the design matrix must be (rows, columns) with at least one of each, not {X.shape}")
    shape = X.shape[:-1]
    if not np.isfinite(X).all():
        raise GLMError("the design matrix has a value that is not a finite number")
    y = _array("the response", endog, shape)
    w = _array("the weights", 1.0 if weights is None else weights, shape)
    off = _array("the offset", 0.0 if offset is None else offset, shape)
    if (w < 0).any():
        raise GLMError("the weights must not be negative")
    if trials is not None:
        if family != "binomial":
            raise GLMError(f"trials are for the binomial family, not {family}")
        n = _array("the trials", trials, shape)
        if (n < 0).any() or (y < 0).any() or (y > n).any():
            raise GLMError("binomial successes must lie between 0 and their trials")
        y = np.divide(y, n, out=np.zeros(shape), where=n > 0)
        w = w * n
    if family == "binomial" and ((y < 0) | (y > 1)).any():
        raise GLMError("binomial proportions must lie between 0 and 1")
    if family == "poisson" and (y < 0).any():
        raise GLMError("Poisson counts must not be negative")
    return FAMILIES[family], X, y, w, off


def _pearson(fam: Family, y: np.ndarray, mu: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Pearson X² = Σ w (y − μ)² / V(μ), in statsmodels' order of operations."""
    return np.sum((y - mu) ** 2 / fam.variance(mu) * w, axis=-1)


def _deviance(fam: Family, y: np.ndarray, mu: np.ndarray, w: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Σ w · unit deviance / φ, divided element by element as statsmodels does (a dispersion of 0,
    a perfect fit, gives inf or nan, and so does statsmodels' convergence check)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sum(fam.unit_deviance(y, mu) * w / np.asarray(scale)[..., None], axis=-1)


def _rank(X: np.ndarray) -> np.ndarray:
    """The rank of each design, from its QR decomposition: in exact arithmetic a diagonal element of R
    is 0 exactly where its column lies in the span of the columns before it (numpy's tolerance)."""
    diagonal = np.abs(np.diagonal(np.linalg.qr(X, mode="r"), axis1=-2, axis2=-1))
    tolerance = diagonal.max(axis=-1, keepdims=True) * max(X.shape[-2:]) * _EPS
    return (diagonal > tolerance).sum(axis=-1)


def _least_squares(wx: np.ndarray, wz: np.ndarray, full_rank: bool) -> np.ndarray:
    """The least-squares solution of each weighted system: by QR where every design has full rank
    (the same solution as statsmodels' lstsq), otherwise (or if a weighted design has lost rank,
    its rows weighted 0) the minimum-norm one, by the pseudo-inverse."""
    if full_rank:
        q, r = np.linalg.qr(wx)
        try:
            step = np.linalg.solve(r, np.matmul(np.swapaxes(q, -1, -2), wz[..., None]))[..., 0]
        except np.linalg.LinAlgError:
            step = None
        if step is not None and np.isfinite(step).all():
            return step
    return np.matmul(np.linalg.pinv(wx), wz[..., None])[..., 0]


def _normalized_cov(wx: np.ndarray, full_rank: bool) -> np.ndarray:
    """(XᵀWX)⁻¹ of the last weighted design: R⁻¹R⁻ᵀ, or pinv · pinvᵀ as statsmodels computes it."""
    if full_rank:
        r = np.linalg.qr(wx, mode="r")
        try:
            inverse = np.linalg.inv(r)
        except np.linalg.LinAlgError:
            inverse = None
        if inverse is not None and np.isfinite(inverse).all():
            return np.matmul(inverse, np.swapaxes(inverse, -1, -2))
    pinv = np.linalg.pinv(wx)
    return np.matmul(pinv, np.swapaxes(pinv, -1, -2))


def _irls(fam: Family, X: np.ndarray, y: np.ndarray, w: np.ndarray, off: np.ndarray,
          scale_of: Callable[[np.ndarray], np.ndarray], full_rank: bool, tol: float, maxiter: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """statsmodels' ``GLM._fit_irls``, over a stack: (params, the last weighted design, μ, scale,
    converged, iterations). Each fit stops at its own convergence (the change in its deviance,
    scaled by the previous dispersion, at most ``tol``); later sweeps leave it as it is."""
    batch = X.shape[:-2]
    mu = fam.starting_mu(y)
    eta = fam.link(mu)
    scale = scale_of(mu)
    deviance = _deviance(fam, y, mu, w, scale)
    if np.isnan(deviance).any():
        raise GLMError("the deviance at the starting values is not a number")
    params = np.zeros(batch + X.shape[-1:])
    last = np.zeros(X.shape)
    active = np.ones(batch, dtype=bool)
    converged = np.zeros(batch, dtype=bool)
    iterations = np.zeros(batch, dtype=int)
    for iteration in range(maxiter):
        working = eta + fam.deriv(mu) * (y - mu) - off
        root = np.sqrt(w * fam.irls_weights(mu))
        if not (np.isfinite(root).all() and np.isfinite(working).all()):
            raise GLMError("the fit broke down: a weight or working response is not a finite number")
        wx = root[..., None] * X
        step = _least_squares(wx, root * working, full_rank)
        step_eta = np.matmul(X, step[..., None])[..., 0] + off
        step_mu = fam.inverse(step_eta)
        step_deviance = _deviance(fam, y, step_mu, w, scale)
        done = np.isclose(step_deviance, deviance, rtol=0.0, atol=tol)  # statsmodels' np.allclose
        keep = active[..., None]
        params = np.where(keep, step, params)
        last = np.where(keep[..., None], wx, last)
        mu, eta = np.where(keep, step_mu, mu), np.where(keep, step_eta, eta)
        scale = np.where(active, scale_of(mu), scale)
        deviance = np.where(active, step_deviance, deviance)
        iterations = np.where(active, iteration + 1, iterations)
        converged |= active & done
        active &= ~done
        if not active.any():
            break
    return params, last, mu, scale, converged, iterations


def fit(exog: object, endog: object, family: str, *, trials: object = None, weights: object = None,
        offset: object = None, scale: str | float | None = None, use_t: bool = False,
        tol: float = 1e-8, maxiter: int = 100) -> GLMResult:
    """Fit a GLM (or a stack of them) by IRLS; see the module's docstring for every argument."""
    from scipy.special import ndtr, stdtr  # cheap: scipy.special, not scipy.stats

    fam, X, y, w, off = _inputs(exog, endog, family, trials, weights, offset)
    if not (isinstance(maxiter, int) and maxiter >= 1):
        raise GLMError(f"maxiter must be a whole number of at least 1, not {maxiter!r}")
    nobs = X.shape[-2]
    rank = _rank(X)
    full_rank = bool((rank == X.shape[-1]).all())
    df_resid = nobs - rank
    if scale is None:
        scale = "X2" if fam.estimated_scale else 1.0
    if isinstance(scale, str):
        if scale.upper() != "X2":
            raise GLMError(f"scale must be None, 'X2' or a positive number, not {scale!r}")
        divisor = np.asarray(df_resid, dtype=float)

        def scale_of(mu: np.ndarray) -> np.ndarray:
            with np.errstate(divide="ignore", invalid="ignore"):
                # statsmodels' _estimate_x2_scale, in its order of operations
                return np.asarray(np.sum(np.power(y - mu, 2) * w / fam.variance(mu), axis=-1) / divisor)
    elif isinstance(scale, (int, float)) and not isinstance(scale, bool) and scale > 0 and np.isfinite(scale):
        fixed = np.full(X.shape[:-2], float(scale))

        def scale_of(mu: np.ndarray) -> np.ndarray:
            return fixed
    else:
        raise GLMError(f"scale must be None, 'X2' or a positive number, not {scale!r}")
    params, last, mu, phi, converged, iterations = _irls(fam, X, y, w, off, scale_of, full_rank, tol, maxiter)
    normalized_cov = _normalized_cov(last, full_rank)
    bse = np.sqrt(np.diagonal(normalized_cov, axis1=-2, axis2=-1) * np.asarray(phi)[..., None])
    with np.errstate(divide="ignore", invalid="ignore"):
        tvalues = params / bse
    if use_t:
        pvalues = 2 * stdtr(np.asarray(df_resid, dtype=float)[..., None], -np.abs(tvalues))
    else:
        pvalues = 2 * ndtr(-np.abs(tvalues))
    return GLMResult(
        family=fam.name, params=params, bse=bse, tvalues=tvalues, pvalues=pvalues, scale=np.asarray(phi),
        df_resid=np.asarray(df_resid), pearson_chi2=_pearson(fam, y, mu, w),
        deviance=_deviance(fam, y, mu, w, np.ones(X.shape[:-2])), mu=mu, converged=converged,
        iterations=iterations, use_t=use_t,
    )
