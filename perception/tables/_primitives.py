"""Page primitives for table finding: words and ruling segments in a text-aligned frame.

A *frame* is the page turned so that one text direction reads left to right, top to bottom:
``u`` runs along the text, ``v`` down the lines. Upright pages use the identity frame; a page
whose content is rotated (or a page with ``/Rotate``) is read in the frame of its dominant text
direction, so the table code only ever sees horizontal text and axis-aligned rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Frame", "Seg", "Word", "page_frames", "read_segments", "read_words"]

_AXIS_TOL = 1.0  # pt a line may lean and still count as a ruling
_THIN = 3.0  # pt: a filled rect thinner than this is a drawn rule
_LEADER = set(".-_=·…─━")


@dataclass(frozen=True, slots=True)
class Frame:
    """A text direction ``(dx, dy)`` (unit, page coordinates, y down) and its change of axes."""

    dx: int
    dy: int

    def to_frame(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.dx + y * self.dy, -x * self.dy + y * self.dx)

    def to_page(self, u: float, v: float) -> tuple[float, float]:
        return (u * self.dx - v * self.dy, u * self.dy + v * self.dx)

    def rect_to_frame(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        a, b = self.to_frame(x0, y0), self.to_frame(x1, y1)
        return (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))

    def rect_to_page(self, u0: float, v0: float, u1: float, v1: float) -> tuple[float, float, float, float]:
        a, b = self.to_page(u0, v0), self.to_page(u1, v1)
        return (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


UPRIGHT = Frame(1, 0)


@dataclass(slots=True)
class Word:
    """A run of non-space characters on one baseline, in frame coordinates."""

    u0: float
    v0: float
    u1: float
    v1: float
    text: str
    size: float
    bold: bool
    base: float  # baseline v
    space: float = 0.0  # the width of a word space in this word's font

    @property
    def vc(self) -> float:
        return (self.v0 + self.v1) / 2


@dataclass(slots=True)
class Seg:
    """A ruling: horizontal (``pos`` = v, ``lo..hi`` along u) or vertical (``pos`` = u)."""

    horizontal: bool
    pos: float
    lo: float
    hi: float
    fill: bool = False  # an edge of a filled area rather than a stroked line
    merged: list[Seg] = field(default_factory=list, repr=False)

    @property
    def length(self) -> float:
        return self.hi - self.lo


def _dir(d: tuple[float, float]) -> Frame | None:
    dx, dy = d
    if abs(dx) > 0.98:
        return Frame(1 if dx > 0 else -1, 0)
    if abs(dy) > 0.98:
        return Frame(0, 1 if dy > 0 else -1)
    return None  # slanted text is not tabular


def page_frames(raw: dict, *, min_share: float = 0.15) -> list[Frame]:  # type: ignore[type-arg]
    """The text directions of a page worth reading, the dominant one first."""
    counts: Counter[Frame] = Counter()
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            f = _dir(line["dir"])
            if f is not None:
                counts[f] += sum(len(s["chars"]) for s in line["spans"])
    total = sum(counts.values())
    frames = [f for f, n in counts.most_common() if total and n / total >= min_share]
    return frames or [UPRIGHT]


def read_words(raw: dict, frame: Frame) -> list[Word]:  # type: ignore[type-arg]
    """Words of every line written in ``frame``'s direction, in frame coordinates.

    A word ends at a space, at a gap wider than a third of the font size, or where the text
    runs backwards; characters keep their own boxes, so a word's box is tight.
    """
    words: list[Word] = []
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            if _dir(line["dir"]) != frame:
                continue
            cur: list[tuple[float, float, float, float, str]] = []
            size = bold = base = space = 0.0
            for span in line["spans"]:
                s_size = span["size"] or 1.0
                asc, desc = span.get("ascender", 0.9), span.get("descender", -0.2)
                s_bold = bool(span["flags"] & 16) or "bold" in span["font"].lower()
                s_space = _space_width(span, s_size)
                for ch in span["chars"]:
                    c = ch["c"]
                    _ox, oy = frame.to_frame(*ch["origin"])
                    bx0, _, bx1, _ = frame.rect_to_frame(*ch["bbox"])
                    top, bot = oy - asc * s_size * 0.85, oy - desc * s_size * 0.85
                    backwards = bx1 < cur[-1][0] and not is_rtl(c) if cur else False
                    far = cur and max(bx0 - cur[-1][2], cur[-1][0] - bx1) > s_size / 3
                    if c.isspace() or (cur and (far or backwards)):
                        _flush(words, cur, size, bool(bold), base, space)
                        cur = []
                        if c.isspace():
                            continue
                    if not cur:
                        size, bold, base, space = s_size, s_bold, oy, s_space
                    cur.append((bx0, top, max(bx1, bx0), bot, c))
            _flush(words, cur, size, bool(bold), base, space)
    return words


def _space_width(span: dict, size: float) -> float:  # type: ignore[type-arg]
    """A word space in this span: measured from its space characters, else a monospaced font's
    advance, else a quarter em and a bit."""
    widths = sorted(float(ch["bbox"][2] - ch["bbox"][0]) for ch in span["chars"] if ch["c"] == " ")
    widths = [w for w in widths if w > 0]
    if widths:
        return min(widths[len(widths) // 2], 0.6 * size)
    if span["flags"] & 8:  # monospaced
        adv = sorted(float(ch["bbox"][2] - ch["bbox"][0]) for ch in span["chars"])
        if adv:
            return adv[len(adv) // 2]
    return 0.27 * size


def is_rtl(ch: str) -> bool:
    return "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff"


def _flush(words: list[Word], cur: list[tuple[float, float, float, float, str]], size: float, bold: bool,
           base: float, space: float) -> None:
    if not cur:
        return
    text = "".join(c[4] for c in cur)
    if len(text) >= 3 and len(set(text)) == 1 and text[0] in _LEADER:
        return  # dot leaders and typed rules ("......", "-----") are spacing, not content
    words.append(
        Word(
            u0=min(c[0] for c in cur),
            v0=min(c[1] for c in cur),
            u1=max(c[2] for c in cur),
            v1=max(c[3] for c in cur),
            text=text,
            size=size,
            bold=bold,
            base=base,
            space=space,
        )
    )


def _visible(rgb: tuple[float, ...] | None) -> bool:
    return rgb is not None and not all(c > 0.93 for c in rgb[:3])


def read_segments(drawings: list[dict], frame: Frame, page_w: float, page_h: float) -> list[Seg]:  # type: ignore[type-arg]
    """Axis-aligned rules from vector drawings: stroked lines, thin filled rectangles, and the
    edges of filled or stroked boxes (shaded rows and cells bound rows and cells too)."""
    segs: list[Seg] = []
    hidden = _hidden_fills(drawings)
    for path in drawings:
        stroked = "s" in (path.get("type") or "") and _visible(path.get("color"))
        filled = "f" in (path.get("type") or "") and _visible(path.get("fill"))
        if not (stroked or filled):
            continue
        for item in path["items"]:
            op = item[0]
            if op == "l" and stroked:
                (x0, y0), (x1, y1) = (item[1].x, item[1].y), (item[2].x, item[2].y)
                _add_line(segs, frame, x0, y0, x1, y1, fill=False)
            elif op in ("re", "qu"):
                r = item[1].rect if op == "qu" else item[1]
                if op == "qu" and not item[1].is_rectangular:
                    continue
                if r.width >= 0.9 * page_w and r.height >= 0.9 * page_h:
                    continue  # a page frame or background
                if r.width <= _THIN or r.height <= _THIN:
                    if r.width <= _THIN and r.height <= _THIN:
                        continue
                    if r.height <= _THIN:
                        ym = (r.y0 + r.y1) / 2
                        _add_line(segs, frame, r.x0, ym, r.x1, ym, fill=False)
                    else:
                        xm = (r.x0 + r.x1) / 2
                        _add_line(segs, frame, xm, r.y0, xm, r.y1, fill=False)
                    continue
                edge_fill = not stroked
                if edge_fill and (tuple(path["fill"]), round(r.x0, 1), round(r.y0, 1), round(r.x1, 1), round(r.y1, 1)) in hidden:
                    continue  # a highlight inside a cell of its own colour draws no boundary
                for (ax, ay, bx, by) in ((r.x0, r.y0, r.x1, r.y0), (r.x0, r.y1, r.x1, r.y1),
                                         (r.x0, r.y0, r.x0, r.y1), (r.x1, r.y0, r.x1, r.y1)):
                    _add_line(segs, frame, ax, ay, bx, by, fill=edge_fill)
    return merge_segments(segs)


def _hidden_fills(drawings: list[dict]) -> set[tuple[object, ...]]:  # type: ignore[type-arg]
    """Filled rectangles lying inside a larger one of the same colour: their edges are invisible."""
    fills: dict[tuple[float, ...], list[tuple[float, float, float, float]]] = {}
    for path in drawings:
        if "f" in (path.get("type") or "") and _visible(path.get("fill")) and not _visible(path.get("color")):
            for item in path["items"]:
                if item[0] == "re":
                    r = item[1]
                    fills.setdefault(tuple(path["fill"]), []).append((r.x0, r.y0, r.x1, r.y1))
    hidden: set[tuple[object, ...]] = set()
    cell = 48.0
    for colour, rects in fills.items():
        if len(rects) < 2:
            continue
        buckets: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        for o in rects:  # index each rectangle under every coarse cell it covers
            for i in range(int(o[0] // cell), int(o[2] // cell) + 1):
                for j in range(int(o[1] // cell), int(o[3] // cell) + 1):
                    buckets.setdefault((i, j), []).append(o)
        for r in rects:
            area = (r[2] - r[0]) * (r[3] - r[1])
            key = (int((r[0] + r[2]) / 2 // cell), int((r[1] + r[3]) / 2 // cell))
            for o in buckets.get(key, ()):
                if ((o[2] - o[0]) * (o[3] - o[1]) > area and o[0] - 0.6 <= r[0] and o[1] - 0.6 <= r[1]
                        and r[2] <= o[2] + 0.6 and r[3] <= o[3] + 0.6):
                    hidden.add((colour, round(r[0], 1), round(r[1], 1), round(r[2], 1), round(r[3], 1)))
                    break
    return hidden


def _add_line(segs: list[Seg], frame: Frame, x0: float, y0: float, x1: float, y1: float, *, fill: bool) -> None:
    u0, v0 = frame.to_frame(x0, y0)
    u1, v1 = frame.to_frame(x1, y1)
    if abs(v0 - v1) <= _AXIS_TOL and abs(u1 - u0) > _AXIS_TOL:
        segs.append(Seg(True, (v0 + v1) / 2, min(u0, u1), max(u0, u1), fill))
    elif abs(u0 - u1) <= _AXIS_TOL and abs(v1 - v0) > _AXIS_TOL:
        segs.append(Seg(False, (u0 + u1) / 2, min(v0, v1), max(v0, v1), fill))


def merge_segments(segs: list[Seg], *, pos_tol: float = 1.5, gap_tol: float = 1.5) -> list[Seg]:
    """Join collinear pieces: the same orientation, positions within ``pos_tol``, overlapping or
    closer than ``gap_tol`` along the line (rules are often drawn cell by cell)."""
    out: list[Seg] = []
    for horizontal in (True, False):
        group = sorted((s for s in segs if s.horizontal == horizontal), key=lambda s: (s.pos, s.lo))
        lines: list[list[Seg]] = []
        for s in group:
            if lines and s.pos - lines[-1][-1].pos <= pos_tol:
                lines[-1].append(s)
            else:
                lines.append([s])
        for line in lines:
            pos = sum(s.pos * s.length for s in line) / max(sum(s.length for s in line), 1e-6)
            line.sort(key=lambda s: s.lo)
            cur = Seg(horizontal, pos, line[0].lo, line[0].hi, line[0].fill)
            for s in line[1:]:
                if s.lo <= cur.hi + gap_tol:
                    cur.hi = max(cur.hi, s.hi)
                    cur.fill = cur.fill and s.fill
                else:
                    out.append(cur)
                    cur = Seg(horizontal, pos, s.lo, s.hi, s.fill)
            out.append(cur)
    return out
