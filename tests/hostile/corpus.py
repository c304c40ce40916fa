"""A corpus of hostile and awkward photo files, made at test time (nothing here is committed as
a binary). Each case says what the app must do with it: classify it (``expect=OK``, with the
note it should show, if any) or refuse it with one clear message matching ``expect``.

Used by the AppTest gate (every case), the browser gate (a sample) and the server benchmark.
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

from core.photo.images import MAX_UPLOAD_BYTES, UPLOAD_EXTENSIONS

OK = None  # the file must be classified
# What the user must read (regexes over the st.error text), per kind of refusal.
EMPTY = r"empty \(0 bytes\)"
TOO_BIG = r"the limit is \d+ MB"
NOT_IMAGE = r"not an image the app can read"
DAMAGED = r"damaged or incomplete"
BOMB = r"megapixels|decompression bomb"
ASPECT = r"times (wider than tall|taller than wide)"
UNREADABLE = f"{NOT_IMAGE}|{DAMAGED}"


@dataclass(frozen=True)
class Case:
    key: str  # short id for test names and the summary
    filename: str  # what the browser would send as the file name (user text)
    data: bytes
    mime: str
    expect: str | None  # OK, or a regex the error message must match
    note: str = ""  # for OK cases: a regex one of the info notes must match ("" = none needed)

    @property
    def usable(self) -> bool:
        return self.expect is None

    @property
    def listed_type(self) -> bool:
        """Whether the browser's file filter lets it through (its extension is in the list)."""
        ext = self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""
        return ext in UPLOAD_EXTENSIONS


# ---------------------------------------------------------------- helpers that make bytes

def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _photo(w: int, h: int, seed: int = 0) -> np.ndarray:
    """A smooth colourful picture (gradients + blobs), uint8 RGB (h, w, 3)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    r = _rng(seed).uniform(0.5, 3.0, size=6)
    img = np.stack([np.sin(x / max(w, 1) * r[0] * 6 + r[3]), np.cos(y / max(h, 1) * r[1] * 6),
                    np.sin((x + y) / max(w + h, 1) * r[2] * 6 + r[4])], axis=-1)
    return np.clip((img * 0.5 + 0.5) * 255, 0, 255).astype(np.uint8)


def _encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def _rgb(w: int = 320, h: int = 240, seed: int = 0) -> Image.Image:
    return Image.fromarray(_photo(w, h, seed))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


PNG_SIG = b"\x89PNG\r\n\x1a\n"


def _png_raw(width: int, height: int, idat: bytes, depth: int = 8, color_type: int = 0) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    return PNG_SIG + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _png_zero_bomb(side: int) -> bytes:
    """A real, valid grey PNG of side x side pixels, all black: a few tens of KB on disk,
    side² bytes once decoded. Compressed row by row so making it stays cheap."""
    comp = zlib.compressobj(9)
    row = bytes(side + 1)  # filter byte 0 + side zero pixels
    parts = [comp.compress(row) for _ in range(side)]
    parts.append(comp.flush())
    return _png_raw(side, side, b"".join(parts))


def _png_header_claims(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height (its data is a few zero rows)."""
    return _png_raw(width, height, zlib.compress(bytes(1000)))


def _ztxt_bomb() -> bytes:
    """A small valid PNG carrying a zTXt chunk that inflates to 64 MB of text."""
    comp = zlib.compressobj(9)
    block = bytes(1 << 20)
    text = b"".join(comp.compress(block) for _ in range(64)) + comp.flush()
    im = _encode(_rgb(64, 64), "PNG")
    ztxt = _chunk(b"zTXt", b"Comment\x00\x00" + text)
    return im[:33] + ztxt + im[33:]  # right after IHDR


def _iccp_bomb() -> bytes:
    comp = zlib.compressobj(9)
    prof = b"".join(comp.compress(bytes(1 << 20)) for _ in range(64)) + comp.flush()
    im = _encode(_rgb(64, 64), "PNG")
    return im[:33] + _chunk(b"iCCP", b"evil\x00\x00" + prof) + im[33:]


def _jpeg_with_size(width: int, height: int) -> bytes:
    """A small JPEG with its SOF0 frame header patched to claim width x height."""
    data = bytearray(_encode(_rgb(64, 64), "JPEG", quality=80))
    i = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, i + 5, height, width)
    return bytes(data)


