"""Safe decoding of user photos and the bundled samples.

Every failure becomes an ``ImageError`` whose message says what was wrong and what to do;
nothing here lets a Pillow exception or a decompression bomb reach the page. Limits are checked
on the header, before any pixel is decoded (see shared/PITFALLS.md).
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from core.base.i18n import Msg
from core.photo import budget

MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1_000_000  # Streamlit's uploader counts 1 MB = 10^6 bytes
MAX_PIXELS = 50_000_000  # a 48 MP phone photo passes; a 9500x9500 bomb does not
MAX_ASPECT = 20.0  # longer side / shorter side; long strips explode under resize-then-crop
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")  # MPO opens as JPEG
UPLOAD_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff")
BACKGROUND = (255, 255, 255)  # transparent pixels are shown on white, and so the model sees them

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "assets" / "samples"


class ImageError(ValueError):
    """A photo that cannot be used. ``str(err)`` is the English message for the user; its one
    argument is a ``core.base.i18n.Msg``, which the UI shows in the user's language."""

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


def _check_geometry(width: int, height: int, fmt: str, limit: int = MAX_PIXELS) -> None:
    if width < 1 or height < 1:
        raise ImageError("images.no_pixels")
    if width * height > limit:
        raise ImageError("images.too_many_pixels", w=width, h=height, mp=width * height / 1e6,
                         limit=limit / 1e6, fmt=fmt)
    aspect = max(width, height) / min(width, height)
    if aspect > MAX_ASPECT:
        raise ImageError("images.too_wide" if width > height else "images.too_tall", w=width,
                         h=height, aspect=aspect, limit=MAX_ASPECT)


def _tiff_sample_bytes(im: Image.Image) -> float:
    """Bytes per pixel of a TIFF's stored samples (what libtiff's strip buffer holds)."""
    tags = getattr(im, "tag_v2", {})
    bits = tags.get(258, (8,))
    bits = tuple(bits) if isinstance(bits, (tuple, list)) else (int(bits),)
    spp = int(tags.get(277, len(bits)) or 1)
    return max(sum(bits), max(bits) * spp) / 8


def _plan_decode(im: Image.Image, fmt: str, data: bytes) -> int:
    """Refuse by the header what would decode over the budget; the JPEG draft scale to use."""
    width, height = im.size
    _check_geometry(width, height, fmt)
    jpeg = fmt in ("JPEG", "MPO")
    scale = budget.jpeg_draft_scale(width, height) if jpeg else 1
    bpp = budget.decode_bytes_per_pixel(
        fmt, im.mode, draft_scale=scale,
        jpeg_full_buffer=jpeg and budget.jpeg_needs_full_buffer(data),
        jpeg_layers=getattr(im, "layer", ()),
        tiff_sample_bytes=_tiff_sample_bytes(im) if fmt == "TIFF" else 0.0)
    _check_geometry(width, height, fmt, budget.pixel_limit(bpp, MAX_PIXELS))
    return scale


