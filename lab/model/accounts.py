"""The month's accounts: what the toeslagen paid each household and the population's totals.

One pass over the households per month (compiled with numba; ``NUMBA_DISABLE_JIT=1`` runs the same
source interpreted): the (n, T) flows of an :class:`lab.awir.year.AwirYear` month are summed over
the toeslagen into each household's money and into the model's monthly series, instead of a
dozen numpy reductions over (n, T) temporaries. Amounts in euro; weights in households
represented.
"""

from __future__ import annotations

import numba
import numpy as np

from lab.awir.month_flows import MonthFlows

#: Positions of the population totals returned by :func:`book_month`.
VOORSCHOT_PAID, RECIPIENTS, RECOVERIES, NABETALINGEN, IN_ARRANGEMENT = range(5)


@numba.njit(cache=True, nogil=True, inline="always")
def row_block_sum(values: np.ndarray, row: int, start: int, count: int) -> float:
    """Numpy's sum of ``values[row, start:start + count]``, at most 128 numbers.

    One by one below 8, else in eight running sums (numpy's pairwise sum of a short row).
    """
    if count < 8:
        total = 0.0
        for i in range(start, start + count):
            total += values[row, i]
        return total
    r0 = values[row, start]
    r1 = values[row, start + 1]
    r2 = values[row, start + 2]
    r3 = values[row, start + 3]
    r4 = values[row, start + 4]
    r5 = values[row, start + 5]
    r6 = values[row, start + 6]
    r7 = values[row, start + 7]
    i = 8
    while i < count - count % 8:
        j = start + i
        r0 += values[row, j]
        r1 += values[row, j + 1]
        r2 += values[row, j + 2]
        r3 += values[row, j + 3]
        r4 += values[row, j + 4]
        r5 += values[row, j + 5]
        r6 += values[row, j + 6]
        r7 += values[row, j + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < count:
        total += values[row, start + i]
        i += 1
    return total


@numba.njit(cache=True, nogil=True)
def pairwise_sum(values: np.ndarray, start: int, count: int) -> float:
    """The sum of ``values[start:start + count]`` exactly as numpy sums it (pairwise).

    numpy adds up to 128 numbers in one block (:func:`row_block_sum`) and more in two halves (the
    first a multiple of 8 long); the same order gives the same rounding, so a compiled pass gives
    numpy's result. The halves are walked with a stack (a cached compiled function must not call
    itself).
    """
    block = values.reshape(1, values.size)
    if count <= 128:
        return row_block_sum(block, 0, start, count)
    frames = np.empty((64, 3), dtype=np.int64)  # start, count, whether both halves are summed
    sums = np.empty(64)
    top = 0
    frames[0, 0], frames[0, 1], frames[0, 2] = start, count, 0
    depth = 1
    while depth > 0:
        depth -= 1
        first, size, joined = frames[depth, 0], frames[depth, 1], frames[depth, 2]
        if joined:
            top -= 1
            sums[top - 1] = sums[top - 1] + sums[top]
        elif size <= 128:
            sums[top] = row_block_sum(block, 0, first, size)
            top += 1
        else:
            half = size // 2
            half -= half % 8
            frames[depth, 0], frames[depth, 1], frames[depth, 2] = first, size, 1
            frames[depth + 1, 0], frames[depth + 1, 1], frames[depth + 1, 2] = (
                first + half,
                size - half,
                0,
            )
            frames[depth + 2, 0], frames[depth + 2, 1], frames[depth + 2, 2] = first, half, 0
            depth += 3
    return sums[0]


@numba.njit(cache=True, nogil=True)
def book_month(
    dense: bool,
    rows: np.ndarray,
    voorschot: np.ndarray,
    at_once: np.ndarray,
    nabetaling: np.ndarray,
    collection: np.ndarray,
    arrangement: np.ndarray,
    weight: np.ndarray,
    flow: np.ndarray,
    voorschot_month: np.ndarray,
    events: np.ndarray,
    nabetaling_flag: int,
    idle: np.ndarray,
) -> np.ndarray:
    """Book one month of one toeslag year; returns the population's totals of the month.

    The flows (:class:`lab.awir.month_flows.MonthFlows`) are (r, T) arrays over the households
    ``rows`` (every household in order when ``dense``), or (0, T) where nothing is paid; what is
    paid at once may be (r, 1), each household's sum over the toeslagen. Per
    household ``h`` (in place): ``flow[h]`` gains what was paid or recovered at once plus the
    nabetaling, less what it paid on its terugvordering (regular terms are spent as planned, so they
    are not in the flow); ``voorschot_month[h]`` gains the term paid; ``events[h]`` gets
    ``nabetaling_flag`` when a nabetaling was paid (both only when they are not empty). A term below
    zero is recovered in the year. Households marked ``idle`` (dense months only; empty: none) have
    no flow and are not visited.

    Returns:
        float64 array of 5, indexed by :data:`VOORSCHOT_PAID` (euro of positive terms),
        :data:`RECIPIENTS` (households paid a positive term), :data:`RECOVERIES` (euro recovered
        in the year and collected), :data:`NABETALINGEN` (euro) and :data:`IN_ARRANGEMENT`
        (households paying an instalment of a debt collected in terms), all weighted.
    """
    totals = np.zeros(5)
    n_toeslagen = arrangement.shape[1]
    r = weight.size if dense else rows.size
    has_terms = voorschot.shape[0] > 0
    has_nabetaling = nabetaling.shape[0] > 0
    has_collection = collection.shape[0] > 0
    at_once_per_toeslag = at_once.shape[1] == n_toeslagen
    per_household = voorschot_month.size > 0
    skip = dense and idle.size > 0
    for j in range(r):
        if skip and idle[j]:
            continue
        h = j if dense else rows[j]
        term = 0.0
        positive = 0.0
        paid_any = False
        at_once_h = 0.0
        recovered_h = 0.0
        nabetaling_h = 0.0
        collection_h = 0.0
        instalment = False
        for t in range(n_toeslagen):
            if has_terms:
                v = voorschot[j, t]
                term += v
                if v > 0.0:
                    positive += v
                    paid_any = True
                recovered = -v
                recovered_h += recovered if recovered > 0.0 else 0.0
                if at_once_per_toeslag:
                    at_once_h += at_once[j, t]
            if has_nabetaling:
                nabetaling_h += nabetaling[j, t]
            if has_collection:
                c = collection[j, t]
                collection_h += c
                if arrangement[h, t] and c > 0.0:
                    instalment = True
        if has_terms and not at_once_per_toeslag:
            at_once_h += at_once[j, 0]  # the household's sum, added up the same way
        flow[h] += at_once_h + nabetaling_h - collection_h
        if per_household:
            voorschot_month[h] += term
        w = weight[h]
        totals[VOORSCHOT_PAID] += positive * w
        if paid_any:
            totals[RECIPIENTS] += w
        totals[RECOVERIES] += (recovered_h + collection_h) * w
        totals[NABETALINGEN] += nabetaling_h * w
        if instalment:
            totals[IN_ARRANGEMENT] += w
        if per_household and nabetaling_h > 0.0:
            events[h] |= nabetaling_flag
    return totals


def book_flows(
    flows: MonthFlows,
    arrangement: np.ndarray,
    weight: np.ndarray,
    flow: np.ndarray,
    voorschot_month: np.ndarray,
    events: np.ndarray,
    nabetaling_flag: int,
    idle: np.ndarray,
) -> np.ndarray:
    """:func:`book_month` of a month's :class:`lab.awir.month_flows.MonthFlows`."""
    none = np.zeros((0, arrangement.shape[1]))
    dense = flows.rows is None
    return book_month(
        dense,
        np.zeros(0, dtype=np.int64) if flows.rows is None else flows.rows,
        none if flows.voorschot_rows is None else flows.voorschot_rows,
        none if flows.at_once_rows is None else flows.at_once_rows,
        none if flows.nabetaling_rows is None else flows.nabetaling_rows,
        none if flows.collection_rows is None else flows.collection_rows,
        arrangement,
        weight,
        flow,
        voorschot_month,
        events,
        nabetaling_flag,
        idle,
    )
