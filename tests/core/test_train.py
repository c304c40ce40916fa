"""core.train against plain PyTorch: the recorded trajectory is a plain training loop's, each
step's gradient is autograd's and equals softmax − smoothed one-hot, label smoothing is
F.cross_entropy's; bad settings and data are messages."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.base.code import run_panel
from core.train import math as tm
from core.train.code import features_file, head_file, train_panel
from core.train.data import MAX_PHOTOS, DataError, PhotoRef, plan


def batch(n=12, f=32, c=3, seed=1):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, f, generator=g) * 3
    y = torch.arange(n) % c
    return x.numpy(), y.numpy()


def plain_loop(x, y, lr, steps, eps, seed=0, c=3):
    xs = F.normalize(torch.as_tensor(x), dim=1)
    torch.manual_seed(seed)
    head = torch.nn.Linear(xs.shape[1], c)
    opt = torch.optim.SGD(head.parameters(), lr=lr)
    logits, losses = [], []
    for step in range(steps + 1):
        opt.zero_grad()
        z = head(xs)
        loss = F.cross_entropy(z, torch.as_tensor(y), label_smoothing=eps)
        logits.append(z.detach().clone())
        losses.append(loss.item())
        loss.backward()
        if step < steps:
            opt.step()
    return torch.stack(logits).numpy(), np.array(losses), head


@pytest.mark.parametrize("lr,eps", [(1.0, 0.0), (0.3, 0.1), (5.0, 0.25)])
def test_the_trajectory_is_a_plain_torch_loop(lr, eps):
    x, y = batch()
    traj = tm.train(x, y, tm.TrainConfig(lr=lr, steps=60, label_smoothing=eps), num_classes=3)
    logits, losses, head = plain_loop(x, y, lr, 60, eps)
    assert np.abs(traj.logits - logits).max() < 1e-6
    assert np.abs(traj.losses - losses).max() < 1e-6
    assert np.abs(traj.weight - head.weight.detach().numpy()).max() < 1e-6


def test_every_step_gradient_is_autograd_and_the_formula():
    x, y = batch()
    eps = 0.2
    traj = tm.train(x, y, tm.TrainConfig(lr=2.0, steps=30, label_smoothing=eps), num_classes=3)
    for k in (0, 1, 15, 30):
        z = torch.tensor(traj.logits[k], requires_grad=True)
        F.cross_entropy(z, torch.as_tensor(y), label_smoothing=eps).backward()
        assert np.abs(traj.grads[k] - z.grad.numpy() * len(y)).max() < 1e-6
        assert np.abs(traj.grads[k] - tm.formula_gradient(traj.logits[k], y, eps)).max() < 1e-6


def test_the_live_piece_plays_back_every_steps_autograd_gradient():
    """The heatmap the scrubber plays back: each shown row's gradient at every step is
    autograd's (of that photo's own loss), not a formula the browser runs."""
    from core.train.live import step_frames

    x, y = batch()
    eps = 0.1
    traj = tm.train(x, y, tm.TrainConfig(lr=1.5, steps=20, label_smoothing=eps), num_classes=3)
    rows = [0, 3, 7, 11]
    f = step_frames(traj, 3, rows, len(rows))
    grads = np.array(f["grads"])
    assert grads.shape == (21, len(rows), 3)
    for k in (0, 9, 20):
        z = torch.tensor(traj.logits[k], requires_grad=True)
        F.cross_entropy(z, torch.as_tensor(y), label_smoothing=eps, reduction="sum").backward()
        assert np.abs(grads[k] - z.grad.numpy()[rows]).max() < 1e-6
    assert np.abs(grads[9] - grads[10]).max() > 1e-3  # the frames differ step to step


def plain_curves(x, y, hx, hy, lr, steps, eps, c=3):
    """What the loss and accuracy chart draws, by a plain loop: each step's mean loss and
    accuracy, and the held-out photos' (plain cross-entropy) under the same weights."""
    xs, hxs = F.normalize(torch.as_tensor(x), dim=1), F.normalize(torch.as_tensor(hx), dim=1)
    y, hy = torch.as_tensor(y), torch.as_tensor(hy)
    torch.manual_seed(0)
    head = torch.nn.Linear(xs.shape[1], c)
    opt = torch.optim.SGD(head.parameters(), lr=lr)
    out = {"loss": [], "accuracy": [], "held_loss": [], "held_accuracy": []}
    for step in range(steps + 1):
        opt.zero_grad()
        z = head(xs)
        loss = F.cross_entropy(z, y, label_smoothing=eps)
        with torch.no_grad():
            hz = head(hxs)
            out["held_loss"].append(F.cross_entropy(hz, hy).item())
            out["held_accuracy"].append((hz.argmax(1) == hy).float().mean().item())
            out["accuracy"].append((z.argmax(1) == y).float().mean().item())
        out["loss"].append(loss.item())
        loss.backward()
        if step < steps:
            opt.step()
    return {k: np.array(v) for k, v in out.items()}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_loss_chart_the_scrubber_plays_is_a_plain_loops_losses_and_accuracies(lang):
    """The Train page's loss and accuracy chart (drawn by the piece, ui.train_live): each of
    its series, and the words it shows at each step, are a plain torch loop's numbers."""
    from core.base.i18n import translator
    from core.train.live import step_frames
    from ui.train_live import curve_chart

    x, y = batch()
    hx, hy = batch(n=4, seed=5)
    eps, steps = 0.1, 40
    traj = tm.train(x, y, tm.TrainConfig(lr=2.0, steps=steps, label_smoothing=eps), hx, hy,
                    num_classes=3)
    want = plain_curves(x, y, hx, hy, 2.0, steps, eps)
    assert np.ptp(want["loss"]) > 0.1 and np.ptp(want["accuracy"]) > 0  # a curve, not a line
    t = translator(lang)
    chart = curve_chart(t, step_frames(traj, 0, [0, 1], 2), held=True, log=False)
    series = {s["name"]: np.array(s["ys"], dtype=float) for s in chart["series"]}
    assert list(series) == [t("train.trace_train"), t("train.trace_held"), t("train.trace_acc")]
    for name, key in ((t("train.trace_train"), "loss"), (t("train.trace_held"), "held_loss"),
                      (t("train.trace_acc"), "accuracy")):
        assert np.abs(series[name] - want[key]).max() < 1e-6, name
    for k in (0, 7, steps):  # the words at step k: the loop's numbers, as the page prints them
        assert chart["note"][k] == t(
            "train.curve_now_held", k=k, loss=f"{want['loss'][k]:.4f}",
            acc=f"{want['accuracy'][k]:.0%}", held=f"{want['held_loss'][k]:.4f}",
            held_acc=f"{want['held_accuracy'][k]:.0%}")
    assert chart["vline"] == [float(k) for k in range(steps + 1)]
    assert chart["y_lo"] == 0.0 and chart["y_hi"] >= want["loss"].max()
    assert chart["y2"]["tick_text"] == ["0%", "25%", "50%", "75%", "100%"]
    alone = curve_chart(t, step_frames(traj, 0, [0], 1), held=False, log=True)
    assert [s["name"] for s in alone["series"]] == [t("train.trace_train"), t("train.trace_acc")]
    assert alone["log_y"] and alone["y_lo"] <= want["loss"].min() <= want["loss"].max() <= \
        alone["y_hi"]
    assert alone["note"][3] == t("train.curve_now", k=3, loss=f"{want['loss'][3]:.4f}",
                                 acc=f"{want['accuracy'][3]:.0%}")


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.5, 1.0])
def test_label_smoothing_is_f_cross_entropy(eps):
    x, y = batch()
    z = torch.randn(len(y), 3)
    target = tm.smoothed_targets(y, 3, eps)
    by_hand = -(target * torch.log_softmax(z, dim=1)).sum(dim=1).mean()
    want = F.cross_entropy(z, torch.as_tensor(y), label_smoothing=eps)
    assert abs(float(by_hand) - float(want)) < 1e-6


