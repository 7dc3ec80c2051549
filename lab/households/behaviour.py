"""Household traits and decisions, written as array operations.

Traits (drawn once per household, correlated through a Gaussian copula): risk aversion (CRRA),
loss aversion, attention, fear of the agency, hassle cost (euro per year), a liquidity buffer
(euro), and the household's own view of its income volatility. Every coefficient is in
``lab/params/behaviour.toml``. The decision rules, one paragraph each:

- **Feared recovery.** A household sees its award fall by ``slope`` euro per euro of extra income
  and its income as normal around the estimate with its perceived sd. With voorschot percentage
  ``p`` the terugvordering ``R = (p - 1) A + slope * dY`` is normal; :func:`recovery_outlook`
  gives E[max(R, 0)], P(R > 0) and P(R > 500) in closed form.
- **Voorschot choice.** Utility of percentage ``p``: ``-(delay + liquidity) (1 - p) A`` (money
  later instead of now) ``- (lambda - 1 + delay) E[R] - F P(R > 0) - F_high P(R > 500)`` minus a
  status-quo effort for any ``p < 1``, plus a personal taste for caution. ``lambda`` is loss
  aversion raised by risk aversion and fear. The household chooses among the options its arm
  offers by a multinomial logit: option ``j`` with probability
  ``exp(U_j / s) / sum_k exp(U_k / s)``, ``s`` the scale of the taste noise
  (``voorschot_choice.logit_scale``, euro). As ``s`` goes to 0 this is the best option
  (:func:`choose_percentage`).
- **Reporting a change** and reacting to the agency's letters: :mod:`lab.households.reporting`.
- **Take-up.** Logit in the log of the perceived monthly amount, minus hassle, minus fear times loss
  aversion times the feared recovery as a share of the award (at the percentage the household would
  choose), with shifts for the self-employed and benefit households and for outreach.
- **Experience.** A terugvordering raises fear (more for a hoge terugvordering), a nabetaling lowers
  it; fear makes stopping a running toeslag more likely next year.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numba
import numpy as np
from scipy.special import betaincinv, expit, ndtr

from lab.households.population import BENEFIT, INCOME_TYPES, SELF_EMPLOYED, Population
from lab.households.streams import stream
from lab.rows import in_blocks
from lab.valuefile import ValueFile

#: The caution taste (``choice_noise``) is expressed in euro per 20 percentage points lowered.
TASTE_UNIT = 0.2
#: Columns of :meth:`Traits.choice_uniform` (one per toeslag).
CHOICE_COLUMNS = 4
TRAIT_ORDER = ("risk_aversion", "loss_aversion", "attention", "fear", "hassle", "buffer")
_SQRT_2PI = np.sqrt(2.0 * np.pi)


@dataclass
class Traits:
    """Behavioural traits per household (arrays of length n).

    ``hassle`` and ``buffer`` are euro; ``attention`` and ``fear`` lie in 0..1;
    ``perceived_volatility`` is the household's own view of its log-income sd.
    ``choice_seed``: the run's seed, from whose ``voorschot_choice`` stream the logit choice
    draws its uniforms (:meth:`choice_uniform`); None: the choice takes the best option.
    """

    risk_aversion: np.ndarray
    loss_aversion: np.ndarray
    attention: np.ndarray
    fear: np.ndarray
    hassle: np.ndarray
    buffer: np.ndarray
    perceived_volatility: np.ndarray
    caution_taste: np.ndarray
    has_buffer: np.ndarray
    choice_seed: int | None = None

    def choice_uniform(self) -> np.ndarray | None:
        """One uniform per household and toeslag (n, :data:`CHOICE_COLUMNS`) for the logit choice.

        Drawn when a choice is made (the same numbers every time), not kept beside the traits.
        """
        if self.choice_seed is None:
            return None
        n = self.risk_aversion.shape[0]
        return stream(self.choice_seed, "voorschot_choice").random((n, CHOICE_COLUMNS))


#: Households per block of the trait draws (bounds the temporary memory).
_TRAIT_BLOCK = 1 << 16
#: The normal scores on which a beta trait's quantile function is tabulated: -9..9 (a draw beyond
#: has probability below 1e-18) in steps of about 0.001.
_Z_GRID = np.linspace(-9.0, 9.0, 2**14 + 1)


@functools.lru_cache(maxsize=32)
def _beta_quantile_table(a: float, b: float) -> np.ndarray:
    """Quantiles of Beta(a, b) at the probabilities of the normal scores :data:`_Z_GRID`.

    The inverse of the regularised incomplete beta function (``scipy.special.betaincinv``, the
    same quantiles as ``scipy.stats.beta.ppf`` without importing ``scipy.stats``, which costs a
    fresh process about a second).
    """
    table = betaincinv(a, b, ndtr(_Z_GRID))
    table.flags.writeable = False
    return table


def _beta_from_normal(z: np.ndarray, mean: float, concentration: float) -> np.ndarray:
    """The trait value of normal score ``z`` (Gaussian copula) under a beta distribution.

    Beta(a, b) with ``a = mean * concentration``, ``b = (1 - mean) * concentration``. The
    quantile function, smooth in the normal score, is tabulated once per distribution and
    interpolated linearly (within 1e-5 of the exact quantile for the traits' domains), instead of
    an exact ``ppf`` per household, which cost about a second per million households.
    """
    table = _beta_quantile_table(float(mean * concentration), float((1.0 - mean) * concentration))
    out = np.empty(z.shape[0])
    _interpolate_on_grid(z, _Z_GRID, table, out)
    return out


@numba.njit(cache=True, nogil=True)
def _interpolate_on_grid(
    x: np.ndarray, grid: np.ndarray, table: np.ndarray, out: np.ndarray
) -> None:
    """``np.interp(x, grid, table)`` on an evenly spaced grid, value for value, into ``out``.

    The cell of each ``x`` is found from the spacing (then checked against the grid points)
    rather than by a binary search; the value is numpy's: the table value at or outside the
    grid's ends and on a grid point, else ``slope * (x - grid[j]) + table[j]``.
    """
    last = grid.shape[0] - 1
    step = (grid[last] - grid[0]) / last
    for i in range(x.shape[0]):
        v = x[i]
        if np.isnan(v):
            out[i] = v
        elif v <= grid[0]:
            out[i] = table[0]
        elif v >= grid[last]:
            out[i] = table[last]
        else:
            j = min(max(int((v - grid[0]) / step), 0), last - 1)
            while j > 0 and grid[j] > v:
                j -= 1
            while j < last - 1 and grid[j + 1] <= v:
                j += 1
            if grid[j] == v:
                out[i] = table[j]
            else:
                slope = (table[j + 1] - table[j]) / (grid[j + 1] - grid[j])
                out[i] = slope * (v - grid[j]) + table[j]
                if np.isnan(out[i]):
                    out[i] = slope * (v - grid[j + 1]) + table[j + 1]
                    if np.isnan(out[i]) and table[j] == table[j + 1]:
                        out[i] = table[j]


def draw_traits(population: Population, seed: int, b: ValueFile, net_ratio: float) -> Traits:
    """Draw correlated traits for every household from the ``traits`` stream."""
    rng = stream(seed, "traits")
    n = population.n
    corr = b.matrix("traits.correlation", len(TRAIT_ORDER))
    chol = np.linalg.cholesky(corr)
    cols = {name: i for i, name in enumerate(TRAIT_ORDER)}
    risk, loss, attention, fear, hassle = (np.empty(n) for _ in range(5))
    has_buffer = np.empty(n, dtype=bool)
    share = b.floats("traits.buffer_share", len(INCOME_TYPES))[population.income_type]
    # The correlated normal scores, a block of households at a time (the draws are those of one
    # (n, 6) draw; no (n, 6) temporaries).
    for lo in range(0, n, _TRAIT_BLOCK):
        hi = min(lo + _TRAIT_BLOCK, n)
        z = rng.standard_normal((hi - lo, len(TRAIT_ORDER))) @ chol.T
        risk[lo:hi] = b.float("traits.risk_aversion_median") * np.exp(
            b.float("traits.risk_aversion_log_sd") * z[:, cols["risk_aversion"]]
        )
        loss[lo:hi] = b.float("traits.loss_aversion_median") * np.exp(
            b.float("traits.loss_aversion_log_sd") * z[:, cols["loss_aversion"]]
        )
        attention[lo:hi] = _beta_from_normal(
            z[:, cols["attention"]],
            b.float("traits.attention_mean"),
            b.float("traits.attention_concentration"),
        )
        fear[lo:hi] = _beta_from_normal(
            z[:, cols["fear"]], b.float("traits.fear_mean"), b.float("traits.fear_concentration")
        )
        hassle[lo:hi] = b.float("traits.hassle_median") * np.exp(
            b.float("traits.hassle_log_sd") * z[:, cols["hassle"]]
        )
        has_buffer[lo:hi] = ndtr(z[:, cols["buffer"]]) > 1.0 - share[lo:hi]
    monthly_net = net_ratio * population.base_income / 12.0
    buffer_amount = (
        b.float("traits.buffer_months") * monthly_net * np.exp(0.5 * rng.standard_normal(n))
    )
    buffer = np.where(has_buffer, buffer_amount, b.float("traits.no_buffer_eur"))
    reference = b.floats("voorschot_choice.volatility_reference", len(INCOME_TYPES))
    perceived = reference[population.income_type] * np.exp(
        b.float("voorschot_choice.perceived_risk_noise") * rng.standard_normal(n)
    )
    taste = b.float("voorschot_choice.choice_noise") * rng.standard_normal(n)
    has_buffer = buffer > b.float("traits.buffer_threshold")
    # The logit choice's uniforms come from a stream of their own (Traits.choice_uniform), so that
    # the other traits do not move when the choice rule changes.
    return Traits(risk, loss, attention, fear, hassle, buffer, perceived, taste, has_buffer, seed)


def recovery_outlook(
    award: np.ndarray,
    slope: np.ndarray,
    income_sd: np.ndarray,
    percentage: np.ndarray | float,
    high_threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feared terugvordering at a voorschot percentage, in closed form.

    ``award`` euro per year on the estimate, ``slope`` euro of award lost per euro of extra income,
    ``income_sd`` euro per year. Returns (E[max(R, 0)] euro, P(R > 0), P(R > high_threshold)).
    """
    mu = (np.asarray(percentage) - 1.0) * award
    tau = np.maximum(slope * income_sd, 1e-9)
    x = mu / tau
    expected = mu * ndtr(x) + tau * np.exp(-0.5 * x * x) / _SQRT_2PI
    return np.maximum(expected, 0.0), ndtr(x), ndtr((mu - high_threshold) / tau)


def recovery_weight(traits: Traits, b: ValueFile) -> np.ndarray:
    """lambda: how much a euro of terugvordering hurts, relative to a euro received (>= 1)."""
    return (
        traits.loss_aversion
        * (
            1.0
            + b.float("voorschot_choice.risk_aversion_weight")
            * np.maximum(traits.risk_aversion - 1, 0)
        )
        * (1.0 + b.float("voorschot_choice.fear_weight") * traits.fear)
    )


def choice_utility(
    percentage: float,
    award: np.ndarray,
    slope: np.ndarray,
    income_sd: np.ndarray,
    traits: Traits,
    b: ValueFile,
    high_threshold: float,
) -> np.ndarray:
    """Utility (euro-equivalent) of taking ``percentage`` of the voorschot, as (n, toeslagen)."""
    delay = b.float("voorschot_choice.delay_discount")
    liquidity = np.where(
        traits.has_buffer,
        b.float("voorschot_choice.liquidity_cost_buffer"),
        b.float("voorschot_choice.liquidity_cost_no_buffer"),
    )[:, None]
    lam = recovery_weight(traits, b)[:, None]
    expected, p_any, p_high = recovery_outlook(
        award, slope, income_sd[:, None], percentage, high_threshold
    )
    deferred = (1.0 - percentage) * award
    utility = (
        -(delay + liquidity) * deferred
        - (lam - 1.0 + delay) * expected
        - b.float("voorschot_choice.recovery_event_cost") * p_any
        - b.float("voorschot_choice.high_recovery_event_cost") * p_high
        + traits.caution_taste[:, None] * (1.0 - percentage) / TASTE_UNIT
    )
    if percentage < 1.0:
        utility = utility - b.float("voorschot_choice.status_quo_bonus")
    return utility


def logit_choice(utilities: np.ndarray, uniform: np.ndarray | None, scale: float) -> np.ndarray:
    """Index of the option chosen per household and toeslag, by a multinomial logit.

    ``utilities`` (options, n, toeslagen) in euro; option ``j`` is chosen with probability
    ``exp(U_j / scale) / sum_k exp(U_k / scale)``, drawn with ``uniform`` (n, toeslagen) by the
    inverse of the cumulative probabilities, so that the same uniform gives a choice that moves
    smoothly with the utilities and the scale. ``scale = 0`` (or no uniform) gives the best
    option; ties go to the first option.
    """
    best = np.argmax(utilities, axis=0)
    if scale <= 0 or uniform is None:
        return best
    z = (utilities - utilities.max(axis=0, keepdims=True)) / scale
    weights = np.exp(z)
    cumulative = np.cumsum(weights, axis=0) / weights.sum(axis=0, keepdims=True)
    chosen = (cumulative < uniform[None, :, :]).sum(axis=0)
    return np.minimum(chosen, utilities.shape[0] - 1)


def choose_percentage(
    options: np.ndarray,
    award: np.ndarray,
    slope: np.ndarray,
    income_sd: np.ndarray,
    traits: Traits,
    b: ValueFile,
    high_threshold: float,
    scale: float | None = None,
) -> np.ndarray:
    """The voorschot percentage each household takes per toeslag, among ``options``.

    A multinomial logit over the options with taste-noise scale ``scale`` (euro; default
    ``voorschot_choice.logit_scale``); with scale 0 the best option (the highest percentage on a
    tie).
    """
    values = sorted({float(o) for o in options}, reverse=True)
    if len(values) == 1:
        return np.full(award.shape, values[0])
    utilities = np.stack(
        [
            choice_utility(option, award, slope, income_sd, traits, b, high_threshold)
            for option in values
        ]
    )
    if scale is None:
        scale = b.float("voorschot_choice.logit_scale")
    uniform = traits.choice_uniform() if scale > 0 else None
    if uniform is not None:
        uniform = uniform[:, : award.shape[1]]
    index = logit_choice(utilities, uniform, scale)
    return np.asarray(values)[index]


def take_up_probability(
    award: np.ndarray,
    feared_expected: np.ndarray,
    feared_any: np.ndarray,
    traits: Traits,
    income_type: np.ndarray,
    b: ValueFile,
    outreach: bool,
) -> np.ndarray:
    """Probability of applying for each toeslag (n, 4), given the award on the estimate.

    Worked out in blocks of :data:`lab.rows.ROW_BLOCK` households, in parts on the cores (the
    same numbers, element by element, without (n, 4) temporaries of the whole population).
    """
    n, n_toeslagen = award.shape
    intercept = b.floats("take_up.intercept", n_toeslagen)[None, :]
    penalty = b.floats("take_up.self_employed_penalty", n_toeslagen)[None, :]
    lam_all = recovery_weight(traits, b)
    out = np.empty(award.shape)

    def block(rows: slice) -> None:
        a, kind = award[rows], income_type[rows]
        monthly = np.maximum(a, 1.0) / 12.0
        lam = lam_all[rows, None]
        feared_share = (
            lam * feared_expected[rows]
            + b.float("voorschot_choice.recovery_event_cost") * feared_any[rows]
        )
        feared_share = np.minimum(feared_share / np.maximum(a, 1.0), 2.0)
        logit = (
            intercept
            + b.float("take_up.amount_coefficient")
            * np.log(monthly / b.float("take_up.amount_reference"))
            - b.float("take_up.hassle_coefficient") * traits.hassle[rows, None]
            - b.float("take_up.fear_coefficient") * traits.fear[rows, None] * feared_share
            - penalty * (kind == SELF_EMPLOYED)[:, None]
            + b.float("take_up.benefit_bonus") * (kind == BENEFIT)[:, None]
            + (b.float("take_up.outreach_boost") if outreach else 0.0)
        )
        out[rows] = np.where(a > 0, expit(logit), 0.0)

    in_blocks(n, block)
    return out


def continue_probability(fear_now: np.ndarray, fear_start: np.ndarray, b: ValueFile) -> np.ndarray:
    """Probability that a running toeslag is continued next year (automatic continuation)."""
    rise = np.maximum(fear_now - fear_start, 0.0)
    return expit(
        b.float("take_up.continue_intercept") - b.float("take_up.stop_fear_coefficient") * rise
    )


def update_fear(
    fear: np.ndarray,
    had_recovery: np.ndarray,
    had_high: np.ndarray,
    had_nabetaling: np.ndarray,
    b: ValueFile,
) -> np.ndarray:
    """Fear after a year's experience of recoveries and back-payments (any toeslag), in 0..1."""
    new = (
        fear
        + b.float("take_up.experience_fear_recovery") * had_recovery
        + b.float("take_up.experience_fear_high") * had_high
        - b.float("take_up.experience_fear_nabetaling") * had_nabetaling
    )
    return np.clip(new, 0.0, 1.0)
