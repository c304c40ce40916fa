"""core/photo_batch with the real model: one batched forward equals per-photo forwards, the
per-photo loss is F.cross_entropy of the model's logits, right and wrong labels are told apart,
and the restriction to a few classes runs the article's four steps on real logits."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

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
    assert small.shape == (len(KEYS), 3)
    np.testing.assert_array_equal(small, logits[:, [294, 295, 850]])
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
    # restricted softmax is the full softmax renormalised over the kept classes
    full = torch.softmax(torch.tensor(logits), 1).numpy()[:, list(idx)]
    np.testing.assert_allclose(steps.probs, full / full.sum(1, keepdims=True), rtol=1e-4)


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