def test_held_out_photos_are_only_evaluated():
    x, y = batch()
    hx, hy = batch(n=3, seed=2)
    a = tm.train(x, y, tm.TrainConfig(steps=20), hx, hy, num_classes=3)
    b = tm.train(x, y, tm.TrainConfig(steps=20), num_classes=3)
    assert np.array_equal(a.logits, b.logits)
    z = F.linear(F.normalize(torch.as_tensor(hx), dim=1), torch.as_tensor(a.weight),
                 torch.as_tensor(a.bias))
    assert np.abs(a.held_logits[-1] - z.numpy()).max() < 1e-5
    assert math.isclose(a.held_losses[-1], float(F.cross_entropy(z, torch.as_tensor(hy))),
                        abs_tol=1e-5)


@pytest.mark.parametrize("lr", [float("nan"), 0.0, -1.0, 2e6])
def test_a_learning_rate_that_cannot_train_is_a_message(lr):
    with pytest.raises(tm.TrainError) as err:
        tm.TrainConfig(lr=lr).check()
    assert "learning rate" in str(err.value.args[0]).lower()


def test_a_huge_learning_rate_is_said_to_blow_up_not_a_traceback():
    x, y = batch()
    traj = tm.train(x, y, tm.TrainConfig(lr=1e6, steps=20), num_classes=3)
    k = traj.blew_up_at
    assert k is not None and (traj.losses[k] > 2 * traj.losses[0]
                              or traj.largest_logit(k) > tm.BLOW_UP_LOGIT)
    ok = tm.train(x, y, tm.TrainConfig(lr=1.0, steps=20), num_classes=3)
    assert ok.blew_up_at is None and ok.losses[-1] < ok.losses[0]


