"""core/photo_batch with the real model: one batched forward equals per-photo forwards, the
per-photo loss is F.cross_entropy of the model's logits, right and wrong labels are told apart,
and the restriction to a few classes runs the article's four steps on real logits."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.base.record import REST_INDEX, LogitsRecord, class_label, rest_count, rest_name
from core.losses import math as losses
from core.losses.batch import top_k_batch
from core.photo import batch as pb
from core.photo import models
from core.photo.images import ImageError, decode_image, sample_bytes
from core.photo.inference import photo_logits

KEYS = ("coffee", "cat", "rocket", "flower")


@pytest.fixture(scope="module")
def model_and_logits():
    model = models.load_model(models.DEFAULT_MODEL)
    transform = models.make_transform(model)
    tensors = [pb.prepare(sample_bytes(k), transform).tensor for k in KEYS]
    return model, transform, pb.batched_logits(model, tensors)


def names():
    return models.imagenet_class_names()


def test_one_batched_forward_equals_one_forward_per_photo(model_and_logits):
    model, transform, logits = model_and_logits
    assert logits.shape == (len(KEYS), 1000) and logits.dtype == np.float32
    for row, k in zip(logits, KEYS):
        single = photo_logits(model, transform, decode_image(sample_bytes(k)).image)
        np.testing.assert_allclose(row, single, rtol=1e-4, atol=1e-4)


def test_per_photo_loss_is_f_cross_entropy(model_and_logits):
    _, _, logits = model_and_logits
    labels = [models.class_index(pb.SAMPLE_LABELS[k]) for k in KEYS]
    res = pb.photo_losses(logits, labels)
    ref = F.cross_entropy(torch.tensor(logits), torch.tensor(labels), reduction="none")
    np.testing.assert_allclose(res.losses, ref.numpy(), rtol=1e-6, atol=1e-6)
    assert res.mean == pytest.approx(float(ref.mean()), abs=1e-6)
    p = torch.softmax(torch.tensor(logits), 1)[torch.arange(len(KEYS)), torch.tensor(labels)]
    np.testing.assert_allclose(res.label_prob, p.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(res.predicted, logits.argmax(axis=1))


def test_coffee_labelled_espresso_is_right_and_cheap(model_and_logits):
    _, _, logits = model_and_logits
    res = pb.photo_losses(logits[:1], [models.class_index("espresso")])
    assert not res.wrong[0] and res.label_rank[0] == 1
    assert res.losses[0] < 0.2 and names()[res.predicted[0]] == "espresso"


def test_a_wrong_label_is_flagged(model_and_logits):
    _, _, logits = model_and_logits
    tabby, espresso = models.class_index("tabby"), models.class_index("espresso")
    res = pb.photo_losses(logits[:2], [tabby, tabby])  # coffee labelled tabby; the real cat
    assert res.wrong[0] and res.losses[0] > 8  # nowhere near: a big loss
    # Chelsea is a tabby, but the model ranks tiger cat and Egyptian cat first
    assert res.wrong[1] and res.label_rank[1] == 3 and 0.5 < res.losses[1] < 3
    right = pb.photo_losses(logits[:1], [espresso])
    assert right.losses[0] < res.losses[0]


def test_restriction_to_the_bears_and_the_four_steps(model_and_logits):
    _, _, logits = model_and_logits
    idx = pb.class_indices(pb.BEARS)
    assert idx == (294, 295, 850)
    small = pb.restrict(logits, idx)
    assert small.shape == (len(KEYS), 4) and small.dtype == np.float32
    np.testing.assert_array_equal(small[:, :3], logits[:, [294, 295, 850]])
    others = np.delete(logits, [294, 295, 850], axis=1).astype(np.float64)
    rest = torch.logsumexp(torch.tensor(others), 1).float().numpy()
    np.testing.assert_array_equal(small[:, 3], rest)  # float64 logsumexp, then float32
    targets = [0, 2, 1, 2]
    steps = pb.four_steps(small, targets)
    x = torch.tensor(small)
    np.testing.assert_allclose(steps.probs, torch.softmax(x, 1).numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(steps.probs.sum(axis=1), 1, atol=1e-6)
    np.testing.assert_allclose(steps.log_probs, torch.log_softmax(x, 1).numpy(), atol=1e-6)
    ref = torch.nn.CrossEntropyLoss(reduction="none")(x, torch.tensor(targets)).numpy()
    np.testing.assert_allclose(steps.nll, ref, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(steps.ce, ref, rtol=1e-6, atol=1e-6)
    assert steps.max_diff < 1e-6
    # one loss per photo: the kept classes' softmax and loss are those over all 1000 classes
    full = torch.softmax(torch.tensor(logits), 1).numpy()
    np.testing.assert_allclose(steps.probs[:, :3], full[:, list(idx)], rtol=1e-5, atol=1e-7)
    kept_targets = torch.tensor([idx[t] for t in targets])
    full_ce = F.cross_entropy(torch.tensor(logits), kept_targets, reduction="none").numpy()
    np.testing.assert_allclose(steps.ce, full_ce, rtol=0, atol=1e-6)


@pytest.mark.parametrize("idx", [[294], [294, 294], list(range(11))])
def test_restriction_needs_2_to_10_distinct_classes(idx):
    with pytest.raises(ValueError, match="2 to 10"):
        pb.restrict(np.zeros((1, 1000), np.float32), idx)


def test_default_target():
    bears = (294, 295, 850)
    assert pb.default_target(850, bears, 0) == 2  # the label, when it is kept
    assert [pb.default_target(967, bears, r) for r in range(6)] == [1, 0, 2, 0, 2, 1]
    assert pb.default_target(None, (294, 295), 2) == 0  # 2 % 2: always a kept column


def test_sample_labels_are_imagenet_classes():
    for k, name in pb.SAMPLE_LABELS.items():
        assert names()[models.class_index(name)] == name, k


def test_bad_bytes_raise_image_error(model_and_logits):
    _, transform, _ = model_and_logits
    with pytest.raises(ImageError):
        pb.prepare(b"not an image", transform)
    with pytest.raises(ValueError, match="No photos"):
        pb.batched_logits(model_and_logits[0], [])
    assert pb.digest(b"a") == pb.digest(b"a") != pb.digest(b"b")


# ---------------------------------------------------------------- one loss per photo
@pytest.mark.parametrize("k", [2, 5, 19])
def test_top_k_with_all_other_classes_gives_the_1000_class_loss(model_and_logits, k):
    """Wherever a photo's top k are used as classes (the loss pages' top-k batch, the Softmax
    page's working set, the Logits page's "use these top k"), the other classes stay as one
    column: NLL, cross-entropy and softmax there equal the 1000-class values, on real logits."""
    _, _, logits = model_and_logits
    for row, key in zip(logits, KEYS):
        rec = LogitsRecord(values=row, class_names=names(), source="sample",
                           class_indices=tuple(range(1000)))
        order = np.argsort(-row.astype(np.float64), kind="stable")[:k]
        top = rec.top_k(k, rest=True)
        assert top.num_classes == k + 1 and top.class_names[-1] == rest_name(1000 - k)
        assert top.class_indices == (*order.tolist(), REST_INDEX)
        full = torch.tensor(row)[None]  # (1, 1000)
        np.testing.assert_allclose(torch.softmax(torch.tensor(top.values), 0).numpy()[:k],
                                   torch.softmax(full, 1).numpy()[0, order], rtol=1e-5, atol=1e-7)
        for target in sorted({0, 1, k // 2, k - 1}):
            batch = top_k_batch(rec, k, target)
            assert batch.num_classes == k + 1 and batch.targets.tolist() == [target]
            want = float(F.cross_entropy(full, torch.tensor([int(order[target])])))
            assert abs(float(losses.cross_entropy(batch.logits, batch.targets)) - want) <= 1e-6, key
            steps = losses.cross_entropy_steps(batch)  # the CE page's four steps
            assert abs(float(steps.losses[0]) - want) <= 1e-6, key
            assert abs(float(steps.module_losses[0]) - want) <= 1e-6, key
            p_full = float(torch.softmax(full.double(), 1)[0, int(order[target])])
            view = losses.nll_view(batch)  # the NLL page: −p of the target
            assert abs(float(view.nll_none[0]) + p_full) <= 1e-6, key


def test_a_record_that_keeps_every_class_gets_no_extra_column():
    rec = LogitsRecord(values=np.array([1.0, 2.0, 3.0], np.float32), class_names=("a", "b", "c"),
                       source="hand-edited")
    assert rec.top_k(3, rest=True).class_names == ("c", "b", "a")
    assert top_k_batch(rec, 3, 0).num_classes == 3
    two = rec.top_k(2, rest=True)
    assert two.class_names == ("c", "b", rest_name(1)) and two.values[-1] == np.float32(1.0)


def test_the_extra_column_is_data_shown_translated():
    name = rest_name(995)
    assert name == "(all other 995 classes)" and rest_count(name) == 995
    assert rest_count("all other 995 classes") is None and rest_count("cat") is None
    assert class_label(name, "en") == "(all other 995 classes)"
    assert class_label(name, "ja") == "(その他のクラス全部: 995 クラス)"
    assert class_label("tabby", "ja") == "tabby"
