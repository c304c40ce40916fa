"""Softmax, step by step (article section 4, 4a, 4b): presets, the naive and max-shifted
breakdown, the five properties checked live, entropy, temperature, "softmax wants to pick one",
and validation of a hand-edited class list.

Everything is computed in float32 with PyTorch, the dtype a model's logits have, so every number
here is the number `torch.softmax` gives.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import torch

from core.base.activations import as_tensor, log_softmax, softmax
from core.base.i18n import Msg
from core.base.numbers import NumberError, parse_number
from core.base.record import LOGIT_LIMIT
from core.base.text import quote
from core.base.tolerance import float32_tolerance

MIN_CLASSES, MAX_CLASSES = 2, 20
T_MIN, T_MAX = 0.05, 20.0  # the temperature control's range (log scale)
NAME_MAX_LEN = 40


@dataclass(frozen=True)
class Preset:
    title: Msg  # button label (English str; the page shows it in the user's language)
    names: tuple[str, ...]  # class names are data: the record and code panels keep them as is
    logits: tuple[float, ...]
    detail: Msg


PRESETS = {
    "article": Preset(Msg("softmax_msgs.preset_article"),
                      ("horse", "ball", "fish", "car", "stick"),
                      (-0.2135, -0.0248, 3.985, -4.235, -0.1831),
                      Msg("softmax_msgs.preset_article_detail")),
    "pick_one": Preset(Msg("softmax_msgs.preset_pick_one"),
                       ("class 0", "class 1", "class 2"), (0.02, -2.49, 1.25),
                       Msg("softmax_msgs.preset_pick_one_detail")),
}

def _f32(x) -> torch.Tensor:
    return as_tensor(x, torch.float32)


# ---------------------------------------------------------------- the breakdown (section 4a)
@dataclass(frozen=True)
class Breakdown:
    """softmax(z)_i = exp(z_i) / sum_j exp(z_j), two ways, every intermediate in float32."""
    logits: np.ndarray  # (C,)
    naive_exp: np.ndarray  # exp(z_i): overflows to inf above z ≈ 88.7
    naive_sum: float
    naive_probs: np.ndarray  # exp(z_i) / sum: NaN once the sum is inf
    max_logit: float
    shifted: np.ndarray  # z_i - max(z) <= 0
    shifted_exp: np.ndarray  # in (0, 1]
    shifted_sum: float  # in [1, C]
    shifted_probs: np.ndarray
    probs: np.ndarray  # torch.softmax(z, dim=-1)

    @property
    def naive_overflows(self) -> bool:
        return not bool(np.isfinite(self.naive_probs).all())


def breakdown(logits) -> Breakdown:
    z = _f32(logits)  # (C,)
    e = torch.exp(z)
    s = e.sum()
    m = z.max()
    sh = z - m
    se = torch.exp(sh)
    ss = se.sum()
    return Breakdown(logits=z.numpy(), naive_exp=e.numpy(), naive_sum=float(s),
                     naive_probs=(e / s).numpy(), max_logit=float(m), shifted=sh.numpy(),
                     shifted_exp=se.numpy(), shifted_sum=float(ss),
                     shifted_probs=(se / ss).numpy(), probs=softmax(z).numpy())


# ---------------------------------------------------------------- the five properties
@dataclass(frozen=True)
class Property:
    name: Msg
    holds: bool
    evidence: Msg  # the live numbers that show it


def jacobian(logits) -> np.ndarray:
    """d softmax(z)_i / d z_j by autograd, (C, C); analytically diag(p) - p p^T."""
    z = _f32(logits)
    # torch.softmax itself: core.base.activations.softmax detaches its input (no graph)
    return torch.autograd.functional.jacobian(lambda x: torch.softmax(x, dim=-1), z).numpy()


def output_gradient(logits, i: int) -> np.ndarray:
    """Gradient of one output p_i with respect to every logit, by backward()."""
    z = _f32(logits).clone().requires_grad_(True)
    torch.softmax(z, dim=-1)[i].backward()
    return z.grad.numpy()


def properties(logits, shift: float = 100.0) -> list[Property]:
    z = _f32(logits)
    p = softmax(z)
    c = p.numel()
    lo, hi, total = float(p.min()), float(p.max()), float(p.double().sum())
    inside = lo > 0.0 and hi < 1.0
    in_01 = Property(
        Msg("softmax_msgs.prop_in_01"), lo >= 0.0 and hi <= 1.0,
        Msg("softmax_msgs.ev_in_01" if inside else "softmax_msgs.ev_in_01_rounded",
            lo=f"{lo:.6g}", hi=f"{hi:.6g}"))
    err = abs(total - 1.0)
    # The one rule (core.base.tolerance): float32's resolution at the size of what each check
    # is built from: c probabilities summed; a Jacobian row sums c products; z + shift rounds
    # at the size of |z| + |shift|.
    sum_ok = bool(err <= float32_tolerance(c))
    sums = Property(Msg("softmax_msgs.prop_sum"),
                    sum_ok,
                    Msg("softmax_msgs.ev_sum", total=f"{total:.9f}", err=f"{err:.2e}"))
    jac = jacobian(z)
    pn = p.double().numpy()
    analytic = np.diag(pn) - np.outer(pn, pn)
    jerr = float(np.abs(jac - analytic).max())
    # the class softmax picks; when float32 rounds the top probabilities to a tie (logits
    # closer than its resolution, e.g. [-4.6e-23, 0]), the one the logits pick among them
    zi = int(torch.argmax(z))
    top = zi if float(p[zi]) == hi else int(torch.argmax(p))
    grad = output_gradient(z, top)
    diff = Property(Msg("softmax_msgs.prop_diff"),
                    bool(np.isfinite(jac).all()) and bool(jerr <= float32_tolerance(c)),
                    Msg("softmax_msgs.ev_diff", err=f"{jerr:.1e}", top=top,
                        grad="[" + ", ".join(f"{g:.4f}" for g in grad) + "]"))
    order_kept = bool(torch.equal(torch.argsort(z, stable=True), torch.argsort(p, stable=True))
                      ) or bool(torch.unique(p).numel() < c)
    dist = Property(Msg("softmax_msgs.prop_dist"),
                    bool((p >= 0).all()) and sum_ok and
                    int(torch.argmax(z)) == top and order_kept,
                    Msg("softmax_msgs.ev_dist", top=top))
    shifted = softmax(z + shift)
    down = softmax(z - shift)
    serr = float(max((shifted - p).abs().max(), (down - p).abs().max()))
    shift_ok = bool(serr <= float32_tolerance(float(z.abs().max()) + abs(shift)))
    inv = Property(Msg("softmax_msgs.prop_shift", shift=f"{shift:g}"),
                   shift_ok, Msg("softmax_msgs.ev_shift", shift=f"{shift:g}",
                                    err=f"{serr:.1e}"))
    return [in_01, sums, diff, dist, inv]


# ---------------------------------------------------------------- entropy and temperature
def entropy(logits, temperature: float = 1.0) -> tuple[float, float]:
    """H = −Σ p log p of softmax(z / T), in nats and in bits; via log_softmax (no log 0)."""
    lp = log_softmax(logits, temperature)
    h = float(-(lp.exp() * lp).sum())
    h = max(h, 0.0) + 0.0  # never print -0.0
    return h, h / math.log(2.0)


def temperature_grid(n: int = 61) -> np.ndarray:
    """Log-spaced temperatures from T_MIN to T_MAX (1 is on the grid)."""
    g = np.geomspace(T_MIN, T_MAX, n)
    g[np.argmin(np.abs(np.log(g)))] = 1.0
    return g


@dataclass(frozen=True)
class TemperatureSweep:
    temperatures: np.ndarray  # (K,)
    probs: np.ndarray  # (K, C)
    entropy_nats: np.ndarray  # (K,)
    argmax: np.ndarray  # (K,) the same class at every T > 0


def temperature_sweep(logits, temperatures) -> TemperatureSweep:
    z = _f32(logits)
    ts = np.asarray(temperatures, dtype=np.float64)
    probs = np.stack([softmax(z, float(t)).numpy() for t in ts])
    ent = np.array([entropy(z, float(t))[0] for t in ts])
    return TemperatureSweep(ts, probs, ent, probs.argmax(axis=1))


# ---------------------------------------------------------------- section 4b
def with_gap(logits, i: int, gap: float) -> np.ndarray:
    """The logits with class i set `gap` above the best other class."""
    z = np.asarray(logits, dtype=np.float32).copy()
    others = np.delete(z, i)
    z[i] = np.float32(others.max() + gap)
    return z


def current_gap(logits) -> tuple[int, float]:
    """(top class, top logit − second logit)."""
    z = np.asarray(logits, dtype=np.float32)
    order = np.argsort(-z, kind="stable")
    return int(order[0]), float(z[order[0]] - z[order[1]])


def top_share_curve(logits, i: int, gaps) -> np.ndarray:
    """Share of class i as its logit sits `gap` above the best other class, for each gap."""
    return np.array([float(softmax(with_gap(logits, i, float(g)))[i]) for g in gaps])


def others_equal_share(n_classes: int, gaps) -> np.ndarray:
    """Top share when the other n−1 logits are all equal and `gap` below: 1/(1+(n−1)e^−gap)."""
    return np.array([float(softmax([float(g)] + [0.0] * (n_classes - 1))[0]) for g in gaps])


# ---------------------------------------------------------------- validation
def unique_names(names) -> tuple[str, ...]:
    """Names made non-empty and unique (ImageNet has two "crane"s): "crane", "crane (2)".
    A missing name becomes "class k": a class name is data (kept in the record, the code panels
    and shared links), so it is not translated."""
    out: list[str] = []
    seen: set[str] = set()
    for k, n in enumerate(names, start=1):
        base = (str(n).strip() or f"class {k}")[:NAME_MAX_LEN]
        name, j = base, 2
        while name.casefold() in seen:
            name, j = f"{base} ({j})", j + 1
        seen.add(name.casefold())
        out.append(name)
    return tuple(out)


def next_class_name(names) -> str:
    """The name "Add a class" gives: it continues a "class N" numbering the list already has
    (the pick-one preset's class 0, 1, 2 → "class 3"), else counts from 1 like the exact boxes
    ("class 6" after five named classes)."""
    numbers = [int(m.group(1)) for n in names
               if (m := re.fullmatch(r"class (\d{1,4})", str(n).strip(), re.IGNORECASE))]
    return unique_names([*names, f"class {max(numbers) + 1 if numbers else len(names) + 1}"])[-1]


class ClassListError(ValueError):
    """A hand-edited class list that cannot be used; .messages (``core.base.i18n.Msg``, English
    text that the UI shows in the user's language) name each bad class."""

    def __init__(self, messages: list[Msg]):
        super().__init__(" ".join(messages))
        self.messages = messages


def validate_class_list(names, logits) -> tuple[tuple[str, ...], np.ndarray]:
    """Check a hand-edited list: 2..20 classes, names non-empty and unique (ignoring case and
    surrounding spaces), each logit a finite number within ±LOGIT_LIMIT. ``logits`` may hold
    numbers or the text a user typed. Returns (names, float32 logits) or raises ClassListError
    with one message per failure, each naming the class (by name, or by position)."""
    names = [str(n) if n is not None else "" for n in names]
    logits = list(logits)
    msgs: list[Msg] = []
    if len(names) != len(logits):
        raise ClassListError([Msg("softmax_msgs.count_mismatch", names=len(names),
                                  logits=len(logits))])
    if not MIN_CLASSES <= len(names) <= MAX_CLASSES:
        msgs.append(Msg("softmax_msgs.class_count", lo=MIN_CLASSES, hi=MAX_CLASSES,
                        n=len(names)))
    clean = [n.strip() for n in names]
    seen: dict[str, int] = {}
    values = np.zeros(len(names), dtype=np.float32)
    for k, (name, raw) in enumerate(zip(clean, logits), start=1):
        who = {"k": k, "name": quote(name)} if name else {"k": k}
        what = Msg("softmax_msgs.what_logit_named" if name else "softmax_msgs.what_logit", **who)
        if not name:
            msgs.append(Msg("softmax_msgs.name_empty", k=k))
        elif len(name) > NAME_MAX_LEN:
            msgs.append(Msg("softmax_msgs.name_too_long", name=quote(name), k=k,
                            limit=NAME_MAX_LEN))
        elif name.casefold() in seen:
            msgs.append(Msg("softmax_msgs.name_used", name=quote(name), k=k,
                            other=seen[name.casefold()]))
        else:
            seen[name.casefold()] = k
        try:
            text = raw if isinstance(raw, str) else repr(float(raw)) if raw is not None else ""
            values[k - 1] = parse_number(text, lo=-LOGIT_LIMIT, hi=LOGIT_LIMIT,
                                         what=what).value
        except (NumberError, TypeError, ValueError) as err:
            got = err.args[0] if err.args else str(err)
            if isinstance(got, Msg) and "what" in got.params:
                msgs.append(got)  # it already names the class
            else:  # some messages quote the text only: say which class it was
                msgs.append(Msg("softmax_msgs.logit_of_named" if name else "softmax_msgs.logit_of",
                                error=got, **who))
    if msgs:
        raise ClassListError(msgs)
    return tuple(clean), values