def test_squared_error_gradient_nearly_vanishes_where_cross_entropy_stays_large():
    x, y = batch()
    comp = tm.compare(x, y, tm.TrainConfig(lr=1.0, steps=20, start_scale=400.0), 3)
    assert comp.p_label < 0.01
    assert comp.ce_grad > 1.0 and comp.se_grad < 0.05
    assert np.array_equal(comp.ce.logits[0], comp.se.logits[0])  # the same start
    z = torch.tensor(comp.se.logits[0], requires_grad=True)
    onehot = F.one_hot(torch.as_tensor(y), 3).float()
    ((torch.softmax(z, 1) - onehot) ** 2).sum(1).mean().backward()
    assert np.abs(comp.se.grads[0] - z.grad.numpy() * len(y)).max() < 1e-6


def test_temperature_curve_minimum():
    x, y = batch()
    traj = tm.train(x, y, tm.TrainConfig(lr=3.0, steps=50), num_classes=3)
    curve = tm.temperature_curve(traj.logits[-1], y)
    assert curve.temps[0] == pytest.approx(0.05) and curve.temps[-1] == pytest.approx(20.0)
    assert curve.losses[curve.best] == np.nanmin(curve.losses)
    t = curve.temps[7]
    want = F.cross_entropy(torch.as_tensor(traj.logits[-1]) / t, torch.as_tensor(y))
    assert curve.losses[7] == pytest.approx(float(want), abs=1e-6)


def refs(j, n, start=0):
    return [PhotoRef(f"k{j}_{i}", f"photo {j}.{i}", f"d{j}_{i + start}", j) for i in range(n)]


def test_plan_holds_out_and_refuses_bad_data():
    p = plan(["a", "b", "c"], [refs(0, 2), refs(1, 3), refs(2, 4)])
    assert len(p.train) == 2 + 2 + 3 and [r.label for r in p.held] == [1, 2]
    with pytest.raises(DataError):
        plan(["only"], [refs(0, 5)])  # one class
    p = plan(["a", "b", "c"], [refs(0, 1), refs(1, 2), refs(2, 2)])  # a class with one photo
    assert p.names == ("b", "c") and "needs at least 2" in str(p.problems[0])
    dup = refs(0, 2) + [PhotoRef("x", "again", "d0_0", 0)]
    p = plan(["a", "b"], [dup, refs(1, 2)])  # a duplicate photo
    assert len(p.train) == 4 and "same photo" in str(p.problems[0])
    p = plan(["a", "b"], [refs(0, 31), refs(1, 30)])  # 61 photos
    assert len(p.train) + len(p.held) == MAX_PHOTOS and "at most 60" in str(p.problems[0])


def test_the_code_panel_prints_the_page_numbers_and_the_head_loads():
    x, y = batch()
    hx, hy = batch(n=3, seed=2)
    cfg = tm.TrainConfig(lr=1.5, steps=40, label_smoothing=0.1)
    traj = tm.train(x, y, cfg, hx, hy, num_classes=3)
    out = run_panel(train_panel(cfg, features_file(x, y, hx, hy, ["a", "b", "c"]))).output
    assert f"step    0  loss {traj.losses[0]:.4f}" in out
    assert f"step   40  loss {traj.losses[40]:.4f}" in out
    assert f"held-out loss {traj.held_losses[-1]:.4f}" in out
    import io

    head = torch.nn.Linear(32, 3)
    head.load_state_dict(torch.load(io.BytesIO(head_file(traj.weight, traj.bias)),
                                    weights_only=True))
    assert np.array_equal(head.weight.detach().numpy(), traj.weight)


def test_training_runs_on_one_torch_thread_and_leaves_every_other_threads_count():
    """core.base.threads: the workers use one intra-op thread; the caller, and a thread started
    afterwards, keep the process's count (a scoped set_num_threads would be a race)."""
    import threading

    from core.base import threads

    def new_threads_count() -> int:  # the process's count: what a thread started now takes
        later = []
        t = threading.Thread(target=lambda: later.append(torch.get_num_threads()))
        t.start()
        t.join()
        return later[0]

    before, process = torch.get_num_threads(), new_threads_count()
    seen = []
    real = tm.loss_fn

    def spy(*a):
        seen.append((torch.get_num_threads(), threading.current_thread().name))
        return real(*a)

    x, y = batch()
    try:
        tm.loss_fn = spy
        tm.train(x, y, tm.TrainConfig(lr=1.0, steps=3), num_classes=3)
    finally:
        tm.loss_fn = real
    assert seen and all(n == 1 and name.startswith("1-thread") for n, name in seen), seen
    assert threads.on_one_thread(threads.on_one_thread, torch.get_num_threads) == 1  # nested
    assert torch.get_num_threads() == before
    assert new_threads_count() == process
