"""Tables drawn with whitespace, and tables ruled only across: columns from aligned gaps.

1. Text lines are split into *chunks* at gaps wider than a word space.
2. Candidate regions come from two kinds of evidence: stacks of horizontal rules with the same
   extent (booktabs-style and row-ruled tables), and runs of lines with two or more chunks.
   Header lines just above a run join it; a caption never does.
3. Columns are the gutters: bands that no chunk of a multi-chunk line covers.
4. Rows: a rule between two lines always breaks the row. The header zone (the lines above the
   first row of data) merges per column into header cells, with one header row per level of
   spanning cells or partial rules. Below it, a line with nothing in the columns most rows
   fill continues the row above (a wrapped label) when it sits close under it.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass, field

from perception.tables._grid import CAPTION, Grid, GridCell, fill_holes, is_numeric, join_words, line_groups
from perception.tables._primitives import Seg, Word

__all__ = ["find_text_grids"]

_MIN_RULE = 30.0  # pt: shorter horizontal rules are underlines, not table rules

Piece = tuple[int, int, list[Word]]  # first column, last column, words


@dataclass(slots=True)
class Line:
    words: list[Word]
    chunks: list[list[Word]] = field(default_factory=list)
    v0: float = 0.0
    v1: float = 0.0
    u0: float = 0.0
    u1: float = 0.0
    size: float = 0.0

    @classmethod
    def of(cls, words: list[Word]) -> Line:
        line = cls(words, _chunks(words))
        line.v0, line.v1 = min(w.v0 for w in words), max(w.v1 for w in words)
        line.u0, line.u1 = min(w.u0 for w in words), max(w.u1 for w in words)
        line.size = statistics.median(w.size for w in words)
        return line

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def multi(self) -> bool:
        return len(self.chunks) >= 2


def _chunks(words: list[Word]) -> list[list[Word]]:
    out: list[list[Word]] = [[words[0]]]
    for a, b in itertools.pairwise(words):
        if b.u0 - a.u1 > max(1.4 * max(a.space, b.space), 0.3 * min(a.size, b.size), 1.5):
            out.append([b])
        else:
            out[-1].append(b)
    return out


@dataclass(slots=True)
class Region:
    lines: list[Line]
    rules: list[Seg]
    u0: float
    u1: float


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _rule_stacks(rules: list[Seg], lines: list[Line]) -> list[tuple[float, float, float, float, list[Seg]]]:
    """Groups of horizontal rules with a common extent, stacked with text lines between them."""
    if not lines:
        return []
    pitch = statistics.median(line.v1 - line.v0 for line in lines)
    stacks: list[list[Seg]] = []
    for r in sorted(rules, key=lambda s: s.pos):
        for st in stacks:
            last = st[-1]
            ref = max(st, key=lambda s: s.length)
            between = [ln for ln in lines if last.pos < ln.v0 and ln.v1 < r.pos]
            if (r.pos - last.pos <= 6 * pitch + 8
                    and _overlap(r.lo, r.hi, ref.lo, ref.hi) >= 0.6 * min(r.length, ref.length)
                    and not any(CAPTION.match(ln.text) or _prose(ln, ref.length) for ln in between)):
                st.append(r)
                break
        else:
            stacks.append([r])
    out = []
    for st in stacks:
        if len(st) < 2:
            continue
        u0 = min(s.lo for s in st if s.length >= 0.6 * max(x.length for x in st))
        u1 = max(s.hi for s in st if s.length >= 0.6 * max(x.length for x in st))
        v0, v1 = st[0].pos, st[-1].pos
        inside = [ln for ln in lines if v0 < (ln.v0 + ln.v1) / 2 < v1 and _overlap(ln.u0, ln.u1, u0, u1) > 0]
        if sum(ln.multi for ln in inside) >= 1 and len(inside) >= 2:
            out.append((u0, v0, u1, v1, st))
    return out


def _runs(lines: list[Line]) -> list[list[Line]]:
    """Vertical runs of multi-chunk lines, with at most two single-chunk lines between them and
    no gap wider than about two blank lines."""
    runs: list[list[Line]] = []
    cur: list[Line] = []
    singles = 0
    for line in lines:
        gap_ok = bool(cur) and line.v0 - cur[-1].v1 <= 2.2 * max(line.size, cur[-1].size)
        if CAPTION.match(line.text):
            if cur:
                runs.append(cur)
            cur, singles = [], 0
            continue
        if cur and gap_ok and (line.multi or singles < 2):
            cur.append(line)
            singles = 0 if line.multi else singles + 1
            continue
        if cur:
            runs.append(cur)
        cur, singles = ([line], 0) if line.multi else ([], 0)
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        # trailing one-chunk lines stay only as wrapped text hanging close under the run
        while run and not run[-1].multi and (
                len(run) < 2 or run[-1].v0 - run[-2].v1 > 0.45 * run[-1].size
                or run[-1].u0 < min(ln.u0 for ln in run) + 2 * run[-1].size):
            run = run[:-1]
        if sum(line.multi for line in run) >= 2:
            out.append(run)
    return out


def _regions(lines: list[Line], rules: list[Seg]) -> list[Region]:
    regions: list[Region] = []
    for u0, v0, u1, v1, st in _rule_stacks(rules, lines):
        inside = [ln for ln in lines if v0 < (ln.v0 + ln.v1) / 2 < v1 and _overlap(ln.u0, ln.u1, u0, u1) > 0]
        regions.append(Region(inside, st, u0, u1))
    for run in _runs(lines):
        ru0, ru1 = min(ln.u0 for ln in run), max(ln.u1 for ln in run)
        host = next((r for r in regions if set(map(id, run)) & set(map(id, r.lines))), None)
        if host is not None:
            # a run continuing below (or above) a rule stack: a body whose last rule is missing
            known = set(map(id, host.lines))
            bottom = host.rules[-1].pos
            extra = [ln for ln in run if id(ln) not in known and ln.v0 > bottom - 1
                     and _overlap(ln.u0, ln.u1, host.u0, host.u1) > 0]
            if extra:
                host.lines = sorted(host.lines + extra, key=lambda ln: ln.v0)
                host.rules = host.rules + [r for r in rules if bottom < r.pos <= extra[-1].v1 + 2
                                           and _overlap(r.lo, r.hi, host.u0, host.u1) > 0]
            continue
        run = _header_above(run, lines, rules)
        size = statistics.median(ln.size for ln in run)
        near = [r for r in rules if _overlap(r.lo, r.hi, ru0, ru1) >= 0.3 * (ru1 - ru0)
                and run[0].v0 - 1.2 * size <= r.pos <= run[-1].v1 + 1.2 * size]
        wide = [r for r in near if r.length >= 0.8 * (ru1 - ru0)]  # rules and shading that frame the table
        regions.append(Region(run, near, min([ru0] + [r.lo for r in wide]), max([ru1] + [r.hi for r in wide])))
    return regions


def _header_above(run: list[Line], lines: list[Line], rules: list[Seg]) -> list[Line]:
    """Pull header lines above a run into it while they sit close, inside the run's width,
    and are neither a caption nor a paragraph."""
    u0 = min(line.u0 for line in run)
    u1 = max(line.u1 for line in run)
    width = u1 - u0
    idx = next(i for i, ln in enumerate(lines) if ln is run[0])
    out = list(run)
    for k in range(idx - 1, max(idx - 5, -1), -1):
        line = lines[k]
        if CAPTION.match(line.text) or out[0].v0 - line.v1 > 1.2 * line.size:
            break
        if line.u0 < u0 - 0.05 * width or line.u1 > u1 + 0.05 * width:
            break
        if _prose(line, width):
            # the paragraph's last lines are not header lines either
            while out[0] is not run[0] and out[0].v0 - line.v1 <= 0.6 * line.size and abs(out[0].u0 - line.u0) <= 2:
                line = out.pop(0)
            break
        if any(line.v1 <= r.pos <= out[0].v0 and r.length >= 0.8 * width for r in rules):
            break
        out.insert(0, line)
    return out


def _prose(line: Line, width: float) -> bool:
    """A line of running text: one long chunk, or many words filling most of the width."""
    if not line.multi and line.u1 - line.u0 > 0.7 * width:
        return True
    return len(line.words) >= 8 and sum(c[-1].u1 - c[0].u0 for c in line.chunks) > 0.6 * width


def _gutters(lines: list[Line], u0: float, u1: float) -> list[tuple[float, float]]:
    """Bands inside ``u0..u1`` that no chunk of a multi-chunk line covers, or that only header
    lines (the first few) or chunks with a word gap inside the band bridge."""
    multi = [ln for ln in lines if ln.multi]
    spans = [(c[0].u0, c[-1].u1, k, c) for k, ln in enumerate(multi) for c in ln.chunks]
    edges = sorted({u0, u1, *(a for a, _, _, _ in spans), *(b for _, b, _, _ in spans)})
    header = {k for k, ln in enumerate(multi) if ln is not None and k < 5 and ln.v0 <= multi[min(4, len(multi) - 1)].v0}
    free: list[tuple[float, float]] = []
    for a, b in itertools.pairwise(edges):
        if b - a <= 0 or a < u0 or b > u1:
            continue
        mid = (a + b) / 2
        crossing = [(k, c) for lo, hi, k, c in spans if lo < mid < hi]
        ok = all(k in header or _gap_at(c, a, b) for k, c in crossing)
        if ok and len(crossing) <= max(0, len(multi) // 8):
            if free and abs(free[-1][1] - a) < 1e-6:
                free[-1] = (free[-1][0], b)
            else:
                free.append((a, b))
    return [g for g in free if g[1] - g[0] >= 1.0 and g[0] > u0 and g[1] < u1]


def _gap_at(chunk: list[Word], a: float, b: float) -> bool:
    return any(x.u1 <= b and y.u0 >= a for x, y in itertools.pairwise(chunk))


def _col(xs: list[float], u: float) -> int:
    for j in range(len(xs) - 1):
        if u < xs[j + 1]:
            return j
    return len(xs) - 2


def _pieces(line: Line, xs: list[float], gaps: list[tuple[float, float]]) -> list[Piece]:
    """Cells of one line; a chunk bridging a gutter splits at a word gap inside the gutter, else
    it spans the columns it covers."""
    out: list[Piece] = []
    for chunk in line.chunks:
        parts: list[list[Word]] = [[chunk[0]]]
        mid, half = (chunk[0].u0 + chunk[-1].u1) / 2, (chunk[-1].u1 - chunk[0].u0) / 2
        for a, b in itertools.pairwise(chunk):
            # a heading centred over a gutter spans the columns on both sides: keep it whole
            if b.u0 - a.u1 > 0.3 * a.size and any(
                    _overlap(a.u1, b.u0, g0, g1) > 0.3 and abs((g0 + g1) / 2 - mid) > 0.3 * half for g0, g1 in gaps):
                parts.append([b])
            else:
                parts[-1].append(b)
        for part in parts:
            lo, hi = part[0].u0, part[-1].u1
            cover = [j for j in range(len(xs) - 1)
                     if _overlap(lo, hi, xs[j], xs[j + 1]) >= 0.5 * min(hi - lo, xs[j + 1] - xs[j])]
            if not cover:
                cover = [_col(xs, (lo + hi) / 2)]
            out.append((cover[0], cover[-1], part))
    return out


def _rule_between(rules: list[Seg], a: Line, b: Line, c0: int, c1: int, xs: list[float]) -> bool:
    lo, hi = xs[c0], xs[c1 + 1]
    return any(a.v1 - 2 <= r.pos <= b.v0 + 2 and _overlap(r.lo, r.hi, lo, hi) >= 0.5 * (hi - lo) for r in rules)


def find_text_grids(words: list[Word], segs: list[Seg]) -> list[Grid]:
    """Whitespace tables among ``words`` (words inside ruled tables already removed)."""
    if not words:
        return []
    lines = [Line.of(g) for g in line_groups(words)]
    rules = [s for s in segs if s.horizontal and s.length >= _MIN_RULE]
    grids = []
    for region in _regions(lines, rules):
        grid = _region_grid(region)
        if grid is not None:
            grids.append(grid)
    return grids


def refine_ruled(words: list[Word], rules: list[Seg], xs: list[float]) -> Grid | None:
    """Re-read a ruled grid whose rows hold several records: its drawn columns stay, gutters
    inside them add sub-columns, and rows come from text lines broken at every drawn rule."""
    lines = [Line.of(g) for g in line_groups(words)]
    grid = _region_grid(Region(lines, rules, xs[0], xs[-1]), forced=xs)
    if grid is not None:
        grid.method = "hybrid"
    return grid


def _region_grid(region: Region, forced: list[float] | None = None) -> Grid | None:
    lines = region.lines
    if len(lines) < 2:
        return None
    u0 = min(min(ln.u0 for ln in lines), region.u0)
    u1 = max(max(ln.u1 for ln in lines), region.u1)
    gaps = _gutters(lines, min(ln.u0 for ln in lines) - 0.5, max(ln.u1 for ln in lines) + 0.5)
    if forced:
        inner = [x for x in forced[1:-1]]
        gaps = [g for g in gaps if all(not (g[0] - 3 <= x <= g[1] + 3) for x in inner)]
        mids = sorted(inner + [(a + b) / 2 for a, b in gaps])
        gaps = sorted(gaps + [(x - 0.5, x + 0.5) for x in inner])
        xs = [forced[0]] + mids + [forced[-1]]
    elif not gaps:
        return None
    else:
        xs = [u0 - 0.5] + [(a + b) / 2 for a, b in gaps] + [u1 + 0.5]
    n_c = len(xs) - 1
    per_line = [_pieces(ln, xs, gaps) for ln in lines]
    rows = _rows(per_line, lines, region.rules, xs)
    if len(rows) < 2:
        return None
    grid = _to_grid(rows, xs, region)
    texts = [c.text for c in grid.cells if c.text]
    if n_c <= 2 and texts and statistics.mean(len(t) for t in texts) > 45:
        return None  # prose beside bullets or numbers, not a table
    return grid


def _rows(per_line: list[list[Piece]], lines: list[Line], rules: list[Seg], xs: list[float]) -> list[list[Piece]]:
    n_c = len(xs) - 1
    filled = [0] * n_c
    for pieces in per_line:
        for c0, _c1, _w in pieces:
            filled[c0] += 1
    body_start = _body_start(per_line, lines, rules, xs)
    records = [p for p in per_line[body_start:] if len(p) >= 2]  # continuation lines hold one piece
    n_body = max(1, len(records))
    filled_body = [0] * n_c
    for pieces in records:
        for c0, _c1, _w in pieces:
            filled_body[c0] += 1
    anchors = {j for j in range(1, n_c) if filled_body[j] >= 0.5 * n_body}
    rows: list[list[Piece]] = []
    if body_start > 0:
        rows.extend(_header_rows(per_line[:body_start], lines[:body_start], rules, xs))
    last: Line | None = None
    for i in range(body_start, len(per_line)):
        pieces, line = per_line[i], lines[i]
        cols = {c for c0, c1, _ in pieces for c in range(c0, c1 + 1)}
        if last is not None and i > body_start:
            ruled = _rule_between(rules, last, line, 0, n_c - 1, xs)
            tight = line.v0 - last.v1 <= 0.45 * line.size
            prev_cols = {c for c0, c1, _ in rows[-1] for c in range(c0, c1 + 1)}
            near = line.v0 - last.v1 <= 1.2 * line.size
            # text under a filled cell, in columns other than the first: a wrapped cell
            wraps = near and 0 not in cols and cols <= prev_cols
            styled = (all(w.bold for _, _, ws in pieces for w in ws)
                      and not all(w.bold for _, _, ws in rows[-1] for w in ws))
            continues = not ruled and not styled and (
                (tight and bool(anchors) and not (cols & anchors)) or (wraps and len(cols) < len(prev_cols)))
            if continues:
                rows[-1] = _merge(rows[-1], pieces)
                last = line
                continue
        rows.append(list(pieces))
        last = line
    return rows


def _body_start(per_line: list[list[Piece]], lines: list[Line], rules: list[Seg], xs: list[float]) -> int:
    """Index of the first line of data: after a full-width rule near the top when the lines
    above it hold no numbers, else the first line with a number outside the first column."""
    n = len(lines)
    numeric = [any(c0 > 0 and is_numeric(" ".join(w.text for w in ws)) for c0, _, ws in p) for p in per_line]
    for i in range(1, min(n - 1, 6)):
        if _rule_between(rules, lines[i - 1], lines[i], 0, len(xs) - 2, xs):
            return i
    first = next((i for i in range(n) if numeric[i]), 0)
    return first if first <= 6 else 0


def _header_rows(per_line: list[list[Piece]], lines: list[Line], rules: list[Seg], xs: list[float]) -> list[list[Piece]]:
    """Header lines merged per column; a spanning piece or a rule under some columns starts a
    new header level for the columns beneath it."""
    n_c = len(xs) - 1
    level = [0] * n_c  # the header level each column is at
    last_line: list[Line | None] = [None] * n_c
    cells: dict[tuple[int, int], tuple[int, int, list[Word]]] = {}  # (level, col) -> piece
    width = xs[-1] - xs[0]
    for pieces, line in zip(per_line, lines):
        for c0, c1, ws in pieces:
            under = [r for r in rules if line.v1 - 1 <= r.pos <= line.v1 + line.size and r.length < 0.9 * width
                     and _overlap(r.lo, r.hi, ws[0].u0, ws[-1].u1) > 0]
            if under:  # a partial rule under a header cell marks the columns it spans
                r = under[0]
                cover = [j for j in range(n_c) if _overlap(r.lo, r.hi, xs[j], xs[j + 1]) >= 0.5 * (xs[j + 1] - xs[j])]
                if cover:
                    c0, c1 = min(c0, cover[0]), max(c1, cover[-1])
            lv = max(level[c0:c1 + 1])
            prev = last_line[c0]
            if prev is not None and _rule_between(rules, prev, line, c0, c1, xs):
                lv += 1
            key = (lv, c0)
            if key in cells and cells[key][1] == c1:
                cells[key] = (c0, c1, cells[key][2] + ws)
            else:
                while key in cells:
                    lv += 1
                    key = (lv, c0)
                cells[key] = (c0, c1, list(ws))
            for c in range(c0, c1 + 1):
                level[c] = lv + 1 if c1 > c0 else lv
                last_line[c] = line
    # levels → rows; a column whose stack ended early keeps its cell in the top row it reached
    n_levels = max((lv for lv, _ in cells), default=0) + 1
    rows: list[list[Piece]] = [[] for _ in range(n_levels)]
    for (lv, _c), piece in sorted(cells.items()):
        rows[lv].append(piece)
    return [r for r in rows if r]


def _merge(upper: list[Piece], lower: list[Piece]) -> list[Piece]:
    out = [(a, b, list(ws)) for a, b, ws in upper]
    for c0, c1, ws in lower:
        for k, (a, b, uw) in enumerate(out):
            if a <= c0 <= b:
                out[k] = (a, max(b, c1), uw + ws)
                break
        else:
            out.append((c0, c1, list(ws)))
    return out


def _to_grid(rows: list[list[Piece]], xs: list[float], region: Region) -> Grid:
    n_c = len(xs) - 1
    tops = [min(w.v0 for _, _, ws in row for w in ws) for row in rows]
    bottom = max(w.v1 for row in rows for _, _, ws in row for w in ws)
    ys = [tops[0] - 1.0]
    for k in range(1, len(rows)):
        prev_bottom = max(w.v1 for _, _, ws in rows[k - 1] for w in ws)
        ys.append(max(ys[-1] + 0.01, (prev_bottom + tops[k]) / 2 if tops[k] > prev_bottom else tops[k]))
    ys.append(max(ys[-1] + 0.01, bottom + 1.0))
    # the rules that close the table above and below belong to its box
    size = statistics.median(w.size for row in rows for _, _, ws in row for w in ws)
    above = [r.pos for r in region.rules if tops[0] - 1.5 * size <= r.pos <= tops[0]]
    below = [r.pos for r in region.rules if bottom <= r.pos <= bottom + 1.5 * size]
    if above:
        ys[0] = min(ys[0], min(above))
    if below:
        ys[-1] = max(ys[-1], max(below))
    has_rules = bool(region.rules)
    grid = Grid(xs=xs, ys=ys, method="hybrid" if has_rules else "stream", confidence=0.85 if has_rules else 0.75)
    cells: list[GridCell] = []
    for i, row in enumerate(rows):
        taken: set[int] = set()
        for c0, c1, ws in sorted(row, key=lambda t: t[0]):
            if c0 in taken:
                prev = next(c for c in cells if c.row == i and c.col <= c0 < c.col + c.colspan)
                prev.words += ws
                continue
            c1 = max(c0, min(c1, n_c - 1))
            while any(j in taken for j in range(c0, c1 + 1)):
                c1 -= 1
            cells.append(GridCell(i, c0, 1, c1 - c0 + 1, list(ws)))
            taken.update(range(c0, c1 + 1))
    for c in cells:
        c.text = join_words(c.words)
    grid.cells = cells
    fill_holes(grid)
    return grid
