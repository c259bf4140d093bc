"""Tables of figures (bảng số liệu) inside reports and appendices.

How a cell is read (Vietnamese notation, vbhc.lang.numbers.figure_kind):

- a number: 1250, "1.250", "1 250" (also with a non-breaking or thin space), "3,5", "-12";
  printed "1.250" / "3,5", right-aligned, summed in the totals row;
- a percentage: "12%", "12,5 %": printed with its "%", right-aligned, never summed (a sum
  of percentages means nothing; give the overall rate as an explicit total);
- quoted digits ("204", "2024"): a figure when the column holds figures, so quoting every
  figure still gives totals; text printed as written when the whole column is text
  (years, codes), in the first column (row labels), and in a column of years (headed
  "Năm ..." without digits, every cell a year 1900-2100). Digits with a leading zero
  ("0105") are a code;
- "1,250" (a comma then exactly three digits, whole part 1-999): English thousands or a
  Vietnamese decimal. Read as the decimal 1,25 when the column writes other decimals with a
  comma ("3,5"), as 1250 (with a warning) when the column is written in English notation
  ("1,250,000", "3.5"), and refused otherwise, naming the cell and how to write it: 1.250
  or 1250 for a whole number, 1,25 for a decimal;
- English notation that cannot be anything else ("1,250,000", "1,250.5", "3.5") is read
  as such, with a warning saying how it is written in Vietnamese;
- a dash ("-", "–", "—") stands for "none": printed as written, counted as empty;
- anything else is text: it may carry **đậm**, *nghiêng* and [^khoa] footnotes. Text in a
  column of figures (or a code among figures) is kept as written, with a warning naming the
  cell, and that column gets no computed total. In a column of text, "1.1" or "2024" stay
  as written. The first column holds the row labels: its strings are always printed as
  written, never warned about.

Warnings are kept on the table (:meth:`Bang.warnings`) and reported by the loader with
the cell's path (``muc[0].noi_dung[1].hang[3][2]``); errors are Pydantic errors located
at the cell.
"""

# No `from __future__ import annotations` here: pydantic then reads these models' field
# annotations as objects instead of evaluating each string (a cold render: 5 -> 1.7 ms).

import math
from decimal import Decimal, localcontext
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    ValidationError,
    WrapSerializer,
    WrapValidator,
    model_validator,
)
from pydantic_core import InitErrorDetails

from vbhc.lang.numbers import (
    CHU,
    DAY_SO,
    GACH,
    KIEU_ANH,
    MA_SO,
    MO_HO,
    PHAN_TRAM,
    SO,
    figure_kind,
    format_number,
    number_to_words,
)
from vbhc.model.common import Part, new_list
from vbhc.model.text import PlainText, RichText

MAX_FIGURE_DIGITS = 15
"""Digits of a figure's whole part (and of its totals), as for ``vbhc bang-chu``: beyond
that a figure is not a count a report prints, and Word could not show it whole."""


class PhanTram(Decimal):
    """A percentage cell ("12,5%"): the number before the "%" sign, printed with it."""

    __slots__ = ()

    def printed(self) -> str:
        """Return the percentage as printed, with the decimals it was written with:
        "12%", "12,5%", "89,0%"."""
        whole, _, frac = format(abs(self), "f").partition(".")
        sign = "-" if self < 0 else ""
        return f"{sign}{format_number(int(whole))}{',' + frac if frac else ''}%"


def _too_long(number: int | Decimal) -> bool:
    return abs(number) >= 10**MAX_FIGURE_DIGITS


def _long_message(number: int | Decimal) -> str:
    digits = len(str(abs(int(number))))
    return (f"số có {digits} chữ số ở phần nguyên, quá {MAX_FIGURE_DIGITS}; số liệu trong bảng "
            "không dài như vậy (nếu là mã, đặt trong ngoặc kép)")


def _cell(value: object, handler: Any) -> object:
    value = _read_cell(value)
    if isinstance(value, int | Decimal) and _too_long(value):
        raise ValueError(_long_message(value))
    if isinstance(value, PhanTram):
        return value
    return handler(value)


def _dump_cell(value: object, handler: Any) -> object:
    """Dump a percentage as it is written ("12,5%"), so that YAML out reads back in."""
    return value.printed() if isinstance(value, PhanTram) else handler(value)


