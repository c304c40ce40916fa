"""A test page for ui/ce_labs (the Cross-entropy page may not exist yet): it draws the labs on a
batch kept in session state (default: the article's bears batch) and the labelled photos."""

import numpy as np
import streamlit as st

from ui.ce_labs import render_labs, render_photo_batch

BEARS = [[0.1752, 0.0539, -0.0581], [0.0544, 0.0642, 0.0782], [0.3230, 0.0958, 0.1941],
         [0.1143, -0.0508, 0.0701], [0.1249, 0.0510, 0.1147]]
ss = st.session_state
which = ss.get("test_which", st.query_params.get("which", "labs"))
if which in ("labs", "both"):
    with np.errstate(over="ignore"):  # 1e308 -> inf, as the CE page's float32 batch holds it
        logits = np.asarray(ss.get("test_logits", BEARS), dtype=np.float32)
    render_labs(logits,
                np.asarray(ss.get("test_targets", [1, 0, 2, 0, 2]), dtype=np.int64),
                tuple(ss.get("test_names", ("Grizzly", "Brown", "Teddy"))))
if which in ("photos", "both"):
    render_photo_batch()
