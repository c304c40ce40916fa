"""The Logits page's live charts' data (core.photo.live). The overview's label places: labels
of one lane never overlap and stay inside the plot, at the narrowest plot the piece draws and at
any wider one, for the known bad neighbours ("Egyptian cat / tiger cat / tabby", "consomme /
chocolate sauce"). The histogram's bins: one nice width, every finite logit counted once."""

import numpy as np
import pytest

from core.base.figures import text_units
from core.photo.live import (
    CHAR_PX,
    LABEL_PAD_PX,
    PLACE_WIDTH_PX,
    histogram_bins,
    histogram_data,
    label_places,
    overview_data,
)
from core.photo.models import imagenet_class_names

NAMES = imagenet_class_names()
CAT = ["tiger cat", "Egyptian cat", "tabby", "lynx", "window screen"]
COFFEE = ["espresso", "cup", "consomme", "chocolate sauce", "coffee mug"]


def boxes(names, width):
    """(left, right, lane) of each label on a plot ``width`` px wide, as the piece draws them
    (centres scale with the width; a label keeps its size)."""
    xs = [NAMES.index(n) for n in names]
    out = []
    for n, (centre, lane) in zip(names, label_places(xs, names, len(NAMES))):
        half = text_units(n) * CHAR_PX / 2 + LABEL_PAD_PX
        out.append((centre * width - half, centre * width + half, lane))
    return out


def overlaps(bs) -> list:
    return [(i, j) for i in range(len(bs)) for j in range(i + 1, len(bs))
            if bs[i][2] == bs[j][2] and bs[i][0] < bs[j][1] and bs[j][0] < bs[i][1]]


@pytest.mark.parametrize("names", [CAT, COFFEE, CAT[:3], COFFEE[2:4]])
@pytest.mark.parametrize("width", [PLACE_WIDTH_PX, 310, 420, 900])
def test_the_known_bad_neighbours_never_overlap(names, width):
    bs = boxes(names, width)
    assert overlaps(bs) == []
    assert all(0 <= a and b <= width for a, b, _ in bs), bs  # inside the plot
    # neighbours five classes apart do stack: the check above is not vacuous
    if "tabby" in names:
        assert len({lane for *_, lane in bs[:3]}) == 3


def test_a_check_that_ignores_lanes_would_fail():
    """Without the lanes the cat's labels do overlap (what the placement is for)."""
    bs = [(a, b, 0) for a, b, _ in boxes(CAT, PLACE_WIDTH_PX)]
    assert overlaps(bs)


def test_far_apart_classes_share_a_lane_and_labels_keep_to_their_points():
    (c0, l0), (c1, l1) = label_places([300, 800], ["goldfish", "toilet tissue"], 1000)
    assert l0 == l1 == 0
    assert c0 == pytest.approx(300 / 999) and c1 == pytest.approx(800 / 999)
    # at the edges a label moves inwards just enough to stay inside
    (c, _), = label_places([999], ["toilet tissue"], 1000)
    assert c * PLACE_WIDTH_PX == pytest.approx(PLACE_WIDTH_PX - (13 * CHAR_PX / 2 + 4))


def test_a_wide_label_counts_its_cjk_characters_twice():
    (a, la), (b, lb) = label_places([500, 520], ["ロジット", "cat"], 1000)
    wide = text_units("ロジット") * CHAR_PX / 2 + LABEL_PAD_PX
    assert wide == 4 * 2 * CHAR_PX / 2 + LABEL_PAD_PX
    assert la != lb  # 20 classes apart: 5.6 px, far less than the labels' width


def test_the_data_holds_every_logit_as_the_page_writes_it():
    row = np.array([0.5, -1.25, 3.00004, -0.00001, 2.0], dtype=np.float32)
    d = overview_data(row, ("a", "b", "c<b>", "d", "e"), np.array([2, 4]))
    assert d["logits"] == ["0.5000", "-1.2500", "3.0000", "0.0000", "2.0000"]
    assert [t["index"] for t in d["top"]] == [2, 4]
    assert [t["name"] for t in d["top"]] == ["c<b>", "e"]  # text: the piece sets textContent
    assert [t["logit"] for t in d["top"]] == ["3.0000", "2.0000"]
    assert d["levels"] == 1 + max(t["level"] for t in d["top"])


@pytest.mark.parametrize("row", [
    np.array([-3.6307, 11.4122, 0.0, 0.1, 2.5], dtype=np.float32),
    np.random.default_rng(0).normal(0, 2, 1000).astype(np.float32),
    np.array([1.0, 1.0, 1.0], dtype=np.float32),  # no spread at all
    np.array([0.5, np.nan, np.inf, -2.0], dtype=np.float32)])
def test_histogram_bins_hold_every_finite_logit_once(row):
    edges, counts = histogram_bins(row)
    z = row[np.isfinite(row)].astype(np.float64)
    w = np.diff(edges)
    assert np.allclose(w, w[0]) and len(counts) <= 61
    assert any(np.isclose(w[0], m * 10.0 ** k) for m in (1, 2, 2.5, 5) for k in range(-3, 3))
    assert counts.sum() == z.size and edges[0] <= z.min() and z.max() < edges[-1]
    for v in z:  # each logit in its own bin [lo, hi)
        i = int(np.searchsorted(edges, v, side="right")) - 1
        assert edges[i] <= v < edges[i + 1] and counts[i] > 0
    d = histogram_data(row)
    assert d["counts"] == counts.tolist() and d["edge_text"] == [f"{e:g}" for e in edges]
