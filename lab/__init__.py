"""toeslagenlab: an agent-based behavioural simulator of Dutch toeslagen under the Awir."""

__version__ = "0.1.0"

#: The four toeslagen, in the order used for every per-toeslag array and table.
TOESLAGEN: tuple[str, ...] = (
    "zorgtoeslag",
    "huurtoeslag",
    "kindgebonden_budget",
    "kinderopvangtoeslag",
)

__all__ = ["TOESLAGEN", "__version__"]
