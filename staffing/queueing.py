"""Queueing math for staffing: Erlang B, Erlang C and Erlang A, vectorised over intervals.

Every function takes numbers or numpy arrays (broadcast together) and returns arrays, so a
whole year of intervals is one call. Nothing uses factorials: probabilities are built in log
space from the regularised incomplete gamma function, with a series fallback where it would
underflow, so loads from 0 to far beyond 20,000 Erlangs are exact to double precision.

Models (A = offered load in Erlangs = arrivals per second x ``aht_s``, N = agents):

- Erlang B (M/M/N/N): blocking probability ``B(N, A) = pmf(N) / cdf(N)`` of a Poisson(A).
- Erlang C (M/M/N, nobody hangs up): waiting probability
  ``C = N B / (N - A (1 - B))`` for N > A (1 otherwise);
  ``SL(t) = 1 - C exp(-(N - A) t / aht_s)``; ``ASA = C aht_s / (N - A)``; occupancy A / N.
- Erlang A (M/M/N+M, exponential patience with mean ``patience_s``): the exact stationary
  distribution of the birth-death chain. With x = N patience / aht and y = A patience / aht,
  the chain's states above N sum to ``x e^y y^-x gamma_lower(x, y)`` (relative to state N) and
  a caller finding k others queued waits a sum of exponentials whose survival weight
  ``exp(-V / patience)`` is Beta(x, k + 1) distributed; summing over k gives every metric in
  closed form through the incomplete gamma function (no truncation of the chain).

ASA is the mean time in queue over all arrivals (callers who hang up count the time they
waited), which by Little's law is ``abandon_rate x patience_s`` for Erlang A.

>>> round(float(erlang_b(16, 10.0)), 6)
0.022302
>>> m = erlang_c_metrics(14, 10.0, aht_s=180, answer_within_s=20)
>>> round(float(m.service_level), 10), round(float(m.asa_s), 4)
(0.8883500192, 7.8359)
>>> int(minimal_agents(10.0, aht_s=180, target=ServiceTarget(service_level=0.8,
...                    answer_within_s=20)).agents)
14
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from staffing.errors import parameter_error

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Service-level definitions (``service_level_definition`` in targets.toml). With
#: abandonment they differ; for Erlang C (nobody abandons) they coincide.
SERVICE_LEVEL_DEFINITIONS: dict[str, str] = {
    "answered_within_over_offered": "answered within t / (answered + abandoned)",
    "answered_or_abandoned_within_over_offered": (
        "(answered within t + abandoned within t) / (answered + abandoned)"
    ),
    "answered_within_over_answered": "answered within t / answered",
    "answered_within_over_answered_and_late_abandons": (
        "answered within t / (answered + abandoned after t)"
    ),
    "short_abandons_excluded": (
        "answered within t / (answered + abandoned - abandoned within short_abandon_s)"
    ),
}
DEFAULT_SERVICE_LEVEL_DEFINITION = "answered_within_over_offered"
DEFAULT_SHORT_ABANDON_S = 5.0

_UNDERFLOW = 1e-290  # below this an incomplete gamma value is recomputed by its series
_SERIES_CHUNK = 128


@dataclass(frozen=True, kw_only=True)
class QueueMetrics:
    """What a queue delivers at a given number of agents (arrays, one value per interval).

    ``occupancy`` is NaN where there are no agents; ``asa_s`` is infinite for an Erlang C
    queue with no more agents than the load (the queue grows without bound).
    """

    agents: IntArray
    offered_load: FloatArray
    wait_probability: FloatArray
    service_level: FloatArray
    asa_s: FloatArray
    abandon_rate: FloatArray
    occupancy: FloatArray


@dataclass(frozen=True, kw_only=True)
class ServiceTarget:
    """Every target one queue must meet at once; ``None`` means no such target.

    >>> ServiceTarget(service_level=1.2, answer_within_s=20)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    staffing.errors.StaffingInputError: The 'service_level' parameter of ServiceTarget must be ...
    """

    service_level: float
    answer_within_s: float
    max_asa_s: float | None = None
    max_abandon_rate: float | None = None
    max_occupancy: float | None = None

    def __post_init__(self) -> None:
        owner = "ServiceTarget"
        if not 0 < self.service_level < 1:  # 100% within a finite time is never met
            raise parameter_error(owner, "service_level", "must be in (0, 1)", self.service_level)
        if not self.answer_within_s >= 0:
            raise parameter_error(owner, "answer_within_s", "must be >= 0", self.answer_within_s)
        if self.max_asa_s is not None and not self.max_asa_s > 0:
            raise parameter_error(owner, "max_asa_s", "must be > 0", self.max_asa_s)
        if self.max_abandon_rate is not None and not 0 < self.max_abandon_rate <= 1:
            raise parameter_error(
                owner, "max_abandon_rate", "must be in (0, 1]", self.max_abandon_rate
            )
        if self.max_occupancy is not None and not 0 < self.max_occupancy <= 1:
            raise parameter_error(owner, "max_occupancy", "must be in (0, 1]", self.max_occupancy)


@dataclass(frozen=True, kw_only=True)
class StaffingResult:
    """The smallest agent count per interval and what the queue delivers with it.

    ``target_met`` is False where no count up to the search limit meets every target; there
    ``agents`` is that limit and the metrics show how close it gets.
    """

    agents: IntArray
    target_met: NDArray[np.bool_]
    metrics: QueueMetrics


# ------------------------------------------------------------------------ building blocks


def _log_series(
    numerator: FloatArray, numerator_step: float, denominator: FloatArray, step: float
) -> FloatArray:
    """log of sum_{k>=0} prod_{i=1..k} (numerator + numerator_step i) / (denominator + step i).

    Used only where the ratios stay below 1 (the sums converge geometrically); factors that
    reach 0 end the sum. Vectorised over elements, chunked over terms.
    """
    total = np.zeros(numerator.shape)
    log_product = np.zeros(numerator.shape)
    active = np.ones(numerator.shape, dtype=bool)
    start = 0
    with np.errstate(divide="ignore", invalid="ignore"):
        while active.any() and start < 10_000_000:
            idx = np.flatnonzero(active)
            i = start + np.arange(1, _SERIES_CHUNK + 1, dtype=np.float64)
            top = numerator[idx, None] + numerator_step * i
            log_ratio = np.log(np.clip(top, 0.0, None)) - np.log(denominator[idx, None] + step * i)
            terms = log_product[idx, None] + np.cumsum(log_ratio, axis=1)
            chunk_total = special.logsumexp(terms, axis=1)
            total[idx] = np.logaddexp(total[idx], chunk_total)
            log_product[idx] = terms[:, -1]
            done = (terms[:, -1] < total[idx] - 40.0) | (top[:, -1] <= 0)
            active[idx[done]] = False
            start += _SERIES_CHUNK
    return total


def _log_scaled_lower_gamma(a: FloatArray, z: FloatArray) -> FloatArray:
    """log T(a, z), T = sum_k z^k / ((a+1)...(a+k)) = e^z z^-a Gamma(a+1) P(a, z).

    Written as (z - a) - a log1p((z - a) / a) + Stirling's remainder so that huge a and z
    (long patience) do not cancel catastrophically; the series takes over where P underflows.
    """
    value = special.gammainc(a, z)
    gap = z - a
    large = a > 30
    safe = np.where(large, a, 31.0)
    stirling = np.where(
        large,
        0.5 * np.log(2 * np.pi * safe)
        + 1 / (12 * safe)
        - 1 / (360 * safe**3)
        + 1 / (1260 * safe**5),
        special.gammaln(a + 1) - a * np.log(a) + a,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        # log(z / a): log1p near z = a, where it is exact; a plain difference of logs far
        # below (z/a - 1 rounds to -1 for tiny z, a long wait against short patience).
        log_ratio = np.where(np.abs(gap) < 0.5 * a, np.log1p(gap / a), np.log(z) - np.log(a))
        result = gap - a * log_ratio + stirling + np.log(value)
    result = np.where(z > 0, result, 0.0)  # T(a, 0) = 1
    # scipy's asymptotic expansion loses relative accuracy in the far lower tail of huge a
    tail = (a > 1e5) & (z < a - 3 * np.sqrt(a))
    tiny = ((value < _UNDERFLOW) | tail) & (z > 0)
    if tiny.any():
        result[tiny] = _log_series(z[tiny], 0.0, a[tiny], 1.0)
    return result


def _log_below_n(agents: FloatArray, load: FloatArray) -> FloatArray:
    """log of (1/B(N, A) - 1): the mass of states 0..N-1 relative to state N (Erlang B)."""
    with np.errstate(divide="ignore"):
        log_pmf = agents * np.log(load) - load - special.gammaln(agents + 1)
        cdf_below = special.gammaincc(agents, load)
        result = np.log(cdf_below) - log_pmf
    tiny = (cdf_below < _UNDERFLOW) & (agents > 0)
    if tiny.any():
        n, a = agents[tiny], load[tiny]
        # 1/B - 1 = (N/A) * sum_k prod_{i=1..k} (N - i) / A
        result[tiny] = np.log(n / a) + _log_series(n, -1.0, a, 0.0)
    return np.where(agents > 0, result, -np.inf)


def _broadcast(*values: ArrayLike) -> list[FloatArray]:
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in values])
    return [np.array(a, dtype=np.float64, copy=True).reshape(a.shape) for a in arrays]


def _check_inputs(owner: str, agents: FloatArray, load: FloatArray, aht_s: FloatArray) -> None:
    if np.any(~np.isfinite(load) | (load < 0)):
        raise parameter_error(owner, "offered_load", "must be finite and >= 0", load.min())
    if np.any(~np.isfinite(agents) | (agents < 0) | (agents != np.floor(agents))):
        raise parameter_error(owner, "agents", "must be whole numbers >= 0", agents.min())
    if np.any(~(aht_s > 0)):
        raise parameter_error(owner, "aht_s", "must be > 0", aht_s.min())


# ------------------------------------------------------------------------------ Erlang B/C


def erlang_b(agents: ArrayLike, offered_load: ArrayLike) -> FloatArray:
    """Blocking probability of M/M/N/N (lines busy), any N >= 0 and load >= 0.

    >>> [round(float(b), 6) for b in erlang_b([16, 17], 10.0)]
    [0.022302, 0.012949]
    >>> float(erlang_b(0, 5.0)), float(erlang_b(3, 0.0))
    (1.0, 0.0)
    """
    n, a = _broadcast(agents, offered_load)
    _check_inputs("erlang_b", n, a, np.ones_like(a))
    safe = np.where(a > 0, a, 1.0)
    blocking = np.exp(-np.logaddexp(0.0, _log_below_n(n, safe)))
    return np.where(a > 0, blocking, np.where(n > 0, 0.0, 1.0))


def erlang_c(agents: ArrayLike, offered_load: ArrayLike) -> FloatArray:
    """Probability that a contact waits in M/M/N (1 where N <= A: the queue is unstable).

    >>> round(float(erlang_c(14, 10.0)), 10)
    0.1741319336
    """
    n, a = _broadcast(agents, offered_load)
    blocking = erlang_b(n, a)
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore"):
        wait = n * blocking / (n - a * (1.0 - blocking))
    return np.where(a == 0, 0.0, np.where(stable, np.clip(wait, 0.0, 1.0), 1.0))


def erlang_c_metrics(
    agents: ArrayLike, offered_load: ArrayLike, *, aht_s: ArrayLike, answer_within_s: float
) -> QueueMetrics:
    """Service level, ASA and occupancy of M/M/N (nobody abandons).

    >>> m = erlang_c_metrics(82, 75.0, aht_s=270, answer_within_s=30)
    >>> round(float(m.service_level), 10), round(float(m.wait_probability), 10)
    (0.8501921801, 0.3260761848)
    """
    n, a, aht = _broadcast(agents, offered_load, aht_s)
    _check_inputs("erlang_c_metrics", n, a, aht)
    wait = erlang_c(n, a)
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        gap = np.where(stable, n - a, 1.0)
        service_level = np.where(stable, 1.0 - wait * np.exp(-gap * answer_within_s / aht), 0.0)
        asa = np.where(stable, wait * aht / gap, np.inf)
        occupancy = np.where(n > 0, np.minimum(a / np.where(n > 0, n, 1.0), 1.0), np.nan)
    zero = a == 0
    return QueueMetrics(
        agents=n.astype(np.int64),
        offered_load=a,
        wait_probability=wait,
        service_level=np.where(zero, 1.0, service_level),
        asa_s=np.where(zero, 0.0, asa),
        abandon_rate=np.zeros_like(a),
        occupancy=np.where(zero & (n > 0), 0.0, occupancy),
    )


# -------------------------------------------------------------------------------- Erlang A


def erlang_a_metrics(
    agents: ArrayLike,
    offered_load: ArrayLike,
    *,
    aht_s: ArrayLike,
    patience_s: ArrayLike,
    answer_within_s: float,
    service_level_definition: str = DEFAULT_SERVICE_LEVEL_DEFINITION,
    short_abandon_s: float = DEFAULT_SHORT_ABANDON_S,
) -> QueueMetrics:
    """Exact M/M/N+M (Erlang A) metrics; N may be below the load.

    >>> m = erlang_a_metrics(14, 10.0, aht_s=180, patience_s=300, answer_within_s=20)
    >>> round(float(m.wait_probability), 5), round(float(m.abandon_rate), 6)
    (0.14526, 0.013984)
    >>> round(float(m.service_level), 6), round(float(m.asa_s), 3), round(float(m.occupancy), 6)
    (0.916792, 4.195, 0.704297)
    """
    if service_level_definition not in SERVICE_LEVEL_DEFINITIONS:
        raise parameter_error(
            "erlang_a_metrics",
            "service_level_definition",
            "must be one of " + ", ".join(SERVICE_LEVEL_DEFINITIONS),
            service_level_definition,
        )
    n, a, aht, patience = _broadcast(agents, offered_load, aht_s, patience_s)
    _check_inputs("erlang_a_metrics", n, a, aht)
    if np.any(~(patience > 0)):
        raise parameter_error("erlang_a_metrics", "patience_s", "must be > 0", patience.min())
    busy = (a > 0) & (n > 0)
    nb, ab, ahtb, pb = n[busy], a[busy], aht[busy], patience[busy]
    x = nb * pb / ahtb
    y = ab * pb / ahtb
    log_g = _log_scaled_lower_gamma(x, y)  # states >= N, relative to state N
    log_z = np.logaddexp(_log_below_n(nb, ab), log_g)
    wait = np.exp(log_g - log_z)
    inverse_z = np.exp(-log_z)  # probability of state N
    served_queued = x / y * (wait - inverse_z)  # callers who queue and are answered
    abandon = np.clip(wait - served_queued, 0.0, 1.0)

    def answered_after(seconds: float) -> FloatArray:
        """Share of all arrivals answered after waiting more than ``seconds``."""
        fraction = seconds / pb
        log_t = _log_scaled_lower_gamma(x + 1, y * np.exp(-fraction))
        log_value = np.log(x / (x + 1)) - (x + 1) * fraction - y * np.expm1(-fraction) + log_t
        return np.exp(log_value - log_z)

    def abandoned_within(seconds: float) -> FloatArray:
        """Share of all arrivals who hang up within ``seconds`` of arriving."""
        fraction = seconds / pb
        log_t = _log_scaled_lower_gamma(x, y * np.exp(-fraction))
        late_waiting = np.exp(-(x + 1) * fraction - y * np.expm1(-fraction) + log_t - log_z)
        return np.clip(abandon - (late_waiting - answered_after(seconds)), 0.0, 1.0)

    answered_in = np.clip((1.0 - wait) + served_queued - answered_after(answer_within_s), 0, 1)
    answered = 1.0 - abandon
    definition = service_level_definition
    with np.errstate(divide="ignore", invalid="ignore"):
        if definition == "answered_within_over_offered":
            level = answered_in
        elif definition == "answered_or_abandoned_within_over_offered":
            level = answered_in + abandoned_within(answer_within_s)
        elif definition == "answered_within_over_answered":
            level = answered_in / answered
        elif definition == "answered_within_over_answered_and_late_abandons":
            level = answered_in / (1.0 - abandoned_within(answer_within_s))
        else:
            level = answered_in / (1.0 - abandoned_within(short_abandon_s))
    level = np.clip(np.nan_to_num(level, nan=0.0), 0.0, 1.0)

    shape = a.shape
    result_wait = np.where(a > 0, 1.0, 0.0)
    result_level = np.where(a > 0, 0.0, 1.0)
    result_abandon = np.where(a > 0, 1.0, 0.0)
    result_asa = np.where(a > 0, patience, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        result_occupancy = np.where(n > 0, 0.0, np.nan)
    result_wait[busy], result_level[busy], result_abandon[busy] = wait, level, abandon
    result_asa[busy] = abandon * pb
    result_occupancy[busy] = np.minimum(ab * (1.0 - abandon) / nb, 1.0)
    return QueueMetrics(
        agents=n.astype(np.int64).reshape(shape),
        offered_load=a,
        wait_probability=result_wait,
        service_level=result_level,
        asa_s=result_asa,
        abandon_rate=result_abandon,
        occupancy=result_occupancy,
    )


# ------------------------------------------------------------------------- minimal agents


def _meets(metrics: QueueMetrics, target: ServiceTarget) -> NDArray[np.bool_]:
    ok = metrics.service_level >= target.service_level - 1e-12
    if target.max_asa_s is not None:
        ok &= metrics.asa_s <= target.max_asa_s
    if target.max_abandon_rate is not None:
        ok &= metrics.abandon_rate <= target.max_abandon_rate
    if target.max_occupancy is not None:
        ok &= ~(metrics.occupancy > target.max_occupancy + 1e-12)
    return ok


def minimal_agents(
    offered_load: ArrayLike,
    *,
    aht_s: ArrayLike,
    target: ServiceTarget,
    patience_s: ArrayLike | None = None,
    service_level_definition: str = DEFAULT_SERVICE_LEVEL_DEFINITION,
    short_abandon_s: float = DEFAULT_SHORT_ABANDON_S,
    max_agents: ArrayLike | None = None,
) -> StaffingResult:
    """The smallest N per interval meeting every target at once (Erlang C, or A with patience).

    Erlang C starts at the smallest stable count, floor(A) + 1, and steps up with the Erlang B
    recursion. Erlang A keeps a count known to fail (0 agents) and one known to meet and
    bisects between them, so it finds counts below the load. Neither starts above the answer,
    and every metric is monotone in N, so the answer is the minimum. ``max_agents`` bounds the
    search (default: A / max_occupancy + 20 sqrt(A) + 100, far beyond any reachable target).

    >>> target = ServiceTarget(service_level=0.8, answer_within_s=20)
    >>> r = minimal_agents([15000.0, 0.0], aht_s=300, target=target)
    >>> r.agents.tolist(), round(float(r.metrics.service_level[0]), 6)
    ([15021, 0], 0.802268)
    >>> int(minimal_agents(10.0, aht_s=180, target=target, patience_s=300).agents)
    13
    """
    load, aht = _broadcast(offered_load, aht_s)
    shape = load.shape
    load, aht = load.ravel(), aht.ravel()
    erlang_a = patience_s is not None
    patience = _broadcast(patience_s, load)[0] if patience_s is not None else None

    def evaluate(agents: FloatArray, index: NDArray[np.intp]) -> QueueMetrics:
        if erlang_a:
            assert patience is not None
            return erlang_a_metrics(
                agents,
                load[index],
                aht_s=aht[index],
                patience_s=patience[index],
                answer_within_s=target.answer_within_s,
                service_level_definition=service_level_definition,
                short_abandon_s=short_abandon_s,
            )
        return erlang_c_metrics(
            agents, load[index], aht_s=aht[index], answer_within_s=target.answer_within_s
        )

    _check_inputs("minimal_agents", np.zeros_like(load), load, np.where(load > 0, aht, 1.0))
    if max_agents is None:
        spread = load / (target.max_occupancy or 1.0)
        limit = np.ceil(np.maximum(spread, load) + 20 * np.sqrt(load) + 100)
    else:
        limit = _broadcast(max_agents, load.reshape(shape))[0].ravel()
    if not erlang_a:
        agents = _erlang_c_upward(load, aht, target, limit)
        metrics = evaluate(agents, np.arange(load.size))
        return _shaped_result(agents, metrics, target, shape)
    low = np.zeros_like(load)  # fails wherever load > 0
    low = np.minimum(low, limit - 1)
    high = np.minimum(np.ceil(load + np.sqrt(load)) + 1, limit)
    needs = np.flatnonzero(load > 0)
    step = np.maximum(np.ceil(np.sqrt(load)), 1.0)
    # Grow ``high`` until it meets (or reaches the limit), moving ``low`` up behind it.
    pending = needs
    while pending.size:
        ok = _meets(evaluate(high[pending], pending), target)
        failed = pending[~ok]
        low[failed] = high[failed]
        at_limit = high[failed] >= limit[failed]
        step[failed] *= 2
        grow = failed[~at_limit]
        high[grow] = np.minimum(high[grow] + step[grow], limit[grow])
        pending = grow
    # Bisect: low fails (or is the zero-load answer), high meets unless it is the limit.
    pending = needs[high[needs] - low[needs] > 1]
    while pending.size:
        middle = np.floor((low[pending] + high[pending]) / 2)
        ok = _meets(evaluate(middle, pending), target)
        high[pending[ok]] = middle[ok]
        low[pending[~ok]] = middle[~ok]
        pending = pending[high[pending] - low[pending] > 1]
    agents = np.where(load > 0, high, 0.0)
    metrics = evaluate(agents, np.arange(load.size))
    return _shaped_result(agents, metrics, target, shape)


def _shaped_result(
    agents: FloatArray, metrics: QueueMetrics, target: ServiceTarget, shape: tuple[int, ...]
) -> StaffingResult:
    met = _meets(metrics, target)
    shaped = QueueMetrics(
        **{name: getattr(metrics, name).reshape(shape) for name in QueueMetrics.__annotations__}
    )
    return StaffingResult(
        agents=agents.astype(np.int64).reshape(shape), target_met=met.reshape(shape), metrics=shaped
    )


def _erlang_c_upward(
    load: FloatArray, aht: FloatArray, target: ServiceTarget, limit: FloatArray
) -> FloatArray:
    """Erlang C search: start at the smallest stable N (floor(A) + 1, never above the answer)
    and step N up with the stable Erlang B recursion B(n) = A B(n-1) / (n + A B(n-1))."""
    agents = np.where(load > 0, np.minimum(np.floor(load) + 1, limit), 0.0)
    index = np.flatnonzero(load > 0)
    n, a, h, cap = agents[index], load[index], aht[index], limit[index]
    blocking = erlang_b(n, a)
    within = target.answer_within_s
    while index.size:
        wait = n * blocking / (n - a * (1.0 - blocking))
        gap = n - a
        ok = 1.0 - wait * np.exp(-gap * within / h) >= target.service_level - 1e-12
        if target.max_asa_s is not None:
            ok &= wait * h / gap <= target.max_asa_s
        if target.max_occupancy is not None:
            ok &= a / n <= target.max_occupancy + 1e-12
        done = ok | (n >= cap)
        agents[index[done]] = n[done]
        keep = ~done
        index, n, a, h, cap = index[keep], n[keep] + 1, a[keep], h[keep], cap[keep]
        blocking = a * blocking[keep] / (n + a * blocking[keep])
    return agents


def service_level_from_counts(
    *,
    answered: float,
    answered_within: float,
    abandoned: float,
    abandoned_within: float,
    abandoned_short: float,
    definition: str = DEFAULT_SERVICE_LEVEL_DEFINITION,
) -> float:
    """Service level of observed counts under one definition (``SERVICE_LEVEL_DEFINITIONS``).

    ``abandoned_within`` hung up within the answer threshold, ``abandoned_short`` within the
    short-abandon threshold (5 s by default).

    >>> counts = dict(answered=1000, answered_within=860, abandoned=60, abandoned_within=20,
    ...               abandoned_short=10)
    >>> round(service_level_from_counts(**counts), 3)
    0.811
    >>> round(service_level_from_counts(**counts, definition="answered_within_over_answered"), 3)
    0.86
    """
    offered = answered + abandoned
    numerators_denominators = {
        "answered_within_over_offered": (answered_within, offered),
        "answered_or_abandoned_within_over_offered": (answered_within + abandoned_within, offered),
        "answered_within_over_answered": (answered_within, answered),
        "answered_within_over_answered_and_late_abandons": (
            answered_within,
            answered + abandoned - abandoned_within,
        ),
        "short_abandons_excluded": (answered_within, offered - abandoned_short),
    }
    if definition not in numerators_denominators:
        raise parameter_error(
            "service_level_from_counts",
            "definition",
            "must be one of " + ", ".join(SERVICE_LEVEL_DEFINITIONS),
            definition,
        )
    numerator, denominator = numerators_denominators[definition]
    if denominator <= 0:
        raise parameter_error(
            "service_level_from_counts", "answered", "must leave contacts to count", answered
        )
    return numerator / denominator
