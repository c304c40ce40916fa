"""The one rule for "agrees with the article", used by every page that shows a printed value.

The article prints rounded numbers, and computes each from inputs it also printed rounded. So a
printed value is right when *some* inputs that print as the printed inputs give a value that
prints as it: the printed inputs, anywhere within their own rounding (± half a unit in their
last printed digit), give a value that rounds to the printed one. Otherwise it is flagged with
the correct value (the one computed from the printed inputs as printed).

Checking the interval's ends is enough here: every formula compared (exp, a sum of exps,
softmax, log-softmax, a picked and negated softmax, sigmoid) is monotone in each input with a
sign that does not change anywhere (∂p_i/∂z_i = p_i(1 − p_i) > 0, ∂p_i/∂z_j = −p_i p_j < 0,
∂ log p_i/∂z_j = δ_ij − p_j, ...), so over the box of rounded inputs its least and greatest
values sit at corners, and being continuous it takes every value in between. ``value_range``
evaluates all 2^k corners (k ≤ 5 inputs per value here: at most 32 evaluations).

The catalogue states the rule once for the interface: ``article.rule``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


def half_unit(decimals) -> np.ndarray:
    """Half a unit in the last printed digit: the rounding a printed value may hide."""
    return 0.5 * 10.0 ** -np.asarray(decimals, dtype=np.float64)


def corners(inputs, decimals) -> np.ndarray:
    """Every corner of the box of values that print as ``inputs``: (2^k, k). ``decimals`` is
    one count for all inputs or one per input."""
    x = np.asarray(inputs, dtype=np.float64).reshape(-1)  # (k,)
    h = np.broadcast_to(half_unit(decimals), x.shape)
    signs = np.array(list(itertools.product((-1.0, 1.0), repeat=x.size))).reshape(-1, x.size)
    return x + signs * h  # (2^k, k)


def value_range(fn: Callable[[np.ndarray], np.ndarray], inputs,
                decimals) -> tuple[np.ndarray, np.ndarray]:
    """(least, greatest) of ``fn`` over the printed inputs' rounding box. ``fn`` maps a stack
    of inputs (K, k) to outputs (K, m), in float64; the result is two arrays (m,)."""
    out = np.asarray(fn(corners(inputs, decimals)), dtype=np.float64)
    out = out.reshape(out.shape[0], -1)  # (2^k, m)
    return out.min(axis=0), out.max(axis=0)


def agrees(printed, decimals, low, high) -> np.ndarray:
    """The rule, elementwise: some value in [low, high] rounds to ``printed`` at ``decimals``,
    i.e. [low, high] meets [printed − h, printed + h]. A value exactly half a unit away rounds
    either way and counts as agreeing. Anything not finite (a missing printed value, NaN) never
    agrees."""
    p = np.asarray(printed, dtype=np.float64)
    lo, hi = np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)
    # the slack covers only the binary representation of decimals (0.00005 is not exact)
    h = half_unit(decimals) * (1 + 1e-9) + 1e-12 * np.abs(p)
    with np.errstate(invalid="ignore"):
        ok = (lo <= p + h) & (hi >= p - h)
    return ok & np.isfinite(p) & np.isfinite(lo) & np.isfinite(hi)


@dataclass(frozen=True)
class Check:
    """One printed value against the rule."""
    printed: float
    decimals: int  # as printed
    computed: float  # torch's value from the printed inputs as printed: the correct value
    low: float  # least value the printed inputs give within their rounding
    high: float  # greatest

    @property
    def agrees(self) -> bool:
        return bool(agrees(self.printed, self.decimals, self.low, self.high))

    @property
    def correct(self) -> str:
        """The correct value, printed the way the article prints this one."""
        return f"{self.computed:.{self.decimals}f}"


def check(printed: float, decimals: int, computed: float, fn=None, inputs: Sequence = (),
          input_decimals=4) -> Check:
    """``printed`` against ``fn`` of the printed ``inputs`` within their rounding. Without
    inputs (a value the article measured, not computed from printed numbers) the rule reduces
    to: ``computed`` rounds to ``printed``."""
    if fn is None or len(inputs) == 0:
        low = high = float(computed)
    else:
        lo, hi = value_range(fn, inputs, input_decimals)
        low, high = float(lo[0]), float(hi[0])
    return Check(float(printed), int(decimals), float(computed), low, high)

