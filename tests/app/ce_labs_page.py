"""A test page for ui/ce_labs (the Cross-entropy page may not exist yet): it draws the labs on a
batch kept in session state (default: the article's bears batch) and the labelled photos."""

import streamlit as st

from core.losses.batch import BatchError, validate_batch
from ui.ce_labs import render_labs, render_photo_batch
from ui.i18n import lang

BEARS = [[0.1752, 0.0539, -0.0581], [0.0544, 0.0642, 0.0782], [0.3230, 0.0958, 0.1941],
         [0.1143, -0.0508, 0.0701], [0.1249, 0.0510, 0.1147]]
ss = st.session_state
ss.setdefault("deeper_all_open", True)  # the labs' parts open, as the sidebar's switch does
which = ss.get("test_which", st.query_params.get("which", "labs"))
if which in ("labs", "both"):
    try:  # the edge, as on the Cross-entropy page: raw cells become one checked Batch
        batch = validate_batch(ss.get("test_logits", BEARS),
                               ss.get("test_targets", [1, 0, 2, 0, 2]),
                               ss.get("test_names", ("Grizzly", "Brown", "Teddy")))
    except BatchError as err:
        st.error(err.text(lang()), icon=":material/error:")
    else:
        render_labs(batch)
if which in ("photos", "both"):
    render_photo_batch()
