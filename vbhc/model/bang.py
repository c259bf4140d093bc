"""Tables of figures (bảng số liệu) inside reports and appendices."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from vbhc.model.common import Part
from vbhc.model.text import PlainText

MAX_FIGURE_DIGITS = 15
"""Digits of a figure's whole part (and of its totals), as for ``vbhc bang-chu``: beyond
that a figure is not a count a report prints, and Word could not show it whole."""


def _too_long(number: int | Decimal) -> bool:
    return abs(number) >= 10**MAX_FIGURE_DIGITS


def _long_message(number: int | Decimal) -> str:
    digits = len(str(abs(int(number))))
    return (f"số có {digits} chữ số ở phần nguyên, quá {MAX_FIGURE_DIGITS}; số liệu trong bảng "
            "không dài như vậy (nếu là mã, đặt trong ngoặc kép)")


def _cell(value: object) -> object:
    value = _read_cell(value)
    if isinstance(value, int | Decimal) and _too_long(value):
        raise ValueError(_long_message(value))
    return value


def _read_cell(value: object) -> object:
    """Read "1.250" / "3,5" as numbers (Vietnamese notation); refuse YAML floats, which
    would silently turn 1.250 (one thousand two hundred fifty) into 1.25."""
    if isinstance(value, bool):
        raise ValueError("ô bảng không nhận true/false")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("số quá lớn hoặc không phải số (inf, nan)")
    if isinstance(value, float):
        raise ValueError(
            f"số {value!r} có dấu chấm/phẩy phải đặt trong ngoặc kép theo cách viết Việt Nam, "
            "ví dụ \"1.250\" (một nghìn hai trăm năm mươi) hoặc \"3,5\""
        )
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError("ô bảng không nhận số vô hạn hay NaN")
    if isinstance(value, str):
        from vbhc.lang.numbers import SoKhongHopLe, parse_number

        if value.strip().isdigit():
            return value.strip()  # "2024", "0105": a year or a code, printed as written
        try:
            number = parse_number(value.strip())
        except (SoKhongHopLe, ValueError):
            return value
        return int(number) if number == number.to_integral_value() and "," not in value \
            else number
    return value


Cell = Annotated[int | Decimal | PlainText | None, BeforeValidator(_cell)]
"""A number (summed, printed 1.250 and right-aligned), a text, a digit string in quotes
("2024": a year or code, printed as written), or empty (null or "")."""


class Bang(Part):
    """A table: header row, data rows, optional totals row summing the numeric columns."""

    tieu_de: PlainText | None = Field(
        None, description="Tên bảng, in đậm, căn giữa phía trên bảng (nếu có)."
    )
    don_vi_tinh: PlainText | None = Field(
        None, description="Đơn vị tính, in nghiêng phía trên bên phải bảng, ví dụ: cuộc, đơn."
    )
    cot: list[PlainText] = Field(min_length=1, description="Tiêu đề các cột (hàng đầu).")
    hang: list[list[Cell]] = Field(
        min_length=1,
        description="Các hàng số liệu; số ghi dạng số (1250) hoặc \"1.250\", được in có dấu "
        "chấm ngăn hàng nghìn và căn phải; năm hay mã số ghi trong ngoặc kép (\"2024\") "
        "được in nguyên văn; ô trống ghi null.",
    )
    dong_tong: PlainText | None = Field(
        None,
        description="Nhãn hàng tổng (ví dụ: Tổng cộng); có nhãn thì vbhc tự cộng các cột số.",
    )

    @model_validator(mode="after")
    def _rows_fit(self) -> Bang:
        for i, row in enumerate(self.hang):
            if len(row) != len(self.cot):
                raise ValueError(
                    f"hàng {i + 1} có {len(row)} ô, bảng có {len(self.cot)} cột"
                )
        if self.dong_tong is not None:
            for col, total in enumerate(self.totals()[1:], 1):
                if isinstance(total, int | Decimal) and _too_long(total):
                    raise ValueError(f"tổng cột '{self.cot[col]}': {_long_message(total)}")
        return self

    def totals(self) -> list[Cell | None]:
        """Return the totals row: label in the first column, exact sums (int, or Decimal when
        a column has decimals) under columns whose cells are all numbers."""
        out: list[Cell | None] = [self.dong_tong]
        for col in range(1, len(self.cot)):
            values = [row[col] for row in self.hang if row[col] is not None]
            numeric = [v for v in values if isinstance(v, int | Decimal)]
            if not numeric or len(numeric) != len(values):
                out.append(None)
                continue
            with localcontext() as ctx:
                ctx.prec = 2 * MAX_FIGURE_DIGITS + 20  # exact: no rounding of sums
                out.append(sum(numeric))
        return out
