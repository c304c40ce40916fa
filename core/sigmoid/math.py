"""Article section 3: the sigmoid and the binary question "is it a car?".

Stable sigmoid helpers, the ImageNet class groups that turn the 1000-class model into yes/no
questions, the group's binary logit log(p / (1 - p)) computed from the logits with log-sum-exp,
the binary loss, sigmoid vs softmax on the same logits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F

from core.base.activations import as_tensor, sigmoid, softmax
from core.base.i18n import Msg
from core.base.tolerance import float32_close
from core.photo.models import imagenet_class_names

SIGMOID_TEX = r"\sigma(z) = \frac{1}{1 + e^{-z}}"  # the page's formula, and its notebook's
CURVE_RANGE = (-10.0, 10.0)  # the slider's span: the article's landmarks sit well inside it
LANDMARK = 4.0  # "below about -4 almost 0, above about 4 almost 1"


# ---------------------------------------------------------------- the sigmoid itself
def stable_sigmoid(z) -> torch.Tensor:
    """1 / (1 + e^(-z)) written so that exp never overflows: for z < 0 use e^z / (1 + e^z)."""
    z = as_tensor(z)
    e = torch.exp(-z.abs())  # in (0, 1]: never overflows
    return torch.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z) -> torch.Tensor:
    """dσ/dz = σ(z)(1 − σ(z)): at most 0.25 (at z = 0), tiny for |z| > 4: learning slows."""
    s = stable_sigmoid(z)
    return s * (1.0 - s)


@dataclass(frozen=True)
class SigmoidReadout:
    z: float
    sigmoid: float  # σ(z)
    complement: float  # 1 − σ(z) (= σ(−z) up to rounding)
    derivative: float  # σ(z)(1 − σ(z))


def readout(z: float) -> SigmoidReadout:
    """The numbers shown next to the curve: torch's own kernel, as the code panel prints them."""
    t = torch.tensor([z], dtype=torch.float32)
    s = sigmoid(t)
    return SigmoidReadout(float(t[0]), float(s[0]), float(1 - s[0]), float(s[0] * (1 - s[0])))


