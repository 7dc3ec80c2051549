"""The project's benchmarks in one run: a table on the terminal and a JSON file with the machine.

Run from the repository root (after the README's set-up)::

    .venv/bin/python benchmarks/run.py            # full: 6 M households, scaling, per-agent, ...
    .venv/bin/python benchmarks/run.py --quick    # the same cases at smaller sizes (< 2 minutes)

Every case runs in a fresh Python process, so its wall time and peak memory (RSS, including the
result tables) are its own and a fresh process's cold start is measured as users meet it. The
machine is shared and noisy: compare ratios within one run, and read the load average in the output.

Cases (issue 14):
- ``full``: one toeslag year (monthly steps, DT, collection) of the whole population, 6,000,000
  households: build and run wall time, and peak RSS including the result tables;
- ``scaling``: the same year at 10 k, 100 k, 1 M and 6 M households: cost per household-month;
- ``per_agent``: the same year for 10,000 households, each a ``mesa.Agent`` calling the same rule
  functions one household at a time, beside the array model in the same process: speed ratio and
  whether both give the same totals;
- ``experiment``: ``lab_voorzichtig`` at 100,000 households x 20 replications x 2 arms, 2 workers;
- ``cold_start``: what a fresh process pays before its first run (imports, compilation or cache
  load);
- ``warm``: the year at 10 k and 100 k households a second time in one process (after a first run
  of the same size), beside the fresh-process times of ``scaling``: small runs, as a calibration
  makes them, carry little fixed cost;
- ``calibration``: one evaluation of the calibration's objective as issue 20 states it (16,000
  households x the six calibration seeds x three arms, control, voorzichtig and outreach, toeslag
  year 2026; the fitted targets those runs give, run in 2026) with one worker, one worker on one
  core (``TOESLAGENLAB_THREADS=1``: no helper threads) and two workers: the first evaluation
  (pool start included) and the median of four more (warm, as in a calibration's hundreds of
  evaluations), and whether the objective and every moment are the same bit for bit.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"

#: Goals of issue 14, checked (and printed) against what was measured.
GOALS = {
    "full_wall_s": 30.0,
    "full_peak_rss_gb": 6.0,
    "scaling_ratio_max": 1.3,
    "per_agent_ratio_min": 300.0,
    "experiment_wall_s": 40.0,
    "cold_start_s": 3.0,
}
#: The arms of a calibration evaluation in the benchmark (issue 20: 3 arms in 2026).
CALIBRATION_RUNS = ("control", "voorzichtig", "outreach")
CALIBRATION_YEAR = 2026


# ----------------------------------------------------------------------------- the cases
# Each case runs in its own process (``run.py --case NAME ...``) and prints one JSON line.


def _peak_rss_gb() -> float:
    """Peak resident memory of this process in GiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def case_year(n: int, seed: int = 1) -> dict[str, Any]:
    """One toeslag year of ``n`` households: build, run, result tables; wall times and peak RSS.

    As :func:`lab.model.simulate` runs every run of an experiment: the model is let go before
    the tables are made, so they take the place of its state.
    """
    t0 = time.perf_counter()
    from lab.model import ModelConfig, simulate

    imported = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    clock: dict[str, float] = {}
    result = simulate(
        ModelConfig(n_households=n),
        seed,
        on_phase=lambda phase: clock.setdefault(phase, time.perf_counter()),
    )
    tabled = time.perf_counter()
    used = resource.getrusage(resource.RUSAGE_SELF)
    built, ran = clock["built"], clock["ran"]
    months = int(result.monthly["voorschot_paid"].size)
    paid = float((result.awards["paid_total"] * result.awards["weight"]).sum())
    return {
        "households": n,
        "months": months,
        "import_s": imported - t0,
        "build_s": built - imported,
        "run_s": ran - built,
        "tables_s": tabled - ran,
        "wall_s": tabled - imported,
        # CPU time of the year on all threads: on 2 cores the wall time is at least half of it.
        # System time is mostly fresh memory pages (high on a machine that was idle a while).
        "user_cpu_s": used.ru_utime - cpu.ru_utime,
        "system_cpu_s": used.ru_stime - cpu.ru_stime,
        "us_per_household_month": (tabled - imported) / (n * months) * 1e6,
        "peak_rss_gb": _peak_rss_gb(),
        "paid_eur": paid,
    }


