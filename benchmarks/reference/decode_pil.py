"""Side-by-side reference for the `image-decode` benchmark: Pillow decoding every file of a folder to 8-bit
grey/RGB pixels (Image.open + convert, which forces the decode). Prints one JSON line per file group.

Usage: /usr/bin/python3 decode_pil.py FOLDER [--seconds S]
"""
import argparse
import glob
import json
import os
import time

from PIL import Image

parser = argparse.ArgumentParser()
parser.add_argument("folder")
parser.add_argument("--seconds", type=float, default=2.0)
args = parser.parse_args()

for group in sorted({os.path.basename(p).split("-")[0] for p in glob.glob(os.path.join(args.folder, "*"))}):
    files = sorted(glob.glob(os.path.join(args.folder, group + "-*")))
    blobs = [open(f, "rb").read() for f in files]
    import io

    def decode_all():
        for b in blobs:
            im = Image.open(io.BytesIO(b))
            im.convert("L" if im.mode in ("L", "1", "I;16") else "RGB")

    decode_all()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        decode_all()
        count += len(blobs)
    print(json.dumps({"group": group, "images_per_second": count / (time.perf_counter() - start)}), flush=True)
