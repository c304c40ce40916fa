"""The Hypothesis profiles of tests/conftest.py: "ci" (loaded unless HYPOTHESIS_PROFILE says
otherwise) draws the same examples on every run; "explore" draws new ones."""

import os

from hypothesis import given, settings
from hypothesis import strategies as st


def draws(profile: str) -> list[float]:
    seen = []

    @settings(settings.get_profile(profile), max_examples=25)
    @given(st.floats(allow_nan=False))
    def record(x):
        seen.append(x)

    record()
    return seen


def test_the_ci_profile_is_loaded_by_default():
    assert settings.default.derandomize is (os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci")


def test_ci_draws_the_same_examples_every_run_and_explore_does_not():
    assert draws("ci") == draws("ci")
    assert draws("explore") != draws("explore")
