"""How much memory decoding one photo may take, decided from its header before any pixel is
decoded; and how far the decoded photo is reduced before the model's own preprocessing.

Measured on this machine (Pillow 13; peak RSS of a fresh process while it decodes a flat image,
docs/QUALITY.md "Upload memory"), what each decoder holds at once, in bytes per pixel:

- PNG, GIF, BMP: only the image, Pillow's storage for its mode (1 for 1/L/P, 2 for 16-bit grey,
  4 for everything else: RGB is stored as 4 bytes).
- TIFF: the image plus libtiff's strip or tile buffer in the file's own sample format; a file
  can hold the whole picture in one strip, so that buffer is counted at full size.
- WebP: about 16 (libwebp's two RGBA canvases, a bytes copy, then the image).
- JPEG: the image at the draft scale chosen below (libjpeg scales the DCT while decoding, 1/2 to
  1/8 per side), plus, when the file needs more than one scan (progressive, or a first scan that
  lacks a component), libjpeg's buffer of every DCT coefficient at FULL size: 2 bytes per sample,
  3 bytes per pixel for 4:2:0 colour, 6 for 4:4:4, whatever the draft scale.

A file whose estimate exceeds ``DECODE_BUDGET_BYTES`` is refused before decoding; the limit it
is told is that budget over its bytes per pixel (never above ``core.photo.images.MAX_PIXELS``).

The decoded photo is then reduced (JPEG: already while decoding) by one integer factor: its
shorter side stays >= ``WORK_MIN_SIDE`` = 1024 px, at least 3.5x the largest resize of the
registered models (292 px; a test checks this), and it holds at most ``WORK_MAX_PIXELS`` (only
panoramas reach that rule). Pillow's docs call a box reduction followed by a resampling with a
gap of 3 or more "indistinguishable from fair resampling", which is what the model's own
bicubic resize then does. Photos this small are untouched: every bundled sample gives exactly
the pixels (and logits) it gave before.
"""

from __future__ import annotations

import math
import threading

DECODE_BUDGET_BYTES = 100_000_000  # what one decoder may hold at once (peak +150 MB with the rest)
WORK_MIN_SIDE = 1024  # a reduced photo's shorter side stays at least this
WORK_MAX_PIXELS = 6_000_000  # and it holds at most this many pixels (24 MB as RGB)
STRIP_PIXELS = 1 << 18  # mode conversions run strip by strip over about this many pixels
WEBP_BYTES_PER_PIXEL = 16
MAX_CONCURRENT_DECODES = 2  # Streamlit runs each session's script in its own thread

# Decodes running at once, across every session's thread of this process.
DECODE_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_DECODES)

_SEQUENTIAL_SOF = (0xC0, 0xC1)  # baseline and extended sequential Huffman frames
_OTHER_SOF = (0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF)


def storage_bytes_per_pixel(mode: str) -> int:
    """Bytes per pixel Pillow allocates for an image of ``mode``."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def jpeg_needs_full_buffer(data: bytes) -> bool:
    """True when libjpeg must keep every DCT coefficient of the image while decoding: a
    progressive (or other non-sequential) frame, or a first scan without every component.
    Header markers only; anything unexpected counts as the expensive case."""
    i, n, sequential, components = 2, len(data), None, 0
    while i + 4 <= n:
        if data[i] != 0xFF:
            return True
        m = data[i + 1]
        if m == 0xFF:  # fill byte before a marker
            i += 1
            continue
        if m == 0x01 or 0xD0 <= m <= 0xD8:  # markers without a length
            i += 2
            continue
        length = (data[i + 2] << 8) | data[i + 3]
        if m in _SEQUENTIAL_SOF or m in _OTHER_SOF:
            sequential = m in _SEQUENTIAL_SOF
            components = data[i + 9] if i + 9 < n else 0
        elif m == 0xDA:  # start of scan: its component count follows the length
            return not sequential or i + 4 >= n or data[i + 4] < components
        i += 2 + length
    return True


def jpeg_coefficient_bytes_per_pixel(layers) -> float:
    """2 bytes per DCT coefficient, per component at its sampling: 3.0 for 4:2:0, 6.0 for 4:4:4.
    ``layers`` is Pillow's ``JpegImageFile.layer``: (id, h, v, table) per component."""
    if not layers:
        return 8.0  # unknown: as many as four full-size components
    hmax = max(h for _, h, _, _ in layers) or 1
    vmax = max(v for _, _, v, _ in layers) or 1
    return 2.0 * sum(h * v for _, h, v, _ in layers) / (hmax * vmax)


def reduce_factor(width: int, height: int) -> int:
    """The integer factor that bounds a photo: shorter side >= WORK_MIN_SIDE where the photo
    allows it, at most WORK_MAX_PIXELS in any case; 1 for every ordinary small photo."""
    by_side = min(width, height) // WORK_MIN_SIDE
    by_pixels = math.ceil(math.sqrt(width * height / WORK_MAX_PIXELS))
    return max(1, by_side, by_pixels)


def jpeg_draft_scale(width: int, height: int) -> int:
    """The largest scale libjpeg can decode at (1, 2, 4, 8) that does not reduce more than
    ``reduce_factor`` asks for; the rest of the reduction is done after decoding."""
    k = reduce_factor(width, height)
    return next(s for s in (8, 4, 2, 1) if s <= k)


def decode_bytes_per_pixel(fmt: str, mode: str, *, draft_scale: int = 1,
                           jpeg_full_buffer: bool = False, jpeg_layers=(),
                           tiff_sample_bytes: float = 0.0) -> float:
    """Estimated peak bytes per (full-size) pixel that decoding holds, by format (see above)."""
    image = storage_bytes_per_pixel(mode)
    if fmt in ("JPEG", "MPO"):
        coef = jpeg_coefficient_bytes_per_pixel(jpeg_layers) if jpeg_full_buffer else 0.0
        return image / draft_scale ** 2 + coef
    if fmt == "WEBP":
        return float(max(WEBP_BYTES_PER_PIXEL, image))
    if fmt == "TIFF":
        return image + (tiff_sample_bytes or 8.0)
    return float(image)


def pixel_limit(bytes_per_pixel: float, max_pixels: int) -> int:
    """Pixels allowed at that cost: whole megapixels (the message shows the number), at most
    ``max_pixels``."""
    mp = math.floor(DECODE_BUDGET_BYTES / bytes_per_pixel / 1e6)
    return min(max_pixels, max(1, mp) * 1_000_000)
