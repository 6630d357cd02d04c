"""Makes the tiny PNG/JPEG fixtures in ../Loading/Fixtures and image_parity.json: what PIL (Pillow, Debian)
decodes from each fixture, and PIL's anti-aliased bilinear resize, for ImageDecodingTests and ResizeParityTests.

Run with Debian's interpreter: /usr/bin/python3 make_image_fixtures.py
"""
import json
import os

import numpy as np
import PIL
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "Loading", "Fixtures")
os.makedirs(fixtures, exist_ok=True)
rng = np.random.default_rng(42)

# A smooth colour image (JPEG-friendly) with some texture, 13 x 9 (not a multiple of 8 or 16).
h, w = 13, 19
yy, xx = np.mgrid[0:h, 0:w]
rgb = np.stack([(xx * 13) % 256, (yy * 19) % 256, ((xx + yy) * 7 + 40) % 256], axis=-1).astype(np.uint8)
rgb = np.clip(rgb.astype(int) + rng.integers(-10, 11, size=rgb.shape), 0, 255).astype(np.uint8)
grey = (0.3 * rgb[..., 0] + 0.6 * rgb[..., 1] + 0.1 * rgb[..., 2]).astype(np.uint8)

images = {
    "rgb.png": (Image.fromarray(rgb), {}),
    "grey.png": (Image.fromarray(grey), {}),
    "rgba.png": (Image.fromarray(np.dstack([rgb, rng.integers(0, 256, size=(h, w), dtype=np.uint8)])), {}),
    "palette.png": (Image.fromarray(rgb).quantize(colors=16), {}),
    "grey16.png": (Image.fromarray((grey.astype(np.uint16) * 257 + rng.integers(0, 200, size=(h, w))).astype(np.uint16)), {}),
    "grey1bit.png": (Image.fromarray(grey > 128).convert("1"), {}),
    "rgb444.jpg": (Image.fromarray(rgb), {"quality": 95, "subsampling": 0}),
    "rgb420.jpg": (Image.fromarray(rgb), {"quality": 90, "subsampling": 2}),
    "grey.jpg": (Image.fromarray(grey), {"quality": 92}),
    "progressive.jpg": (Image.fromarray(rgb), {"quality": 90, "progressive": True, "subsampling": 0}),
}


def write_adam7_png(path, pixels):
    """Pillow cannot write interlaced PNGs: write an 8-bit RGB Adam7 file by hand (filter 0 on every scanline)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    height, width = pixels.shape[:2]
    raw = b""
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
        sub = pixels[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        for row in sub:
            raw += b"\x00" + row.tobytes()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


write_adam7_png(os.path.join(fixtures, "interlaced.png"), rgb)
images["interlaced.png"] = (None, None)

cases = []
for name, (img, kwargs) in images.items():
    path = os.path.join(fixtures, name)
    if img is not None:
        img.save(path, **kwargs)
    decoded = Image.open(path)
    # What a model would see: 8-bit grey stays grey, everything else becomes RGB (alpha dropped).
    if decoded.mode in ("L", "1"):
        arr = np.asarray(decoded.convert("L"))
        channels = 1
    elif decoded.mode in ("I;16", "I"):
        arr = (np.asarray(decoded).astype(np.uint32) >> 8).astype(np.uint8)
        channels = 1
    else:
        arr = np.asarray(decoded.convert("RGB"))
        channels = 3
    cases.append({"file": name, "width": decoded.width, "height": decoded.height, "channels": channels,
                  "pixels": arr.flatten().tolist()})

# PIL's BILINEAR resize (anti-aliased when reducing) on a grey image, down and up.
resize_cases = []
src = rng.integers(0, 256, size=(20, 30), dtype=np.uint8)
for (oh, ow) in ((7, 11), (20, 9), (33, 47), (5, 5)):
    out = np.asarray(Image.fromarray(src).resize((ow, oh), Image.BILINEAR))
    resize_cases.append({"height": 20, "width": 30, "outHeight": oh, "outWidth": ow,
                         "input": src.flatten().tolist(), "output": out.flatten().tolist()})

with open(os.path.join(here, "image_parity.json"), "w") as f:
    json.dump({"generator": f"Pillow {PIL.__version__}", "decode": cases, "resize": resize_cases}, f)
print(len(cases), "fixtures,", len(resize_cases), "resize cases")
