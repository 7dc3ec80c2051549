"""The per-agent baseline of the benchmarks runs the same rules one household at a time.

Each household, stepped on its own through the model's month loop with its own row of the run's
random streams, must end with the same award table and monthly series as the array model: the
households do not interact, so the two ways differ only in speed (benchmarks/run.py measures it).
"""

from benchmarks.per_agent import compare
from lab.model import ModelConfig


def test_per_agent_and_array_model_give_the_same_totals():
    config = ModelConfig(
        n_households=150, voorschot_option="instelbaar", letters=True, muteren=True
    )
    outcome = compare(150, seed=5, config=config)
    assert outcome["array_totals"]["terugvordering"] > 0
    assert outcome["array_totals"]["nabetaling"] > 0
    assert outcome["same_award_totals"], (outcome["array_totals"], outcome["agent_totals"])
    assert outcome["same_monthly_series"]
