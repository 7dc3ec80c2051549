"""``toeslagenlab sensitivity``: Sobol indices of the main effects to the calibrated parameters.

Example: ``toeslagenlab sensitivity --samples 64 --out results/sensitivity`` prints the table of
first-order and total indices with 95% intervals for the three effects (the 80% option on hoge
terugvorderingen and on take-up; the instelbaar voorschot on terugvorderingen) and writes
``sensitivity.json`` and ``sensitivity.html`` (table and figure).
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import sys

from lab.commands.run import _positive
from lab.jsonfile import make_folder


def _spread(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value <= 0.5:
        raise argparse.ArgumentTypeError(f"expected a share of the domain in (0, 0.5], got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    """Compute the indices, print the table and write JSON and HTML; return the exit code."""
    from lab.calibration import (
        figure_html,
        fmt_ci,
        load_targets,
        machine,
        sobol_sensitivity,
        table_rows,
        write_json,
    )

    _targets, design = load_targets(args.targets)
    design = dataclasses.replace(design, households=args.households)
    out = make_folder(args.out)  # before the runs, so a folder that cannot be made costs none
    n_points = args.samples * (len(design.parameters) + 2)
    print(
        f"sensitivity: {len(design.parameters)} parameters, {n_points} points x 3 arms x "
        f"{design.households} households",
        file=sys.stderr,
    )

    def progress(done: int, total: int) -> None:
        if done % 20 == 0 or done == total:
            print(f"  {done}/{total} points", file=sys.stderr)

    result = sobol_sensitivity(design, args.samples, args.spread, args.seed, progress)
    rows = table_rows(result)
    payload = {
        "samples": args.samples,
        "points": result.points,
        "households": design.households,
        "spread": args.spread,
        "effect_mean": result.effect_mean,
        "machine": machine(),
        "rows": rows,
    }
    write_json(out / "sensitivity.json", payload)
    ci = "95% interval"
    head = f"{'effect':<26} {'parameter':<46} {'S1':>6} {ci:>15} {'ST':>6} {ci:>15}"
    lines = [head, "-" * len(head)]
    cells = []
    for r in rows:
        s1, st = fmt_ci(*r["S1_ci"]), fmt_ci(*r["ST_ci"])
        lines.append(
            f"{r['effect']:<26} {r['parameter']:<46} {r['S1']:>6.2f} {s1:>15} "
            f"{r['ST']:>6.2f} {st:>15}"
        )
        cells.append(
            f"<tr><td>{html.escape(r['effect'])}</td><td>{html.escape(r['parameter'])}</td>"
            f"<td>{r['range'][0]:.4g} - {r['range'][1]:.4g}</td><td>{r['S1']:.2f} {s1}</td>"
            f"<td>{r['ST']:.2f} {st}</td></tr>"
        )
    means = ", ".join(f"{k} {v:+.4f}" for k, v in result.effect_mean.items())
    lines.append(f"mean effects over the sample: {means}")
    print("\n".join(lines))
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Sensitivity</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;"
        "padding:3px 6px}table{border-collapse:collapse;font-size:.9em}</style></head><body>"
        "<h1>Sobol sensitivity of the main effects</h1>"
        f"<p>{result.points} points (Saltelli, N = {args.samples}) x 3 arms x {design.households} "
        f"households, one seed (common random numbers); each parameter within its shipped value "
        f"plus and minus {args.spread:.0%} of its domain. Intervals: SALib bootstrap 95%. Mean "
        f"effects: {html.escape(means)}.</p>"
        + figure_html(result)
        + "<table><tr><th>effect</th><th>parameter</th><th>range</th><th>S1 (95%)</th>"
        "<th>ST (95%)</th></tr>" + "".join(cells) + "</table></body></html>"
    )
    (out / "sensitivity.html").write_text(page, encoding="utf-8")
    print(f"  {out / 'sensitivity.json'}\n  {out / 'sensitivity.html'}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``sensitivity`` sub-command."""
    parser = subparsers.add_parser(
        "sensitivity",
        help="Sobol indices of the main effects to the calibrated parameters",
        description=(
            "First-order and total Sobol indices, with 95% intervals, of the 80% option's effect "
            "on hoge terugvorderingen and on take-up and of the instelbaar voorschot's effect on "
            "terugvorderingen, over the calibrated parameters around their shipped values."
        ),
    )
    parser.add_argument(
        "targets", nargs="?", default=None, help="targets file naming the calibrated parameters"
    )
    parser.add_argument("--samples", type=_positive, default=64, help="Saltelli base N (64)")
    parser.add_argument("--households", type=_positive, default=2_000, help="per run (2000)")
    parser.add_argument(
        "--spread", type=_spread, default=0.1, help="share of each domain on either side (0.1)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the runs and the sample")
    parser.add_argument("--out", default="results/sensitivity", metavar="DIR")
    parser.set_defaults(func=run)
