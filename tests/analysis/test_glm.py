"""narrator.analysis.glm against statsmodels' GLM, the oracle: every fit's coefficients, standard
errors, dispersion, t (or z) and p, X², deviance, fitted values and iterations, to 1e-8 relative,
on hundreds of seeded cases of the benchmark models and their edge cases."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from narrator.analysis import glm

RTOL = 1e-8


def pair_design(months: int, pairs: int = 1) -> np.ndarray:
    """The benchmarks' month-matched design: month-of-year and period terms for each pair of years,
    older period first (rows: pair by pair; columns: each pair's months, then each pair's period)."""
    X = np.zeros((2 * months * pairs, (months + 1) * pairs))
    for p in range(pairs):
        top = 2 * months * p
        X[top:top + 2 * months, months * p:months * (p + 1)] = np.vstack([np.eye(months)] * 2)
        X[top + months:top + 2 * months, months * pairs + p] = 1
    return X


def oracle(X, y, family, trials=None, weights=None, offset=None, scale=None, use_t=False):
    """statsmodels' fit of the same model (binomial: proportions with var_weights = trials × weights)."""
    families = {"binomial": sm.families.Binomial(), "poisson": sm.families.Poisson(), "gaussian": sm.families.Gaussian()}
    w = np.ones(len(y)) if weights is None else np.asarray(weights, float)
    if trials is not None:
        y, w = np.asarray(y, float) / trials, w * trials
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        model = sm.GLM(y, X, family=families[family], var_weights=w, offset=offset)
        return model.fit(scale=scale, use_t=use_t)


def assert_same(mine: glm.GLMResult, theirs, separated: bool = False) -> None:
    def close(a, b, atol=0.0):
        np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=RTOL, atol=atol)

    if str(theirs.model.scaletype).upper() == "X2" and theirs.pearson_chi2 < 1e-9:
        # A perfect fit (every rate at 0% or 100% once fitted): the estimated dispersion is 0 to
        # rounding, the convergence rule divides by it, and both fits stop on rounding noise.
        # Only the fit itself is defined.
        close(mine.mu, theirs.mu, atol=1e-6)
        close(mine.pearson_chi2, theirs.pearson_chi2, atol=1e-6)
        return
    assert bool(mine.converged) == theirs.converged
    assert int(mine.df_resid) == int(theirs.df_resid)
    close(mine.scale, theirs.scale)
    if separated:
        # Coefficients heading for ±infinity: the weighted design is singular to rounding in
        # those directions, where any least-squares solver takes its own path; only the fit is
        # identified, and both agree to the convergence rule's tolerance (deviance within 1e-8).
        close(mine.mu, theirs.mu, atol=1e-6)
        close(mine.pearson_chi2, theirs.pearson_chi2, atol=1e-6)
        close(mine.deviance, theirs.deviance, atol=1e-6)
        return
    assert mine.iterations == theirs.fit_history["iteration"]
    close(mine.mu, theirs.mu, atol=1e-12)
    close(mine.pearson_chi2, theirs.pearson_chi2, atol=1e-10)
    close(mine.deviance, theirs.deviance, atol=1e-10)
    close(mine.params, theirs.params, atol=1e-12)
    close(mine.bse, theirs.bse)
    close(mine.tvalues, theirs.tvalues, atol=1e-12)
    close(mine.pvalues, theirs.pvalues, atol=1e-300)


def seeded_rates(seed: int, months: int, pairs: int):
    """Binomial months of a rate near anything from 0.5% to 99.5%, on 1 to 5,000 cases a month,
    with overdispersion and a step; a few months with no cases drawn at 1."""
    rng = np.random.default_rng(seed)
    rows = 2 * months * pairs
    trials = rng.integers(1, rng.choice([5, 50, 500, 5000]), rows).astype(float)
    rate = rng.choice([0.005, 0.05, 0.3, 0.7, 0.95, 0.995])
    p = np.clip(rate * rng.gamma(20, 1 / 20, rows) * (1 + 0.2 * rng.standard_normal()), 0.001, 0.999)
    return rng.binomial(trials.astype(int), p).astype(float), trials


LOCAL_SEEDS = 24  # seeds run in the local loop: every month count (seed % 11), pair count and model; the rest are marked slow


def seeds(count: int) -> list:
    """``range(count)`` as parameters, those past LOCAL_SEEDS marked slow (.ci/run runs them all)."""
    return [pytest.param(seed, marks=[pytest.mark.slow] if seed >= LOCAL_SEEDS else []) for seed in range(count)]


