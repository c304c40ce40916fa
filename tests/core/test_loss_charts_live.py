"""The loss lessons' live charts' data (core.losses.live: ui/live/target_heatmap.js and
row_bars.js draw it): torch's numbers and the text the tables write for them, the targets, the
colour of each cell and an ink that reads on it (WCAG AA), the ranges, what a non-finite loss
becomes, and class names kept as the learner typed them."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.article.bears import article_batch
from core.base.i18n import tr
from core.base.numbers import fmt_number
from core.base.record import rest_name
from core.losses.batch import validate_batch
from core.losses.live import (
    BLUES,
    INKS,
    blues,
    contrast,
    heatmap_data,
    ink_on,
    loss_bars_data,
    picked_bars_data,
)
from core.losses.math import cross_entropy_steps, nll_view
from core.losses.tables import loss_bars_table, picked_bars_table


def test_the_heatmap_holds_torchs_softmax_and_each_rows_target():
    b = article_batch()
    x, t = torch.tensor(b.logits), torch.tensor(b.targets)
    p = torch.softmax(x, dim=1)
    d = heatmap_data(nll_view(b).probs, b.targets, b.class_names, lang="en")
    torch.testing.assert_close(torch.tensor(d["values"], dtype=torch.float32), p, rtol=0,
                               atol=0)
    assert d["texts"] == [[fmt_number(v) for v in row] for row in p.tolist()]
    assert d["targets"] == t.tolist() == [1, 0, 2, 0, 2]
    assert d["classes"] == list(b.class_names) and d["rows"][4] == "row 5"
    assert d["tips"][0][1] == f"row 1 · {b.class_names[1]} (target)\n{fmt_number(p[0, 1])}"
    assert d["tips"][0][0] == f"row 1 · {b.class_names[0]}\n{fmt_number(p[0, 0])}"
    assert d["fills"][0][0] == blues(p[0, 0].item())
    json.dumps(d, allow_nan=False)  # what travels to the browser is plain JSON


def test_the_bars_hold_torchs_target_probabilities_and_losses():
    b = article_batch()
    x, t = torch.tensor(b.logits), torch.tensor(b.targets)
    picked = torch.softmax(x, dim=1)[torch.arange(5), t]
    d = picked_bars_data(nll_view(b).picked, lang="en")
    assert d["values"] == picked.tolist() and d["texts"] == [fmt_number(v) for v in picked]
    assert d["ideal"] == 1.0 and d["hi"] == 1.1 and d["heights"] == d["values"]
    losses = F.cross_entropy(x, t, reduction="none")
    d = loss_bars_data(cross_entropy_steps(b).losses, lang="en")
    np.testing.assert_allclose(d["values"], losses.numpy(), rtol=1e-6)
    assert d["texts"] == [fmt_number(v) for v in d["values"]]
    assert d["ideal"] == 0.0 and d["hi"] == pytest.approx(max(d["values"]) * 1.1)
    assert d["tips"][2] == f"row 3\n{d['texts'][2]}"
    assert picked_bars_table(picked, lang="en")["p(target)"].tolist() == picked.tolist()
    table = loss_bars_table(cross_entropy_steps(b).losses, lang="en")
    assert table["row"].tolist() == [1, 2, 3, 4, 5]
    assert table["−log p(target)"].tolist() == d["values"]


def test_an_infinite_loss_reaches_the_top_and_says_inf():
    """The article's naive step 3 (log of softmax) gives -inf when a probability underflows:
    that row's loss is inf. Its bar reaches the top of a range set by the finite ones; JSON
    has no inf, so its number is None and its text says what it is."""
    d = loss_bars_data(torch.tensor([0.5, float("inf"), 2.0, float("nan")]), lang="en")
    assert d["values"] == [0.5, None, 2.0, None]
    assert d["texts"] == ["0.5000", "inf", "2.0000", "NaN"]
    assert d["hi"] == pytest.approx(2.2) and d["heights"] == [0.5, d["hi"], 2.0, None]
    json.dumps(d, allow_nan=False)
    assert loss_bars_data(torch.zeros(3), lang="en")["hi"] == 1.0  # all perfect: still a range


def test_the_colour_scale_runs_light_to_dark_and_every_cells_text_reads():
    assert blues(0.0) == "#F7FBFF" and blues(1.0) == "#08306B" and blues(2.0) == blues(1.0)
    grid = np.linspace(0.0, 1.0, 401)
    light = [contrast(blues(p), "#FFFFFF") for p in grid]
    assert all(a <= b for a, b in zip(light, light[1:]))  # darker all the way
    worst = min(contrast(ink_on(blues(p)), blues(p)) for p in grid)
    assert worst >= 4.5  # WCAG AA for small text, on every cell
    assert ink_on(blues(0.0)) == INKS[0] and ink_on(blues(1.0)) == INKS[1]
    # Streamlit's grey-black instead of black would fail on the middle blues: the check bites
    assert min(max(contrast(c, blues(p)) for c in ("#262730", "#FFFFFF")) for p in grid) < 4.5
    # the scale is the "Blues" the Plotly heatmap drew, stop for stop
    from plotly.colors import sequential

    assert [f"rgb({r},{g},{b})" for _, (r, g, b) in BLUES] == sequential.Blues
    assert [a for a, _ in BLUES] == [k / 8 for k in range(9)]


def test_class_names_stay_as_typed_and_the_rest_column_is_in_the_pages_language():
    names = ("<b>bold</b>", "a & b", rest_name(997))
    b = validate_batch([[1.0, 2.0, 3.0]], [2], names)
    d = heatmap_data(nll_view(b).probs, b.targets, b.class_names, lang="ja")
    assert d["classes"][:2] == ["<b>bold</b>", "a & b"]  # the piece sets them as text
    assert d["classes"][2] == tr("ja", "record.rest_class", n=997)
    assert tr("ja", "losses.col_target") in d["tips"][0][2]
