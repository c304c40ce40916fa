"""Article section 6: cross-entropy = nll_loss of the log of the softmax, in four steps, equal
to nn.CrossEntropyLoss; log_softmax is the stable step 3. Article mode puts the article's
printed tables beside the computed ones."""


import numpy as np
import streamlit as st

from core import charts_loss
from core.article_bears import ARTICLE_CALLS, comparisons, run_call
from core.losses import cross_entropy_steps
from core.losses_batch import row_name
from core.losses_tables import log_softmax_frame, module_frame, step_frames
from core.snippets_loss import article_calls_panel, ce_panel, fmt
from ui import ce_labs
from ui.batch_editor import ARTICLE_DETAIL, labelled_batch
from ui.panels import chart, code_panel, table

st.title("Cross-entropy loss")
st.markdown(
    "Cross-entropy is `nll_loss` applied to the **log** of the softmax of the logits. The "
    "article does it in four steps: (1) logits, (2) softmax over the classes, (3) log, "
    "(4) `F.nll_loss`, which picks each row's target and negates it. "
    "`nn.CrossEntropyLoss` does all four in one call.")


def show_step(key: str, title: str, df, compared=None, columns=None) -> None:
    """One step's table; in article mode the printed table beside it, differences marked."""
    if compared is None:
        table(df, name=f"ce step {title}", key=f"ce_step_{key}")
        return
    left, right = st.columns(2)
    with left:
        st.caption("Computed by the app (float32, from the printed logits)")
        table(df, name=f"ce step {title}", key=f"ce_step_{key}")
    with right:
        st.caption(f"Printed in the article: `{compared.title}`")
        table(compared.frame(columns), name=f"ce article {title}", key=f"ce_article_{key}")
        if compared.count_beyond:
            st.warning(f"{compared.count_beyond} printed value(s) differ from the computed ones "
                       f"by more than rounding (largest {compared.max_diff:.4f}): marked ≠.",
                       icon=":material/warning:")
        else:
            st.caption(f"All printed values match within rounding (largest difference "
                       f"{compared.max_diff:.5f} ≤ 0.0001).")


@st.fragment
def cross_entropy_lesson() -> None:
    article = st.toggle("Article mode: the article's printed numbers beside the computed ones",
                        key="ce_article_mode")
    if article:
        from core.article_bears import article_batch

        batch = article_batch()
        st.caption(f"Article mode uses {ARTICLE_DETAIL}: its printed logits and targets "
                   "[1, 0, 2, 0, 2]. Turn it off to edit your own batch.")
        comp = comparisons()
    else:
        batch = labelled_batch("ce", "Cross-entropy")
        comp = {}
    steps = cross_entropy_steps(batch)
    frames = step_frames(steps, batch)
    names = list(batch.class_names)

    m = st.columns(3)
    m[0].metric("cross-entropy (mean over rows)", f"{steps.module_mean:.4f}",
                help="nn.CrossEntropyLoss() with its default reduction='mean'")
    m[1].metric("rows × classes", f"{batch.num_rows} × {batch.num_classes}")
    worst = int(steps.module_losses.argmax())
    m[2].metric(f"largest row loss ({row_name(worst)})",
                f"{steps.module_losses[worst].item():.4f}")

    st.subheader("Step 1: the logits")
    if article:
        st.caption("The article's printed logits are the input: used exactly as printed.")
    show_step("1", "logits", frames["1 logits"])
    st.subheader("Step 2: softmax over the classes")
    show_step("2", "softmax", frames["2 softmax"], comp.get("softmax"), names)
    st.subheader("Step 3: the log of the softmax")
    show_step("3", "log softmax", frames["3 log"], comp.get("log"), names)
    st.subheader("Step 4: F.nll_loss on step 3")
    st.markdown("`F.nll_loss(log_probs, targets, reduction='none')` picks each row's "
                "log-probability of its target and negates it: the loss per row, −log p(target).")
    show_step("4", "nll loss", frames["4 nll_loss"], comp.get("losses"), ["loss"])
    c1, c2 = st.columns(2)
    with c1:
        chart(charts_loss.per_row_bars(steps.losses, "Loss per row", y_title="−log p(target)",
                                       ideal=0.0, ideal_label="ideal: 0"),
              name="ce loss per row", key="ce_loss_bars")
    with c2:
        n = np.arange(batch.num_rows)
        chart(charts_loss.minus_log_curve(steps.probs.numpy()[n, batch.targets]),
              name="ce minus log curve", key="ce_curve")

    st.subheader("nn.CrossEntropyLoss: the four steps in one call")
    st.markdown("`nn.CrossEntropyLoss(reduction='none')(logits, targets)` on the same batch "
                "(targets as an int64 tensor):")
    show_step("module", "cross entropy module", module_frame(steps, batch), comp.get("module"),
              ["loss"])
    if steps.module_matches:
        st.success(f"Equal to step 4 within 1e-6: largest difference "
                   f"{steps.max_module_diff:.2e}.", icon=":material/check_circle:")
    else:
        st.warning(f"Step 4 and nn.CrossEntropyLoss differ by {steps.max_module_diff:.3g}: "
                   "log(softmax) lost precision (a probability rounded to 0 gives −inf). "
                   "nn.CrossEntropyLoss uses log_softmax and stays exact.",
                   icon=":material/warning:")

    st.subheader("log_softmax beside log(softmax)")
    st.markdown("`torch.log_softmax(logits, dim=1)` computes step 3 as z − logsumexp(z), "
                "without forming the probabilities first, so a tiny probability never "
                "rounds to 0 and its log never becomes −inf. Use it instead of "
                "`torch.log(torch.softmax(...))`.")
    left, right = st.columns(2)
    with left:
        st.caption("torch.log(torch.softmax(logits, dim=1))")
        table(frames["3 log"], name="ce log of softmax", key="ce_log_of_softmax")
    with right:
        st.caption("torch.log_softmax(logits, dim=1)")
        table(log_softmax_frame(steps, batch), name="ce log softmax", key="ce_log_softmax")
    st.caption(f"Largest |log_softmax − log(softmax)| in this batch: "
               f"{steps.max_log_softmax_diff:.2e}.")

    if article:
        st.subheader("The article's calls that do not run as printed")
        for call in ARTICLE_CALLS:
            failed, fixed = run_call(call.printed), run_call(call.works)
            st.code(call.printed, language="python")
            st.warning(f"As printed: {failed.error or 'runs'}. {call.why}",
                       icon=":material/warning:")
            st.code(f"{call.works}\n# {fmt(fixed.value)}", language="python")
        code_panel(article_calls_panel(), title="The article's calls, as printed and fixed")
    code_panel(ce_panel(batch))

    ce_labs.render_labs(np.array(batch.logits, dtype=np.float32),
                        np.array(batch.targets, dtype=np.int64), tuple(batch.class_names))
    ce_labs.render_photo_batch()


cross_entropy_lesson()
