"""The Train page's step scrubber as a playback piece (ui/live/playback.js): torch's numbers for
every step are sent at once; the thumb (or Play) shows any step at once — the losses, the loss
and accuracy over the steps with the step marked and its numbers in words, the chosen photo's
logit of each class over the steps with the step marked, its softmax bars, every photo's
softmax, and the gradient heatmap (softmax − one-hot of every photo) — and on release the step
goes back to Python (one run)."""

from __future__ import annotations

from core.base.i18n import translator
from core.train import inputs
from core.train import live as frames
from core.train.math import Trajectory
from ui.live.playback import GridPiece, finite_range, log_axis, nums, readout, table

STEP = GridPiece(inputs.P + "step_live", inputs.STEP, "train.step")
ACC_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


def loss_text(v: float) -> str:
    """A mean loss as the page prints it."""
    return f"{v:.4f}"


def acc_text(v: float) -> str:
    """An accuracy as the page prints it."""
    return f"{v:.0%}"


def curve_chart(t, f: dict, held: bool, log: bool) -> dict:
    """Mean loss (training, held-out) and accuracy (right axis) over the steps, the shown step
    marked and its numbers in words; a loss that blew up on a log axis, so the jump and the
    start both show."""
    series = [{"name": t("train.trace_train"), "ys": nums(f["loss"]), "color": "top"}]
    if held:
        series.append({"name": t("train.trace_held"), "ys": nums(f["held_loss"]),
                       "color": "accent", "dash": "dash"})
    series.append({"name": t("train.trace_acc"), "ys": nums(f["accuracy"]), "color": "good",
                   "dash": "dot", "y2": True})
    losses = f["loss"] + (f["held_loss"] if held else [])
    y = log_axis(losses) if log else dict(zip(("y_lo", "y_hi"), finite_range(losses)))
    note = [t("train.curve_now_held", k=k, loss=loss_text(f["loss"][k]), acc=acc_text(a),
              held=loss_text(f["held_loss"][k]),
              held_acc=acc_text(f["held_accuracy"][k])) if held else
            t("train.curve_now", k=k, loss=loss_text(f["loss"][k]), acc=acc_text(a))
            for k, a in enumerate(f["accuracy"])]
    return {"title": t("train.curve_title"), "file": "train loss and accuracy",
            "x_title": t("train.x_step"),
            "y_title": t("train.y_loss"), "xs": list(range(len(f["grid"]))), **y,
            "y2": {"lo": 0.0, "hi": 1.05, "ticks": list(ACC_TICKS),
                   "tick_text": [acc_text(v) for v in ACC_TICKS], "title": t("train.y_acc")},
            "series": series, "vline": f["grid"], "note": note}


def step_piece(traj: Trajectory, classes, photo: int, photo_title: str, shown_rows, row_titles,
               step: int, lang: str) -> None:
    t = translator(lang)
    f = frames.step_frames(traj, photo, shown_rows, len(shown_rows))
    k = len(f["grid"])
    held = traj.held_logits.shape[1] > 0
    lo, hi = finite_range([v for c in f["curves"] for v in c], lo=min(
        [0.0, *(v for c in f["curves"] for v in c if abs(v) < float("inf"))]))
    logits = {"title": t("train.logits_title", photo=photo_title), "file": "train logits",
              "x_title": t("train.x_step"),
              "y_title": t("train.col_logit"), "xs": list(range(k)), "y_lo": lo, "y_hi": hi,
              "series": [{"name": str(c), "ys": nums(ys)} for c, ys in zip(classes, f["curves"])],
              "vline": f["grid"]}
    bars = {"title": t("train.bars_title", photo=photo_title), "names": [str(c) for c in classes],
            "hi": 1.0, "frames": [nums(b) for b in f["bars"]], "digits": 3}
    reads = [readout(t("train.read_loss"), f["loss"]),
             readout(t("train.read_acc"), f["accuracy"], digits=3)]
    if held:
        reads += [readout(t("train.read_held"), f["held_loss"]),
                  readout(t("train.read_held_acc"), f["held_accuracy"], digits=3)]
    labels = {"thumb": t("train.step"), "value": t("train.step"),
              "source": t("train.piece_source"), "play": t("train.play"),
              "pause": t("train.pause")}
    STEP.show(f["grid"], [t("train.step_text", k=i, n=k - 1) for i in range(k)], float(step),
              labels=labels, readouts=reads, bars=bars,
              charts=[curve_chart(t, f, held, traj.blew_up_at is not None), logits],
              tables=[table([str(c) for c in classes], row_titles, f["table"], digits=3,
                            title=t("train.table_title")),
                      table([str(c) for c in classes], row_titles[:len(shown_rows)], f["grads"],
                            digits=3, title=t("train.heat_title"), heat=1.0)])
