"""Generates color_parity.json: torchvision 0.14's colour adjustments on float tensors in [0, 1]
(adjust_brightness / adjust_contrast / adjust_saturation / adjust_hue) for ColorParityTests.

Run with Debian's interpreter: /usr/bin/python3 make_color_parity.py  (writes color_parity.json beside it)
"""
import json
import os

import torch
import torchvision
import torchvision.transforms.functional as F

torch.manual_seed(7)
rgb = torch.rand(3, 6, 7)
grey = torch.rand(1, 5, 4)
cases = []
for name, fn, factors, image in (
    ("brightness", F.adjust_brightness, (1.3, 0.6, 2.5), rgb),
    ("contrast", F.adjust_contrast, (1.4, 0.5, 0.0), rgb),
    ("contrast", F.adjust_contrast, (1.7, 0.2), grey),
    ("saturation", F.adjust_saturation, (1.5, 0.3, 0.0), rgb),
    ("hue", F.adjust_hue, (0.1, -0.3, 0.45, -0.5), rgb),
):
    for factor in factors:
        out = fn(image, factor)
        cases.append({"op": name, "factor": factor, "shape": list(image.shape),
                      "input": image.flatten().tolist(), "output": out.flatten().tolist()})

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "color_parity.json"), "w") as f:
    json.dump({"generator": f"torchvision {torchvision.__version__} functional colour adjustments", "cases": cases}, f)
print(f"{len(cases)} cases")
