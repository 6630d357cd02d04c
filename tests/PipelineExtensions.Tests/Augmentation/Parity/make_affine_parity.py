"""Generates affine_parity.json: torchvision 0.14's F.affine on PIL images (its RandomAffine path) with fixed
parameters, nearest interpolation and fill 0, for AffineParityTests.

Run with Debian's interpreter: /usr/bin/python3 make_affine_parity.py  (writes affine_parity.json beside it)
"""
import json
import os

import numpy as np
import torchvision
import torchvision.transforms.functional as F
from PIL import Image

rng = np.random.default_rng(20240601)
cases = []
params = [
    # angle, (tx, ty), scale, (shear x, shear y)
    (0.0, (0, 0), 1.0, (0.0, 0.0)),
    (17.3, (0, 0), 1.0, (0.0, 0.0)),
    (-12.9, (2, -1), 1.0, (0.0, 0.0)),
    (7.7, (-3, 2), 0.87, (0.0, 0.0)),
    (-19.1, (1, 3), 1.13, (9.4, 0.0)),
    (3.3, (0, 0), 1.0, (-10.6, 4.2)),
    (90.0, (0, 0), 1.0, (0.0, 0.0)),
    (13.1, (-2, -2), 0.93, (5.5, -3.1)),
]
for h, w in ((13, 17), (16, 16)):
    img = rng.integers(0, 256, size=(h, w), dtype=np.uint8)
    for angle, translate, scale, shear in params:
        out = F.affine(Image.fromarray(img), angle=angle, translate=list(translate), scale=scale, shear=list(shear),
                       interpolation=F.InterpolationMode.NEAREST, fill=0)
        cases.append({
            "height": h, "width": w,
            "angle": angle, "tx": translate[0], "ty": translate[1], "scale": scale,
            "shearX": shear[0], "shearY": shear[1],
            "input": img.flatten().tolist(),
            "output": np.asarray(out).flatten().tolist(),
        })

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "affine_parity.json"), "w") as f:
    json.dump({"generator": f"torchvision {torchvision.__version__} F.affine, PIL path, nearest, fill 0", "cases": cases}, f)
print(f"{len(cases)} cases")
