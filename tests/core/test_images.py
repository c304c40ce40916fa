"""Decoding of odd and hostile files, all made here at test time: each gives an image or a clear
ImageError, never a Pillow exception, and never decodes a bomb."""

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from core.photo import images
from core.photo.images import ImageError, decode_image


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **kw)
    return buf.getvalue()


def png_with_header_size(width: int, height: int) -> bytes:
    """A tiny valid PNG whose IHDR claims width x height (a decompression bomb's header)."""
    raw = encode(Image.new("L", (1, 1)), "PNG")
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    start = raw.index(b"IHDR") - 4
    return raw[:start] + struct.pack(">I", 13) + chunk + \
        struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF) + raw[start + 25:]


def test_plain_rgb_roundtrip():
    src = Image.fromarray(np.random.default_rng(0).integers(0, 255, (40, 60, 3), np.uint8))
    d = decode_image(encode(src, "PNG"))
    assert d.image.mode == "RGB" and d.image.size == (60, 40) and d.notes == []
    assert np.array_equal(np.asarray(d.image), np.asarray(src))


@pytest.mark.parametrize("data, match", [
    (b"", "empty"),
    (b"hello, I am text pretending to be a PNG", "not an image"),
    (np.random.default_rng(1).bytes(5000), "not an image"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not an image"),
    (b"%PDF-1.4\n1 0 obj<<>>endobj", "not an image"),
])
def test_non_images_are_refused_clearly(data, match):
    with pytest.raises(ImageError, match=match):
        decode_image(data)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_files(fmt):
    im = Image.fromarray(np.random.default_rng(2).integers(0, 255, (200, 200, 3), np.uint8))
    data = encode(im, fmt)
    with pytest.raises(ImageError, match="damaged or incomplete"):
        decode_image(data[: len(data) // 2])


def test_bomb_header_refused_before_decoding():
    for w, h in [(100_000, 100_000), (9_000, 9_000)]:  # Pillow's own guard, and ours below it
        data = png_with_header_size(w, h)
        assert len(data) < 200
        with pytest.raises(ImageError, match="megapixels"):
            decode_image(data)


def test_long_strip_refused():
    with pytest.raises(ImageError, match="3333 times wider than tall"):
        decode_image(encode(Image.new("RGB", (10_000, 3)), "PNG"))
    with pytest.raises(ImageError, match="200 times taller than wide"):
        decode_image(encode(Image.new("RGB", (20, 4000)), "PNG"))


def test_too_many_bytes():
    with pytest.raises(ImageError, match="limit is 10 MB"):
        images.check_upload_size(images.MAX_UPLOAD_BYTES + 1)


def test_16bit_png_is_scaled_not_white():
    ramp = (np.linspace(0, 65535, 64 * 64).reshape(64, 64)).astype(np.uint16)
    im = Image.fromarray(ramp)
    assert im.mode == "I;16"
    d = decode_image(encode(im, "PNG"))
    a = np.asarray(d.image)
    assert a.shape == (64, 64, 3)
    assert a.min() == 0 and a.max() == 255 and 100 < a.mean() < 155  # a ramp, not all white
    assert any("8 bits" in n for n in d.notes)


def test_float_tiff_is_scaled_not_black():
    ramp = np.linspace(0.0, 1.0, 32 * 32, dtype=np.float32).reshape(32, 32)
    d = decode_image(encode(Image.fromarray(ramp, mode="F"), "TIFF"))
    a = np.asarray(d.image)
    assert a.max() == 255 and 100 < a.mean() < 155


def test_exif_rotation_is_applied():
    im = Image.new("RGB", (80, 40), (255, 0, 0))
    im.paste((0, 0, 255), (0, 0, 10, 40))  # blue stripe on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to display
    d = decode_image(encode(im, "JPEG", exif=exif.tobytes(), quality=95))
    assert d.image.size == (40, 80)
    top = np.asarray(d.image)[:5].mean(axis=(0, 1))
    assert top[2] > 150 and top[0] < 100  # the left stripe is now on top
    assert any("EXIF" in n for n in d.notes)


def test_alpha_composited_on_white():
    im = Image.new("RGBA", (10, 10), (0, 255, 0, 0))  # hidden green under alpha 0
    d = decode_image(encode(im, "PNG"))
    assert np.asarray(d.image).min() == 255  # white, not the hidden green
    assert any("Transparent" in n for n in d.notes)


def test_palette_with_transparency_and_la_and_1bit_and_cmyk():
    p = Image.new("P", (8, 8), 0)
    p.putpalette([255, 0, 0] * 256)
    assert decode_image(encode(p, "PNG", transparency=0)).image.getpixel((0, 0)) == (255, 255, 255)
    la = Image.new("LA", (8, 8), (0, 255))
    assert decode_image(encode(la, "PNG")).image.getpixel((0, 0)) == (0, 0, 0)
    one = Image.new("1", (8, 8), 1)
    assert decode_image(encode(one, "PNG")).image.getpixel((0, 0)) == (255, 255, 255)
    cmyk = Image.new("CMYK", (8, 8), (0, 255, 255, 0))  # red
    r, g, b = decode_image(encode(cmyk, "JPEG")).image.getpixel((4, 4))
    assert r > 200 and g < 60 and b < 60


def test_animated_gif_uses_first_frame():
    frames = [Image.new("RGB", (16, 16), c) for c in [(255, 0, 0), (0, 0, 255)]]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=50)
    d = decode_image(buf.getvalue())
    r, g, b = d.image.getpixel((8, 8))
    assert r > 200 and b < 50
    assert any("first of its 2 frames" in n for n in d.notes)


def test_eps_is_not_handed_to_ghostscript():
    with pytest.raises(ImageError, match="not an image"):
        decode_image(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")


def test_unknown_sample():
    with pytest.raises(ImageError, match="no sample"):
        images.sample_bytes("../../etc/passwd")


def test_thumbnail_is_bounded():
    data = images.thumbnail(Image.new("RGB", (4000, 1000), (200, 30, 30)), 480)
    t = Image.open(io.BytesIO(data))
    assert t.format == "JPEG" and t.size == (480, 120) and len(data) < 60_000
    assert max(abs(a - b) for a, b in zip(t.getpixel((10, 10)), (200, 30, 30))) <= 3


def test_invalid_exif_orientation_is_not_called_a_rotation():
    im = Image.new("RGB", (30, 20))
    exif = im.getexif()
    exif[0x0112] = 99
    buf = io.BytesIO()
    im.save(buf, format="JPEG", exif=exif)
    d = images.decode_image(buf.getvalue())
    assert d.image.size == (30, 20) and not any("EXIF" in n for n in d.notes)
