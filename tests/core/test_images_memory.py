"""Decoding within a memory budget (core/photo/budget.py): the caps are checked on the header
before decoding, the worst file at each cap stays under 150 MB of RSS, at most two decodes run at
once, strip-by-strip conversion gives the same pixels as converting the whole image, bundled
samples are untouched and huge photos give near-identical logits."""

from __future__ import annotations

import io
import struct
import threading
import time
import zlib

import numpy as np
import pytest
from PIL import Image, ImageOps

from bench.upload_memory import decode_alone_mb, flat_png_at_cap, progressive_jpeg_at_cap
from core.photo import budget, images
from core.photo.images import SAMPLES, ImageError, decode_image, sample_bytes

PEAK_LIMIT_MB = 150


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **kw)
    return buf.getvalue()


def png_header(width: int, height: int, mode: str) -> bytes:
    """A tiny valid PNG of ``mode`` whose IHDR claims width x height: a few hundred bytes that
    could only fail as damaged if anything tried to decode them."""
    raw = encode(Image.new(mode, (1, 1)), "PNG")
    start = raw.index(b"IHDR")
    chunk = b"IHDR" + struct.pack(">II", width, height) + raw[start + 12:start + 17]
    return (raw[:start] + chunk + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
            + raw[start + 21:])


def jpeg_claiming(width: int, height: int, **kw) -> bytes:
    """A small real JPEG whose frame header is patched to claim width x height."""
    data = bytearray(encode(Image.new("RGB", (32, 32), (90, 20, 200)), "JPEG", **kw))
    sof = next(i for i in range(2, len(data) - 1)
               if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC1, 0xC2))
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


@pytest.fixture
def no_pixel_decoding(monkeypatch):
    """Any attempt to decode pixels fails the test loudly (a distinct exception type)."""
    class Decoded(BaseException):  # not an Exception: decode_image must not turn it into a message
        pass

    def refuse(*a, **k):
        raise Decoded

    monkeypatch.setattr(images, "_decode_pixels", refuse)
    return Decoded


# ---------------------------------------------------------------- caps on the header

@pytest.mark.parametrize("w, h, mode, fmt_limit", [
    (7000, 7000, "RGB", 25),  # the flat RGB PNG: 49 MP, 4 bytes per pixel decoded
    (5001, 5000, "RGBA", 25),  # one column over
    (7100, 7100, "L", 50),  # grey: 1 byte per pixel, the global cap
])
def test_png_cap_is_checked_on_the_header(no_pixel_decoding, w, h, mode, fmt_limit):
    data = png_header(w, h, mode)
    assert len(data) < 200
    with pytest.raises(ImageError, match=f"limit for a PNG file like this one is {fmt_limit}\\."):
        decode_image(data)


def test_under_the_cap_reaches_the_decoder(no_pixel_decoding):
    with pytest.raises(no_pixel_decoding):
        decode_image(png_header(5000, 5000, "RGBA"))  # 25 MP RGBA: exactly at the cap


def test_progressive_jpeg_has_its_own_cap(no_pixel_decoding):
    """libjpeg keeps every coefficient of a progressive JPEG: 48 MP is fine as a baseline JPEG
    (decoded at 1/4 scale) but over the cap as a progressive one."""
    with pytest.raises(no_pixel_decoding):
        decode_image(jpeg_claiming(8000, 6000))
    with pytest.raises(ImageError, match="limit for a JPEG file like this one is 30\\."):
        decode_image(jpeg_claiming(8000, 6000, progressive=True))  # 4:2:0: 3 bytes/pixel
    with pytest.raises(ImageError, match="is 14\\."):
        decode_image(jpeg_claiming(4000, 4000, progressive=True, subsampling=0))  # 4:4:4


def test_jpeg_scan_structure_is_read_from_the_markers():
    im = Image.new("RGB", (64, 48), (10, 200, 30))
    assert not budget.jpeg_needs_full_buffer(encode(im, "JPEG"))
    assert not budget.jpeg_needs_full_buffer(encode(im.convert("CMYK"), "JPEG"))
    assert budget.jpeg_needs_full_buffer(encode(im, "JPEG", progressive=True))
    assert budget.jpeg_needs_full_buffer(b"\xff\xd8\xff")  # nothing readable: the costly case
    layers_420 = Image.open(io.BytesIO(encode(im, "JPEG"))).layer
    layers_444 = Image.open(io.BytesIO(encode(im, "JPEG", subsampling=0))).layer
    assert budget.jpeg_coefficient_bytes_per_pixel(layers_420) == 3.0
    assert budget.jpeg_coefficient_bytes_per_pixel(layers_444) == 6.0


