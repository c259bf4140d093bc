"""Signature and seal images (ND30 Phụ lục I, ô 7c and 8, electronic documents) as the
renderer needs them: the PNG bytes, already checked, and the size to print them at.

The files are read and checked by :mod:`vbhc.images` (source layer: it knows where the
document may read from); a model only carries the result, so nothing in ``vbhc.model``
touches the file system.
"""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_MM = 36000
"""English Metric Units per millimetre (OOXML drawing sizes: 914,400 per inch)."""


@dataclass(frozen=True)
class AnhKy:
    """One checked PNG image of the signature block.

    ``truong`` is the field it came from (``nguoi_ky.chu_ky_anh`` or ``nguoi_ky.dau_anh``),
    ``data`` the PNG bytes as the user gave them (embedded unchanged: same input, same
    bytes), ``rong_emu`` / ``cao_emu`` the printed width and height in EMU (36,000 per mm),
    ``rong_px`` / ``cao_px`` the pixel size.
    """

    truong: str
    data: bytes
    rong_emu: int
    cao_emu: int
    rong_px: int
    cao_px: int

    @property
    def rong_mm(self) -> float:
        """The printed width in millimetres."""
        return self.rong_emu / EMU_PER_MM

    @property
    def cao_mm(self) -> float:
        """The printed height in millimetres."""
        return self.cao_emu / EMU_PER_MM
