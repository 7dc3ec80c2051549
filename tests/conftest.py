import tomllib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def published() -> dict:
    """Published figures (tests/data/published.toml) used as expected outputs."""
    with (DATA / "published.toml").open("rb") as handle:
        return tomllib.load(handle)
