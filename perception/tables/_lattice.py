"""Ruled tables: grids whose rows and columns are drawn.

Rules that touch each other form a network; each network with at least two rules across and
two down is a table candidate. Its distinct rule positions are the grid, and a boundary that is
not drawn between two neighbouring slots merges them into one spanning cell.
"""

from __future__ import annotations

import itertools

from perception.tables._grid import Grid
from perception.tables._primitives import Seg, Word

__all__ = ["cluster", "find_ruled_grids"]

_TOUCH = 2.5  # pt: rules closer than this are joined
_COVER = 0.6  # share of a slot edge that must be drawn to count as a boundary


def cluster(values: list[float], tol: float) -> list[float]:
    """Sorted distinct positions: values closer than ``tol`` to their neighbour become their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _networks(segs: list[Seg]) -> list[list[Seg]]:
    hs = [s for s in segs if s.horizontal]
    vs = [s for s in segs if not s.horizontal]
    parent = list(range(len(segs)))
    index = {id(s): i for i, s in enumerate(segs)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for h in hs:
        for v in vs:
            if h.lo - _TOUCH <= v.pos <= h.hi + _TOUCH and v.lo - _TOUCH <= h.pos <= v.hi + _TOUCH:
                a, b = find(index[id(h)]), find(index[id(v)])
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Seg]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _covered(segs: list[Seg], pos: float, lo: float, hi: float) -> bool:
    need = (hi - lo) * _COVER
    got = 0.0
    for s in segs:
        if abs(s.pos - pos) <= _TOUCH:
            got += max(0.0, min(hi, s.hi) - max(lo, s.lo))
    return got >= need


def _straddled(words: list[Word], x: float, v0: float, v1: float) -> bool:
    return any(w.u0 < x - 1 and w.u1 > x + 1 and v0 <= w.vc <= v1 for w in words)


def _holds(words: list[Word], u0: float, u1: float, v0: float, v1: float) -> bool:
    return any(u0 <= (w.u0 + w.u1) / 2 <= u1 and v0 <= w.vc <= v1 for w in words)


def grid_from_rules(hs: list[Seg], vs: list[Seg], xs: list[float], ys: list[float], method: str,
                    words: list[Word]) -> Grid:
    """Slots between ``xs``/``ys``; neighbours with no rule between them are merged into one cell.

    Side by side, a rule drawn in most rows but missing in some marks a spanning cell where one
    side is empty or text runs across; a rule
    missing in most rows merges only where text runs across the boundary: tables often rule the
    columns of their header alone, and their body rows keep the header's columns.
    """
    n_r, n_c = len(ys) - 1, len(xs) - 1
    parent = {(i, j): (i, j) for i in range(n_r) for j in range(n_c)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for j in range(n_c - 1):
        drawn = [_covered(vs, xs[j + 1], ys[i], ys[i + 1]) for i in range(n_r)]
        mostly = sum(drawn) >= 0.5 * n_r  # a column rule missing in a few rows marks spanning cells
        for i in range(n_r):
            if drawn[i]:
                continue
            if _straddled(words, xs[j + 1], ys[i], ys[i + 1]) or (
                    mostly and not (_holds(words, xs[j], xs[j + 1], ys[i], ys[i + 1])
                                    and _holds(words, xs[j + 1], xs[j + 2], ys[i], ys[i + 1]))):
                union((i, j), (i, j + 1))
    for i in range(n_r - 1):
        for j in range(n_c):
            if not _covered(hs, ys[i + 1], xs[j], xs[j + 1]):
                union((i, j), (i + 1, j))
    # a merged group must be a rectangle: absorb every slot inside its bounding box, until stable
    changed = True
    while changed:
        changed = False
        boxes: dict[tuple[int, int], list[int]] = {}
        for k in parent:
            r = find(k)
            b = boxes.setdefault(r, [k[0], k[1], k[0], k[1]])
            b[0], b[1], b[2], b[3] = min(b[0], k[0]), min(b[1], k[1]), max(b[2], k[0]), max(b[3], k[1])
        for r, (i0, j0, i1, j1) in boxes.items():
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    if find((i, j)) != find(r):
                        union((i, j), r)
                        changed = True
    spans: dict[tuple[int, int], list[int]] = {}
    for k in parent:
        r = find(k)
        b = spans.setdefault(r, [k[0], k[1], k[0], k[1]])
        b[0], b[1], b[2], b[3] = min(b[0], k[0]), min(b[1], k[1]), max(b[2], k[0]), max(b[3], k[1])
    return Grid(
        xs=xs, ys=ys, method=method,
        spans=sorted((i0, j0, i1 - i0 + 1, j1 - j0 + 1) for i0, j0, i1, j1 in spans.values()),
    )


def _open_sides(bounds: list[float], cross: list[Seg]) -> list[float]:
    """Add the outer boundary a table leaves undrawn: when most rules across run on past the
    first (or last) rule down, the table's side is where they end."""
    if len(cross) < 2:
        return bounds
    los = sorted(s.lo for s in cross)
    his = sorted(s.hi for s in cross)
    lo, hi = los[len(los) // 2], his[len(his) // 2]
    out = list(bounds)
    if bounds[0] - lo > 3 * _TOUCH:
        out.insert(0, lo)
    if hi - bounds[-1] > 3 * _TOUCH:
        out.append(hi)
    return out


def _blank_line_rules(words: list[Word], xs: list[float], ys: list[float]) -> list[Seg]:
    """Rows ruled in groups often separate their records by a blank line across every column:
    such a gap, taller than a line of text, counts as an undrawn rule."""
    out = []
    for v0, v1 in itertools.pairwise(ys):
        inside = [w for w in words if xs[0] <= (w.u0 + w.u1) / 2 <= xs[-1] and v0 <= w.vc <= v1]
        if len(inside) < 2:
            continue
        inside.sort(key=lambda w: w.v0)
        height = sorted(w.v1 - w.v0 for w in inside)[len(inside) // 2]
        reach = inside[0].v1
        for w in inside[1:]:
            if w.v0 - reach >= 0.9 * height:
                above = {_slot(xs, x) for x in inside if x.v1 <= reach}
                below = {_slot(xs, x) for x in inside if x.v0 >= w.v0}
                if len(above | below) >= 2:
                    out.append(Seg(True, (reach + w.v0) / 2, xs[0], xs[-1]))
            reach = max(reach, w.v1)
    return out


def _slot(xs: list[float], w: Word) -> int:
    c = (w.u0 + w.u1) / 2
    return sum(1 for x in xs[1:-1] if x < c)


def find_ruled_grids(segs: list[Seg], words: list[Word]) -> list[Grid]:
    """One grid per rule network with at least two distinct rules in each direction."""
    grids = []
    for net in _networks(segs):
        hs = [s for s in net if s.horizontal]
        vs = [s for s in net if not s.horizontal]
        ys = cluster([s.pos for s in hs], _TOUCH)
        xs = cluster([s.pos for s in vs], _TOUCH)
        if not xs or not ys:
            continue
        xs, ys = _open_sides(xs, hs), _open_sides(ys, vs)
        if len(xs) < 3 and len(ys) < 3 or len(xs) < 2 or len(ys) < 2:
            continue
        hs = hs + _blank_line_rules(words, xs, ys)
        ys = cluster([s.pos for s in hs], _TOUCH) if len(ys) >= 2 else ys
        ys = _open_sides(ys, vs)
        grid = grid_from_rules(hs, vs, xs, ys, "lattice", words)
        grid.rules = hs
        grids.append(grid)
    return grids
