"""The learner's classes and photos, checked, and split into training and held-out photos.

A class needs a name and at least MIN_PHOTOS photos; 2 to MAX_CLASSES classes; at most
MAX_PHOTOS photos in all; a photo (same bytes) may be used once. A class with 3 photos or
more keeps its last one out of training (held out: the honest test), with its views left out
too.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.base.i18n import Msg

MIN_CLASSES, MAX_CLASSES = 2, 6
MIN_PHOTOS = 2  # per class
MAX_PHOTOS = 60  # in all
HOLD_OUT_FROM = 3  # a class with this many photos holds its last one out
# The ready-made example: bundled photos in three classes (catalogue names train.example_<j>).
EXAMPLE = (("astronaut", "grace_hopper"), ("cat", "flower"), ("coffee", "rocket", "china"))


@dataclass(frozen=True)
class PhotoRef:
    key: str  # unique within the set (widget keys, cache keys)
    title: str  # what the page calls it (never an uploaded file's name)
    digest: str  # content hash
    label: int  # its class


@dataclass(frozen=True)
class Plan:
    names: tuple[str, ...]  # the classes that are trained (in order)
    train: tuple[PhotoRef, ...]
    held: tuple[PhotoRef, ...]
    problems: tuple[Msg, ...]  # what was left out, and why (the rest still trains)

    @property
    def num_classes(self) -> int:
        return len(self.names)


class DataError(ValueError):
    """Nothing to train; ``args[0]`` lists the messages (``Msg``) that say why."""


def plan(names, photos) -> Plan:
    """``names``: one per class; ``photos``: for each class, its PhotoRefs (label = that
    class). Duplicates and photos beyond MAX_PHOTOS are left out with a message; a class with
    too few photos is left out; fewer than MIN_CLASSES classes left raises DataError."""
    problems: list[Msg] = []
    seen: dict[str, str] = {}
    kept_classes: list[tuple[str, list[PhotoRef]]] = []
    total = 0
    for j, (name, refs) in enumerate(zip(names, photos, strict=True)):
        name = str(name).strip() or f"class {j + 1}"
        keep = []
        for ref in refs:
            if ref.digest in seen:
                problems.append(Msg("train_msgs.duplicate", photo=ref.title,
                                    first=seen[ref.digest]))
                continue
            if total >= MAX_PHOTOS:
                problems.append(Msg("train_msgs.too_many", photo=ref.title, max=MAX_PHOTOS))
                continue
            seen[ref.digest] = ref.title
            keep.append(ref)
            total += 1
        if len(keep) < MIN_PHOTOS:
            problems.append(Msg("train_msgs.few_photos", name=name, n=len(keep), min=MIN_PHOTOS))
            continue
        kept_classes.append((name, keep))
    if len({n for n, _ in kept_classes}) < len(kept_classes):
        problems.append(Msg("train_msgs.same_name"))
    if len(kept_classes) < MIN_CLASSES:
        raise DataError([*problems, Msg("train_msgs.few_classes", n=len(kept_classes),
                                        min=MIN_CLASSES)])
    train, held = [], []
    for label, (_, refs) in enumerate(kept_classes):
        refs = [PhotoRef(r.key, r.title, r.digest, label) for r in refs]
        if len(refs) >= HOLD_OUT_FROM:
            train += refs[:-1]
            held.append(refs[-1])
        else:
            train += refs
    return Plan(names=tuple(n for n, _ in kept_classes), train=tuple(train), held=tuple(held),
                problems=tuple(problems))
