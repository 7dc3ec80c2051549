"""Benchmark: one toeslag year of 1,000,000 households (monthly steps, DT, collection).

Goal (issue #3): under 60 seconds on the development machine (2 cores). Run:
    python benchmarks/bench_model.py [--households N]
"""

import argparse
import time

from lab.model import ToeslagenModel
from lab.model.config import ModelConfig


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--option", default="voorzichtig")
    args = parser.parse_args()
    config = ModelConfig(n_households=args.households, voorschot_option=args.option)
    start = time.perf_counter()
    model = ToeslagenModel(config, seed=1, keep_history=False)
    built = time.perf_counter()
    model.run()
    done = time.perf_counter()
    print(
        f"{args.households:,} households, {model.horizon} monthly steps: "
        f"build {built - start:.1f} s, run {done - built:.1f} s, total {done - start:.1f} s "
        f"(goal < 60 s)"
    )
    model.close()


if __name__ == "__main__":
    main()
