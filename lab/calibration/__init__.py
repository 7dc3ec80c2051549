"""Calibration: the measured targets, the simulated moments, and the fit of the model to them.

The targets (``lab/data/targets.toml``) are measured facts: a published value, the band the model
must land in, the source, what it was measured on, the moment the model computes for it, and
whether :func:`calibrate` fits it. The moments come from runs of the model at the shipped (or
trial) parameters, with the same seeds at every evaluation (common random numbers) and several
replications, each target in the toeslag year it was measured in. :func:`calibrate` minimises the
weighted distance of the fitted moments to their bands by bounded least squares over the
calibrated parameters, each searched within its typed domain (``lab/valuefile.py``).

The modules, each named after what it holds:

- :mod:`~lab.calibration.targets`: the targets file, :class:`Target` and :class:`Design`;
- :mod:`~lab.calibration.replication`: the moments of one replication (seed, year, runs);
- :mod:`~lab.calibration.moments`: the runs each year needs and :class:`Moments` over seeds;
- :mod:`~lab.calibration.objective`: the residuals and the soft-L1 objective;
- :mod:`~lab.calibration.fit`: the calibrated parameters, the first stages (:func:`fit_stage`) and
  :func:`calibrate`;
- :mod:`~lab.calibration.profiles`: profiles along one parameter, fits that leave targets out;
- :mod:`~lab.calibration.sensitivity`: Sobol indices of the main effects;
- :mod:`~lab.calibration.record`: ``calibrated.toml``, the machine, shipping the values;
- :mod:`~lab.calibration.report`: the fit and validation table as text, markdown and HTML.

Other layers (commands, app, tests, notebooks, docs) import the names below from
``lab.calibration`` itself.
"""

from lab.calibration.fit import (
    INTERRUPTED,
    Fit,
    FreeParameter,
    calibrate,
    fit_stage,
    free_parameters,
    merge_overrides,
    overrides_of,
)
from lab.calibration.moments import Moments, run_plan, simulate_moments
from lab.calibration.objective import AIM_MARGIN, objective_shares, residuals, robust_objective
from lab.calibration.profiles import Profile, leave_out, profile, profile_rows
from lab.calibration.record import SHIPPED_RECORD, machine, record_text, ship
from lab.calibration.replication import replication_moments
from lab.calibration.report import (
    fit_rows,
    html_page,
    markdown_table,
    profile_html,
    profile_text,
    terminal_table,
)
from lab.calibration.sensitivity import (
    EFFECTS,
    Sensitivity,
    figure_html,
    fmt_ci,
    parameter_bounds,
    sobol_sensitivity,
    table_rows,
)
from lab.calibration.targets import (
    TARGETS_PATH,
    Design,
    Stage,
    Target,
    load_targets,
    moment_names,
)
from lab.jsonfile import write_json

__all__ = [
    "AIM_MARGIN",
    "EFFECTS",
    "INTERRUPTED",
    "SHIPPED_RECORD",
    "TARGETS_PATH",
    "Design",
    "Fit",
    "FreeParameter",
    "Moments",
    "Profile",
    "Sensitivity",
    "Stage",
    "Target",
    "calibrate",
    "figure_html",
    "fit_rows",
    "fit_stage",
    "fmt_ci",
    "free_parameters",
    "html_page",
    "leave_out",
    "load_targets",
    "machine",
    "markdown_table",
    "merge_overrides",
    "moment_names",
    "objective_shares",
    "overrides_of",
    "parameter_bounds",
    "profile",
    "profile_html",
    "profile_rows",
    "profile_text",
    "record_text",
    "replication_moments",
    "residuals",
    "robust_objective",
    "run_plan",
    "ship",
    "simulate_moments",
    "sobol_sensitivity",
    "table_rows",
    "terminal_table",
    "write_json",
]