def curve(lo: float = CURVE_RANGE[0], hi: float = CURVE_RANGE[1], n: int = 801,
          include: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(z, σ(z), σ'(z)) on a grid over [lo, hi], widened to show ``include`` (the current z)."""
    if include is not None and np.isfinite(include):
        lo, hi = min(lo, include - 2.0), max(hi, include + 2.0)
    z = torch.linspace(lo, hi, n, dtype=torch.float32)
    return z.numpy(), stable_sigmoid(z).numpy(), sigmoid_derivative(z).numpy()


# ---------------------------------------------------------------- ImageNet class groups
@dataclass(frozen=True)
class ClassGroup:
    key: str
    label: Msg  # "cars" (the page shows it in the user's language: ui.i18n.msg)
    noun: Msg  # "a car": the question is "Is it a car?"
    names: tuple[str, ...]  # ImageNet class names (timm's first synonym), resolved by name

    @property
    def question(self) -> Msg:
        return Msg("sigmoid_groups.question", noun=self.noun)


_DOGS = (
    "Chihuahua", "Japanese spaniel", "Maltese dog", "Pekinese", "Shih-Tzu", "Blenheim spaniel",
    "papillon", "toy terrier", "Rhodesian ridgeback", "Afghan hound", "basset", "beagle",
    "bloodhound", "bluetick", "black-and-tan coonhound", "Walker hound", "English foxhound",
    "redbone", "borzoi", "Irish wolfhound", "Italian greyhound", "whippet", "Ibizan hound",
    "Norwegian elkhound", "otterhound", "Saluki", "Scottish deerhound", "Weimaraner",
    "Staffordshire bullterrier", "American Staffordshire terrier", "Bedlington terrier",
    "Border terrier", "Kerry blue terrier", "Irish terrier", "Norfolk terrier", "Norwich terrier",
    "Yorkshire terrier", "wire-haired fox terrier", "Lakeland terrier", "Sealyham terrier",
    "Airedale", "cairn", "Australian terrier", "Dandie Dinmont", "Boston bull",
    "miniature schnauzer", "giant schnauzer", "standard schnauzer", "Scotch terrier",
    "Tibetan terrier", "silky terrier", "soft-coated wheaten terrier",
    "West Highland white terrier", "Lhasa", "flat-coated retriever", "curly-coated retriever",
    "golden retriever", "Labrador retriever", "Chesapeake Bay retriever",
    "German short-haired pointer", "vizsla", "English setter", "Irish setter", "Gordon setter",
    "Brittany spaniel", "clumber", "English springer", "Welsh springer spaniel", "cocker spaniel",
    "Sussex spaniel", "Irish water spaniel", "kuvasz", "schipperke", "groenendael", "malinois",
    "briard", "kelpie", "komondor", "Old English sheepdog", "Shetland sheepdog", "collie",
    "Border collie", "Bouvier des Flandres", "Rottweiler", "German shepherd", "Doberman",
    "miniature pinscher", "Greater Swiss Mountain dog", "Bernese mountain dog", "Appenzeller",
    "EntleBucher", "boxer", "bull mastiff", "Tibetan mastiff", "French bulldog", "Great Dane",
    "Saint Bernard", "Eskimo dog", "malamute", "Siberian husky", "dalmatian", "affenpinscher",
    "basenji", "pug", "Leonberg", "Newfoundland", "Great Pyrenees", "Samoyed", "Pomeranian",
    "chow", "keeshond", "Brabancon griffon", "Pembroke", "Cardigan", "toy poodle",
    "miniature poodle", "standard poodle", "Mexican hairless")
_BIRDS = (  # "crane" is left out: ImageNet has a bird and a machine of that name
    "cock", "hen", "ostrich", "brambling", "goldfinch", "house finch", "junco", "indigo bunting",
    "robin", "bulbul", "jay", "magpie", "chickadee", "water ouzel", "kite", "bald eagle",
    "vulture", "great grey owl", "black grouse", "ptarmigan", "ruffed grouse", "prairie chicken",
    "peacock", "quail", "partridge", "African grey", "macaw", "sulphur-crested cockatoo",
    "lorikeet", "coucal", "bee eater", "hornbill", "hummingbird", "jacamar", "toucan", "drake",
    "red-breasted merganser", "goose", "black swan", "white stork", "black stork", "spoonbill",
    "flamingo", "little blue heron", "American egret", "bittern", "limpkin",
    "European gallinule", "American coot", "bustard", "ruddy turnstone", "red-backed sandpiper",
    "redshank", "dowitcher", "oystercatcher", "pelican", "king penguin", "albatross")

GROUPS: dict[str, ClassGroup] = {g.key: g for g in (
    ClassGroup("cars", Msg("sigmoid_groups.cars"), Msg("sigmoid_groups.cars_noun"), (
        "ambulance", "beach wagon", "cab", "convertible", "jeep", "limousine", "minivan",
        "Model T", "pickup", "police van", "racer", "sports car")),
    ClassGroup("dogs", Msg("sigmoid_groups.dogs"), Msg("sigmoid_groups.dogs_noun"), _DOGS),
    ClassGroup("cats", Msg("sigmoid_groups.cats"), Msg("sigmoid_groups.cats_noun"), (
        "tabby", "tiger cat", "Persian cat", "Siamese cat", "Egyptian cat")),
    ClassGroup("big_cats", Msg("sigmoid_groups.big_cats"), Msg("sigmoid_groups.big_cats_noun"), (
        "cougar", "lynx", "leopard", "snow leopard", "jaguar", "lion", "tiger", "cheetah")),
    ClassGroup("bears", Msg("sigmoid_groups.bears"), Msg("sigmoid_groups.bears_noun"), (
        "brown bear", "American black bear", "ice bear", "sloth bear")),
    ClassGroup("birds", Msg("sigmoid_groups.birds"), Msg("sigmoid_groups.birds_noun"), _BIRDS),
    ClassGroup("coffee", Msg("sigmoid_groups.coffee"), Msg("sigmoid_groups.coffee_noun"), (
        "espresso", "cup", "coffee mug", "coffeepot", "espresso maker")),
    ClassGroup("rockets", Msg("sigmoid_groups.rockets"), Msg("sigmoid_groups.rockets_noun"), (
        "missile", "projectile", "space shuttle")),
    ClassGroup("flowers", Msg("sigmoid_groups.flowers"), Msg("sigmoid_groups.flowers_noun"), (
        "daisy", "yellow lady's slipper")),
)}
DEFAULT_GROUP = "cars"  # the article's question


def resolve_class(name: str) -> int:
    """The ImageNet index whose name is exactly ``name``; an unknown or ambiguous name is an
    error (silently picking one of two "crane" classes would change the question)."""
    hits = [i for i, n in enumerate(imagenet_class_names()) if n == name]
    if len(hits) != 1:
        raise KeyError(f"{name!r} names {len(hits)} ImageNet classes; a group needs exactly one.")
    return hits[0]


@lru_cache(maxsize=len(GROUPS))
def group_indices(key: str) -> tuple[int, ...]:
    if key not in GROUPS:
        raise KeyError(f"Unknown group {key!r}; choose one of {sorted(GROUPS)}.")
    return tuple(resolve_class(n) for n in GROUPS[key].names)


# ---------------------------------------------------------------- the group's binary logit
@dataclass(frozen=True)
class GroupLogit:
    logit: float  # log(p / (1 − p)) = logsumexp(z_in) − logsumexp(z_out)
    sigmoid: float  # σ(logit) = p, from the logit
    mass: float  # Σ softmax(z)[group]: the check (float32, may underflow to 0)
    mass_logit: float  # log(mass / (1 − mass)): −inf/inf where the mass underflows/rounds to 1
    lse_in: float
    lse_out: float
    top: tuple[tuple[str, float, float], ...]  # the group's best classes: (name, logit, p)

    @property
    def mass_agrees(self) -> bool:
        """σ(logit) and the softmax mass are the same number by the app's one rule
        (core.base.tolerance): equal within float32's resolution at the size of what they are
        built from. The logit is a difference of two log-sum-exps, so float32 knows it only to
        about eps·(|lse_in| + |lse_out|); σ passes that on times its slope σ(1 − σ); both sides
        are probabilities (size 1)."""
        slope = self.sigmoid * (1.0 - self.sigmoid)
        size = 1.0 + slope * (abs(self.lse_in) + abs(self.lse_out))
        return bool(float32_close(self.sigmoid, self.mass, magnitude=size))


def group_mask(num_classes: int, indices) -> torch.Tensor:
    """(C,) bool, True for the group's classes; a group needs classes inside and outside."""
    mask = torch.zeros(num_classes, dtype=torch.bool)
    mask[list(indices)] = True
    if mask.all() or not mask.any():
        raise ValueError("A group needs at least one class inside and one outside.")
    return mask


def group_lse(logits, indices, dtype: torch.dtype = torch.float32
              ) -> tuple[torch.Tensor, torch.Tensor]:
    """(logsumexp of the logits in the group, logsumexp of the rest)."""
    z = as_tensor(logits, dtype)
    mask = group_mask(z.shape[-1], indices)
    return torch.logsumexp(z[mask], dim=-1), torch.logsumexp(z[~mask], dim=-1)


def group_logit(logits, key: str, top: int = 5) -> GroupLogit:
    z = as_tensor(logits)  # (1000,)
    idx = list(group_indices(key))
    mask = group_mask(z.numel(), idx)
    lse_in, lse_out = group_lse(z, idx)
    b = lse_in - lse_out  # log(p / (1 − p)) without forming p: its two parts kept for the page
    p = softmax(z)
    mass = p[mask].sum()
    m = float(mass)  # the naive route: the logit taken back out of a (float32) probability
    mass_logit = math.log(m / (1.0 - m)) if 0 < m < 1 else (-math.inf if m <= 0 else math.inf)
    names = imagenet_class_names()
    order = sorted(idx, key=lambda i: -float(z[i]))[:top]
    return GroupLogit(logit=float(b), sigmoid=float(sigmoid(b)), mass=m,
                      mass_logit=mass_logit, lse_in=float(lse_in), lse_out=float(lse_out),
                      top=tuple((names[i], float(z[i]), float(p[i])) for i in order))


# ---------------------------------------------------------------- binary loss
def binary_loss(z, target: float) -> torch.Tensor:
    """−[y log σ(z) + (1 − y) log(1 − σ(z))], stably: −log σ(z) = softplus(−z) and
    −log(1 − σ(z)) = −log σ(−z) = softplus(z). Same numbers as
    F.binary_cross_entropy_with_logits."""
    z = as_tensor(z)
    y = float(target)
    return y * F.softplus(-z) + (1.0 - y) * F.softplus(z)


def naive_binary_loss(z, target: float) -> torch.Tensor:
    """The formula as written, −log σ(z) or −log(1 − σ(z)) on float32: it turns to inf once
    σ(z) rounds to 0 or 1 (z below about −104, or above about 17 for 1 − σ)."""
    s = sigmoid(z)
    return -torch.log(s) if float(target) == 1.0 else -torch.log(1.0 - s)


def torch_bce(z, target: float) -> torch.Tensor:
    z = as_tensor(z)
    return F.binary_cross_entropy_with_logits(z, torch.full_like(z, float(target)),
                                              reduction="none")


@dataclass(frozen=True)
class LossReadout:
    """One logit's binary loss three ways, and whether each agrees with torch by the app's one
    rule (core.base.tolerance: within float32's resolution at the size of z and the loss)."""
    target: int
    stable: float
    naive: float
    torch_value: float
    z: float = 0.0

    def _agrees(self, value: float) -> bool:
        return bool(float32_close(value, self.torch_value, magnitude=abs(self.z)))

    @property
    def stable_agrees(self) -> bool:
        return self._agrees(self.stable)

    @property
    def naive_breaks(self) -> bool:
        """σ(z) rounded to exactly 0 or 1, so the formula as written gives inf."""
        return math.isinf(self.naive)

    @property
    def naive_loses_digits(self) -> bool:
        """Finite, but off by more than float32 explains (1 − σ(z) cancels digits away)."""
        return not self.naive_breaks and not self._agrees(self.naive)


def loss_readout(z: float, target: int) -> LossReadout:
    t = torch.tensor([z], dtype=torch.float32)
    return LossReadout(int(target), float(binary_loss(t, target)[0]),
                       float(naive_binary_loss(t, target)[0]), float(torch_bce(t, target)[0]),
                       float(t[0]))


# ---------------------------------------------------------------- sigmoid vs softmax
@dataclass(frozen=True)
class SideBySide:
    names: tuple[str, ...]
    logits: np.ndarray  # float32 (k,)
    sigmoid: np.ndarray  # each alone
    softmax: np.ndarray  # together, over these k only
    sigmoid_sum: float
    softmax_sum: float


def sigmoid_vs_softmax(values, names) -> SideBySide:
    z = as_tensor(values)  # (k,)
    s, p = sigmoid(z), softmax(z)
    return SideBySide(tuple(names), z.numpy(), s.numpy(), p.numpy(), float(s.sum()),
                      float(p.sum()))
