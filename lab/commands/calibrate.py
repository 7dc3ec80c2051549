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
import sys

from lab.commands.run import _positive
from lab.jsonfile import make_folder


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected minutes as a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of minutes, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    """Calibrate, write the parameter file and the fit report; return the exit code."""
    from lab.calibration import (
        INTERRUPTED,
        calibrate,
        fit_rows,
        html_page,
        leave_out,
        load_targets,
        machine,
        objective_shares,
        profile,
        profile_html,
        profile_rows,
        profile_text,
        record_text,
        run_plan,
        ship,
        simulate_moments,
        terminal_table,
        write_json,
    )
    from lab.errors import InputError, Interrupted
    from lab.experiment.backends import default_workers
    from lab.experiment.store import git_commit

    targets, design = load_targets(args.targets)
    targets = leave_out(targets, args.leave_out)
    if args.leave_out and args.ship:
        raise InputError(
            "--leave-out and --ship: a fit that leaves targets out is not shipped; drop one"
        )
    out = make_folder(args.out)  # before the fit, so a folder that cannot be made costs none
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
    values = fit.values()
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
        "load_after": machine()["load_1_5_15"],
    }

    def write_fit(rows: list[dict], extra: dict | None = None) -> dict[str, float]:
        """Write calibrated.toml and fit.json from ``rows``; return the fitted targets' misses."""
        misses = {
            r["target"]: float(r["miss"]) for r in rows if r["fitted"] and r["inside"] is False
        }
        (out / "calibrated.toml").write_text(record_text(record, values, misses), encoding="utf-8")
        write_json(out / "fit.json", {"calibration": record, "rows": rows, **(extra or {})})
        return misses

    # The search's best point is kept at once, from its own moments (the fitted targets): a Ctrl-C
    # during the search or the final runs and profiles after it does not lose the fit.
    write_fit(fit_rows([t for t in targets if t.fitted], fit.moments))
    kept = (
        f"objective {fit.objective:.4g} after {fit.evaluations} evaluations, in "
        f"{out / 'calibrated.toml'} and {out / 'fit.json'}"
    )
    if fit.stopped == INTERRUPTED:
        raise Interrupted(f"the best point so far is kept ({kept}); not shipped, no profiles")
    try:  # every target at the fitted values, the trade-off profiles, fit.html, --ship
        final = simulate_moments(values, design, run_plan(targets), workers)
        rows = fit_rows(targets, final)
        contributions = objective_shares(targets, final)
        misses = write_fit(rows, {"objective_share": contributions})
        notes = [
            f"Calibrated {record['date']} at commit {record['commit']}: objective "
            f"{fit.objective:.4g} after {fit.evaluations} evaluations in "
            f"{fit.seconds / 60:.1f} min ({fit.stopped}); "
            f"{design.households} households x {len(design.seeds)} seeds per evaluation, common "
            f"random numbers; machine {record['cpus']} cpus, load {record['load_before']} before, "
            f"{record['load_after']} after.",
            "Trade-off: share of the objective per fitted target (what the fit gave up where "
            "targets pull against each other): "
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
                "Trade-off profiles (below): each parameter moved over its domain with the others "
                "at the calibrated values; the fitted targets it moves and that leave their band "
                "at some point (* / red: outside the band)."
            )
            write_fit(rows, {"objective_share": contributions, "profiles": profiles})
        (out / "fit.html").write_text(
            html_page("Calibration fit", rows, notes, sections), encoding="utf-8"
        )
        print(terminal_table(rows))
        for note in notes:
            print(note)
        for text in texts:
            print(text)
        if args.ship:
            shipped = ship(record, values, misses)
            print(
                f"shipped: values written to lab/params/{{behaviour,population}}.toml and {shipped}"
            )
            print("  docs/model.md is not rewritten: update its tables by hand from the fit report")
        print(f"  {out / 'calibrated.toml'}\n  {out / 'fit.json'}\n  {out / 'fit.html'}")
    except KeyboardInterrupt:
        raise Interrupted(f"the fit is kept ({kept}); not shipped, no profiles") from None
    return 0


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
