"""``toeslagenlab calibrate``: fit the behaviour and income parameters to the measured targets.

Example: ``toeslagenlab calibrate --budget 25 --out results/calibration`` writes
``calibrated.toml`` (the fitted values with date, commit and objective), ``fit.json`` and
``fit.html``, and prints the fit table. ``--ship`` also writes the values into
``lab/params/behaviour.toml`` and ``lab/params/population.toml`` (the shipped defaults) and the
record into ``lab/data/calibrated.toml``. The command writes results, never the docs: the
parameter tables of ``docs/model.md`` are updated by hand from the fit report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from lab.commands.run import _positive

#: The record of the shipped calibration (``--ship``).
SHIPPED_RECORD = Path(__file__).resolve().parents[1] / "data" / "calibrated.toml"


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected minutes as a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of minutes, got {value}")
    return value


def machine() -> dict[str, Any]:
    """CPU count and load averages (1, 5, 15 minutes) of the machine now."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {"cpus": os.cpu_count(), "load_1_5_15": [round(x, 2) for x in load]}


def _record_text(
    record: dict[str, Any], values: dict[str, dict[str, float]], misses: dict[str, float]
) -> str:
    lines = [
        "# Written by `toeslagenlab calibrate`: the calibrated values, when, from which commit,",
        "# with which objective (soft-L1 sum of the weighted residuals, lab/calibration.py).",
        "[calibration]",
    ]
    for key, value in record.items():
        if isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(repr(v) for v in value)}]")
        elif value is None:
            continue
        else:
            lines.append(f"{key} = {value!r}")
    lines.append("\n# Fitted targets outside their band at the calibrated values: the miss")
    lines.append("# (distance outside the band, in the target's unit); the tests expect them.")
    lines.append("[misses]")
    lines += [f"{name} = {size!r}" for name, size in misses.items()]
    for file, entries in values.items():
        lines.append(f"\n[{file}]")
        lines += [f'"{key}" = {value!r}' for key, value in entries.items()]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Calibrate, write the parameter file and the fit report; return the exit code."""
    from lab.calibration import (
        calibrate,
        fit_rows,
        load_targets,
        profile,
        profile_rows,
        run_plan,
        simulate_moments,
    )
    from lab.calibration_report import (
        html_page,
        profile_html,
        profile_text,
        terminal_table,
    )
    from lab.experiment.runner import default_workers
    from lab.experiment.store import git_commit
    from lab.jsonfile import write_json
    from lab.valuefile import PARAMS_DIR, write_values

    targets, design = load_targets(args.targets)
    targets = _leave_out(targets, args.leave_out, args.ship)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        from lab.errors import InputError

        raise InputError(f"--out {out}: is a file; give a folder")
    out.mkdir(parents=True, exist_ok=True)
    before = machine()
    print(
        f"calibrating {len(design.parameters)} parameters to "
        f"{sum(t.fitted for t in targets)} fitted targets; {design.households} households x "
        f"{len(design.seeds)} seeds per evaluation; budget {args.budget:g} min; "
        f"{before['cpus']} cpus, load {before['load_1_5_15']}",
        file=sys.stderr,
    )

    def progress(n: int, objective: float, best: float) -> None:
        print(f"  evaluation {n}: objective {objective:.4g} (best {best:.4g})", file=sys.stderr)

    workers = args.workers or default_workers()
    fit = calibrate(
        targets,
        design,
        args.budget,
        progress,
        from_midpoints=args.from_midpoints,
        workers=workers,
    )
    after = machine()
    values = fit.values()
    final = simulate_moments(values, design, run_plan(targets), workers)
    rows = fit_rows(targets, final)
    record = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit().get("commit") or "unknown",
        "objective": round(fit.objective, 6),
        "evaluations": fit.evaluations,
        "seconds": round(fit.seconds, 1),
        "stopped": fit.stopped,
        "start": "domain midpoints" if args.from_midpoints else "values in the parameter files",
        "households": design.households,
        "seeds": list(design.seeds),
        "years": "; ".join(
            f"{y}: {' '.join(r)}" for y, r in run_plan(targets, fitted_only=True).items()
        ),
        "workers": workers,
        "cpus": before["cpus"],
        "load_before": before["load_1_5_15"],
        "load_after": after["load_1_5_15"],
    }
    misses = {r["target"]: float(r["miss"]) for r in rows if r["fitted"] and r["inside"] is False}
    (out / "calibrated.toml").write_text(_record_text(record, values, misses), encoding="utf-8")
    contributions = _contributions(targets, final)
    write_json(
        out / "fit.json", {"calibration": record, "rows": rows, "objective_share": contributions}
    )
    notes = [
        f"Calibrated {record['date']} at commit {record['commit']}: objective {fit.objective:.4g} "
        f"after {fit.evaluations} evaluations in {fit.seconds / 60:.1f} min ({fit.stopped}); "
        f"{design.households} households x {len(design.seeds)} seeds per evaluation, common "
        f"random numbers; machine {before['cpus']} cpus, load {before['load_1_5_15']} before, "
        f"{after['load_1_5_15']} after.",
        "Trade-off: share of the objective per fitted target (what the fit gave up where targets "
        "pull against each other): "
        + "; ".join(f"{k} {v:.0%}" for k, v in contributions.items() if v >= 0.01),
    ]
    texts, sections, profiles = [], [], []
    for name in design.profiles:
        prof = profile(name, values, design, run_plan(targets, fitted_only=True), workers)
        moved = profile_rows(targets, prof)
        texts.append(profile_text(prof.parameter, prof.grid, prof.calibrated, moved))
        sections.append(profile_html(prof.parameter, prof.grid, prof.calibrated, moved))
        profiles.append({"parameter": prof.parameter, "grid": prof.grid, "rows": moved})
    if profiles:
        notes.append(
            "Trade-off profiles (below): each parameter moved over its domain with the others at "
            "the calibrated values; the fitted targets it moves and that leave their band at some "
            "point (* / red: outside the band)."
        )
        write_json(
            out / "fit.json",
            {
                "calibration": record,
                "rows": rows,
                "objective_share": contributions,
                "profiles": profiles,
            },
        )
    (out / "fit.html").write_text(
        html_page("Calibration fit", rows, notes, sections), encoding="utf-8"
    )
    print(terminal_table(rows))
    for note in notes:
        print(note)
    for text in texts:
        print(text)
    if args.ship:
        for file, entries in values.items():
            if entries:
                write_values(PARAMS_DIR / f"{file}.toml", entries)
        SHIPPED_RECORD.write_text(_record_text(record, values, misses), encoding="utf-8")
        print(
            f"shipped: values written to lab/params/{{behaviour,population}}.toml and "
            f"{SHIPPED_RECORD}"
        )
        print("  docs/model.md is not rewritten: update its tables by hand from the fit report")
    print(f"  {out / 'calibrated.toml'}\n  {out / 'fit.json'}\n  {out / 'fit.html'}")
    return 0


def _leave_out(targets: list, names: str | None, ship: bool) -> list:
    """The targets with those named in ``--leave-out`` (comma-separated) no longer fitted.

    A fit that leaves targets out shows where they land when nothing pulls them, and so what
    reaching the others costs them (the trade-off); it is never shipped.
    """
    import dataclasses

    from lab.errors import InputError

    if not names:
        return targets
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    fitted = {t.name for t in targets if t.fitted}
    unknown = [n for n in wanted if n not in fitted]
    if unknown:
        raise InputError(
            f"--leave-out {','.join(unknown)}: not a fitted target of the targets file; "
            f"give names from its fitted targets, e.g. {sorted(fitted)[0]}"
        )
    if ship:
        raise InputError(
            "--leave-out and --ship: a fit that leaves targets out is not shipped; drop one"
        )
    return [dataclasses.replace(t, fitted=False) if t.name in wanted else t for t in targets]


def _contributions(targets: list, moments: Any) -> dict[str, float]:
    from lab.calibration import residuals

    fitted = [t for t in targets if t.fitted and t.band is not None]
    r = residuals(fitted, moments).reshape(-1, 2)
    per = (r**2).sum(axis=1)
    total = float(per.sum()) or 1.0
    order = sorted(zip(fitted, per, strict=True), key=lambda x: -x[1])
    return {t.name: float(v) / total for t, v in order}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``calibrate`` sub-command."""
    parser = subparsers.add_parser(
        "calibrate",
        help="fit behaviour and income parameters to the measured targets",
        description=(
            "Simulated method of moments with common random numbers: fits the parameters named "
            "in the targets file's [calibrate] section to its fitted targets, within their "
            "domains, and writes the calibrated parameter file and the fit report."
        ),
    )
    parser.add_argument(
        "targets", nargs="?", default=None, help="targets file (default lab/data/targets.toml)"
    )
    parser.add_argument(
        "--budget", type=_minutes, default=25.0, metavar="MINUTES", help="time budget (25)"
    )
    parser.add_argument(
        "--out", default="results/calibration", metavar="DIR", help="folder for the report"
    )
    parser.add_argument(
        "--from-midpoints",
        action="store_true",
        help="start every parameter at the middle of its domain, not at the shipped values",
    )
    parser.add_argument(
        "--leave-out",
        default=None,
        metavar="NAMES",
        help="fit without these targets (comma-separated names); shows what the others cost them",
    )
    parser.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="processes that share an evaluation's runs (default: the cpus this process may "
        "use); the result is the same for any number",
    )
    parser.add_argument(
        "--ship",
        action="store_true",
        help="write the calibrated values into lab/params as the shipped defaults",
    )
    parser.set_defaults(func=run)
