"""The lab design: one population per replication, its households randomly assigned to the arms."""

import numpy as np

from lab.experiment import validate_spec
from lab.experiment.runs import Assignment, participants, plan_runs
from lab.experiment.seeds import assign_arms
from lab.model import SimulationResult


def lab_spec(**extra):
    values = {
        "name": "assign",
        "design": "lab",
        "households": 1001,
        "replications": 3,
        "seed": 4,
        "arms": {"control": {}, "voorzichtig": {"voorschot_option": "voorzichtig"}, "c": {}},
        **extra,
    }
    return validate_spec(values)


def test_assignment_splits_one_population_over_the_arms():
    tasks = plan_runs(lab_spec())
    for r in range(3):
        arms = [t for t in tasks if t.replication == r]
        assert len({t.seed for t in arms}) == 1  # one population per replication
        assert len({t.assignment.seed for t in arms}) == 1  # one split, seen by every arm
        assert [t.assignment.arm_index for t in arms] == [0, 1, 2]
        split = assign_arms(arms[0].assignment.seed, 1001, 3)
        sizes = np.bincount(split, minlength=3)
        assert sizes.sum() == 1001 and sizes.max() - sizes.min() <= 1
    seeds = {t.assignment.seed for t in tasks}
    assert len(seeds) == 3  # a new split in every replication
    assert seeds.isdisjoint({t.seed for t in tasks})
    # the split is random: not the same households as in the next replication
    first, second = (assign_arms(s, 1001, 3) for s in sorted(seeds)[:2])
    assert 0.2 < np.mean(first == second) < 0.5


def test_without_common_random_numbers_or_in_policy_design_nothing_is_split():
    independent = plan_runs(lab_spec(common_random_numbers=False))
    assert all(t.assignment is None for t in independent)
    assert len({t.seed for t in independent if t.replication == 0}) == 3
    policy = plan_runs(lab_spec(design="policy"))
    assert all(t.assignment is None for t in policy)


def test_participants_keep_their_own_awards_with_weights_scaled_up():
    # 4 households of weight 10; household 1 has two awards. Arm 1 of 2 keeps two households.
    result = SimulationResult(
        awards={
            "household": np.array([0, 1, 1, 3]),
            "weight": np.full(4, 10.0),
            "terugvordering": np.array([100.0, 600.0, 0.0, 50.0]),
        },
        households={
            "household": np.arange(4),
            "weight": np.full(4, 10.0),
            "negative_balance_months": np.array([0, 2, 4, 6]),
        },
        monthly={"recipients": np.array([1.0, 2.0])},
    )
    assignment = Assignment(seed=12, arm_index=1, n_arms=2)
    mine = np.flatnonzero(assign_arms(12, 4, 2) == 1)
    assert mine.size == 2
    part = participants(result, assignment)
    assert part.households["household"].tolist() == mine.tolist()
    assert part.households["weight"].tolist() == [20.0, 20.0]  # 4 households / 2 participants
    assert set(part.awards["household"].tolist()) <= set(mine.tolist())
    expected = [i for i, h in enumerate([0, 1, 1, 3]) if h in mine]
    assert part.awards["terugvordering"].tolist() == [
        [100.0, 600.0, 0.0, 50.0][i] for i in expected
    ]
    assert np.all(part.awards["weight"] == 20.0)
    assert part.monthly is result.monthly
    # the other arm holds the other households: together they are the population
    other = participants(result, Assignment(seed=12, arm_index=0, n_arms=2))
    both = sorted(other.households["household"].tolist() + mine.tolist())
    assert both == [0, 1, 2, 3]