def _read_cell(value: object) -> object:
    """Read "1.250" / "3,5" / "12%" as numbers (Vietnamese notation); refuse YAML floats,
    which would silently turn 1.250 (one thousand two hundred fifty) into 1.25. Strings that
    only the column can read (quoted digits, "1,250", English notation) stay strings here;
    :meth:`Bang._columns` decides."""
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
        kind, number = figure_kind(value)
        if kind in (DAY_SO, MA_SO):
            return value.strip()  # "2024", "0105": the column decides (Bang._columns)
        if kind == PHAN_TRAM and number is not None:
            return PhanTram(number)
        if kind != SO or number is None:
            return value
        return int(number) if number == number.to_integral_value() and "," not in value \
            else number
    return value


Cell = Annotated[int | Decimal | RichText | None, WrapValidator(_cell),
                 WrapSerializer(_dump_cell)]
"""A number (summed, printed 1.250 and right-aligned), a percentage (:class:`PhanTram`,
printed with "%"), a text (markup and footnotes allowed), a digit string in quotes
("2024": a figure in a column of figures, else a year or code printed as written), or
empty (null or "")."""

_NUMERIC = frozenset({SO, PHAN_TRAM, KIEU_ANH, MO_HO})

VaiTroCot = Literal["stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham",
                    "theo_doi"]
"""What a column of a task-assignment table (bảng phân công nhiệm vụ) holds: the row number,
the task, the lead body (cơ quan chủ trì), the bodies assisting (phối hợp), the time or
deadline, the product or result, the body following up (theo dõi, đôn đốc)."""


def _kind(value: object) -> str | None:
    """Return the figure kind of a validated cell (None for an empty one)."""
    if value is None:
        return None
    if isinstance(value, PhanTram):
        return PHAN_TRAM
    if isinstance(value, int | Decimal):
        return SO
    return figure_kind(str(value))[0]


def _number(value: object) -> bool:
    """True for a figure that is summed: a number, not a percentage."""
    return isinstance(value, int | Decimal) and not isinstance(value, PhanTram)