@pytest.mark.parametrize("seed", seeds(150))
def test_binomial_pair_models_match_statsmodels(seed: int) -> None:
    months, pairs = (12, 1) if seed % 3 else (int(2 + seed % 11), 1 + seed % 4)
    y, n = seeded_rates(seed, months, pairs)
    X = pair_design(months, pairs)
    # statsmodels, like the benchmark, gets rows that inform the fit; keep the fit defined
    both = (y > 0).any() and (y < n).any()
    if not both:
        y[0], y[1] = 1.0, 0.0
    mine = glm.fit(X, y, "binomial", trials=n)
    theirs = oracle(X, y, "binomial", trials=n)
    separated = bool(np.any((theirs.mu < 1e-6) | (theirs.mu > 1 - 1e-6)))
    assert_same(mine, theirs, separated)
    quasi = glm.fit(X, y, "binomial", trials=n, scale="X2", use_t=True)
    assert_same(quasi, oracle(X, y, "binomial", trials=n, scale="X2", use_t=True), separated)
    # the X² scale is Pearson X² over the residual degrees of freedom
    assert float(quasi.scale) == pytest.approx(float(quasi.pearson_chi2) / int(quasi.df_resid), rel=1e-12)


@pytest.mark.parametrize("seed", seeds(150))
def test_quasi_poisson_month_models_match_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    months, pairs = (12, 1 + seed % 4) if seed % 2 else (int(2 + seed % 11), 1)
    mean = rng.choice([0.3, 2.0, 20.0, 500.0, 20000.0])
    season = 1 + 0.3 * np.sin(np.arange(2 * months * pairs))
    y = rng.poisson(mean * season * rng.gamma(10, 1 / 10, 2 * months * pairs)).astype(float)
    if y.sum() == 0:
        y[0] = 1.0
    X = pair_design(months, pairs)
    theirs = oracle(X, y, "poisson", scale="X2", use_t=True)
    separated = bool(np.any(theirs.mu < 1e-6))  # a month with no events in either year
    assert_same(glm.fit(X, y, "poisson", scale="X2", use_t=True), theirs, separated)
    assert_same(glm.fit(X, y, "poisson"), oracle(X, y, "poisson"), separated)


@pytest.mark.parametrize("seed", seeds(60))
def test_general_designs_weights_and_offsets_match_statsmodels(seed: int) -> None:
    """Any design: a constant and continuous covariates, variance weights, an offset, a fixed scale."""
    rng = np.random.default_rng(5000 + seed)
    rows, columns = int(rng.integers(8, 60)), int(rng.integers(1, 5))
    X = np.column_stack([np.ones(rows), rng.standard_normal((rows, columns))])
    beta = rng.normal(0, 0.4, columns + 1)
    weights = rng.uniform(0.2, 3.0, rows)
    offset = rng.normal(0, 0.3, rows)
    eta = X @ beta + offset
    counts = rng.poisson(np.exp(eta + 1.5)).astype(float)
    trials = rng.integers(1, 40, rows).astype(float)
    successes = rng.binomial(trials.astype(int), 1 / (1 + np.exp(-eta))).astype(float)
    values = eta + rng.standard_normal(rows)
    scale = [None, "X2", 2.5][seed % 3]
    for family, y, n in (("poisson", counts, None), ("binomial", successes, trials), ("gaussian", values, None)):
        mine = glm.fit(X, y, family, trials=n, weights=weights, offset=offset, scale=scale, use_t=bool(seed % 2))
        theirs = oracle(X, y, family, trials=n, weights=weights, offset=offset, scale=scale, use_t=bool(seed % 2))
        separated = family == "binomial" and bool(np.any((theirs.mu < 1e-6) | (theirs.mu > 1 - 1e-6)))
        assert_same(mine, theirs, separated)


EDGES = {
    "a month with no events in either year": ("poisson", [0, 5, 7, 3] + [0, 6, 4, 5], None),
    "one event in all": ("poisson", [0, 1, 0, 0] + [0, 0, 0, 0], None),
    "tiny counts": ("poisson", [1, 0, 2, 1, 0, 1] + [0, 1, 1, 3, 1, 0], None),
    "one year without events": ("poisson", [0, 0, 0] + [4, 2, 3], None),
    "huge counts": ("poisson", [120000, 98000, 130500] + [110000, 99500, 125000], None),
    "a month at 0% in both years": ("binomial", [0, 5, 7, 3] + [0, 6, 4, 5], [10, 10, 12, 9] + [8, 11, 10, 10]),
    "a month at 100% in both years": ("binomial", [10, 5, 7, 3] + [8, 6, 4, 5], [10, 10, 12, 9] + [8, 11, 10, 10]),
    "all-or-nothing within one month": ("binomial", [0, 5, 7, 3] + [9, 6, 4, 5], [10, 10, 12, 9] + [9, 11, 10, 10]),
    "every month at 0% in one year": ("binomial", [0, 0, 0] + [3, 1, 2], [10, 10, 10] + [10, 10, 10]),
    "every month at 100% in one year": ("binomial", [10, 10, 10] + [3, 1, 2], [10, 10, 10] + [10, 10, 10]),
    "single trials": ("binomial", [1, 0, 1, 0, 1] + [0, 0, 1, 1, 1], [1] * 10),
    "rates near 0% on large denominators": ("binomial", [1, 0, 2, 1] + [3, 2, 0, 1], [90000, 85000, 99000, 91000] * 2),
}


