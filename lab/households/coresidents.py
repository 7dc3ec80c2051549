"""Adult children living at home (medebewoners): their income, a first job, leaving home.

The huurtoeslag counts the toetsingsinkomen of the medebewoners (Awir art. 7(2); Wet op de
huurtoeslag art. 7(1)), that of a child under 23 only above a vrijstelling (Awir art. 7(6);
:func:`lab.law.huurtoeslag.rekeninkomen`); the other toeslagen do not. A share
``coresidents.share`` of the households (per income type) has one adult child at home at the
start of the first simulated year, aged ``age_min`` .. ``age_max`` on 1 January. A share
``working_share`` of them has a job (yearly income around ``job_income_median``); the others a
student job (around ``student_income_median``). The agency's figure for the child's income is an
older one: ``known_ratio`` times the income at the start (the agency uses an old, or the
reported, figure; the household is told to report the child's whole yearly income).

Every year a child without a job starts one with probability ``job_start_rate`` (its income
jumps to its job income from a uniformly drawn calendar month), and a child leaves home with
probability ``leave_rate`` (registered elsewhere from the month after a uniformly drawn month,
Awir art. 5: a change counts from the first day of the next month). The child's yearly income
counts for the months it lives at home; after it leaves the household is one person smaller.

The agency learns of the child's income only from the household: a share ``reported_share`` of
the households include the child's current yearly income (the months so far and the current
month's rate for the rest) when they report a change of their own income in the year (drawn per
household and year); a departure the household knows of is always in its report. Otherwise the
voorschot stays on the old figure and the definitive award, on the child's actual income and
months at home, brings a terugvordering (a job started) or a nabetaling (the child left, its
income no longer counts).

The child and its incomes are drawn when the population is built (stream ``coresidents``), the
year's events and whether the household's reports include the child's income from
``coresidents/{y}``, one row per household, so no other draw of a run shifts and a household
stepped on its own draws the same. Arrays are per household (length n); -1 as age:
no adult child at home.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab.households.population import INCOME_TYPES, Population
from lab.households.streams import stream
from lab.valuefile import ValueFile

MONTHS = 12
#: Households per block of the year's draws.
BLOCK = 1 << 20


@dataclass
class Coresidents:
    """The adult child living at home of each household (length n), and its current year.

    ``age``: age on 1 January of the first simulated year (-1: none at the start; int8).
    ``student_income`` / ``job_income``: its yearly income from a student job and from a job
    (euro per year, whole euros; float32); ``working``: has a job at the start of the current
    year; ``home``: lives at home at the start of the current year. The current year's events:
    ``job_month`` (1..12: the job starts that month; 0 none) and ``leave_month`` (1..12:
    registered elsewhere from the next month; 0 none); ``tells``: the household's reports this
    year include the child's current income. The agency's view during the year:
    ``agency_income`` (the child's yearly income it counts, euro per year) and ``agency_months``
    (months at home it counts, 0..12).
    """

    age: np.ndarray
    student_income: np.ndarray
    job_income: np.ndarray
    working: np.ndarray
    home: np.ndarray
    job_month: np.ndarray
    leave_month: np.ndarray
    tells: np.ndarray
    agency_income: np.ndarray
    agency_months: np.ndarray

    @property
    def n(self) -> int:
        """Number of households."""
        return int(self.age.shape[0])

    @property
    def home_rows(self) -> np.ndarray:
        """The households with the child at home at the start of the current year."""
        return np.flatnonzero(self.home)

    def rate(self) -> np.ndarray:
        """The child's income at the start of the current year, euro per year (0: no child)."""
        income = np.where(self.working, self.job_income, self.student_income)
        return np.where(self.home, income, 0.0)


def draw_coresidents(population: Population, seed: int, params: ValueFile) -> Coresidents:
    """Draw each household's adult child at home (or none), its age and incomes.

    From the ``coresidents`` stream; the agency's figure is ``known_ratio`` times the income at
    the start.
    """
    p = params
    rng = stream(seed, "coresidents")
    n = population.n
    share = p.floats("coresidents.share", len(INCOME_TYPES))[population.income_type]
    home = rng.random(n) < share
    age = rng.integers(p.int("coresidents.age_min"), p.int("coresidents.age_max") + 1, size=n)
    working = home & (rng.random(n) < p.float("coresidents.working_share"))

    def lognormal(median: str, log_sd: str) -> np.ndarray:
        z = rng.standard_normal(n)
        income = p.float(median) * np.exp(p.float(log_sd) * z)
        return np.where(home, np.round(income), 0.0).astype(np.float32)

    job = lognormal("coresidents.job_income_median", "coresidents.job_income_log_sd")
    student = lognormal("coresidents.student_income_median", "coresidents.student_income_log_sd")
    c = Coresidents(
        age=np.where(home, age, -1).astype(np.int8),
        student_income=student,
        job_income=job,
        working=working,
        home=home,
        job_month=np.zeros(n, dtype=np.int8),
        leave_month=np.zeros(n, dtype=np.int8),
        tells=np.zeros(n, dtype=bool),
        agency_income=np.zeros(n),
        agency_months=np.zeros(n, dtype=np.int8),
    )
    c.agency_income = np.round(c.rate() * p.float("coresidents.known_ratio"), 2)
    return c


def _month_within(u: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """An event with yearly probability ``rate`` from uniform ``u``, and its month (1..12).

    Below ``rate`` the event happens; ``u / rate`` is then uniform again and gives the month.
    """
    happens = u < rate
    if not rate > 0:
        return happens, np.zeros(u.shape, dtype=np.int8)
    month = 1 + np.floor(np.where(happens, u / rate, 0.0) * MONTHS).astype(np.int64)
    return happens, np.where(happens, np.minimum(month, MONTHS), 0).astype(np.int8)


def start_year(c: Coresidents, seed: int, y: int, params: ValueFile, indexation: float) -> None:
    """Open toeslag year ``y``: last year's events take effect, this year's are drawn.

    From the second year on a child that started a job keeps it, a child that left is gone, and
    the agency's figure is the one it held at the end of last year raised by ``indexation`` (as
    the household's own estimate). Events, and whether the household's reports include the
    child's income (``reported_share``), from stream ``coresidents/{y}``; the agency starts the
    year on its figure with the child at home.
    """
    h = c.home_rows
    if y > 0:
        c.working[h] |= c.job_month[h] > 0
        left = h[c.leave_month[h] > 0]
        c.home[left] = False
        c.agency_income[left] = 0.0
        c.agency_months[left] = 0
        c.job_month[h] = 0
        c.leave_month[h] = 0
        h = c.home_rows
        c.agency_income[h] = np.round(c.agency_income[h] * (1.0 + indexation), 2)
    # The draws of one (n, 3) draw, a block of households at a time (no (n, 3) temporary).
    rng = stream(seed, f"coresidents/{y}")
    u = np.empty((h.shape[0], 3))
    for lo in range(0, c.n, BLOCK):
        hi = min(lo + BLOCK, c.n)
        block = rng.random((hi - lo, 3))
        first, last = np.searchsorted(h, (lo, hi))
        u[first:last] = block[h[first:last] - lo]
    starts, job_month = _month_within(u[:, 0], params.float("coresidents.job_start_rate"))
    _, leave_month = _month_within(u[:, 1], params.float("coresidents.leave_rate"))
    c.job_month[h] = np.where(starts & ~c.working[h], job_month, 0)
    c.leave_month[h] = leave_month
    c.tells[h] = u[:, 2] < params.float("coresidents.reported_share")
    c.agency_months[h] = MONTHS


def projection(c: Coresidents, month: int, idx: np.ndarray | None = None) -> np.ndarray:
    """The child's yearly income as known in calendar month ``month``, euro per year.

    The months so far plus the current month's rate for the months left (all households, or
    ``idx``); ``month = 12`` gives the actual income of the year.
    """
    sel = slice(None) if idx is None else idx
    jm = c.job_month[sel].astype(np.int64)
    jm = np.where(jm > 0, jm, MONTHS + 1)
    rate = np.where(c.working[sel], c.job_income[sel], c.student_income[sel]).astype(np.float64)
    job = c.job_income[sel].astype(np.float64)
    before = np.minimum(jm - 1, month)
    after = np.maximum(month - jm + 1, 0)
    current = np.where(jm <= month, job, rate)
    income = (rate * before + job * after + current * (MONTHS - month)) / MONTHS
    return np.where(c.home[sel], income, 0.0)


def months_home(c: Coresidents, month: int = MONTHS, idx: np.ndarray | None = None) -> np.ndarray:
    """Months of the current year the child counts as living at home, as known in ``month``.

    A child leaving in month L counts for months 1..L (Awir art. 5); one not at home at the start
    counts for none. A departure after ``month`` is not known yet (the whole year).
    """
    sel = slice(None) if idx is None else idx
    leave = c.leave_month[sel]
    left = (leave > 0) & (leave <= month)
    return np.where(c.home[sel], np.where(left, leave, MONTHS), 0).astype(np.int8)


def actual(c: Coresidents) -> tuple[np.ndarray, np.ndarray]:
    """The child's actual yearly income and months at home of the current year (the DT's view).

    Per household (0 where no child lives at home), worked out for the households with one.
    """
    h = c.home_rows
    income, months = np.zeros(c.n), np.zeros(c.n, dtype=np.int8)
    income[h] = projection(c, MONTHS, h)
    months[h] = months_home(c, MONTHS, h)
    return income, months


def report(c: Coresidents, month: int, idx: np.ndarray) -> None:
    """Households ``idx`` report a change of their own income in calendar month ``month``.

    The departure of a child is in the report; the child's current yearly income only where the
    household tells it this year (``tells``). The agency's view is updated in place.
    """
    idx = idx[c.home[idx]]
    told = idx[c.tells[idx]]
    c.agency_income[told] = projection(c, month, told)
    c.agency_months[idx] = months_home(c, month, idx)


def facts_of_rows(
    c: Coresidents,
    y: int,
    idx: np.ndarray | None,
    view: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The adult children's facts among households ``idx`` (default all) for the awards of ``y``.

    ``view`` is ``(income, months at home)`` per household (the agency's, a report's or the
    actual one). Returns the positions (among the households asked for) of those with a child at
    home in the year, and for each the child's yearly income (euro per year), its age on
    1 January of year ``y`` and its months at home (1..12).
    """
    if idx is None:
        at = c.home_rows
        households = at
    else:
        at = np.flatnonzero(c.home[idx])
        households = np.asarray(idx)[at]
    age = c.age[households].astype(np.int64) + y
    return at, view[0][households].astype(np.float64), age, view[1][households]