class Bang(Part):
    """A table: header row, data rows, optional totals row summing the numeric columns."""

    tieu_de: RichText | None = Field(
        None, description="Tên bảng, in đậm, căn giữa phía trên bảng (nếu có)."
    )
    don_vi_tinh: PlainText | None = Field(
        None, description="Đơn vị tính, in nghiêng phía trên bên phải bảng, ví dụ: cuộc, đơn."
    )
    cot: list[RichText] = Field(min_length=1, description="Tiêu đề các cột (hàng đầu).")
    hang: list[list[Cell]] = Field(
        min_length=1,
        description="Các hàng số liệu; số ghi dạng số (1250) hoặc \"1.250\", \"1 250\", "
        "\"3,5\", tỷ lệ \"12%\"; được in có dấu chấm ngăn hàng nghìn và căn phải. Không viết "
        "kiểu Anh \"1,250\" (viết 1.250 hoặc 1250). Số trong ngoặc kép (\"204\") là số liệu "
        "nếu cột là cột số; năm hay mã số (\"2024\", \"0105\") được in nguyên văn khi cả cột "
        "là chữ. Ô chữ được dùng **đậm**, *nghiêng* và chú thích [^khoa]; ô trống ghi null.",
    )
    dong_tong: PlainText | list[Cell] | None = Field(
        None,
        description="Hàng tổng: một nhãn (ví dụ: Tổng cộng) thì vbhc tự cộng các cột số "
        "(không cộng cột tỷ lệ %); hoặc cả hàng [nhãn, giá trị, ...] với giá trị ghi tay "
        "(ví dụ tỷ lệ chung \"94%\") hay null để vbhc tự cộng cột đó.",
    )
    vai_tro_cot: list[VaiTroCot | None] | None = Field(
        None,
        description="Bảng phân công nhiệm vụ: vai trò của từng cột, theo thứ tự cột (stt, "
        "noi_dung, chu_tri, phoi_hop, thoi_gian, san_pham, theo_doi; null cho cột khác); nhận "
        "từ tiêu đề cột khi nhập. Không ảnh hưởng cách in; vbhc derive dùng để thay cơ quan "
        "chủ trì, phối hợp và dời thời hạn.",
    )
    _warnings: list[tuple[str, str]] = PrivateAttr(default_factory=new_list)

    @model_validator(mode="after")
    def _rows_fit(self) -> "Bang":
        self._roles_fit()
        for i, row in enumerate(self.hang):
            if len(row) != len(self.cot):
                raise ValueError(
                    f"hàng {i + 1} có {len(row)} ô, bảng có {len(self.cot)} cột"
                )
        if isinstance(self.dong_tong, list):
            if len(self.dong_tong) != len(self.cot):
                raise ValueError(f"dong_tong có {len(self.dong_tong)} ô, bảng có "
                                 f"{len(self.cot)} cột")
            if not isinstance(self.dong_tong[0], str) or _kind(self.dong_tong[0]) != CHU:
                raise ValueError("ô đầu của dong_tong là nhãn hàng tổng, ví dụ: Tổng cộng")
        self._columns()
        if self.dong_tong is not None:
            for col, total in enumerate(self.totals()[1:], 1):
                if _number(total) and _too_long(total):  # type: ignore[arg-type]
                    raise ValueError(f"tổng cột '{self.cot[col]}': {_long_message(total)}")
        return self

    def _roles_fit(self) -> None:
        """ValueError when vai_tro_cot does not give one role (or null) per column, or
        gives a role twice."""
        roles = self.vai_tro_cot
        if roles is None:
            return
        if len(roles) != len(self.cot):
            raise ValueError(f"vai_tro_cot có {len(roles)} mục, bảng có {len(self.cot)} cột")
        named = [r for r in roles if r is not None]
        twice = sorted({r for r in named if named.count(r) > 1})
        if twice:
            raise ValueError(f"vai_tro_cot ghi vai trò '{twice[0]}' cho nhiều cột")

    def role_column(self, role: str) -> int | None:
        """Return the index of the column whose vai_tro_cot is ``role`` ("chu_tri"), None
        when the table has no such column (or no roles)."""
        roles = self.vai_tro_cot or []
        return roles.index(role) if role in roles else None  # type: ignore[arg-type]

    # -- reading the columns ------------------------------------------------------------

    def _columns(self) -> None:
        """Read each column's strings as its other cells say (module docstring); keep the
        warnings; raise a ValidationError located at each refused cell."""
        errors: list[InitErrorDetails] = []
        self._warnings = []
        explicit = self.dong_tong if isinstance(self.dong_tong, list) else None
        for col in range(len(self.cot)):
            cells = [(("hang", i, col), f"hang[{i}][{col}]", row) for i, row in
                     enumerate(self.hang)]
            if explicit is not None and col:
                cells.append((("dong_tong", col), f"dong_tong[{col}]", explicit))
            self._column(col, cells, errors)
        if errors:
            raise ValidationError.from_exception_data("Bang", errors)
        self._check_explicit_totals()

    def _column(self, col: int, cells: list[tuple[tuple, str, list]],
                errors: list[InitErrorDetails]) -> None:
        data = [row[col] for loc, _, row in cells if loc[0] == "hang"]
        kinds = {_kind(v) for v in data} - {None}
        if col == 0:
            return  # row labels: text, never summed, printed as written ("1.1", "2024")
        if not kinds & {SO, PHAN_TRAM} and kinds & {CHU, MA_SO}:
            # a column of text: digit strings are years or codes, "1.1" a numbering, all
            # printed as written; only "1,250" is refused, a reader would take it for 1,25
            errors.extend(_error(loc, str(row[col]), _ambiguous(str(row[col])))
                          for loc, _, row in cells if _kind(row[col]) == MO_HO)
            return
        if not kinds & _NUMERIC and _years(self.cot[col], data):
            return
        decimals = any(_number(v) and isinstance(v, Decimal) for v in data)
        english = KIEU_ANH in kinds
        summed = self.dong_tong is not None and col > 0 and not (
            isinstance(self.dong_tong, list) and self.dong_tong[col] is not None)
        for loc, path, row in cells:
            value = row[col]
            kind = _kind(value)
            text = str(value)
            if kind == DAY_SO:
                number = int(text)
                if _too_long(number):
                    errors.append(_error(loc, text, _long_message(number)))
                row[col] = number
            elif kind == KIEU_ANH:
                row[col] = _english(text)
                self._warn(path, f"«{text}» viết theo kiểu Anh, đã đọc là "
                                 f"{format_number(row[col])}; theo cách viết Việt Nam ghi "
                                 f"\"{format_number(row[col])}\"")
            elif kind == MO_HO and decimals and not english:
                row[col] = figure_kind(text)[1]
            elif kind == MO_HO and english and not decimals:
                row[col] = _english(text)
                self._warn(path, f"«{text}» đọc theo kiểu Anh như các ô khác của cột là "
                                 f"{format_number(row[col])}; theo cách viết Việt Nam ghi "
                                 f"\"{format_number(row[col])}\"")
            elif kind == MO_HO:
                errors.append(_error(loc, text, _ambiguous(text)))
            elif kind in (CHU, MA_SO) and loc[0] == "hang":
                what = ("có số 0 ở đầu nên được giữ như mã số" if kind == MA_SO
                        else "là chữ")
                total = "; hàng tổng để trống ở cột này" if summed else ""
                self._warn(path, f"ô «{text[:40]}» {what}, trong cột số liệu "
                                 f"'{self.cot[col]}'{total} (ghi số, hoặc để trống: null)")

    def _check_explicit_totals(self) -> None:
        """Warn where a total written by hand is not the sum of its column."""
        if not isinstance(self.dong_tong, list):
            return
        for col in range(1, len(self.cot)):
            given = self.dong_tong[col]
            if not _number(given):
                continue
            computed = self._sum(col)
            if computed is not None and computed != given:
                self._warn(f"dong_tong[{col}]",
                           f"tổng ghi tay {format_number(given)} khác tổng các ô của cột "
                           f"'{self.cot[col]}' ({format_number(computed)}); được in như đã ghi")

    def _warn(self, path: str, message: str) -> None:
        self._warnings.append((path, message))

    def warnings(self) -> list[tuple[str, str]]:
        """Return (path inside the table, Vietnamese message) for each cell read with a
        warning: ``("hang[3][2]", "«1,250,000» viết theo kiểu Anh, ...")``; the loader
        prefixes the table's own path. [] when every cell was plain."""
        return list(self._warnings)

    # -- totals -------------------------------------------------------------------------

    def label(self) -> str | None:
        """Return the totals row's label ("Tổng cộng"), None when there is no totals row."""
        if isinstance(self.dong_tong, list):
            return str(self.dong_tong[0])
        return self.dong_tong

    def _sum(self, col: int) -> int | Decimal | None:
        """Return the exact sum of column ``col`` when its cells are all figures (dashes
        and empty cells aside, percentages not), else None."""
        values = [row[col] for row in self.hang if _kind(row[col]) not in (None, GACH)]
        if not values or not all(_number(v) for v in values):
            return None
        with localcontext() as ctx:
            ctx.prec = 2 * MAX_FIGURE_DIGITS + 20  # exact: no rounding of sums
            return sum(values)  # type: ignore[arg-type, return-value]

    def totals(self) -> list[Any]:
        """Return the totals row: the label in the first column, then under each column the
        value written in ``dong_tong`` if any, else the exact sum (int, or Decimal when a
        column has decimals) when its cells are all figures, else None."""
        out: list[Any] = [self.label()]
        for col in range(1, len(self.cot)):
            given = self.dong_tong[col] if isinstance(self.dong_tong, list) else None
            out.append(given if given is not None else self._sum(col))
        return out