@pytest.mark.parametrize("name", sorted(EDGES))
def test_edge_cases_match_statsmodels(name: str) -> None:
    family, y, n = EDGES[name]
    y = np.asarray(y, float)
    n = None if n is None else np.asarray(n, float)
    X = pair_design(len(y) // 2)
    for scale, use_t in ((None, False), ("X2", True)):
        theirs = oracle(X, y, family, trials=n, scale=scale, use_t=use_t)
        separated = bool(np.any((theirs.mu < 1e-6) | ((theirs.mu > 1 - 1e-6) if family == "binomial" else False)))
        assert_same(glm.fit(X, y, family, trials=n, scale=scale, use_t=use_t), theirs, separated)


def test_a_stack_of_fits_is_each_fit_on_its_own() -> None:
    """Vectorised over a leading dimension, each fit converges on its own, as if fitted alone."""
    X = pair_design(12)
    cases = [seeded_rates(seed, 12, 1) for seed in range(7)]
    y = np.stack([c[0] for c in cases])
    n = np.stack([c[1] for c in cases])
    together = glm.fit(np.broadcast_to(X, (7,) + X.shape), y, "binomial", trials=n, scale="X2", use_t=True)
    for i in range(7):
        alone = glm.fit(X, y[i], "binomial", trials=n[i], scale="X2", use_t=True)
        assert together.iterations[i] == alone.iterations
        for field in ("params", "bse", "tvalues", "pvalues", "scale", "pearson_chi2", "deviance", "mu"):
            np.testing.assert_allclose(getattr(together, field)[i], getattr(alone, field), rtol=1e-12, atol=1e-14)
    assert len(set(together.iterations.tolist())) > 1  # the cases took different numbers of iterations


@pytest.mark.filterwarnings("ignore:The design matrix is rank-deficient")
def test_rank_deficient_design_gives_the_minimum_norm_fit_as_statsmodels_does() -> None:
    X = pair_design(4)
    X = np.column_stack([X, X[:, 0] + X[:, 1]])  # a column in the span of two others
    y = np.array([3, 5, 7, 3, 4, 6, 4, 5], float)
    mine = glm.fit(X, y, "poisson", scale="X2")
    assert int(mine.df_resid) == 8 - 5
    assert_same(mine, oracle(X, y, "poisson", scale="X2"))


def test_a_fit_that_runs_out_of_iterations_says_so() -> None:
    y, n = seeded_rates(3, 12, 1)
    X = pair_design(12)
    mine = glm.fit(X, y, "binomial", trials=n, maxiter=2)
    assert (bool(mine.converged), int(mine.iterations)) == (False, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sm.GLM(y / n, X, family=sm.families.Binomial(), var_weights=n).fit(maxiter=2)
    assert_same(mine, theirs)


@pytest.mark.parametrize("call,message", [
    (lambda: glm.fit(np.ones((3, 1)), [1, 2, 3], "poison"), "unknown GLM family 'poison'; expected one of binomial, gaussian, poisson"),
    (lambda: glm.fit(np.ones(3), [1, 2, 3], "poisson"), "the design matrix must be (rows, columns) with at least one of each, not (3,)"),
    (lambda: glm.fit(np.ones((3, 1)), [1, 2], "poisson"), "the response has shape (2,), which does not fit the response's (3,)"),
    (lambda: glm.fit(np.ones((3, 1)), [1, -2, 3], "poisson"), "Poisson counts must not be negative"),
    (lambda: glm.fit(np.ones((3, 1)), [1, np.nan, 3], "poisson"), "the response has a value that is not a finite number"),
    (lambda: glm.fit(np.ones((3, 1)), [1, 2, 3], "binomial", trials=[2, 1, 3]), "binomial successes must lie between 0 and their trials"),
    (lambda: glm.fit(np.ones((3, 1)), [0.1, 1.2, 0.3], "binomial"), "binomial proportions must lie between 0 and 1"),
    (lambda: glm.fit(np.ones((3, 1)), [1, 2, 3], "poisson", trials=[3, 3, 3]), "trials are for the binomial family, not poisson"),
    (lambda: glm.fit(np.ones((3, 1)), [1, 2, 3], "poisson", weights=[1, -1, 1]), "the weights must not be negative"),
    (lambda: glm.fit(np.ones((3, 1)), [1, 2, 3], "poisson", scale="dev"), "scale must be None, 'X2' or a positive number, not 'dev'"),
    (lambda: glm.fit(np.ones((3, 1)), [1, 2, 3], "poisson", scale=0), "scale must be None, 'X2' or a positive number, not 0"),
    (lambda: glm.fit(np.ones((3, 1)), [1, 2, 3], "poisson", maxiter=0), "maxiter must be a whole number of at least 1, not 0"),
])
def test_bad_input_is_one_clear_error(call, message: str) -> None:
    with pytest.raises(glm.GLMError) as exc:
        call()
    assert str(exc.value) == message
