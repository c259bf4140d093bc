"""Draw the demo's stand-in signature and seal images (PNG, transparent background).

Developer and demo tool: ``python tools/demo_images.py THƯ_MỤC`` writes ``chu-ky.png`` (a
blue scribble, 50 × 20 mm at 300 dpi) and ``dau.png`` (a red ring with a star, 36 mm at
300 dpi, the diameter vbhc assumes for a seal whose size is not given). They are stand-ins
for a real scanned signature and seal, marked "MẪU" so nobody mistakes them for real ones.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

DPI = 300


def px(mm: float) -> int:
    """Return ``mm`` millimetres in pixels at DPI."""
    return round(mm / 25.4 * DPI)


def signature() -> Image.Image:
    """Return a blue hand-written-looking stroke on a transparent background."""
    w, h = px(50), px(20)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    points = [(w * (0.05 + 0.9 * t / 200),
               h * (0.5 + 0.3 * math.sin(t / 9.0) * math.cos(t / 31.0)))
              for t in range(201)]
    draw.line(points, fill=(20, 40, 170, 255), width=px(0.7))
    draw.line([(w * 0.15, h * 0.8), (w * 0.9, h * 0.7)], fill=(20, 40, 170, 255), width=px(0.5))
    return img


def seal() -> Image.Image:
    """Return a red ring seal marked MẪU (sample) on a transparent background."""
    d = px(36)
    img = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (220, 20, 30, 230)
    draw.ellipse([2, 2, d - 3, d - 3], outline=red, width=px(0.9))
    m = px(6)
    draw.ellipse([m, m, d - 1 - m, d - 1 - m], outline=red, width=px(0.5))
    c, r = d / 2, d * 0.13
    star = [(c + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5),
             c - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5)) for i in range(10)]
    draw.polygon(star, fill=red)
    draw.text((c - px(3), c + px(4)), "MAU", fill=red)
    return img


def main(folder: Path) -> None:
    """Write chu-ky.png and dau.png into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    signature().save(folder / "chu-ky.png", dpi=(DPI, DPI))
    seal().save(folder / "dau.png", dpi=(DPI, DPI))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