def _years(heading: str, data: list) -> bool:
    """True for a column of quoted years: headed "Năm" or "Năm <words>" (no digits) and
    holding only four-digit strings from 1900 to 2100."""
    words = heading.split()
    return bool(words) and words[0].casefold() == "năm" and not any(
        ch.isdigit() for ch in heading) and all(
        v is None or (isinstance(v, str) and len(v) == 4 and v.isdigit()
                      and 1900 <= int(v) <= 2100) for v in data)


def _english(text: str) -> int | Decimal:
    from vbhc.lang.numbers import read_english

    number = read_english(text)
    return int(number) if number == number.to_integral_value() and "." not in text else number


def _ambiguous(text: str) -> str:
    whole = _english(text)
    decimal = figure_kind(text)[1]
    return (f"«{text}» không rõ là {number_to_words(whole)} (kiểu Anh) hay "
            f"{number_to_words(decimal)} (kiểu Việt Nam): số nguyên ghi \"{format_number(whole)}\" "
            f"hoặc {whole}; số thập phân ghi thêm một số 0 ở cuối, \"{text}0\" (vẫn in là "
            f"{format_number(decimal)})")  # type: ignore[arg-type]


def _error(loc: tuple, value: str, message: str) -> InitErrorDetails:
    return InitErrorDetails(type="value_error", loc=loc, input=value,
                            ctx={"error": ValueError(message)})
