"""The Train page's step scrubber as a playback piece (ui/live/playback.js): torch's numbers for
every step are sent at once; the thumb (or Play) shows any step at once — the losses, the
chosen photo's logit of each class over the steps with the step marked, its softmax bars, and
every photo's softmax, and the gradient heatmap (softmax − one-hot of every photo) — and on
release the step goes back to Python (one run: the server's
charts follow)."""

from __future__ import annotations

from core.base.i18n import translator
from core.train import inputs
from core.train import live as frames
from core.train.math import Trajectory
from ui.live.playback import GridPiece, finite_range, nums, readout, table

STEP = GridPiece(inputs.P + "step_live", inputs.STEP, "train.step")


def step_piece(traj: Trajectory, classes, photo: int, photo_title: str, shown_rows, row_titles,
               step: int, lang: str) -> None:
    t = translator(lang)
    f = frames.step_frames(traj, photo, shown_rows, len(shown_rows))
    k = len(f["grid"])
    lo, hi = finite_range([v for c in f["curves"] for v in c], lo=min(
        [0.0, *(v for c in f["curves"] for v in c if abs(v) < float("inf"))]))
    chart = {"title": t("train.logits_title", photo=photo_title), "x_title": t("train.x_step"),
             "y_title": t("train.col_logit"), "xs": list(range(k)), "y_lo": lo, "y_hi": hi,
             "series": [{"name": str(c), "ys": nums(ys)} for c, ys in zip(classes, f["curves"])],
             "vline": f["grid"]}
    bars = {"title": t("train.bars_title", photo=photo_title), "names": [str(c) for c in classes],
            "hi": 1.0, "frames": [nums(b) for b in f["bars"]], "digits": 3}
    reads = [readout(t("train.read_loss"), f["loss"]),
             readout(t("train.read_acc"), f["accuracy"], digits=3)]
    if traj.held_logits.shape[1]:
        reads += [readout(t("train.read_held"), f["held_loss"]),
                  readout(t("train.read_held_acc"), f["held_accuracy"], digits=3)]
    labels = {"thumb": t("train.step"), "value": t("train.step"),
              "source": t("train.piece_source"), "play": t("train.play"),
              "pause": t("train.pause")}
    STEP.show(f["grid"], [t("train.step_text", k=i, n=k - 1) for i in range(k)], float(step),
              labels=labels, readouts=reads, chart=chart, bars=bars,
              tables=[table([str(c) for c in classes], row_titles, f["table"], digits=3,
                            title=t("train.table_title")),
                      table([str(c) for c in classes], row_titles[:len(shown_rows)], f["grads"],
                            digits=3, title=t("train.heat_title"), heat=1.0)])
