"""Accuracy measures and prediction bands for count forecasts.

Bands come from a negative binomial around the mean forecast: variance
``mean + dispersion * mean**2`` (Poisson when ``dispersion`` is 0). The dispersion of each
queue and model is calibrated on rolling-origin backtest errors so that the p10-p90 band holds
80% of the actual volumes of open intervals (intervals with a forecast or a contact).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

TARGET_COVERAGE = 0.8
LOWER_QUANTILE = 0.1
UPPER_QUANTILE = 0.9
MAX_DISPERSION = 4.0


def wape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Weighted absolute percentage error: total absolute error over total volume.

    >>> wape(np.array([10.0, 0.0, 30.0]), np.array([12.0, 1.0, 27.0]))
    0.15
    """
    total = float(np.sum(actual))
    return float(np.sum(np.abs(actual - forecast)) / total) if total > 0 else float("nan")


def bias(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Total over-forecast as a share of total volume (negative: under-forecast).

    >>> bias(np.array([10.0, 30.0]), np.array([12.0, 32.0]))
    0.1
    """
    total = float(np.sum(actual))
    return float(np.sum(forecast - actual) / total) if total > 0 else float("nan")


def poisson_mean_absolute_deviation(rate: np.ndarray) -> np.ndarray:
    """E|Y - rate| for Y ~ Poisson(rate): ``2 * rate * P(Y = floor(rate))``.

    >>> round(float(poisson_mean_absolute_deviation(np.array([1.0]))[0]), 6)
    0.735759
    """
    rate = np.asarray(rate, dtype=float)
    return 2.0 * rate * stats.poisson.pmf(np.floor(rate), rate)


def poisson_floor_wape(rate: np.ndarray) -> float:
    """The WAPE a perfect rate forecast would still have because arrivals are random."""
    total = float(np.sum(rate))
    return float(poisson_mean_absolute_deviation(rate).sum() / total) if total > 0 else float("nan")


def _cdf(k: np.ndarray, mean: np.ndarray, dispersion: np.ndarray) -> np.ndarray:
    """P(Y <= k) for the negative binomial (Poisson where dispersion is 0)."""
    k = np.asarray(k, dtype=float)
    out = np.where(k >= 0, 1.0, 0.0)
    positive = mean > 0
    poisson = positive & (dispersion <= 0)
    negbin = positive & (dispersion > 0)
    if poisson.any():
        out[poisson] = stats.poisson.cdf(k[poisson], mean[poisson])
    if negbin.any():
        size = 1.0 / dispersion[negbin]
        out[negbin] = stats.nbinom.cdf(k[negbin], size, size / (size + mean[negbin]))
    return out


def band_quantiles(mean: np.ndarray, dispersion: np.ndarray, quantile: float) -> np.ndarray:
    """The ``quantile`` of the count distribution with this mean and dispersion (elementwise)."""
    mean = np.asarray(mean, dtype=float)
    dispersion = np.broadcast_to(np.asarray(dispersion, dtype=float), mean.shape)
    out = np.zeros(mean.shape)
    positive = mean > 0
    poisson = positive & (dispersion <= 0)
    negbin = positive & (dispersion > 0)
    if poisson.any():
        out[poisson] = stats.poisson.ppf(quantile, mean[poisson])
    if negbin.any():
        size = 1.0 / dispersion[negbin]
        out[negbin] = stats.nbinom.ppf(quantile, size, size / (size + mean[negbin]))
    return out


def covered(actual: np.ndarray, mean: np.ndarray, dispersion: np.ndarray) -> np.ndarray:
    """Whether each actual lies inside the p10-p90 band (without computing the band)."""
    dispersion = np.broadcast_to(np.asarray(dispersion, dtype=float), mean.shape)
    above_low = _cdf(actual, mean, dispersion) >= LOWER_QUANTILE
    below_high = _cdf(actual - 1, mean, dispersion) < UPPER_QUANTILE
    return above_low & below_high


def coverage(actual: np.ndarray, low: np.ndarray, high: np.ndarray) -> float:
    """Share of open intervals (a forecast or a contact) whose actual lies in ``[low, high]``."""
    is_open = (high > 0) | (actual > 0)
    if not is_open.any():
        return float("nan")
    inside = (actual >= low) & (actual <= high)
    return float(inside[is_open].mean())


def calibrate_dispersion(
    actual: np.ndarray, mean: np.ndarray, groups: np.ndarray, n_groups: int, steps: int = 12
) -> np.ndarray:
    """Per group, the dispersion whose p10-p90 band covers 80% of the open intervals.

    ``actual``, ``mean`` and ``groups`` are flat arrays of backtest points. Coverage grows with
    the dispersion, so each group's value is found by bisection on a log scale (all groups at
    once); a group already at 80% or more with Poisson bands keeps 0.
    """
    is_open = (mean > 0) | (actual > 0)
    actual, mean, groups = actual[is_open], mean[is_open], groups[is_open]
    counts = np.bincount(groups, minlength=n_groups).astype(float)

    def group_coverage(dispersion: np.ndarray) -> np.ndarray:
        inside = covered(actual, mean, dispersion[groups]).astype(float)
        with np.errstate(invalid="ignore"):
            return np.bincount(groups, weights=inside, minlength=n_groups) / counts

    enough = group_coverage(np.zeros(n_groups)) >= TARGET_COVERAGE
    low = np.full(n_groups, np.log(1e-4))
    high = np.full(n_groups, np.log(MAX_DISPERSION))
    for _ in range(steps):
        middle = (low + high) / 2
        reached = group_coverage(np.exp(middle)) >= TARGET_COVERAGE
        high = np.where(reached, middle, high)
        low = np.where(reached, low, middle)
    return np.where(enough | (counts == 0), 0.0, np.exp(high))
