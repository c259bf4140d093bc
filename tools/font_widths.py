"""Write vbhc/data/do-rong-chu.json: advance widths of Liberation Serif (metric-compatible
with Times New Roman) for the characters Vietnamese documents use.

Developer tool, run once: needs fontTools and fonts-liberation2 (not runtime dependencies).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
STYLES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy" "fjwz"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


def characters() -> list[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    chars |= set("“”‘’–—…•·«»°№§¹²³⁴⁵⁶⁷⁸⁹⁰")
    for base in VIETNAMESE:
        for tone in TONES:
            for ch in (base, base.upper()):
                chars.add(unicodedata.normalize("NFC", ch + tone))
    return sorted(c for c in chars if len(c) == 1)


def main(out: Path) -> None:
    table: dict[str, object] = {}
    for style, name in STYLES.items():
        font = TTFont(FONT_DIR / name)
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        table["units_per_em"] = font["head"].unitsPerEm
        table[style] = {c: hmtx[cmap[ord(c)]][0] for c in characters() if ord(c) in cmap}
    out.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                   encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "vbhc/data/do-rong-chu.json"))