def _gif_with_size(width: int, height: int) -> bytes:
    data = bytearray(_encode(_rgb(32, 32).convert("P"), "GIF"))
    struct.pack_into("<HH", data, 6, width, height)  # logical screen
    i = data.index(b"\x2c")  # image descriptor
    struct.pack_into("<HH", data, i + 5, width, height)
    return bytes(data)


def _bmp_with_size(width: int, height: int) -> bytes:
    data = bytearray(_encode(_rgb(16, 16), "BMP"))
    struct.pack_into("<ii", data, 18, width, height)
    return bytes(data)


def _tiff_with_size(width: int, height: int) -> bytes:
    """An uncompressed TIFF whose ImageWidth/ImageLength tags claim width x height."""
    data = bytearray(_encode(_rgb(16, 16), "TIFF"))
    ifd = struct.unpack_from("<I", data, 4)[0]
    n = struct.unpack_from("<H", data, ifd)[0]
    for k in range(n):
        off = ifd + 2 + 12 * k
        tag, typ = struct.unpack_from("<HH", data, off)
        if tag in (256, 257):
            val = width if tag == 256 else height
            if typ == 3:
                struct.pack_into("<HHIH", data, off, tag, 3, 1, val & 0xFFFF)
            else:
                struct.pack_into("<HHII", data, off, tag, 4, 1, val)
    return bytes(data)


def _webp_with_size(width: int, height: int) -> bytes:
    """A lossless (VP8L) WebP whose bitstream header claims width x height (max 16384 each)."""
    data = bytearray(_encode(_rgb(16, 16), "WEBP", lossless=True))
    i = data.index(b"VP8L") + 8
    assert data[i] == 0x2F  # the VP8L signature byte
    bits = int.from_bytes(data[i + 1:i + 5], "little")
    bits = (bits & ~((1 << 28) - 1)) | (width - 1) | ((height - 1) << 14)
    data[i + 1:i + 5] = bits.to_bytes(4, "little")
    return bytes(data)


def _exif_rotated(orientation: int) -> bytes:
    im = _rgb(300, 200, seed=7)
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _encode(im, "JPEG", exif=exif.tobytes(), quality=90)


def _animated(fmt: str, frames: int = 3) -> bytes:
    ims = [_rgb(160, 120, seed=s) for s in range(frames)]
    kw = {"duration": 100, "loop": 0}
    if fmt == "WEBP":
        kw["lossless"] = False
    return _encode(ims[0], fmt, save_all=True, append_images=ims[1:], **kw)


def _at_size(data: bytes, size: int) -> bytes:
    """A valid PNG padded with a private ancillary chunk to exactly ``size`` bytes."""
    pad = size - len(data) - 12  # one chunk: length + type + body + crc
    if pad < 0:
        raise ValueError("image already larger than the wanted size")
    body = bytes(_rng(3).integers(0, 256, pad, dtype=np.uint8))
    out = data[:33] + _chunk(b"prVt", body) + data[33:]
    assert len(out) == size
    return out


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


SVG_SCRIPT = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" '
              b'height="100" onload="alert(1)"><script>alert(document.cookie)</script>'
              b'<rect width="100" height="100" fill="red"/></svg>\n')
HTML_SCRIPT = (b"<!doctype html><html><body><h1>cat</h1><script>fetch('/steal?c='+"
               b"document.cookie)</script><img src=x onerror=alert(1)></body></html>\n")


# ---------------------------------------------------------------- the corpus

