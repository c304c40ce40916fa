"""The offline model registry: weight mapping, preprocessing from timm's data config, and real
predictions on the bundled photos."""

import numpy as np
import pytest
import torch
import torchvision.transforms.functional as TF
from PIL import Image

from core.photo import models
from core.photo.images import SAMPLES, SAMPLES_DIR, decode_image, sample_bytes
from core.photo.inference import photo_logits, preprocess

CAT_CLASSES = {"tabby", "tiger cat", "Persian cat", "Siamese cat", "Egyptian cat"}


@pytest.fixture(scope="module")
def lite0():
    m = models.load_model("tf_efficientnet_lite0")
    return m, models.make_transform(m)


def test_registry_offers_at_least_two_models_default_lite0():
    assert models.DEFAULT_MODEL == "tf_efficientnet_lite0"
    assert len(models.MODELS) >= 2
    with pytest.raises(models.ModelError, match="Unknown model"):
        models.get_spec("resnet9000")


@pytest.mark.parametrize("name", list(models.MODELS))
def test_every_tensor_is_placed_with_equal_shape(name):
    import timm

    target = timm.create_model(name, pretrained=False).state_dict()
    source = torch.load(models.weights_path(name), map_location="cpu", weights_only=True)
    mapped = models.map_state_dict(target, source)
    wanted = [k for k in target if not k.endswith("num_batches_tracked")]
    assert list(mapped) == wanted  # every tensor, in order
    kept = [v for k, v in source.items() if not k.endswith("num_batches_tracked")]
    for (tk, tv), sv in zip(mapped.items(), kept):
        assert tv.shape == target[tk].shape
        assert tv is sv  # placed as is, never reshaped or guessed


def test_mapping_refuses_wrong_shapes_and_counts():
    target = {"a.weight": torch.zeros(2, 3), "a.bias": torch.zeros(2)}
    with pytest.raises(models.ModelError, match="Shape mismatch"):
        models.map_state_dict(target, {"x": torch.zeros(3, 2), "y": torch.zeros(2)})
    with pytest.raises(models.ModelError, match="tensors"):
        models.map_state_dict(target, {"x": torch.zeros(2, 3)})


def test_loaded_model_equals_the_weight_file(lite0):
    model, _ = lite0
    source = torch.load(models.weights_path("tf_efficientnet_lite0"), weights_only=True)
    assert torch.equal(model.classifier.weight, source["_fc.weight"])
    assert torch.equal(model.conv_stem.weight, source["_conv_stem.weight"])
    assert not model.training
    assert not any(p.requires_grad for p in model.parameters())


@pytest.mark.parametrize("name", ["tf_efficientnet_lite0", "tf_efficientnet_lite1"])
def test_preprocessing_follows_the_models_own_data_config(name):
    """Our transform equals resize-shorter-side (bicubic) + center crop + normalise with the
    numbers in the model's pretrained config, computed here independently with torchvision."""
    model = models.load_model(name) if name != "tf_efficientnet_lite0" else None
    import timm

    model = model or timm.create_model(name, pretrained=False)
    cfg = model.pretrained_cfg
    size = cfg["input_size"][-1]
    image = decode_image(sample_bytes("cat")).image
    ours = preprocess(models.make_transform(model), image)
    scale = int(np.floor(size / cfg["crop_pct"]))
    ref = TF.resize(image, scale, interpolation=TF.InterpolationMode.BICUBIC)
    ref = TF.center_crop(ref, [size, size])
    ref = TF.normalize(TF.to_tensor(ref), cfg["mean"], cfg["std"]).unsqueeze(0)
    assert ours.shape == (1, 3, size, size)
    torch.testing.assert_close(ours, ref, rtol=0, atol=1e-6)


def test_coffee_is_espresso_and_cat_is_a_cat(lite0):
    model, transform = lite0
    names = models.imagenet_class_names()
    coffee = photo_logits(model, transform, decode_image(sample_bytes("coffee")).image)
    p = torch.softmax(torch.as_tensor(coffee), -1)
    assert names[int(p.argmax())] == "espresso"
    assert float(p.max()) > 0.9
    cat = photo_logits(model, transform, decode_image(sample_bytes("cat")).image)
    assert models.imagenet_full_descriptions()[int(np.argmax(cat))].split(",")[0] in CAT_CLASSES


@pytest.mark.parametrize("name", ["tf_efficientnet_lite1", "tf_efficientnet_lite2"])
def test_other_models_also_see_espresso(name):
    model = models.load_model(name)
    logits = photo_logits(model, models.make_transform(model),
                          decode_image(sample_bytes("coffee")).image)
    assert models.imagenet_class_names()[int(np.argmax(logits))] == "espresso"


def test_class_names_come_from_timm():
    names = models.imagenet_class_names()
    assert len(names) == 1000
    assert names[967] == "espresso" and models.class_index("tabby cat") == 281
    with pytest.raises(KeyError):
        models.class_index("unicorn")


def test_samples_are_all_present_and_rgb():
    for s in SAMPLES.values():
        assert (SAMPLES_DIR / s.file).exists()
        d = decode_image(sample_bytes(s.key))
        assert d.image.mode == "RGB"
        # the code panel opens samples with a plain convert("RGB"): it must be the same image
        plain = Image.open(SAMPLES_DIR / s.file).convert("RGB")
        assert np.array_equal(np.asarray(plain), np.asarray(d.image))
    assert (SAMPLES_DIR / "ATTRIBUTION.md").read_text().count(".png") + \
        (SAMPLES_DIR / "ATTRIBUTION.md").read_text().count(".jpg") >= len(SAMPLES)


def test_class_index_prefers_the_name_the_app_shows():
    from core.photo.models import class_index, imagenet_class_names

    names = imagenet_class_names()
    assert class_index("partridge") == 86 and names[86] == "partridge"  # 82 lists it as a synonym
    assert class_index("ruffed grouse") == 82
    assert all(class_index(n) == i for i, n in enumerate(names) if names.index(n) == i)