def case_cold_start() -> dict[str, Any]:
    """A fresh process: imports and first small run, against a second identical run."""
    t0 = time.perf_counter()
    from lab.model import ModelConfig, simulate

    imported = time.perf_counter()
    config = ModelConfig(n_households=1_000)
    simulate(config, seed=1)
    first = time.perf_counter()
    simulate(config, seed=1)
    second = time.perf_counter()
    run_warm = second - first
    return {
        "import_s": imported - t0,
        "first_run_s": first - imported,
        "warm_run_s": run_warm,
        "cold_start_s": (imported - t0) + (first - imported) - run_warm,
    }


def case_experiment(households: int, replications: int, workers: int) -> dict[str, Any]:
    """``lab_voorzichtig`` with 2 arms at the given size, run by the experiment runner."""
    from lab.experiment import load_spec, run_experiment

    spec = load_spec(
        ROOT / "experiments" / "lab_voorzichtig.toml",
        households=households,
        replications=replications,
    )
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        outcome = run_experiment(spec, tmp, workers=workers, report=False)
        wall = time.perf_counter() - start
    return {
        "households": households,
        "replications": replications,
        "arms": len(spec.arms),
        "workers": workers,
        "runs": outcome.total,
        "failed": len(outcome.failed),
        "wall_s": wall,
    }


def case_per_agent(n: int, seed: int = 1) -> dict[str, Any]:
    """The per-agent baseline beside the array model, in this process."""
    from benchmarks.per_agent import compare

    return compare(n, seed)


def case_warm(sizes: tuple[int, ...] = (10_000, 100_000), seed: int = 1) -> dict[str, Any]:
    """Each size run twice in this process; the second (warm) run's wall time per size."""
    from lab.model import ModelConfig, ToeslagenModel

    out: dict[str, Any] = {}
    for n in sizes:
        for _attempt in ("first", "warm"):
            start = time.perf_counter()
            model = ToeslagenModel(ModelConfig(n_households=n), seed=seed, keep_history=False)
            model.run()
            model.result()
            months = model.horizon
            model.close()
            wall = time.perf_counter() - start
        out[str(n)] = {
            "wall_s": wall,
            "us_per_household_month": wall / (n * months) * 1e6,
        }
    return out


def case_calibration(households: int, seeds: int, workers: int) -> dict[str, Any]:
    """Evaluations of the calibration objective in this process: the first, then four warm ones.

    A calibration makes hundreds of evaluations with the same workers: ``warm_s`` is the median
    of evaluations 2 to 5 (``warm_times_s`` all four); every evaluation must give the same
    objective.
    """
    import dataclasses

    import numpy as np

    from lab.calibration import (
        load_targets,
        residuals,
        robust_objective,
        run_plan,
        simulate_moments,
    )

    targets, design = load_targets()
    design = dataclasses.replace(design, households=households, seeds=tuple(design.seeds[:seeds]))
    chosen = [
        dataclasses.replace(t, year=CALIBRATION_YEAR)
        for t in targets
        if t.fitted and set(next(iter(run_plan([t]).values()))) <= set(CALIBRATION_RUNS)
    ]
    plan = {CALIBRATION_YEAR: CALIBRATION_RUNS}
    times, objectives, moments = [], [], None
    for _ in range(5):
        start = time.perf_counter()
        moments = simulate_moments({}, design, plan, workers)
        objectives.append(robust_objective(residuals(chosen, moments)))
        times.append(time.perf_counter() - start)
    assert moments is not None
    assert len(set(objectives)) == 1, f"the evaluations differ: {objectives}"
    return {
        "households": households,
        "seeds": len(design.seeds),
        "arms": len(CALIBRATION_RUNS),
        "targets": len(chosen),
        "workers": workers,
        "first_s": times[0],
        "warm_s": float(np.median(times[1:])),
        "warm_times_s": times[1:],
        "objective": repr(objectives[1]),
        "moments": json.dumps(moments.values, sort_keys=True, default=repr),
    }


