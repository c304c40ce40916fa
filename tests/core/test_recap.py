import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.overview.recap import check_loss_answer, recap


def test_recap_numbers_equal_torch():
    z = torch.tensor([2.0, -1.0, 0.5, 3.0])
    names = ("a", "b", "c", "d")
    r = recap(z.numpy(), names, target=2)
    np.testing.assert_allclose(r.probs, torch.softmax(z, 0).numpy(), atol=1e-7)
    ce = F.cross_entropy(z[None].repeat(4, 1), torch.arange(4), reduction="none")
    np.testing.assert_allclose(r.losses, ce.numpy(), atol=1e-6)
    assert r.top == 3 and r.target == 2
    assert f"{float(ce[2]):.4f}" in r.rows[-1].value
    assert r.rows[0].value.startswith("d 3.0000")


def test_recap_refuses_bad_target():
    with pytest.raises(ValueError):
        recap(np.zeros(3), ("a", "b", "c"), target=3)


def test_check_answer():
    assert check_loss_answer(1.1062, 1.10619)
    assert not check_loss_answer(1.2, 1.1062)
    assert not check_loss_answer(float("nan"), 1.0)
    # asked for 4 decimals: half a unit in the 4th place, no more (4.1954 was once accepted)
    assert check_loss_answer(4.1922, 4.19224) and check_loss_answer(4.19224, 4.19224)
    assert not check_loss_answer(4.1954, 4.1922) and not check_loss_answer(4.1923, 4.19224)
    assert not check_loss_answer(4.192, 4.19224)  # 3 decimals are not 4