@lru_cache(maxsize=1)
def build_corpus() -> tuple[Case, ...]:
    """Every case, made now (about 2 s). Cached per process."""
    jpeg = _encode(_rgb(), "JPEG", quality=90)
    png = _encode(_rgb(seed=1), "PNG")
    gray16 = Image.fromarray(_photo(200, 150, 2)[..., 0].astype(np.uint16) * 257)
    f = _photo(200, 150, 4)[..., 1].astype(np.float32) / 255.0
    f_nan = f * 1e6
    f_nan[:10, :10] = np.nan
    f_nan[10:20, :10] = np.inf
    i32 = (_photo(200, 150, 5)[..., 2].astype(np.int32) - 128) * 1_000_000
    rgba = np.dstack([_photo(200, 150, 6), np.tile(np.linspace(0, 255, 200, dtype=np.uint8),
                                                   (150, 1))])
    pal = _rgb(200, 150, 8).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    la = Image.fromarray(np.ascontiguousarray(rgba[..., [0, 3]]))
    onebit = Image.fromarray(_photo(200, 150, 9)[..., 0] > 128)
    big_jpeg = _encode(_rgb(5000, 3000, seed=11), "JPEG", quality=70)
    progressive = _encode(_rgb(seed=12), "JPEG", progressive=True, quality=85)
    multipage = io.BytesIO()
    _rgb(seed=13).save(multipage, "TIFF", save_all=True, append_images=[_rgb(seed=14)])
    at_limit = _at_size(_encode(_rgb(400, 300, seed=15), "PNG"), MAX_UPLOAD_BYTES)
    cases = [
        # ---- refused, with the one clear message
        Case("zero_bytes", "empty.png", b"", "image/png", EMPTY),
        Case("random_bytes_jpg", "random.jpg", _random_bytes(4096, 1), "image/jpeg", NOT_IMAGE),
        Case("random_bytes_big", "noise.webp", _random_bytes(2_000_000, 2), "image/webp",
             NOT_IMAGE),
        Case("png_sig_then_garbage", "garbage.png", PNG_SIG + _random_bytes(500, 3), "image/png",
             UNREADABLE),
        Case("png_header_only", "header.png", png[:33], "image/png", UNREADABLE),
        Case("bomb_png_9500px", "bomb.png", _png_zero_bomb(9500), "image/png", BOMB),
        Case("bomb_png_header_100k", "bomb2.png", _png_header_claims(100_000, 100_000),
             "image/png", BOMB),
        Case("bomb_png_header_60mp", "bomb3.png", _png_header_claims(10_000, 6_000),
             "image/png", BOMB),
        Case("bomb_jpeg_header_65k", "bomb.jpg", _jpeg_with_size(65_000, 65_000), "image/jpeg",
             BOMB),
        Case("bomb_gif_header", "bomb.gif", _gif_with_size(65_535, 65_535), "image/gif", BOMB),
        Case("bomb_bmp_header", "bomb.bmp", _bmp_with_size(30_000, 30_000), "image/bmp",
             f"{BOMB}|{DAMAGED}"),
        Case("bomb_tiff_header", "bomb.tif", _tiff_with_size(60_000, 60_000), "image/tiff",
             BOMB),
        Case("bomb_webp_header", "bomb.webp", _webp_with_size(16_384, 16_384), "image/webp",
             BOMB),
        Case("ztxt_bomb", "ztxt.png", _ztxt_bomb(), "image/png", DAMAGED),
        Case("iccp_bomb", "iccp.png", _iccp_bomb(), "image/png", DAMAGED),
        Case("truncated_jpeg", "cut.jpg", jpeg[: len(jpeg) // 2], "image/jpeg", DAMAGED),
        Case("truncated_png", "cut.png", png[: len(png) // 2], "image/png", DAMAGED),
        Case("truncated_webp", "cut.webp", _encode(_rgb(), "WEBP")[:300], "image/webp",
             UNREADABLE),
        Case("truncated_gif", "cut.gif", _encode(_rgb().convert("P"), "GIF")[:200],
             "image/gif", UNREADABLE),
        Case("truncated_tiff", "cut.tif", _encode(_rgb(), "TIFF")[:5000], "image/tiff",
             UNREADABLE),
        Case("png_bad_crc", "crc.png", png[:29] + b"\x00\x00\x00\x00" + png[33:], "image/png",
             UNREADABLE),
        Case("zero_width_png", "zero.png", _png_header_claims(0, 100), "image/png",
             f"{UNREADABLE}|no pixels"),
        Case("strip_1x20000", "strip.png", _encode(Image.new("L", (1, 20_000), 128), "PNG"),
             "image/png", ASPECT),
        Case("strip_20000x1", "strip2.png", _encode(Image.new("RGB", (20_000, 1)), "PNG"),
             "image/png", ASPECT),
        Case("strip_10000x3", "strip3.jpg", _encode(_rgb(10_000, 3), "JPEG"), "image/jpeg",
             ASPECT),
        Case("text_as_jpeg", "photo.jpg", b"just some text, not a photo\n" * 20, "image/jpeg",
             NOT_IMAGE),
        Case("svg_with_script_as_png", "cat.png", SVG_SCRIPT, "image/png", NOT_IMAGE),
        Case("html_with_script_as_jpg", "cat.jpg", HTML_SCRIPT, "image/jpeg", NOT_IMAGE),
        Case("pdf_as_png", "doc.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
             "image/png", NOT_IMAGE),
        Case("eps_as_jpg", "ps.jpg", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
             b"(hi) print showpage\n", "image/jpeg", NOT_IMAGE),
        Case("ico_as_png", "icon.png", _encode(_rgb(32, 32), "ICO"), "image/png", NOT_IMAGE),
        Case("zip_as_jpg", "archive.jpg", b"PK\x03\x04" + _random_bytes(300, 4), "image/jpeg",
             NOT_IMAGE),
        Case("over_limit", "huge.png", _at_size(png, MAX_UPLOAD_BYTES + 1), "image/png",
             TOO_BIG),
        # ---- classified (with the note that says what was converted)
        Case("plain_jpeg", "holiday.jpg", jpeg, "image/jpeg", OK),
        Case("plain_png", "screen.png", png, "image/png", OK),
        Case("gray16_png", "scan16.png", _encode(gray16, "PNG"), "image/png", OK, "8 bits"),
        Case("rgb48_png", "rgb48.png", _rgb48(), "image/png", OK),
        Case("float_tiff", "float.tif", _encode(Image.fromarray(f), "TIFF"), "image/tiff",
             OK, "8 bits"),
        Case("float_tiff_nan_inf", "float_nan.tif", _encode(Image.fromarray(f_nan), "TIFF"),
             "image/tiff", OK, "8 bits"),
        Case("int32_tiff", "int32.tif", _encode(Image.fromarray(i32), "TIFF"), "image/tiff",
             OK, "8 bits"),
        Case("cmyk_jpeg", "print.jpg", _encode(_rgb(seed=17).convert("CMYK"), "JPEG"),
             "image/jpeg", OK, "CMYK"),
        Case("palette_transparency", "pal.png", _encode(pal, "PNG", transparency=0),
             "image/png", OK, "Transparent|white"),
        Case("rgba_alpha", "alpha.png", _encode(Image.fromarray(rgba), "PNG"),
             "image/png", OK, "Transparent"),
        Case("la_alpha", "la.png", _encode(la, "PNG"), "image/png", OK, "Transparent"),
        Case("one_bit", "bw.bmp", _encode(onebit, "BMP"), "image/bmp", OK, "Black-and-white"),
        Case("exif_rotated_6", "phone.jpg", _exif_rotated(6), "image/jpeg", OK, "EXIF"),
        Case("exif_rotated_8", "phone2.jpg", _exif_rotated(8), "image/jpeg", OK, "EXIF"),
        Case("exif_bad_orientation", "phone3.jpg", _exif_rotated(99), "image/jpeg", OK),
        Case("animated_gif", "anim.gif", _animated("GIF"), "image/gif", OK, "first of its"),
        Case("animated_webp", "anim.webp", _animated("WEBP"), "image/webp", OK, "first of its"),
        Case("multipage_tiff", "pages.tif", multipage.getvalue(), "image/tiff", OK,
             "first of its"),
        Case("one_pixel", "dot.png", _encode(Image.new("RGB", (1, 1), (200, 30, 30)), "PNG"),
             "image/png", OK),
        Case("two_pixel_jpeg", "tiny.jpg", _encode(_rgb(2, 2), "JPEG"), "image/jpeg", OK),
        Case("aspect_at_limit", "panorama.jpg", _encode(_rgb(4000, 200, seed=18), "JPEG"),
             "image/jpeg", OK),
        Case("big_jpeg_15mp", "camera.jpg", big_jpeg, "image/jpeg", OK, "reduced size"),
        Case("progressive_jpeg", "prog.jpg", progressive, "image/jpeg", OK),
        Case("webp_lossless", "pic.webp", _encode(_rgb(seed=19), "WEBP", lossless=True),
             "image/webp", OK),
        Case("bmp", "pic.bmp", _encode(_rgb(seed=20), "BMP"), "image/bmp", OK),
        Case("gif_static", "pic.gif", _encode(_rgb(seed=21).convert("P"), "GIF"), "image/gif",
             OK),
        Case("png_named_jpg", "really_a_png.jpg", _encode(_rgb(seed=22), "PNG"), "image/jpeg",
             OK),
        Case("png_trailing_garbage", "trail.png", png + _random_bytes(5000, 5), "image/png", OK),
        Case("at_upload_limit", "exactly_limit.png", at_limit, "image/png", OK),
        # hostile file names (the bytes are fine): never a path, never HTML
        Case("name_path_traversal", "../../etc/passwd.png", _encode(_rgb(seed=23), "PNG"),
             "image/png", OK),
        Case("name_script_tag", "<script>alert(1)</script>.png", _encode(_rgb(seed=24), "PNG"),
             "image/png", OK),
        Case("name_markdown", "**bold** [x](javascript:alert(1)) `c`.jpg",
             _encode(_rgb(seed=25), "JPEG"), "image/jpeg", OK),
        Case("name_very_long", "a" * 1000 + ".png", _encode(_rgb(seed=26), "PNG"), "image/png",
             OK),
        Case("name_unicode", "猫 Ünïcødé \u202egnp.exe \U0001f431.png",
             _encode(_rgb(seed=27), "PNG"), "image/png", OK),
        Case("name_newlines", "line1\nline2\r\n.png", _encode(_rgb(seed=28), "PNG"),
             "image/png", OK),
        # types outside the uploaders' list (ui/uploads.py), as a client that skips the browser's
        # file filter sends them: a message each (never Streamlit's extension-check traceback);
        # the content decides, so a real JPEG without an extension is classified
        Case("ext_avif", "photo.avif", _encode(_rgb(64, 48, seed=29), "AVIF"), "image/avif",
             NOT_IMAGE),
        Case("ext_ico", "favicon.ico", _encode(_rgb(32, 32, seed=30), "ICO"), "image/x-icon",
             NOT_IMAGE),
        Case("ext_heic", "IMG_0001.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
             + _random_bytes(400, 6), "image/heic", NOT_IMAGE),
        Case("ext_svg", "drawing.svg", SVG_SCRIPT, "image/svg+xml", NOT_IMAGE),
        Case("ext_html", "page.html", HTML_SCRIPT, "text/html", NOT_IMAGE),
        Case("ext_zip", "photos.zip", b"PK\x03\x04" + _random_bytes(300, 7), "application/zip",
             NOT_IMAGE),
        Case("ext_eps", "figure.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
             b"(hi) print showpage\n", "application/postscript", NOT_IMAGE),
        Case("ext_exe", "setup.exe", b"MZ\x90\x00" + _random_bytes(600, 8),
             "application/x-msdownload", NOT_IMAGE),
        Case("ext_none_jpeg", "photo", _encode(_rgb(seed=31), "JPEG"), "application/octet-stream",
             OK),
    ]
    keys = [c.key for c in cases]
    assert len(keys) == len(set(keys)), "duplicate case keys"
    return tuple(cases)


def _rgb48() -> bytes:
    """A 16-bit-per-channel RGB PNG."""
    a = _photo(64, 48, 16).astype(">u2") * 257
    raw = b"".join(b"\x00" + a[r].tobytes() for r in range(a.shape[0]))
    return _png_raw(64, 48, zlib.compress(raw), depth=16, color_type=2)


def case(key: str) -> Case:
    return next(c for c in build_corpus() if c.key == key)


def summary(cases=None) -> str:
    cases = cases or build_corpus()
    ok = sum(c.usable for c in cases)
    return f"{len(cases)} files: {ok} usable, {len(cases) - ok} to refuse"


if __name__ == "__main__":  # python -m tests.hostile.corpus : list the cases
    for c in build_corpus():
        print(f"{c.key:28} {len(c.data):>10} B  {'OK' if c.usable else 'refuse':6} "
              f"{c.filename[:40]!r}")
    print(summary())
