"""Benchmark: the four awards of 1,000,000 households (goal: under 2 seconds).

Run from the repository root: ``python benchmarks/bench_awards.py [--n 1000000] [--year 2026]``.
The households are a synthetic mix (seeded): half with a partner, 60% renting, up to three
children with childcare. Reports the best and median of several timed runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lab.law.awards import compute_awards
from lab.law.parameters import load_year
from lab.law.situation import Situation

GOAL_SECONDS = 2.0


def households(n: int, seed: int = 20260101) -> Situation:
    rng = np.random.default_rng(seed)
    k = 3
    ages = np.where(rng.random((n, k)) < 0.4, rng.integers(0, 18, (n, k)), -1)
    return Situation.build(
        rng.lognormal(10.4, 0.6, n),
        has_partner=rng.random(n) < 0.5,
        assets=rng.choice([0.0, 20_000.0, 60_000.0, 200_000.0], n, p=[0.6, 0.2, 0.1, 0.1]),
        rent=np.where(rng.random(n) < 0.6, rng.uniform(350, 1_100, n), 0.0),
        service_costs=rng.uniform(0, 80, n),
        child_ages=ages,
        childcare_hours=np.where(ages <= 12, rng.uniform(0, 230, (n, k)), 0.0),
        childcare_type=rng.integers(0, 4, (n, k)),
        childcare_price=rng.uniform(7, 13, (n, k)),
        applicant_age=rng.integers(18, 90, n),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    params = load_year(args.year)
    situation = households(args.n)
    compute_awards(params, situation)  # warm-up
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        awards = compute_awards(params, situation)
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    shares = ", ".join(f"{name} {np.mean(v > 0):.0%}" for name, v in awards.items())
    print(
        f"{args.n:,} households, year {args.year}, four awards: best {best:.3f} s, "
        f"median {median:.3f} s over {args.repeat} runs (goal < {GOAL_SECONDS} s)"
    )
    print(f"share with an award: {shares}")
    return 0 if median < GOAL_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
