"""The start of a toeslag year: the estimate, the awards on it, take-up and the voorschot choice.

At the start of year ``y`` (December of the year before) the agency continues last year's
estimate raised by ``awir.estimate_indexation``, and its figure for an adult child's income at
home likewise (:mod:`lab.households.coresidents`, huurtoeslag only). Each household sees its
awards on that estimate and how fast they fall with extra income, chooses a percentage from
what its arm offers (:func:`lab.households.behaviour.choose_percentage`) and decides whether to
apply (first year) or to continue (later years; a toeslag whose award fell to zero stops).
Interventions may change what it sees (outreach).
"""

from __future__ import annotations

import numba
import numpy as np

from lab.awir.application import with_automatic_awards
from lab.households import coresidents
from lab.households.behaviour import (
    choose_percentage,
    continue_probability,
    recovery_outlook,
    take_up_probability,
)
from lab.households.streams import stream
from lab.households.year_awards import year_awards
from lab.law.parameters import YearParams
from lab.model.model_year import ModelYear
from lab.model.state import ModelState, first_year_once
from lab.policy.arms import offer
from lab.policy.intervention import YearStart
from lab.rows import in_blocks

#: Relative income step over which a household sees how fast its award falls (the taper).
SLOPE_STEP = 0.1


@numba.njit(cache=True, nogil=True)
def _taper(
    award: np.ndarray, shifted: np.ndarray, estimate: np.ndarray, step: float, slope: np.ndarray
) -> None:
    """How fast each award falls with extra income, euro of award per euro of income, in place.

    ``award`` (n, T) on the estimate and ``shifted`` on the estimate raised by ``step``, euro per
    year; the taper is the fall (if any) over the extra income (at least one euro).
    """
    for i in range(award.shape[0]):
        extra = max(step * estimate[i], 1.0)
        for t in range(award.shape[1]):
            slope[i, t] = max(award[i, t] - shifted[i, t], 0.0) / extra


@numba.njit(cache=True, nogil=True)
def _offered(
    award: np.ndarray, slope: np.ndarray, income_sd: np.ndarray, percentage: np.ndarray
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """The (household, toeslag) pairs with an award on offer, in row-major order.

    Returns their flat positions in an (n, T) array and their award, taper, income sd (the
    household's) and chosen percentage, as :func:`recovery_outlook` reads them.
    """
    n, n_toeslagen = award.shape
    m = 0
    for i in range(n):
        for t in range(n_toeslagen):
            m += award[i, t] > 0
    pairs = np.empty(m, dtype=np.int64)
    award_o, slope_o, sd_o, percentage_o = np.empty(m), np.empty(m), np.empty(m), np.empty(m)
    k = 0
    for i in range(n):
        for t in range(n_toeslagen):
            if award[i, t] > 0:
                pairs[k] = i * n_toeslagen + t
                award_o[k], slope_o[k] = award[i, t], slope[i, t]
                sd_o[k], percentage_o[k] = income_sd[i], percentage[i, t]
                k += 1
    return pairs, (award_o, slope_o, sd_o, percentage_o)


def _feared(
    on_offer: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], high_threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """The feared terugvordering (euro) and its chance of the pairs on offer (:func:`_offered`).

    :func:`lab.households.behaviour.recovery_outlook`, in parts on the cores and a block of
    pairs at a time (its temporaries are a block's, not the population's).
    """
    m = on_offer[0].shape[0]
    expected, any_recovery = np.empty(m), np.empty(m)

    def block(r: slice) -> None:
        award, slope, income_sd, percentage = (a[r] for a in on_offer)
        expected[r], any_recovery[r], _ = recovery_outlook(
            award, slope, income_sd, percentage, high_threshold
        )

    in_blocks(m, block)
    return expected, any_recovery


def _awards_and_tapers(
    model: ModelState, params: YearParams, y: int, estimate: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(n, T) the awards on the estimate at the year start, euro per year, and their tapers."""
    partner = model.households.partner_now(12 * y)
    award = year_awards(model.households, params, y, estimate, partner)
    shifted = year_awards(model.households, params, y, estimate * (1.0 + SLOPE_STEP), partner)
    slope = np.empty(award.shape)
    _taper(award, shifted, estimate, SLOPE_STEP, slope)
    return award, slope


def start_year(model: ModelState, y: int) -> ModelYear:
    """Decide take-up and percentages for toeslag year ``y`` and open its Awir year."""
    cfg, b, traits = model.config, model.behaviour, model.traits
    params = model.year_params[y]
    if y > 0:
        model.household_estimate = model.household_estimate * (
            1.0 + params.awir.estimate_indexation
        )
    estimate = model.household_estimate.copy()
    coresidents.start_year(
        model.coresidents,
        model.run_seed,
        y,
        model.population_params,
        params.awir.estimate_indexation,
    )
    # The first year's awards and tapers come before any arm acts.
    award, slope = first_year_once(
        model, y, "start", lambda: _awards_and_tapers(model, params, y, estimate)
    )
    income_sd = traits.perceived_volatility * estimate
    high = float(params.awir.high_recovery_threshold)
    options = np.array(offer(cfg.voorschot_option, cfg.voorschot_floor).percentages)
    percentage = choose_percentage(options, award, slope, income_sd, traits, b, high)
    start = YearStart(year=y)
    for intervention in model.interventions:
        intervention.at_year_start(start)
    # The feared terugvordering only where an award is on offer (take-up is 0 elsewhere): about
    # a third of the (household, toeslag) pairs.
    pairs, on_offer = _offered(award, slope, income_sd, np.broadcast_to(percentage, award.shape))
    del slope
    expected, chance = _feared(on_offer, high)
    del on_offer
    feared, p_any = np.zeros(award.shape), np.zeros(award.shape)
    feared.ravel()[pairs], p_any.ravel()[pairs] = expected, chance
    del pairs, expected, chance
    p_apply = take_up_probability(
        award, feared, p_any, traits, model.population.income_type, b, start.outreach
    )
    del feared, p_any
    u = stream(model.run_seed, f"take_up/{y}").random(award.shape)
    if y == 0:
        applied = u < p_apply
    else:
        p_continue = continue_probability(traits.fear, model.households.fear_start, b)[:, None]
        applied = np.where(model.applied_before, u < p_continue, u < p_apply) & (award > 0)
    applied = with_automatic_awards(applied, award, params.awir)
    model.applied_before = applied
    del p_apply, u  # freed before the year's own arrays are made (the run's peak memory)
    return ModelYear(
        y,
        params,
        estimate,
        award=award,
        percentage=percentage,
        applied=applied,
        dt_threshold=cfg.dt_threshold,
        interest_enabled=cfg.interest_enabled,
        arrangement_max_terms=cfg.arrangement_max_terms,
        hand_over=True,  # the year's own award and percentage (first_year_once gives copies)
    )
