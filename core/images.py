"""Safe decoding of user photos and the bundled samples.

Every failure becomes an ``ImageError`` whose message says what was wrong and what to do;
nothing here lets a Pillow exception or a decompression bomb reach the page. Limits are checked
on the header, before any pixel is decoded (see shared/PITFALLS.md).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from core.i18n import Msg

MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1_000_000  # Streamlit's uploader counts 1 MB = 10^6 bytes
MAX_PIXELS = 50_000_000  # a 48 MP phone photo passes; a 9500x9500 bomb does not
MAX_ASPECT = 20.0  # longer side / shorter side; long strips explode under resize-then-crop
DRAFT_ABOVE_SIDE = 4096  # big JPEGs are decoded at a reduced scale (still >= this / 2)
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")  # MPO opens as JPEG
UPLOAD_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff")
BACKGROUND = (255, 255, 255)  # transparent pixels are shown on white, and so the model sees them

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "assets" / "samples"


class ImageError(ValueError):
    """A photo that cannot be used. ``str(err)`` is the English message for the user; its one
    argument is a ``core.i18n.Msg``, which the UI shows in the user's language."""

    def __init__(self, key: str, **params):
        super().__init__(Msg(key, **params))


@dataclass
class DecodedImage:
    image: Image.Image  # 8-bit RGB, upright
    original_size: tuple[int, int]  # (width, height) as stored in the file
    format: str
    notes: list[Msg] = field(default_factory=list)  # what was converted on purpose


@dataclass(frozen=True)
class Sample:
    key: str
    file: str
    title: str  # English; the UI shows the catalogue's samples.<key>


SAMPLES: dict[str, Sample] = {s.key: s for s in (
    Sample("coffee", "coffee.png", "Coffee cup"),
    Sample("cat", "cat.png", "Chelsea the cat"),
    Sample("rocket", "rocket.jpg", "Rocket launch"),
    Sample("astronaut", "astronaut.png", "Astronaut"),
    Sample("grace_hopper", "grace_hopper.jpg", "Grace Hopper"),
    Sample("china", "china.jpg", "Temple roof"),
    Sample("flower", "flower.jpg", "Flower"),
)}
DEFAULT_SAMPLE = "coffee"


def sample_bytes(key: str) -> bytes:
    if key not in SAMPLES:
        raise ImageError("images.no_sample", name=repr(key)[:40], choices=", ".join(SAMPLES))
    return (SAMPLES_DIR / SAMPLES[key].file).read_bytes()


def check_upload_size(n_bytes: int) -> None:
    if n_bytes == 0:
        raise ImageError("images.empty")
    if n_bytes > MAX_UPLOAD_BYTES:
        raise ImageError("images.too_big_file", n=n_bytes, limit=MAX_UPLOAD_BYTES,
                         limit_mb=MAX_UPLOAD_MB)


def _check_geometry(width: int, height: int) -> None:
    if width < 1 or height < 1:
        raise ImageError("images.no_pixels")
    if width * height > MAX_PIXELS:
        raise ImageError("images.too_many_pixels", w=width, h=height, mp=width * height / 1e6,
                         limit=MAX_PIXELS / 1e6)
    aspect = max(width, height) / min(width, height)
    if aspect > MAX_ASPECT:
        raise ImageError("images.too_long", w=width, h=height, aspect=aspect, limit=MAX_ASPECT)


def _to_8bit_gray(im: Image.Image) -> Image.Image:
    """16-bit, 32-bit integer and float images: scale to 0..255 on purpose (a plain
    convert('RGB') clips them to white or black)."""
    a = np.asarray(im, dtype=np.float64)
    a = np.nan_to_num(a, nan=0.0, posinf=0.0, neginf=0.0)
    if im.mode.startswith("I;16"):
        a = a / 65535.0
    elif im.mode == "F" and a.size and a.min() >= 0.0 and a.max() <= 1.0:
        pass  # float images in [0, 1] are already normalised
    else:  # 32-bit ints or floats of any range: stretch what is there
        lo, hi = (float(a.min()), float(a.max())) if a.size else (0.0, 1.0)
        a = (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
    return Image.fromarray(np.clip(np.rint(a * 255.0), 0, 255).astype(np.uint8), mode="L")


def _to_rgb(im: Image.Image, notes: list[str]) -> Image.Image:
    mode = im.mode
    if mode == "RGB":
        return im
    if mode.startswith("I") or mode == "F":
        notes.append(Msg("images.note_high_depth", mode=mode))
        return _to_8bit_gray(im).convert("RGB")
    has_alpha = mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        mode in ("P", "L", "RGB") and "transparency" in im.info)
    if has_alpha:
        rgba = im.convert("RGBA")
        if rgba.getextrema()[3][0] < 255:
            notes.append(Msg("images.note_alpha"))
        bg = Image.new("RGBA", rgba.size, BACKGROUND + (255,))
        return Image.alpha_composite(bg, rgba).convert("RGB")
    if mode == "CMYK":
        notes.append(Msg("images.note_cmyk"))
    elif mode in ("1", "L"):
        notes.append(Msg("images.note_gray"))
    return im.convert("RGB")


def decode_image(data: bytes) -> DecodedImage:
    """Bytes of an uploaded or bundled photo -> an upright 8-bit RGB image, or ImageError."""
    check_upload_size(len(data))
    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            fmt = im.format or "?"
            original = im.size
            _check_geometry(*im.size)  # header only: nothing decoded yet
            frames = getattr(im, "n_frames", 1)
            if frames > 1:
                im.seek(0)
                notes.append(Msg("images.note_animated", frames=frames))
            if fmt == "JPEG" and max(im.size) > DRAFT_ABOVE_SIDE:
                im.draft("RGB", (im.size[0] // 2, im.size[1] // 2))
                notes.append(Msg("images.note_draft", w=im.size[0], h=im.size[1]))
            im.load()
            try:
                orientation = im.getexif().get(0x0112, 1)
                im = ImageOps.exif_transpose(im)
                if orientation in range(2, 9):  # 1 is upright; others are not orientations
                    notes.append(Msg("images.note_exif"))
            except Exception:  # noqa: BLE001 - a broken EXIF block must not cost the photo
                notes.append(Msg("images.note_exif_broken"))
            rgb = _to_rgb(im, notes)
            rgb.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("images.bomb", limit=MAX_PIXELS / 1e6) from None
    except UnidentifiedImageError:
        raise ImageError("images.not_image") from None
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise ImageError("images.damaged", what=type(e).__name__) from None
    except MemoryError:
        raise ImageError("images.out_of_memory") from None
    except Exception as e:  # noqa: BLE001 - any other decoder failure is still the file's fault
        raise ImageError("images.undecodable", what=type(e).__name__) from None
    return DecodedImage(image=rgb, original_size=original, format=fmt, notes=notes)


def thumbnail(im: Image.Image, max_side: int = 480) -> bytes:
    """A bounded copy for display, as JPEG bytes: st.image shows it as is, and a cache of many
    photos holds ~40 kB each instead of ~0.5 MB of pixels (server memory stays flat)."""
    t = im.copy()
    t.thumbnail((max_side, max_side))
    buf = io.BytesIO()
    t.convert("RGB").save(buf, format="JPEG", quality=90)
    return buf.getvalue()