def test_webp_and_tiff_caps_count_their_decoders_buffers(no_pixel_decoding):
    webp = encode(Image.new("RGB", (2500, 2500), (1, 2, 3)), "WEBP", lossless=True)
    with pytest.raises(ImageError, match="WEBP file like this one is 6\\."):
        decode_image(webp)
    tiff = encode(Image.new("RGB", (3800, 3800), (1, 2, 3)), "TIFF", compression="tiff_deflate")
    with pytest.raises(ImageError, match="TIFF file like this one is 14\\."):  # 4 + 3 bytes
        decode_image(tiff)


# ---------------------------------------------------------------- peak memory (real RSS)

def _flat(mode, size, value, fmt, **kw):
    return lambda: encode(Image.new(mode, size, value), fmt, **kw)


def _palette_with_transparency():
    p = Image.new("P", (7071, 7071), 3)
    p.putpalette([10, 20, 30] * 256)
    return encode(p, "PNG", transparency=3)


WORST_AT_CAP = {
    "RGBA PNG 25 MP": flat_png_at_cap,
    "progressive JPEG 30 MP": progressive_jpeg_at_cap,
    "16-bit PNG 50 MP": _flat("I;16", (7071, 7071), 30000, "PNG"),
    "palette PNG with transparency 50 MP": _palette_with_transparency,
    "lossless RGBA WebP 6 MP": _flat("RGBA", (2449, 2449), (9, 80, 3, 60), "WEBP", lossless=True),
    "one-strip TIFF 14 MP": _flat("RGB", (3741, 3741), (9, 80, 3), "TIFF",
                                  compression="tiff_deflate", strip_size=2**31 - 1),
}


@pytest.mark.parametrize("name", list(WORST_AT_CAP))
def test_worst_file_at_the_cap_decodes_under_150_mb(name):
    """Pillow allocates outside Python: the peak is the RSS high-water mark (VmHWM) of a fresh
    process that decodes the file (a refusal would fail the subprocess)."""
    peak = decode_alone_mb(WORST_AT_CAP[name]())
    assert 20 < peak <= PEAK_LIMIT_MB, f"{name}: +{peak:.0f} MB"


# ---------------------------------------------------------------- concurrency

