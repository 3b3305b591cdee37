"""Numbers as tables write them: Korean units, sign conventions, and total rows.

* Korean money units: ``원`` 1, ``천원`` 10³, ``만원`` 10⁴, ``백만원`` 10⁶, ``천만원`` 10⁷,
  ``억원`` 10⁸, ``십억원`` 10⁹, ``조원`` 10¹² (also without ``원``: ``3억``, ``1.2조``), and
  compounds such as ``1조 2,345억원`` or ``3억 5천만원``.
* Signs: ``△``, ``▲`` and ``▼`` mean minus in Korean financial tables (``△1,234`` is −1,234);
  ``(1,234)`` is −1,234 (accounting); ``-``, ``−``, ``–`` before a number; ``+`` is plus.
* Grouping: ``1,234,567``; ``100 000`` (space-grouped thousands); decimals with ``.``.
* A lone dash (``-``, ``—``) or an empty cell is no number.

:func:`annotate_numbers` writes ``value``/``unit`` on every body cell that states a number (the
text stays as printed), the table's unit note (``(단위: 백만원)``, ``Unit: USD thousand``) on
the table, and the indices of its total rows (``합계``, ``소계``, ``총계``, ``Total``, ``Subtotal``).

>>> parse_number("△1,234억원")
Number(value=-123400000000.0, unit='원', scale=100000000.0)
>>> parse_number("(3.5)%")
Number(value=-3.5, unit='%', scale=1.0)
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from perception.document import Table

__all__ = ["KOREAN_SCALES", "Number", "annotate_numbers", "is_total_label", "parse_number", "unit_scale"]

KOREAN_SCALES: dict[str, float] = {
    "천": 1e3, "만": 1e4, "십만": 1e5, "백만": 1e6, "천만": 1e7, "억": 1e8, "십억": 1e9, "백억": 1e10,
    "천억": 1e11, "조": 1e12,
}  # fmt: skip
"""Korean magnitude words → their multiplier."""

_MINUS = "△▲▼−–-"
_CURRENCY = "₩$€£¥"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+"
_MAG = "|".join(sorted(KOREAN_SCALES, key=len, reverse=True))
_PART = re.compile(rf"({_NUM})\s*({_MAG})?")
_FULL = re.compile(
    rf"^(?P<sign>[{re.escape(_MINUS)}+])?\s*(?P<cur>[{_CURRENCY}])?\s*(?P<body>(?:(?:{_NUM})\s*(?:{_MAG})?\s*)+?)"
    rf"\s*(?P<unit>원|%|퍼센트|배|주|개|명|건|[{_CURRENCY}]|KRW|USD|EUR|JPY)?$"
)
_TOTAL = re.compile(
    r"^\s*[(\[]?\s*(합\s*계|소\s*계|총\s*계|누\s*계|총\s*합\s*계|계|grand\s+total|sub-?\s*total|totals?)(?![a-z])",
    re.IGNORECASE,
)
_UNIT_NOTE = re.compile(r"[(\[（]?\s*(?:단위|unit|units|in)\s*[:：]\s*([^)\]）]+?)\s*[)\]）]?\s*$", re.IGNORECASE)


class Number(NamedTuple):
    """A number read from a cell: ``value`` (sign and Korean magnitude applied), its ``unit``
    (``"원"``, ``"%"``, ``"$"`` … or ``None``) and the magnitude ``scale`` the text stated."""

    value: float
    unit: str | None
    scale: float


def unit_scale(unit: str) -> float:
    """The multiplier a unit note states: ``"백만원"`` → 1e6, ``"천원"`` → 1e3, ``"USD thousand"``
    → 1e3, ``"원"`` → 1.

    >>> unit_scale("백만원"), unit_scale("억원"), unit_scale("USD million")
    (1000000.0, 100000000.0, 1000000.0)
    """
    u = unit.strip().replace(" ", "").lower()
    for word, scale in sorted(KOREAN_SCALES.items(), key=lambda kv: -len(kv[0])):
        if u.startswith(word):
            return scale
    for word, scale in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)):
        if word in u:
            return scale
    return 1.0


def parse_number(text: str) -> Number | None:
    """The number ``text`` states, or ``None`` when it is not one number (see the module notes).

    >>> parse_number("1조 2,345억원").value, parse_number("100 000").value, parse_number("-")
    (1234500000000.0, 100000.0, None)
    """
    t = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    if not t or not any(c.isdigit() for c in t):
        return None
    negative = False
    if t.startswith("(") and t.endswith(")") or t.startswith("(") and t.endswith(")%"):
        negative = True
        t = t[1:].replace(")", "", 1).strip()
    t = t.replace("(", "").replace(")", "") if negative else t
    m = _FULL.match(t)
    if m is None:
        return None
    sign = m.group("sign") or ""
    negative = negative or (sign != "" and sign in _MINUS)
    total = 0.0
    scale = 1.0
    parts = list(_PART.finditer(m.group("body")))
    if not parts:
        return None
    for k, part in enumerate(parts):
        number = float(part.group(1).replace(",", "").replace(" ", ""))
        mag = part.group(2)
        if mag is None and k < len(parts) - 1:
            return None  # "12 34억" is two numbers, not one
        f = KOREAN_SCALES[mag] if mag else 1.0
        if k == 0:
            scale = f
        total += number * f
    unit = m.group("unit") or m.group("cur")
    if unit in ("KRW",):
        unit = "원"
    if unit is None and parts[-1].group(2):
        unit = "원" if t.endswith("원") else None
    if unit == "퍼센트":
        unit = "%"
    return Number(-total if negative else total, unit, scale)


def is_total_label(text: str) -> bool:
    """Whether a row label names a total: ``합계``, ``소계``, ``총계``, ``계``, ``Total``, ``Subtotal`` ….

    >>> is_total_label("합 계"), is_total_label("Total assets"), is_total_label("Totalitarian"), is_total_label("계정")
    (True, True, False, False)
    """
    t = unicodedata.normalize("NFKC", text).strip()
    m = _TOTAL.match(t)
    if m is None:
        return False
    word = m.group(1).replace(" ", "")
    if word == "계":  # alone it means total; inside a word (계정, 계획) it does not
        rest = t[m.end() :].strip()
        return not rest or not ("\uac00" <= rest[0] <= "\ud7a3")
    return True


def annotate_numbers(table: Table) -> Table:
    """``table`` with ``value``/``unit`` on its body cells that state a number, its unit note and
    its total rows (rows whose label, in the first two columns, names a total)."""
    unit_note = None
    for c in table.cells:
        m = _UNIT_NOTE.search(unicodedata.normalize("NFKC", c.text))
        if m and ("단위" in c.text or re.search(r"unit", c.text, re.IGNORECASE)):
            unit_note = m.group(1).strip()
            break
    cells = []
    totals: set[int] = set()
    for c in table.cells:
        update: dict[str, object] = {}
        if c.row >= table.header_rows and c.text:
            n = parse_number(c.text)
            if n is not None:
                update = {"value": n.value, "unit": n.unit}
            elif c.col <= 1 and is_total_label(c.text.split("\n")[0]):
                totals.add(c.row)
        cells.append(c.model_copy(update=update) if update else c)
    return table.model_copy(update={"cells": tuple(cells), "total_rows": tuple(sorted(totals)), "unit": unit_note})
