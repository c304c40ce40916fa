"""What a live piece sends back is checked before it touches the session (core.base.live): a
crafted payload (NaN, inf, 1e308, a bool, text, a list, a missing field, a wrong length) gets a
message naming the control and the value, in both languages."""

import math

import pytest

from core.base.i18n import Msg
from core.base.live import CommitError, commit_index, commit_number, commit_seq

WHAT = Msg("sigmoid.what_logit")


@pytest.mark.parametrize("value", [None, "3", True, [1.0], {"v": 1}, math.nan, math.inf,
                                   -math.inf, 1e308, -11.0, 10.5])
def test_bad_numbers_are_refused_with_a_message(value):
    with pytest.raises(CommitError) as err:
        commit_number({"value": value, "seq": 1}, "value", lo=-10.0, hi=10.0, what=WHAT)
    message = err.value.args[0]
    assert isinstance(message, Msg) and message.key.startswith("live.")
    assert "Nothing changed" in message and "logit" in message
    assert message.text("ja") != str(message)  # it has a Japanese text


@pytest.mark.parametrize("value, want", [(0, 0.0), (-0.0, 0.0), (2.5, 2.5), (10, 10.0),
                                         (-10.0, -10.0)])
def test_good_numbers_pass(value, want):
    got = commit_number({"value": value}, "value", lo=-10.0, hi=10.0, what=WHAT)
    assert got == want and math.copysign(1.0, got) == math.copysign(1.0, want)


@pytest.mark.parametrize("value", [None, -1, 61, 2.5, "3", True, math.nan, 1e308])
def test_bad_grid_positions_are_refused(value):
    with pytest.raises(CommitError):
        commit_index({"index": value}, "index", size=61, what=Msg("softmax.temp_what"))


def test_grid_positions_pass_also_as_whole_floats():
    assert commit_index({"index": 3}, "index", size=61, what="T") == 3
    assert commit_index({"index": 60.0}, "index", size=61, what="T") == 60


@pytest.mark.parametrize("payload", [{}, {"seq": -1}, {"seq": "2"}, {"seq": True},
                                     {"seq": 1.5}, [], None])
def test_a_commit_needs_its_counter(payload):
    with pytest.raises(CommitError):
        commit_seq(payload)
    assert commit_seq({"seq": 7}) == 7
