"""Side-by-side reference for the `augment` benchmark (benchmarks/PipelineExtensions.Benchmarks/Augmentation).

Times torchvision 0.14's RandomAffine(degrees=20, translate=(0.2, 0.2), scale=(0.8, 1.2), shear=11)
followed by RandomHorizontalFlip(), applied per image, on every path torchvision offers for an image type:
  pil     PIL.Image (mode L / RGB, uint8)                    -- torchvision's fastest path for uint8
  pilF    PIL.Image mode F (float32, single channel only)    -- a float path for 1-channel images
  tensor  torch tensor C x H x W (uint8 or float32)          -- the only float path for 3-channel images
torch.set_num_threads(2). Prints one JSON line per case: images/s for each path.

Usage: /usr/bin/python3 augment_torchvision.py [--seconds S]
"""
import argparse
import json
import time

import numpy as np
import torch
import torchvision.transforms as T
from PIL import Image

torch.set_num_threads(2)

parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=float, default=2.0, help="minimum timed seconds per case")
args = parser.parse_args()


def make_transform(interpolation):
    return T.Compose([
        T.RandomAffine(degrees=20, translate=(0.2, 0.2), scale=(0.8, 1.2), shear=11, interpolation=interpolation),
        T.RandomHorizontalFlip(),
    ])


def images_per_second(transform, images):
    # Warm up, then repeat passes over the image set until the time budget is spent.
    for img in images[:8]:
        transform(img)
    count = 0
    start = time.perf_counter()
    while True:
        for img in images:
            transform(img)
        count += len(images)
        elapsed = time.perf_counter() - start
        if elapsed >= args.seconds:
            return count / elapsed


torch.manual_seed(0)
rng = np.random.default_rng(0)
modes = {"nearest": T.InterpolationMode.NEAREST, "bilinear": T.InterpolationMode.BILINEAR}
for (c, h, w), n in (((1, 28, 28), 512), ((3, 224, 224), 32)):
    u8 = rng.integers(0, 256, size=(n, c, h, w), dtype=np.uint8)
    for interp_name, interp in modes.items():
        tf = make_transform(interp)
        for dtype in ("uint8", "float32"):
            result = {"shape": f"{c}x{h}x{w}", "dtype": dtype, "interpolation": interp_name}
            if dtype == "uint8":
                tensors = [torch.from_numpy(u8[i]) for i in range(n)]
                pil = [Image.fromarray(u8[i, 0] if c == 1 else u8[i].transpose(1, 2, 0)) for i in range(n)]
                result["pil"] = images_per_second(tf, pil)
            else:
                f32 = u8.astype(np.float32) / 255.0
                tensors = [torch.from_numpy(f32[i]) for i in range(n)]
                if c == 1:
                    pil_f = [Image.fromarray(f32[i, 0], mode="F") for i in range(n)]
                    result["pilF"] = images_per_second(tf, pil_f)
            result["tensor"] = images_per_second(tf, tensors)
            print(json.dumps(result), flush=True)
