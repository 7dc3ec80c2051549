"""One run of one arm for one seed, from its households to its outcome tables."""

from __future__ import annotations

import gc
from collections.abc import Callable

from lab.model.config import ModelConfig
from lab.model.memory import LARGE_POPULATION
from lab.model.results import SimulationResult, table_inputs, tables_of
from lab.model.toeslagen_model import ToeslagenModel


def simulate(
    config: ModelConfig, seed: int, on_phase: Callable[[str], None] | None = None
) -> SimulationResult:
    """Run one arm for one seed to the end and return its outcome tables (no history kept).

    The model is let go before the tables are made: they take the place of its state that they
    do not read (:class:`lab.model.results.TableInputs`), so a run's peak memory is the larger
    of its run and its tables, not both. ``on_phase("built")`` and ``on_phase("ran")`` are
    called when the households are drawn and when the run has ended (a benchmark's clock).
    """
    model = ToeslagenModel(config, seed, keep_history=False)
    try:
        if on_phase is not None:
            on_phase("built")
        model.run()
        if on_phase is not None:
            on_phase("ran")
        inputs = table_inputs(model)
    finally:
        model.close()
    del model
    if config.n_households >= LARGE_POPULATION:
        # mesa's Model refers to itself (its wrapped step): a collection frees it now. A small
        # run leaves it to the collector, whose full pass would cost more than the memory.
        gc.collect()
    return tables_of(inputs)