def test_at_most_two_decodes_run_at_once(monkeypatch):
    running, seen = [0], []
    lock = threading.Lock()

    def slow(im, fmt, scale, notes):
        with lock:
            running[0] += 1
            seen.append(running[0])
        time.sleep(0.15)
        with lock:
            running[0] -= 1
        return Image.new("RGB", (4, 4))

    monkeypatch.setattr(images, "_decode_pixels", slow)
    data = encode(Image.new("RGB", (8, 8)), "PNG")
    threads = [threading.Thread(target=decode_image, args=(data,)) for _ in range(6)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(seen) == 6 and max(seen) == budget.MAX_CONCURRENT_DECODES == 2
    assert time.perf_counter() - t >= 3 * 0.15 * 0.9  # 6 decodes, 2 at a time


def test_a_refused_file_does_not_wait_for_a_slot():
    outcome = []

    def refused():
        try:
            decode_image(png_header(7000, 7000, "RGB"))
        except ImageError as e:
            outcome.append(str(e))

    for _ in range(budget.MAX_CONCURRENT_DECODES):  # every slot busy
        budget.DECODE_SLOTS.acquire()
    try:
        t = threading.Thread(target=refused, daemon=True)
        t.start()
        t.join(10)
        assert outcome and "megapixels" in outcome[0]
    finally:
        for _ in range(budget.MAX_CONCURRENT_DECODES):
            budget.DECODE_SLOTS.release()
        t.join(10)


# ---------------------------------------------------------------- same pixels, bounded

def _modes():
    rng = np.random.default_rng(0)
    rgba = Image.fromarray(rng.integers(0, 256, (90, 130, 4), np.uint8))
    pal = Image.fromarray(rng.integers(0, 256, (90, 130, 3), np.uint8)).convert(
        "P", palette=Image.Palette.ADAPTIVE, colors=16)
    ramp = np.linspace(0, 65535, 90 * 130).reshape(90, 130).astype(np.uint16)
    f = rng.normal(0, 50, (90, 130)).astype(np.float32)
    f[3, 4], f[5, 6] = np.nan, np.inf
    return {"rgba": encode(rgba, "PNG"), "palette+transparency": encode(pal, "PNG", transparency=2),
            "16-bit": encode(Image.fromarray(ramp), "PNG"),
            "float": encode(Image.fromarray(f, mode="F"), "TIFF"),
            "cmyk": encode(rgba.convert("RGB").convert("CMYK"), "JPEG", quality=95),
            "la": encode(rgba.convert("LA"), "PNG"), "rgb": encode(rgba.convert("RGB"), "PNG")}


@pytest.mark.parametrize("key", list(_modes()))
@pytest.mark.parametrize("min_side", [4096, 40])  # k = 1, then k = 2
def test_strips_give_the_pixels_of_the_whole_image(monkeypatch, key, min_side):
    data = _modes()[key]
    monkeypatch.setattr(budget, "WORK_MIN_SIDE", min_side)
    whole = decode_image(data)  # one strip
    monkeypatch.setattr(budget, "STRIP_PIXELS", 700)  # about 5 rows per strip
    strips = decode_image(data)
    assert whole.image.size == strips.image.size == ((130, 90) if min_side > 90 else (65, 45))
    assert np.array_equal(np.asarray(whole.image), np.asarray(strips.image))
    assert [str(n) for n in whole.notes] == [str(n) for n in strips.notes]


def test_reduced_rgba_is_composited_then_reduced():
    y, x = np.mgrid[0:2400, 0:2200]
    a = np.dstack([x % 256, y % 256, (x + y) % 256, np.where((x // 7 + y // 5) % 3, 200, 0)])
    a[..., 1][a[..., 3] == 0] = 255  # hidden green under alpha 0
    src = Image.fromarray(a.astype(np.uint8))
    d = decode_image(encode(src, "PNG"))
    bg = Image.new("RGBA", src.size, (255, 255, 255, 255))
    want = Image.alpha_composite(bg, src).convert("RGB").reduce(2)
    assert d.image.size == (1100, 1200) and np.array_equal(np.asarray(d.image), np.asarray(want))
    assert any("Transparent" in str(n) for n in d.notes)
    assert any("reduced to 1100×1200" in str(n) for n in d.notes)


def test_exif_rotation_is_applied_after_the_reduction():
    im = Image.new("RGB", (4200, 2100), (255, 0, 0))
    im.paste((0, 0, 255), (0, 0, 400, 2100))  # blue stripe on the left
    exif = Image.Exif()
    exif[0x0112] = 6
    d = decode_image(encode(im, "JPEG", exif=exif.tobytes(), quality=90))
    assert d.image.size == (1050, 2100)  # drafted to 1/2, then turned upright
    top = np.asarray(d.image)[:20].mean(axis=(0, 1))
    assert top[2] > 150 and top[0] < 100
    assert any("EXIF" in str(n) for n in d.notes) and any("JPEG" in str(n) for n in d.notes)


@pytest.mark.parametrize("w, h", [(4032, 3024), (8000, 6000), (31600, 1581), (1400, 28000),
                                  (2047, 2047), (2048, 1100), (700, 500)])
def test_working_size_is_bounded_and_large_enough(w, h):
    k = budget.reduce_factor(w, h)
    rw, rh = -(-w // k), -(-h // k)
    assert rw * rh <= budget.WORK_MAX_PIXELS * 1.01
    if k == 1:
        assert w * h <= budget.WORK_MAX_PIXELS and min(w, h) < 2 * budget.WORK_MIN_SIDE
    elif k == min(w, h) // budget.WORK_MIN_SIDE:  # the side rule alone
        assert min(rw, rh) >= budget.WORK_MIN_SIDE
    assert min(rw, rh) >= min(min(w, h), 300)  # above every model's resize (<= 292 px)
    s = budget.jpeg_draft_scale(w, h)
    assert s in (1, 2, 4, 8) and s <= k < 2 * s or s == 8


def test_every_model_resizes_well_below_the_working_side():
    """The working image keeps >= 3x the model's resize, where Pillow calls reduce-then-resample
    indistinguishable from resampling the full image."""
    import timm

    from core.photo import models

    for name in models.MODELS:  # the architecture's own data config; no weights needed
        size = models.make_transform(timm.create_model(name, pretrained=False)).transforms[0].size
        resize = size if isinstance(size, int) else max(size)
        assert 3 * resize <= budget.WORK_MIN_SIDE, (name, resize)


def test_bundled_samples_are_untouched():
    """Every sample decodes to exactly the pixels of the plain pipeline (upright, RGB), so its
    logits are exactly those from before the budget."""
    for key, s in SAMPLES.items():
        plain = ImageOps.exif_transpose(Image.open(images.SAMPLES_DIR / s.file)).convert("RGB")
        d = decode_image(sample_bytes(key))
        assert np.array_equal(np.asarray(d.image), np.asarray(plain)), key


def test_huge_photo_gives_near_identical_logits():
    from core.photo import models
    from core.photo.inference import photo_logits

    model = models.load_model(models.DEFAULT_MODEL)
    transform = models.make_transform(model)
    for key, scale, fmt in (("coffee", 8, "PNG"), ("rocket", 7, "JPEG")):
        src = Image.open(io.BytesIO(sample_bytes(key))).convert("RGB")
        data = encode(src.resize((src.width * scale, src.height * scale),
                                 Image.Resampling.BICUBIC), fmt, quality=95)
        big = Image.open(io.BytesIO(data)).convert("RGB")  # decoded in full, unbounded
        d = decode_image(data)
        assert max(d.image.size) <= max(big.size) // 2  # it was reduced
        full = photo_logits(model, transform, big)
        bounded = photo_logits(model, transform, d.image)
        assert np.argmax(full) == np.argmax(bounded)
        assert np.abs(full - bounded).max() < 0.05 * (full.max() - full.min()), key
