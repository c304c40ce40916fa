"""The live pieces' one JS math module (ui/live/math.js) run in headless Chromium on hostile
values and compared with torch: ±1e4 spreads, 20 classes, float32 near-ties, all-equal rows,
z far in both tails. Probabilities agree within 1e-6, losses and log-probabilities within 1e-5
(relative), and the number formats match the server's (core.base.numbers.fmt_number)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.base.numbers import fmt_number, fmt_probability
from tests.e2e.browser import ROOT

MATH_JS = ROOT / "ui" / "live" / "math.js"


@pytest.fixture(scope="module")
def js(request):
    from tests.e2e.browser import browser_page

    with browser_page() as page:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=MATH_JS.read_text(encoding="utf-8"))
        yield page


def rows() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    out = [rng.normal(0, s, rng.integers(2, 21)).astype(np.float32)
           for s in (0.5, 3, 10, 100, 1e4) for _ in range(30)]
    one = np.float32(1.0)
    tie = np.nextafter(one, np.float32(2))
    out += [np.float32([1e4, -1e4, 0]), np.float32([1e4, 1e4 - 1]), np.float32([-1e4] * 20),
            np.float32([1e4] * 20), rng.uniform(-1e4, 1e4, 20).astype(np.float32),
            np.float32([one, tie]), np.float32([one, tie, one, tie] * 5),
            np.float32([88.7, 88.8, -88.7]), np.float32([-0.0, 0.0]),
            np.float32([3.985, -4.235, -0.2135, -0.0248, -0.1831])]
    return out


def run(js, expr: str, arg):
    return js.evaluate(f"(a) => a.map({expr})", arg)


def test_softmax_logsoftmax_logsumexp_entropy_and_cross_entropy_equal_torch(js):
    cases = rows()
    arg = [[float(v) for v in z] for z in cases]
    got = js.evaluate("""(zs) => zs.map((z) => ({p: lxSoftmax(z), lp: lxLogSoftmax(z),
        lse: lxLogSumExp(z), h: lxEntropy(z), ce: z.map((_, t) => lxCrossEntropy(z, t))}))""",
                      arg)
    for z, g in zip(cases, got):
        z64 = torch.tensor(z.astype(np.float64))
        z32 = torch.tensor(z)
        assert np.isfinite(g["p"]).all() and np.isfinite(g["lp"]).all(), z
        np.testing.assert_allclose(g["p"], torch.softmax(z64, -1).numpy(), atol=1e-6, rtol=0)
        np.testing.assert_allclose(g["p"], torch.softmax(z32, -1).numpy(), atol=1e-6, rtol=0)
        lp = torch.log_softmax(z64, -1).numpy()
        np.testing.assert_allclose(g["lp"], lp, rtol=1e-5, atol=1e-9)
        assert g["lse"] == pytest.approx(float(torch.logsumexp(z64, -1)), rel=1e-5, abs=1e-9)
        h = float(-(lp.__array__() * np.exp(lp)).sum())
        assert g["h"] == pytest.approx(max(h, 0.0), rel=1e-5, abs=1e-9)
        ce = F.cross_entropy(z64.expand(z.size, -1), torch.arange(z.size),
                             reduction="none").numpy()
        np.testing.assert_allclose(g["ce"], ce, rtol=1e-5, atol=1e-9)


def test_sigmoid_softplus_and_binary_loss_equal_torch(js):
    zs = [0.0, -0.0, 1e-8, -1e-8, 0.5, -0.5, 4.0, -4.0, 17.0, -17.0, 36.0, -36.0, 88.0, -88.0,
          104.0, -104.0, 745.0, -745.0, 800.0, -800.0, 1e4, -1e4]
    zs += [float(v) for v in np.random.default_rng(3).normal(0, 20, 200)]
    got = run(js, "(z) => [lxSigmoid(z), lxSoftplus(z), lxBceWithLogits(z, 1), "
                  "lxBceWithLogits(z, 0), lxBceWithLogits(z, 0.3)]", zs)
    z = torch.tensor(zs, dtype=torch.float64)
    got = np.array(got)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got[:, 0], torch.sigmoid(z).numpy(), atol=1e-6, rtol=1e-5)
    np.testing.assert_allclose(got[:, 1], F.softplus(z).numpy(), rtol=1e-5, atol=1e-12)
    for col, y in ((2, 1.0), (3, 0.0), (4, 0.3)):
        want = F.binary_cross_entropy_with_logits(z, torch.full_like(z, y), reduction="none")
        np.testing.assert_allclose(got[:, col], want.numpy(), rtol=1e-5, atol=1e-12)


def test_number_formats_match_the_server(js):
    values = [0.0, -0.0, 0.5, 0.00004, -0.00004, 0.97654, 1.0, 1e-3, 9.99e-4, 4.5418e-05,
              1.2e-12, 123.45678, -3.5, 1e4, float("nan"), float("inf"), float("-inf")]
    fixed = run(js, "(v) => lxFixed(v, 4)", values)
    assert fixed == [fmt_number(v, 4, signed_zero=False) for v in values]
    probs = [v for v in values if v > 0 or str(v) == "0.0"] + [0.99998, 0.99994, 0.999999]
    assert run(js, "(v) => lxProb(v)", probs) == [fmt_probability(p) for p in probs]
    # with its complement computed on its own: σ(11.41) and 1 − σ(11.41)
    z = torch.tensor([11.41, 3.0, -11.41])
    pairs = [[float(torch.sigmoid(v)), float(torch.sigmoid(-v))] for v in z]
    assert run(js, "([p, q]) => lxProb(p, q)", pairs) == [fmt_probability(p, q) for p, q in pairs]
    assert run(js, "([p, q]) => lxProb(p, q)", pairs)[0] == "≈ 1 − 1.108e-05"
