"""The quasi-binomial pairs fitted as stacks give each pair the X² it gets fitted alone, and the
judgements made after a prefit are the judgements made without one."""

from __future__ import annotations

import numpy as np

from narrator.analysis import binomialpairs
from narrator.analysis.benchmarks import Comparison, judge, prefit


def rates(seed: int, years: int = 5) -> Comparison:
    rng = np.random.default_rng(900 + seed)
    size = 12 * years
    dens = rng.integers(1, int(rng.choice([4, 40, 400, 4000])), size).astype(float)
    rate = float(rng.choice([0.01, 0.2, 0.6, 0.97]))
    values = rng.binomial(dens.astype(int), np.clip(rate * rng.gamma(30, 1 / 30, size), 0, 1)).astype(float)
    if seed % 5 == 0:
        values[rng.integers(0, size, 6)] = 0.0  # months at 0%
    part = lambda x, a, b: tuple(x[a:b].tolist())  # noqa: E731
    return Comparison("proportion", part(values, size - 12, size), part(values, size - 24, size - 12),
                      part(dens, size - 12, size), part(dens, size - 24, size - 12),
                      part(values, 0, size - 24), part(dens, 0, size - 24))


def pairs_of(c: Comparison):
    series = np.array(c.earlier + c.baseline + c.current)
    dens = np.array(c.earlier_denominators + c.baseline_denominators + c.current_denominators)
    return [(series[end - 24:end].reshape(2, 12), dens[end - 24:end].reshape(2, 12)) for end in range(len(series), 23, -24)]


def test_a_pair_fitted_in_a_stack_has_the_x2_it_has_alone() -> None:
    pairs = [p for seed in range(60) for p in pairs_of(rates(seed))]
    binomialpairs.forget()
    alone = [binomialpairs.pearson(y, n) for y, n in pairs]
    binomialpairs.forget()
    binomialpairs.prefit(pairs)
    stacked = dict(binomialpairs._FITTED)
    assert [binomialpairs.pearson(y, n) for y, n in pairs] == alone  # bit for bit
    assert len(stacked) == sum(x2 > 0 for x2, _ in alone)  # every informative pair fitted by the prefit
    assert 0 < sum(df == 0 for _, df in alone) < len(alone)  # some pairs carry no information


def test_judgements_after_a_prefit_are_the_judgements_without_one() -> None:
    comparisons = [rates(seed, years=int(2 + seed % 7)) for seed in range(80)]
    binomialpairs.forget()
    without = [judge("quasi_binomial", {}, c) for c in comparisons]
    binomialpairs.forget()
    prefit([("quasi_binomial", {}, c) for c in comparisons] + [("quasi_poisson", {}, Comparison("count", (1, 2), (2, 1)))])
    assert binomialpairs._FITTED
    assert [judge("quasi_binomial", {}, c) for c in comparisons] == without
    assert sum(r.statistic is not None for r in without) > 40


def test_a_prefit_leaves_what_judge_refuses_to_judge() -> None:
    bad = Comparison("proportion", (5, 6), (6, 5), (4, 10), (10, 10))  # 5 of 4
    prefit([("quasi_binomial", {}, bad), ("quasi_binomial", {"earlier_pairs": -1}, rates(1))])


def survey(seed: int) -> Comparison:
    """A seeded survey: 20 to 300 respondents a month (a month with none now and then), 60% to 90%
    satisfied, with some variation beyond sampling; 2 to 8 years of months."""
    rng = np.random.default_rng(4000 + seed)
    size = 12 * int(2 + seed % 7)
    respondents = rng.poisson(rng.uniform(20, 300), size).astype(float)
    if seed % 4 == 0:
        respondents[rng.integers(0, size, 2)] = 0.0
    share = np.clip(rng.uniform(0.6, 0.9) * rng.gamma(40, 1 / 40, size), 0, 1)
    values = rng.binomial(respondents.astype(int), share).astype(float)
    part = lambda x, a, b: tuple(x[a:b].tolist())  # noqa: E731
    return Comparison("proportion", part(values, size - 12, size), part(values, size - 24, size - 12),
                      part(respondents, size - 12, size), part(respondents, size - 24, size - 12),
                      part(values, 0, size - 24), part(respondents, 0, size - 24))


def test_surveys_judged_after_a_prefit_are_judged_as_without_one() -> None:
    """Newcombe's interval allows for the dispersion of a survey's month-matched pairs: a prefit fits
    them in stacks, and every judgement is the same, bit for bit, as with each pair fitted alone."""
    surveys = [survey(seed) for seed in range(300)]
    binomialpairs.forget()
    without = [judge("newcombe", {}, c) for c in surveys]
    binomialpairs.forget()
    prefit([("newcombe", {}, c) for c in surveys])
    fitted = len(binomialpairs._FITTED)
    assert fitted > 600
    assert [judge("newcombe", {}, c) for c in surveys] == without
    assert len(binomialpairs._FITTED) == fitted  # nothing left to fit one at a time
    assert sum(r.dispersion is not None and r.dispersion > 1 for r in without) > 100


def test_stacked_survey_pairs_match_statsmodels() -> None:
    """Each stacked pair's Pearson X² is statsmodels' (binomial GLM, month-of-year + period), to 1e-8."""
    import warnings

    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    from narrator.analysis.classic import survey_pairs

    pairs = [p for seed in range(150) for p in survey_pairs(survey(seed))]
    binomialpairs.forget()
    binomialpairs.prefit(pairs)
    checked = 0
    for y, n in pairs:
        informative = binomialpairs._informative(y, n)
        if informative is None:
            assert binomialpairs.pearson(y, n) == (0.0, 0)
            continue
        iy, i_n = informative
        months = iy.shape[1]
        X = np.zeros((2 * months, months + 1))
        X[:, :months] = np.vstack([np.eye(months)] * 2)
        X[months:, months] = 1.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PerfectSeparationWarning)
            theirs = sm.GLM(iy.reshape(-1) / i_n.reshape(-1), X, family=sm.families.Binomial(),
                            var_weights=i_n.reshape(-1)).fit()
        x2, df = binomialpairs.pearson(y, n)
        assert df == months - 1 == int(theirs.df_resid)
        np.testing.assert_allclose(x2, theirs.pearson_chi2, rtol=1e-8, atol=1e-10)
        checked += 1
    assert checked > 300
