"""Dates and times as people write them → ISO 8601 (``2024-03-05``, ``14:30``, ``2024-03-05T14:30``).

Only values that are wholly a date, a time, or a date and a time are normalised; anything else
gives None. A date without a year is not guessed (None), so compiling stays deterministic.
Slashed dates read month first (03/05/2024 is 5 March) unless the first number exceeds 12;
dotted dates read day first (05.03.2024), as they are written where dots are used.

>>> normalize_datetime("March 5, 2024"), normalize_datetime("2:30 PM"), normalize_datetime("2024년 3월 5일 오후 3시")
('2024-03-05', '14:30', '2024-03-05T15:00')
"""

from __future__ import annotations

import re

__all__ = ["normalize_datetime"]

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}  # fmt: skip
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})"
_DATES = [
    re.compile(rf"^{_YEAR}[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})\.?$"),
    re.compile(rf"^(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_YEAR}$"),
    re.compile(rf"^(?P<d>\d{{1,2}})[.-](?P<m>\d{{1,2}})[.-]{_YEAR}\.?$"),
    re.compile(rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}$", re.IGNORECASE),
    re.compile(
        rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$", re.IGNORECASE
    ),
    re.compile(rf"^{_YEAR}\s*년\s*(?P<m>\d{{1,2}})\s*월\s*(?P<d>\d{{1,2}})\s*일(?:\s*\([월화수목금토일]\))?$"),
    re.compile(rf"^{_YEAR}\.\s*(?P<m>\d{{1,2}})\.\s*(?P<d>\d{{1,2}})\.?$"),
]
_TIMES = [
    re.compile(r"^(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ap>[ap]\.?\s*m\.?)$", re.IGNORECASE),
    re.compile(r"^(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?$"),
    re.compile(r"^(?P<ko>오전|오후|아침|저녁|밤)?\s*(?P<h>\d{1,2})\s*시(?:\s*(?P<mi>\d{1,2})\s*분|\s*(?P<half>반))?$"),
    re.compile(r"^(?P<ko>오전|오후)\s*(?P<h>\d{1,2}):(?P<mi>\d{2})$"),
]


def _date(s: str) -> str | None:
    for i, pattern in enumerate(_DATES):
        m = pattern.match(s)
        if not m:
            continue
        g = m.groupdict()
        y = int(g["y"])
        if i == 1:
            a, b = int(g["a"]), int(g["b"])
            month, day = (b, a) if a > 12 else (a, b)
        else:
            month = _MONTHS[g["mon"][:3].lower()] if g.get("mon") else int(g["m"])
            day = int(g["d"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{y:04d}-{month:02d}-{day:02d}"
    return None


def _time(s: str) -> str | None:
    for pattern in _TIMES:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groupdict()
        h, mi = int(g["h"]), int(g.get("mi") or (30 if g.get("half") else 0))
        ap = (g.get("ap") or "").replace(".", "").replace(" ", "").lower()
        ko = g.get("ko") or ""
        if ap or ko:
            if not 1 <= h <= 12:
                return None
            pm = ap == "pm" or ko in ("오후", "저녁", "밤")
            h = (h % 12) + (12 if pm else 0)
        if not (0 <= h <= 23 and 0 <= mi <= 59):
            return None
        sec = f":{int(g['s']):02d}" if g.get("s") else ""
        return f"{h:02d}:{mi:02d}{sec}"
    return None


def normalize_datetime(value: str) -> str | None:
    """The ISO form of a date, a time, or both (``"March 5, 2024 at 2:30 pm"`` → ``"2024-03-05T14:30"``); else None."""
    s = re.sub(r"\s+", " ", value.strip())
    if not s or len(s) > 60 or not any(ch.isdigit() for ch in s):
        return None
    if (d := _date(s)) is not None:
        return d
    if (t := _time(s)) is not None:
        return t
    for m in re.finditer(r"(?:,?\s+(?:at\s+)?|T|\s*,\s*)", s):
        d, t = _date(s[: m.start()].strip()), _time(s[m.end() :].strip())
        if d and t:
            return f"{d}T{t}"
    return None
