"""Tiếng Việt: ngày tháng, số thành chữ, chuẩn hóa Unicode."""

from vbhc.lang.dates import ngay_ngan, ngay_thang

__all__ = ["ngay_ngan", "ngay_thang"]
