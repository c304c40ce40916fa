"""When a by-hand formula and PyTorch agree: within float32's resolution at the numbers' size.

PyTorch computes in float32, which keeps about 7 significant digits of every number it holds:
a term of size m is only known to ± eps·m (eps = 2^-23 ≈ 1.2e-7), and a result built from such
terms inherits that absolute error even when it is tiny itself. With logits [17, 0], a target of
class 0 and a class weight of 1000, float32's log-softmax rounds 17 − 17.0000000414 to 0, so
torch's loss is 0 while the float64 formula gives 4.1e-5: both are right within float32, since
the terms are of size 1000 · 17 and float32 resolves them only to about 2e-3. A fixed tolerance
such as 1e-6 would call that a disagreement; this one does not, and still flags a formula that
is wrong by more than a few roundings.
"""

from __future__ import annotations

import numpy as np

EPS32 = float(np.finfo(np.float32).eps)  # 2^-23: float32's relative resolution
ULPS = 4  # roundings allowed per term: a log-sum-exp and a product round a few times


def float32_tolerance(magnitude, value=0.0) -> np.ndarray:
    """The largest difference float32 leaves unresolved: ULPS · eps at the size of the terms a
    result is built from (``magnitude``) and at the result's own size (``value``)."""
    return ULPS * EPS32 * (np.abs(np.asarray(magnitude, dtype=np.float64))
                           + np.abs(np.nan_to_num(np.asarray(value, dtype=np.float64),
                                                  nan=0.0, posinf=0.0, neginf=0.0)))


def float32_close(by_hand, torch_value, magnitude) -> np.ndarray:
    """Elementwise: equal (NaN and NaN, inf and inf included), or both finite and within
    ``float32_tolerance``. ``by_hand`` is usually float64, ``torch_value`` float32."""
    a = np.asarray(by_hand, dtype=np.float64)
    b = np.asarray(torch_value, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        same = (a == b) | (np.isnan(a) & np.isnan(b))
        near = np.isfinite(a) & np.isfinite(b) & (np.abs(a - b) <= float32_tolerance(magnitude, b))
    return same | near
