"""core.overview.pipeline against torch: the Introduction picture's numbers."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.overview.pipeline import summarize


@pytest.mark.parametrize("target", [None, 2, 999])
def test_every_offered_target_has_torchs_cross_entropy_over_all_classes(target):
    z = np.random.default_rng(7).normal(0, 3, 1000).astype(np.float32)
    s = summarize(z, k=3, target=target)
    t = torch.tensor(z)
    top = torch.topk(t, 3).indices.tolist()
    assert s.top.tolist() == top and s.predicted == top[0]
    want = top + ([target] if target is not None and target not in top else [])
    assert [r.index for r in s.targets] == want
    assert s.target == (top[0] if target is None else target)
    for r in s.targets:
        ce = F.cross_entropy(t[None], torch.tensor([r.index]))
        assert r.loss == pytest.approx(float(ce), abs=1e-6)
        assert r.p == pytest.approx(float(torch.softmax(t, 0)[r.index]), abs=1e-7)
    assert s.loss_if_predicted == pytest.approx(
        float(F.cross_entropy(t[None], torch.tensor([top[0]]))), abs=1e-6)
    np.testing.assert_array_equal(s.top_softmax, torch.softmax(t, 0)[top].numpy())
    np.testing.assert_array_equal(s.top_sigmoid, torch.sigmoid(t[top]).numpy())


def test_a_far_target_keeps_a_finite_loss_where_its_probability_underflows():
    z = np.zeros(1000, np.float32)
    z[0], z[5] = 60.0, -60.0
    s = summarize(z, k=3, target=5)
    row = s.targets[-1]
    assert row.index == 5 and row.p == 0.0
    assert row.loss == pytest.approx(120.0, abs=1e-4)  # from log_softmax, not log(0)
