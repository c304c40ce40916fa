"""Article section 5: negative log likelihood. nll_loss picks each row's target value and
negates it: no log is taken here."""

import streamlit as st

from core import charts_loss
from core.article_bears import article_batch, comparisons
from core.losses import nll_view
from core.losses_batch import row_name
from core.losses_tables import class_matrix, nll_frame, reductions_frame
from core.snippets_loss import nll_panel
from ui.batch_editor import labelled_batch
from ui.panels import chart, code_panel, table

st.title("Negative log likelihood")
st.markdown(
    "A classifier sees a batch of samples; each has a **target**, the index of its true class. "
    "In the article: five images, each a grizzly, a brown or a teddy bear, targets "
    "`[1, 0, 2, 0, 2]`. The softmax gives each row a probability per class; "
    "`F.nll_loss` then looks at **one value per row: the target's**.")


@st.fragment
def nll_lesson() -> None:
    batch = labelled_batch("nll", "NLL")
    view = nll_view(batch)
    n = batch.num_rows

    st.subheader("1. Softmax of each row, the target marked")
    st.markdown("`outputs = torch.softmax(logits, dim=1)`: each row sums to 1. The **target** "
                "column says which class is the true one; its probability is `p(target)`.")
    table(class_matrix(view.probs, batch, {"p(target)": view.picked}), name="nll softmax",
          key="nll_softmax", caption="outputs: softmax per row, with each row's target")
    chart(charts_loss.target_heatmap(view.probs, batch.targets, batch.class_names,
                                     "Softmax per row: the target cell outlined"),
          name="nll softmax targets", key="nll_heatmap")

    st.subheader("2. Pick, negate, and F.nll_loss")
    st.markdown(f"`-outputs[torch.arange({n}), targets]` picks each row's target probability "
                "and negates it. `F.nll_loss(outputs, targets, reduction='none')` gives the "
                "same numbers:")
    table(nll_frame(view, batch), name="nll picked negated", key="nll_picked")
    if bool((view.nll_none == view.negated).all()):
        st.success(f"All {n} values of F.nll_loss are exactly −p(target): bit for bit equal.",
                   icon=":material/check_circle:")
    else:  # cannot happen for a validated batch; shown rather than hidden if it ever does
        st.warning("F.nll_loss differs from −p(target) here.", icon=":material/warning:")
    st.info("**`nll_loss` only picks and negates: no log is taken here.** Its name promises a "
            "negative *log* likelihood, but it expects its input to be log-probabilities "
            "already. Given plain probabilities (as here) it returns −p, a number between −1 "
            "and 0. The next page takes the log first: that is cross-entropy.",
            icon=":material/lightbulb:")

    st.subheader("3. Reductions: none, mean, sum")
    m = st.columns(3)
    m[0].metric("reduction='mean' (default)", f"{view.nll_mean.item():.4f}")
    m[1].metric("reduction='sum'", f"{view.nll_sum.item():.4f}")
    m[2].metric("rows", f"{n}")
    table(reductions_frame({"none": view.nll_none, "mean": view.nll_mean,
                            "sum": view.nll_sum}),
          name="nll reductions", key="nll_reductions",
          caption=f"mean = sum ÷ {n}; training uses one number, so 'mean' is the default")

    st.subheader("4. What should these values be?")
    worst = int(view.picked.argmin())
    st.markdown(
        "Ideally the model gives the true class a probability **close to 1**, so each picked "
        "value is near 1 and its negation near −1 (the smallest nll_loss can be on "
        f"probabilities). Here the picked values average {view.picked.mean().item():.4f}; "
        f"{row_name(worst)} is the furthest from 1 (p = {view.picked[worst].item():.4f} for "
        f"{batch.target_names[worst]}).")
    chart(charts_loss.per_row_bars(view.picked, "Target probability per row",
                                   y_title="p(target)", ideal=1.0, ideal_label="ideal: 1",
                                   y_range=[0, 1.1]),
          name="nll target probability", key="nll_picked_chart")
    if batch.same_as(article_batch()):
        with st.expander("The article's printed numbers for this batch", expanded=False,
                         icon=":material/menu_book:"):
            comp = comparisons()
            for key, columns in (("softmax", batch.class_names), ("picked", ["−p(target)"]),
                                 ("nll_softmax", ["nll_loss"])):
                c = comp[key]
                st.caption(f"Printed: `{c.title}` — "
                           + (f"{c.count_beyond} value(s) differ beyond rounding, marked ≠"
                              if c.count_beyond else "all within rounding of the computed "
                              f"values (largest difference {c.max_diff:.5f})"))
                table(c.frame(columns), name=f"nll article {key}", key=f"nll_article_{key}")
    code_panel(nll_panel(batch))


nll_lesson()
