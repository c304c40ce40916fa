"""The benchmark's reference for "key press → torch's numbers" (bench/live.py): each live piece's
control as a plain Streamlit slider over the same grid (or range), in a fragment of its own as
the app's parts are, whose rerun computes torch's numbers for the new value with the same
core function and writes them into a table. Not part of the app: bench.live starts it with
``streamlit run bench/slider_reference.py``.
"""

import numpy as np
import streamlit as st

from core.article.bears import article_batch
from core.base.activations import softmax
from core.losses import lab
from core.losses.lab_live import LR_GRID, SMOOTHING_GRID
from core.sigmoid.math import readout
from core.softmax.inputs import GAP, TEMPERATURE
from core.softmax.math import PRESETS, temperature_sweep, top_share_curve

Z = np.asarray(PRESETS["article"].logits, dtype=np.float32)
BATCH = article_batch()


def sigmoid_logit(z: float) -> dict:
    r = readout(z)
    return {"z": z, "σ(z)": float(r.sigmoid)}


def temperature(t: float) -> dict:
    s = temperature_sweep(Z, [t])
    return {"T": t, **{f"p{k}": float(p) for k, p in enumerate(s.probs[0])},
            "H (nats)": float(s.entropy_nats[0])}


def gap(g: float) -> dict:
    return {"gap": g, "share": float(top_share_curve(Z, 0, [g])[0])}


def learning_rate(lr: float) -> dict:
    step = lab.gradient_step(BATCH, lr)
    return {"lr": lr, "before": float(step.curve[0]), "after": float(step.curve[1])}


def scale(s: float) -> dict:
    res = lab.stability(BATCH, s, "float32")
    return {"scale": s, **{m: float(np.nansum(res.picked(m))) for m in lab.METHODS}}


def smoothing(eps: float) -> dict:
    res = lab.cross_entropy_by_hand(BATCH, lab.CEOptions(label_smoothing=eps))
    return {"ε": eps, "torch": float(np.asarray(res.torch_value))}


def row_logit(v: float) -> dict:
    x = np.array(BATCH.logits, dtype=np.float32)
    x[0, 0] = v
    p = softmax(x[0]).numpy()
    return {"logit": v, **{f"p{k}": float(q) for k, q in enumerate(p)}}


def softmax_logit(v: float) -> dict:
    z = Z.copy()
    z[1] = v
    return {"logit": v, **{f"p{k}": float(p) for k, p in enumerate(softmax(z).numpy())}}


LOGITS = tuple(round(-10 + 0.1 * k, 1) for k in range(201))
CONTROLS = {  # name: (grid, start, torch numbers for one value)
    "sigmoid logit": (LOGITS, 0.0, sigmoid_logit),
    "softmax temperature": (TEMPERATURE.options, 1.0, temperature),
    "softmax raise-one gap": (GAP.options, 2.0, gap),
    "ce lab learning rate": (LR_GRID, 1.0, learning_rate),
    "ce lab logit scale": (lab.SCALES, lab.SCALES[0], scale),
    "ce lab label smoothing": (SMOOTHING_GRID, 0.0, smoothing),
    "nll drag one row": (LOGITS, 0.2, row_logit),
    "softmax drag": (LOGITS, 1.3, softmax_logit),
}


def key_of(name: str) -> str:
    """The container's key (bench.live finds the part by ``.st-key-<key>``)."""
    return "ref_" + name.replace(" ", "_").replace("-", "_")


def control(name: str) -> None:
    grid, start, numbers = CONTROLS[name]

    @st.fragment
    def part() -> None:
        with st.container(key=key_of(name)):
            v = st.select_slider(name, options=list(grid), value=start)
            st.table({k: [f"{x:.6g}"] for k, x in numbers(float(v)).items()})

    part()


for name in CONTROLS:
    control(name)