def _to_8bit_gray(im: Image.Image, lo: float, hi: float) -> Image.Image:
    """16-bit, 32-bit integer and float images: scale [lo, hi] to 0..255 on purpose (a plain
    convert('RGB') clips them to white or black)."""
    a = np.array(im, dtype=np.float64)  # one float copy of the strip, then in place
    np.nan_to_num(a, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    if hi > lo:
        a -= lo
        a /= hi - lo
    else:
        a[...] = 0.0
    a *= 255.0
    np.clip(np.rint(a, out=a), 0, 255, out=a)
    return Image.fromarray(a.astype(np.uint8), mode="L")


def _strips(im: Image.Image, rows: int):
    for y in range(0, im.size[1], rows):
        yield y, im.crop((0, y, im.size[0], min(im.size[1], y + rows)))


def _gray_range(im: Image.Image, rows: int) -> tuple[float, float]:
    """The value range that maps to 0..255: 16-bit is fixed, floats in [0, 1] stay, anything
    else is stretched over what the whole image holds (NaN and inf count as 0)."""
    if im.mode.startswith("I;16"):
        return 0.0, 65535.0
    lo, hi = math.inf, -math.inf
    for _, strip in _strips(im, rows):
        a = np.nan_to_num(np.asarray(strip, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
    if im.mode == "F" and lo >= 0.0 and hi <= 1.0:
        return 0.0, 1.0  # float images in [0, 1] are already normalised
    return lo, hi


def _rgb_converter(im: Image.Image, rows: int, notes: list, alpha_seen: list):
    """A function turning any strip of ``im`` into 8-bit RGB, each mode on purpose; None when
    ``im`` is RGB already."""
    mode = im.mode
    if mode == "RGB":
        return None
    if mode.startswith("I") or mode == "F":
        notes.append(Msg("images.note_high_depth", mode=mode))
        lo, hi = _gray_range(im, rows)
        return lambda s: _to_8bit_gray(s, lo, hi).convert("RGB")
    if mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
            mode in ("P", "L") and "transparency" in im.info):
        def composite(s: Image.Image) -> Image.Image:
            rgba = s.convert("RGBA")
            alpha_seen.append(rgba.getextrema()[3][0] < 255)
            bg = Image.new("RGBA", rgba.size, BACKGROUND + (255,))
            return Image.alpha_composite(bg, rgba).convert("RGB")
        return composite
    if mode == "CMYK":
        notes.append(Msg("images.note_cmyk"))
    elif mode in ("1", "L"):
        notes.append(Msg("images.note_gray"))
    return lambda s: s.convert("RGB")


def _reduced_rgb(im: Image.Image, k: int, notes: list) -> Image.Image:
    """``im`` as 8-bit RGB, box-reduced by ``k``: the same pixels as converting the whole image
    and then reducing it, but strip by strip, so that no second full-size copy ever exists."""
    width, height = im.size
    rows = max(k, budget.STRIP_PIXELS // max(width, 1) // k * k)  # a multiple of k
    alpha_seen: list[bool] = []
    convert = _rgb_converter(im, rows, notes, alpha_seen)
    if convert is None:
        out = im.reduce(k) if k > 1 else im._new(im.im)  # the same pixels, not the file
    elif rows >= height:  # one strip: an ordinary small photo
        out = convert(im)
        out = out.reduce(k) if k > 1 else out
    else:
        out = Image.new("RGB", (-(-width // k), -(-height // k)))
        for y, strip in _strips(im, rows):
            part = convert(strip)
            out.paste(part.reduce(k) if k > 1 else part, (0, y // k))
    if any(alpha_seen):
        notes.append(Msg("images.note_alpha"))
    return out


_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}  # EXIF orientation -> what makes it upright


def _decode_pixels(im: Image.Image, fmt: str, scale: int, notes: list) -> Image.Image:
    """Decode (at the draft scale), reduce to the working size, convert to RGB, make upright.
    The full-size decode is dropped when this returns; only the bounded image lives on."""
    stored = im.size
    if scale > 1:
        im.draft(None, (im.size[0] // scale, im.size[1] // scale))
    im.load()
    k = budget.reduce_factor(*im.size)
    if im.size != stored or k > 1:
        w, h = -(-im.size[0] // k), -(-im.size[1] // k)
        notes.append(Msg("images.note_draft", w=w, h=h) if im.size != stored
                     else Msg("images.note_reduced", w=w, h=h))
    try:
        orientation = im.getexif().get(0x0112, 1)
        if orientation in _TRANSPOSE:
            notes.append(Msg("images.note_exif"))
    except Exception:  # noqa: BLE001 - a broken EXIF block must not cost the photo
        orientation = 1
        notes.append(Msg("images.note_exif_broken"))
    rgb = _reduced_rgb(im, k, notes)
    if orientation in _TRANSPOSE:  # after the reduction: a transpose copies the image
        rgb = rgb.transpose(_TRANSPOSE[orientation])
    rgb.load()
    return rgb


def decode_image(data: bytes) -> DecodedImage:
    """Bytes of an uploaded or bundled photo -> an upright 8-bit RGB image, or ImageError.

    Memory is bounded (core/photo/budget.py): the header decides, before any pixel is decoded,
    whether the decoder's estimate fits ``DECODE_BUDGET_BYTES``; big JPEGs decode at a reduced
    scale; the result is reduced to a working size (shorter side >= 1024 px, at most 6 MP) with
    no second full-size copy; and at most ``MAX_CONCURRENT_DECODES`` decodes run at once."""
    check_upload_size(len(data))
    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            fmt = im.format or "?"
            original = im.size
            scale = _plan_decode(im, fmt, data)  # header only: nothing decoded yet
            frames = getattr(im, "n_frames", 1)
            if frames > 1:
                im.seek(0)
                notes.append(Msg("images.note_animated", frames=frames))
            with budget.DECODE_SLOTS:
                rgb = _decode_pixels(im, fmt, scale, notes)
                im.close()
                del im
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