CASES = {
    "year": lambda a: case_year(a.n),
    "cold_start": lambda a: case_cold_start(),
    "experiment": lambda a: case_experiment(a.n, a.replications, a.workers),
    "per_agent": lambda a: case_per_agent(a.n),
    "warm": lambda a: case_warm(),
    "calibration": lambda a: case_calibration(a.n, a.replications, a.workers),
}


def _child(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    print(json.dumps(CASES[args.case](args)))
    return 0


# ----------------------------------------------------------------------------- the driver


def _run_case(case: str, env: dict[str, str] | None = None, **kwargs: Any) -> dict[str, Any]:
    """Run one case in a fresh process and return its JSON (or the error it printed).

    ``env``: environment variables set for that process (e.g. ``TOESLAGENLAB_THREADS``).
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--case", case]
    for key, value in kwargs.items():
        cmd += [f"--{key}", str(value)]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})}
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{case} {kwargs} failed: {tail}"}
    return json.loads(lines[-1])


def machine() -> dict[str, Any]:
    """The machine and the moment: cores, memory, load average, versions, date."""
    import mesa
    import numpy

    try:
        import numba

        numba_version = numba.__version__
    except ImportError:
        numba_version = None
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit or None,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "mesa": mesa.__version__,
        "numba": numba_version,
    }


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark cases, print the table and write the JSON file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under 2 minutes")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write")
    parser.add_argument("--case", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--replications", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        return _child(args)

    quick = args.quick
    sizes = [10_000, 100_000, 500_000] if quick else [10_000, 100_000, 1_000_000, 6_000_000]
    full_n = 500_000 if quick else 6_000_000
    agents_n = 1_000 if quick else 10_000
    exp = (20_000, 4) if quick else (100_000, 20)
    report: dict[str, Any] = {"machine": machine(), "quick": quick}
    kind = "quick" if quick else "full"
    print(f"benchmarks ({kind}), load average {report['machine']['load_average']}")

    report["cold_start"] = _run_case("cold_start")
    scaling = [_run_case("year", n=n) for n in sizes]
    report["scaling"] = scaling
    report["full"] = next((s for s in scaling if s.get("households") == full_n), None)
    report["per_agent"] = _run_case("per_agent", n=agents_n)
    report["experiment"] = _run_case("experiment", n=exp[0], replications=exp[1], workers=2)
    report["warm"] = _run_case("warm")
    cal = (4_000, 2) if quick else (16_000, 6)
    report["calibration"] = {
        str(w): _run_case("calibration", n=cal[0], replications=cal[1], workers=w) for w in (1, 2)
    }
    # One worker on one core (no helper threads, lab/rows.py): the evaluation as it ran when
    # issue 20 was filed, one run after the other on one core; the goal compares against it.
    report["calibration"]["1-one-core"] = _run_case(
        "calibration", env={"TOESLAGENLAB_THREADS": "1"}, n=cal[0], replications=cal[1], workers=1
    )
    report["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    rows = []
    full = report["full"] or {}
    rows.append(
        (
            f"one toeslag year, {full_n:,} households",
            f"{_fmt(full.get('wall_s'), '.1f')} s wall (build {_fmt(full.get('build_s'), '.1f')}, "
            f"run {_fmt(full.get('run_s'), '.1f')}, tables {_fmt(full.get('tables_s'), '.1f')}), "
            f"CPU {_fmt(full.get('user_cpu_s'), '.1f')} s user + "
            f"{_fmt(full.get('system_cpu_s'), '.1f')} s system, "
            f"peak RSS {_fmt(full.get('peak_rss_gb'), '.2f')} GiB",
            f"<= {GOALS['full_wall_s']:.0f} s, <= {GOALS['full_peak_rss_gb']:.0f} GB",
        )
    )
    per_hm = {s["households"]: s["us_per_household_month"] for s in scaling if "households" in s}
    base = per_hm.get(100_000)
    for n, cost in per_hm.items():
        ratio = cost / base if base else None
        rows.append(
            (
                f"cost per household-month, {n:,}",
                f"{cost:.4f} us ({_fmt(ratio, '.2f')}x of 100 k)",
                f"<= {GOALS['scaling_ratio_max']}x at 6 M",
            )
        )
    pa = report["per_agent"]
    if "error" in pa:
        rows.append(("per-agent baseline", pa["error"], ""))
    else:
        rows.append(
            (
                f"per-agent baseline, {pa['households']:,} households",
                f"array {pa['array_s']:.3f} s, per-agent {pa['agents_s']:.1f} s: "
                f"{pa['ratio']:.0f}x; same totals: {pa['same_totals']}",
                f">= {GOALS['per_agent_ratio_min']:.0f}x",
            )
        )
    ex = report["experiment"]
    rows.append(
        (
            f"lab_voorzichtig {exp[0]:,} x {exp[1]} x 2 arms, 2 workers",
            ex.get("error") or f"{ex['wall_s']:.1f} s ({ex['runs']} runs, {ex['failed']} failed)",
            f"<= {GOALS['experiment_wall_s']:.0f} s (full size)",
        )
    )
    warm = report["warm"]
    for n, fresh in per_hm.items():
        if str(n) in warm:
            rows.append(
                (
                    f"the year, {n:,} households, warm (second run in one process)",
                    f"{warm[str(n)]['wall_s']:.3f} s, {warm[str(n)]['us_per_household_month']:.4f}"
                    f" us per household-month (fresh process: {fresh:.4f})",
                    "",
                )
            )
    cal_runs = report["calibration"]
    one, two = cal_runs.get("1", {}), cal_runs.get("2", {})
    single = cal_runs.get("1-one-core", {})
    for w, c in (("1", one), ("1 on one core", single), ("2", two)):
        rows.append(
            (
                f"calibration evaluation {cal[0]:,} x {cal[1]} seeds x 3 arms, {w} worker(s)",
                c.get("error")
                or f"first {c['first_s']:.2f} s, warm {c['warm_s']:.2f} s, objective "
                f"{float(c['objective']):.6g} over {c['targets']} targets",
                "",
            )
        )
    if not any("error" in c for c in (one, two, single)):
        same = all(
            c["objective"] == two["objective"] and c["moments"] == two["moments"]
            for c in (one, single)
        )
        rows.append(
            (
                "calibration evaluation: 2 workers against 1 on one core (and against 1)",
                f"warm {two['warm_s'] / single['warm_s']:.2f}x the time "
                f"({two['warm_s'] / one['warm_s']:.2f}x); objective and moments the same bit for "
                f"bit: {same}",
                "<= 0.5x of one core, same bit for bit",
            )
        )
    cs = report["cold_start"]
    rows.append(
        (
            "cold start (fresh process, before its first run)",
            cs.get("error") or f"{cs['cold_start_s']:.2f} s (imports {cs['import_s']:.2f} s)",
            f"<= {GOALS['cold_start_s']:.0f} s",
        )
    )
    width = max(len(r[0]) for r in rows)
    for name, value, goal in rows:
        print(
            f"  {name:<{width}}  {value}   [goal {goal}]" if goal else f"  {name:<{width}}  {value}"
        )
    print(f"load average at the end {report['machine']['load_average_end']}")

    out = (
        args.out
        or OUT_DIR / f"bench-{'quick-' if quick else ''}{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
