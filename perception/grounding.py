"""Grounding: which element or text on the screen a query such as "the second Delete button" means.

:func:`ground` parses the query (:mod:`perception._query`: text, role word, ordinal, relations,
colours, states, a place on the screen; English and Korean), gathers candidates from the DOM
elements and the OCR text spans of an :class:`~perception.types.Observation` (and from a vision
model when one is given), and scores each with evidence that does not depend on any page:

- text: how well the query's text matches the candidate's name, text, value, placeholder, title,
  alt or id words (:mod:`perception._textmatch`: exact > normalised > EN↔KO synonym > contained >
  fuzzy, jamo-aware for Hangul), and, when that is weak and an embedder is given, the cosine of
  sentence embeddings;
- role: whether the candidate's role is what the role word names ("button" accepts links at 0.6);
- priors: visible, in the viewport, not covered, interactive, enabled;
- colours, states and the place on the screen, when the query names them;
- relations: each anchor is grounded in turn, then geometry says how well a candidate stands
  ``below``/``left_of``/``near``/``inside``/in the ``row`` of it. When the anchor is one of several
  alike (the names of rows, the titles of cards, the headings of columns or months), the target must
  lie in the anchor's own item: by the document tree (an ancestor that repeats with siblings of its
  tag) or else by the layout (the anchor is the nearest of its peers before the target);
- items: a noun that names the repeated things of a page ("the third *email*", "the starred
  *product*", "the selected *date*") reads as their roles (rows, list items, cards, days), so
  ordinals count among them; boxes that repeat with siblings of their shape stand for cards nobody
  marked up; an item takes the state of the checkbox or toggle inside it;
- values: "the coin balance" on a label–value pair means the value beside the label;
- structure where nothing is marked up: a row, list item or card that the page does not expose is known by the
  repeated ancestor its parts share in the selectors (ordinals count such items once, "the ticked task" is
  the ticked checkbox of one), a title repeated along a line heads a column ("the second card in the Done
  column"), and a checkbox or field without a name of its own is the one that belongs to the text the query
  says ("Pay rent 체크박스");
- drawn text that alone on the screen reads partly like the query (OCR slips, extra or missing words) counts
  for more than its partial match: nothing else competes with it;

The evidence is summed with the weights of :data:`WEIGHTS` (each fixed by what the evidence means:
an exact label is worth more than a role word, a failed relation costs more than a missing
colour), ordinals then pick the n-th of the equally good candidates in reading order, and the sum
is turned into a probability by Platt scaling (:data:`CALIBRATION`, fitted by
``scripts/fit_grounding.py`` on generated pages and queries, English and Korean, a fifth of them
without an answer): ``Candidate.score`` is about the chance that the candidate is what the query
means. ``Grounding.found`` is False when the best score is below ``threshold``, an explicit "not
on this page". Words that are grammar in one query and a label in another ("the *first* name
field", "Search *for* products", "*Blue* T-Shirt") give several readings; the best-supported wins.

>>> from perception.types import BBox, Element, Observation
>>> box = lambda x: BBox(x0=x, y0=10, x1=x + 80, y1=40, space="css_px")
>>> obs = Observation(url="http://x/", viewport=(800, 600), elements=(
...     Element(index=0, role="button", name="Cancel", tag="button", bbox=box(10)),
...     Element(index=1, role="button", name="Sign in", tag="button", bbox=box(100))))
>>> import asyncio
>>> g = asyncio.run(ground(obs, "로그인 버튼"))
>>> g.found, g.best.element.name
(True, 'Sign in')
>>> asyncio.run(ground(obs, "the Delete button")).found
False
"""

from __future__ import annotations

import logging
import math
import re
import struct
import time
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from model.errors import ConfigError, ModelError
from model.protocol import EmbedRequest, GroundRequest, TextEmbedder, VisionModel
from perception._candidates import (
    _colour_fit,
    _contains,
    _dom_item_fit,
    _gap,
    _geometry,
    _Index,
    _index,
    _Item,
    _overlap,
    _own_state_fit,
    _owner_fit,
    _peers,
    _region_fit,
    _repeated,
    _repeated_boxes,
    _section_fit,
    _state_fit,
    _step_tag,
    _titles,
)
from perception._lexicon import (
    CONTAINER_ROLES,
    VALUE_TYPES,
    canonical,
    has_hangul,
    normalize,
    singular,
    strip_particle,
)
from perception._query import Query, Relation, item_noun, item_reading, parse
from perception._textmatch import similarity, similarity_read
from perception.geometry import from_unit, to_css_px
from perception.types import BBox, Candidate, Grounding, Observation, TextSpan

__all__ = ["CALIBRATION", "WEIGHTS", "ground"]

logger = logging.getLogger(__name__)

WEIGHTS: dict[str, float] = {
    "bias": -4.0,
    "text": 6.0,  # text similarity 0..1 (when the query has text)
    "text_high": 5.0,  # max(0, text - 0.85): exact and normalised matches stand out
    "no_text": 3.3,  # the query names no text (a role, relation, colour or state picks the target)
    "text_miss": -2.0,  # the query has text and this candidate says none of it
    "role": 1.6,  # role fit 0..1 (when the query names a role)
    "role_miss": -4.0,  # 1 - role fit
    "interactive": 0.6,  # an element users act on, when the query names no role
    "relation": 3.0,  # relation fit 0..1, per relation
    "relation_miss": -5.5,  # 1 - relation fit
    "colour": 1.6,
    "colour_miss": -2.6,
    "state": 1.4,
    "state_miss": -4.5,
    "region": 1.8,  # 0..1: how far into the named part of the screen
    "region_miss": -1.8,
    "offscreen": -0.5,  # outside the viewport (the click tool scrolls to it)
    "occluded": -0.9,  # covered by another element
    "disabled": -0.4,  # disabled, and the query did not ask for a disabled one
    "ocr": -0.15,  # read from pixels: noisier than the DOM
    "unique_read": 2.5,  # read from pixels, partly like the query, and nothing else on the screen is
    "visible_text": 0.3,  # the match is on text the user sees (not only an alt, aria-label or id)
    "literal": -0.45,  # per level of reading grammar words as text
    "ordinal_other": -3.5,  # an equally good candidate that is not the n-th
    "ordinal_missing": -7.0,  # there is no n-th
    "ordinal_partial": -1.0,  # the n-th of candidates that match the text only in part
    "container": -1.2,  # a dialog, form, table or row when the query does not name one
}
"""Weights of the evidence (see the module docstring); ``scripts/fit_grounding.py --check`` evaluates them."""

CALIBRATION: tuple[float, float] = (2.0, -0.507)
"""Platt scaling of the evidence into a probability, ``sigmoid(a * logit + b)``, fitted by
``scripts/fit_grounding.py`` on generated pages: ``Candidate.score`` is about the chance that the
candidate is what the query means."""

_BIG_CONTAINERS = frozenset(CONTAINER_ROLES - {"listitem", "figure", "img", "heading", "paragraph", "note"})
_SEMANTIC_BELOW = 0.8  # ask the embedder only when the best lexical text match is weaker than this
_SEM_MIN_COS = 0.5  # semantic evidence needs a cosine of at least this, …
_SEM_MIN_MARGIN = 0.1  # … ahead of the next label by this much
_MODEL_BELOW = 0.75  # ask the vision model only when the best candidate scores below this
_MAX_EMBED = 256


# -- evidence ----------------------------------------------------------------------------------------
_FIELD_BOOST = {"placeholder": "placeholder", "title": "title", "alt": "alt", "value": "value", "label": "name"}


def _text_score(q: Query, item: _Item) -> tuple[float, str, str]:
    """The best match of the query's text over the item's fields: (score, field, that field's text)."""
    best, where, matched = 0.0, "", ""
    boost = _FIELD_BOOST.get(q.attribute or "")
    for name, text, weight in item.fields:
        w = 1.0 if boost is not None and name == boost else weight
        if boost is not None and name != boost and boost != "name":
            w *= 0.92
        s = (similarity_read(q.text, text) if name == "ocr" else similarity(q.text, text)) * w
        if s > best:
            best, where, matched = s, name, text
    return best, where, matched


def _has_words(words: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` holds every one of ``words`` (grammar words that a literal reading took as text),
    as such or through a concept of the lexicon ("dark mode" in "다크 모드", "message" in "메시지")."""
    norm = normalize(text)
    tokens = set(norm.split())
    concepts = {c for c in canonical(norm).split() if c.startswith("⟨")}
    covered = [w in tokens or (has_hangul(w) and w in norm) for w in words]
    if all(covered):
        return True
    if not concepts:
        return False
    for size in (3, 2, 1):  # runs of words that say one concept the label also says
        for i in range(len(words) - size + 1):
            c = canonical(" ".join(words[i : i + size]))
            if " " not in c and c in concepts:
                covered[i : i + size] = [True] * size
    return all(covered)


def _visible_text(item: _Item, where: str, matched: str) -> bool:
    if where in ("text", "ocr"):
        return True
    e = item.element
    return where == "name" and e is not None and normalize(e.text) == normalize(matched)


def _typed_values(q: Query, index: _Index) -> tuple[re.Pattern[str] | None, list[BBox]]:
    """For "Bob's email", "the price of the Red Hoodie": the pattern such values follow, and the boxes of
    column headers that say the query's text (a cell below one of them is a value of that column)."""
    concepts = [c.strip("⟨⟩") for c in canonical(q.text).split() if c.startswith("⟨")]
    pattern = next((_VALUE_RES[c] for c in concepts if c in _VALUE_RES), None)
    headers = [it.bbox for it in index.items
               if it.role in ("columnheader", "rowheader", "cell", "heading", "text") and it.label
               and len(it.label) <= 40 and similarity(q.text, it.label) >= 0.9]  # fmt: skip
    return pattern, headers


_VALUE_RES = {k: re.compile(v, re.IGNORECASE) for k, v in VALUE_TYPES.items()}


def _typed_score(item: _Item, pattern: re.Pattern[str] | None, headers: list[BBox]) -> float:
    best = 0.0
    label = item.label.strip()
    if pattern is not None and label and pattern.match(label):
        best = 0.82
    b = item.bbox
    for h in headers:
        if h is not b and b.y0 >= h.y1 - 2 and _overlap(b.x0, b.x1, h.x0, h.x1) >= 0.5:
            best = max(best, 0.8 * math.exp(-(b.y0 - h.y1) / 800))
    return best


_ICON_WORDS = frozenset({"icon", "아이콘"})


def _container_query(q: Query) -> bool:
    """Whether the query's role word names a part of the page (section, card, dialog, form, footer…)."""
    return q.roles is not None and bool(q.roles) and all(r in CONTAINER_ROLES or r in ("heading", "section")
                                                         for r, w in q.roles.items() if w >= 0.5)  # fmt: skip


_ITEM_ROLES = frozenset({"row", "listitem", "article", "treeitem", "option"})
_ITEM_TEXT_ROLES = frozenset({"generic", "text", "strong", "heading", "paragraph", "cell", "link"})


def _role_fit(q: Query, item: _Item, index: _Index | None = None) -> float:
    assert q.roles is not None
    fit = q.roles.get(item.role, 0.0)
    if item.header and q.role_word not in ("header", "heading", "머리글", "헤더"):
        fit *= 0.3  # "the second row", "the first file": the rows of the data, not the header row
    e = item.element
    if fit < 0.9 and _container_query(q):
        # a part of the page is often known only by its title: a heading, a legend, or drawn text
        if _titles(item):
            fit = max(fit, 0.9)
        elif item.source == "ocr" or item.role in ("text", "generic", "label", "strong", "paragraph", "caption"):
            fit = max(fit, 0.6)
    if e is not None and fit < 1.0:
        tag = e.tag
        if tag in ("input", "textarea") and any(r in q.roles for r in ("textbox", "searchbox")):
            t = e.attributes.get("type", "text")
            if tag == "textarea" or t in ("text", "email", "password", "search", "tel", "url", "number", ""):
                fit = max(fit, 1.0)
        if tag == "select" and "combobox" in q.roles:
            fit = max(fit, 1.0)
        if tag == "img" and "img" in q.roles:
            fit = max(fit, 1.0)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and "heading" in q.roles:
            fit = max(fit, 1.0)
        if tag == "a" and q.roles.get("link", 0) >= 1:
            fit = max(fit, 0.9)
    if e is not None and fit < 1.0 and q.role_word in _ICON_WORDS and item.interactive and item.source == "dom":
        # "the cart icon": a control that shows a glyph or a count, not words, in a small box
        seen = normalize(e.text)
        if e.bbox.width <= 64 and e.bbox.height <= 64 and (not seen or len(seen) <= 3 or seen.isdigit()):
            fit = max(fit, 1.0)
    if fit < 0.9 and _item_query(q) and not q.states and e is not None and (not item.interactive or item.role == "link") and item.label \
            and item.role in _ITEM_TEXT_ROLES and index is not None and not _ITEM_ROLES & index.roles and _peers(item, index)[0]:
        # "the second task" where nothing is marked up as rows or items: the texts that repeat down a column
        # (each row's name) stand for their items
        fit = 1.0
    if fit < 0.8 and q.states and _item_query(q) and e is not None and item.interactive \
            and all(_own_state_fit(st, item) >= 1.0 for st in q.states):  # fmt: skip
        # "the ticked file", "the starred email" where the rows are not marked up as such: the checkbox or the
        # star that carries the state stands for its item
        fit = 0.8
    if item.source == "ocr":
        # text drawn on a canvas or in an image: a drawn button, link or label has no DOM role
        drawn = max((q.roles.get(r, 0.0) for r in ("button", "link", "text", "img", "tab", "menuitem")), default=0)
        fit = max(fit, 0.75 * drawn, _DRAWN_ROLE)  # a drawn toggle, tab or heading has no role to check either
    return fit


def _item_query(q: Query) -> bool:
    """Whether the query's role word is an item noun ("the third email", "the ticked file")."""
    return q.roles is not None and q.roles.get("row", 0.0) >= 1.0 and q.roles.get("listitem", 0.0) >= 1.0


# -- scoring -----------------------------------------------------------------------------------------
def _calibrated(logit: float) -> float:
    a, b = CALIBRATION
    z = a * logit + b
    return 1 / (1 + math.exp(-z)) if z > -700 else 0.0


def _logit(features: dict[str, float]) -> float:
    w = WEIGHTS
    return w["bias"] + sum(w[k] * v for k, v in features.items())

@dataclass
class _Scored:
    item: _Item
    logit: float
    text: float
    why: list[str]
    features: dict[str, float] = field(default_factory=dict)
    where: str = ""  # the field the text matched ("name", "ocr", "meaning", "typed"…)

    @property
    def p(self) -> float:
        return 1 / (1 + math.exp(-self.logit))


@dataclass
class _Context:
    index: _Index
    semantic: dict[str, float] | None = None  # item label → semantic text score, for this query text
    depth: int = 0


def _evaluate(q: Query, ctx: _Context) -> list[_Scored]:
    """Every candidate of the index scored for reading ``q``, best first."""
    index = ctx.index
    out: list[_Scored] = []
    anchors = [(_anchors(rel, q, ctx)) for rel in q.relations]
    typed = _typed_values(q, index) if q.text and any(r.kind in ("assoc", "row") for r in q.relations) else None
    for item in index.items:
        f: dict[str, float] = {"literal": float(q.literal)} if q.literal else {}
        why: list[str] = []
        t = 0.0
        if q.text:
            t, where, matched = _text_score(q, item)
            if q.literal_words and not (t >= 0.3 and _has_words(q.literal_words, matched)):
                continue  # this reading took grammar words as text: only labels that have them count
            if ctx.semantic is not None and item.label:
                sem = ctx.semantic.get(item.label, 0.0)
                if sem > t:
                    t, where = sem, "meaning"
            if typed is not None and t < 0.8:
                ts = _typed_score(item, *typed)
                if ts > t:
                    t, where = ts, "typed"
            if t < 0.3 and not q.relations and q.ordinal is None:
                continue  # nothing to say for this one: skip the rest of the work
            f["text"] = t
            f["text_high"] = max(0.0, t - 0.85)
            if t < 0.3:
                f["text_miss"] = 1.0  # the query's words are not this one's: a relation or an ordinal alone is weak
            if t >= 0.5 and _visible_text(item, where, matched):
                f["visible_text"] = 1.0
            why.append(f"text≈{t:.2f}({where})")
        else:
            f["no_text"] = 1.0
        if q.roles is not None:
            rf = _role_fit(q, item, index)
            f["role"], f["role_miss"] = rf, 1 - rf
            why.append(f"role {item.role}{'✓' if rf >= 1 else f'~{rf:.1f}'}")
        elif item.interactive and item.role != "label":
            f["interactive"] = 1.0
        if item.role in _BIG_CONTAINERS and (q.roles is None or q.roles.get(item.role, 0.0) < 0.5):
            f["container"] = 1.0  # a whole dialog, form or table is rarely what a label-like query means
        for colour in q.colours:
            cf = _colour_fit(colour, item, index)
            f["colour"] = f.get("colour", 0.0) + cf
            f["colour_miss"] = f.get("colour_miss", 0.0) + 1 - cf
            why.append(f"{colour} {cf:.1f}")
        for state in q.states:
            sf = _state_fit(state, item, index)
            f["state"] = f.get("state", 0.0) + sf
            f["state_miss"] = f.get("state_miss", 0.0) + 1 - sf
            why.append(f"{state[0]}={state[1]} {sf:.1f}")
        if q.region is not None:
            rg = _region_fit(q.region, item, index.viewport)
            f["region"], f["region_miss"] = rg, 1 - rg
            why.append(f"place {rg:.2f}")
        for rel, found in zip(q.relations, anchors, strict=True):
            fit, label = _relation_fit(rel, q, found, item, index)
            f["relation"] = f.get("relation", 0.0) + fit
            f["relation_miss"] = f.get("relation_miss", 0.0) + 1 - fit
            why.append(f"{rel.kind} {label!r} {fit:.2f}")
        if not item.in_viewport:
            f["offscreen"] = 1.0
        if item.occluded:
            f["occluded"] = 1.0
            why.append("covered")
        if item.disabled and ("disabled", True) not in q.states:
            f["disabled"] = 1.0
        if item.source == "ocr":
            f["ocr"] = 1.0
            why.append("ocr")
        out.append(_Scored(item, _logit(f), t, why, f, where if q.text else ""))
    if q.text and not q.literal and out:
        _unique_reading(out)
    out.sort(key=lambda s: -s.logit)
    out = _merge_nested(out)
    if q.ordinal is not None:
        _apply_ordinal(out, q.ordinal, index, q)
    return out


def _unique_reading(out: list[_Scored]) -> None:
    """Text read from pixels that is the only thing on the screen saying anything like the query: OCR slips,
    extra words and split labels keep its match partial, but nothing else competes with it."""
    best = max(out, key=lambda s: s.text)
    if best.item.source != "ocr" or best.text < _UNIQUE_READ_MIN or best.where != "ocr":
        return
    if any(s is not best and s.text >= _UNIQUE_OTHERS_BELOW and s.item.key != best.item.key for s in out):
        return
    best.features["unique_read"] = 1.0
    best.logit = _logit(best.features)
    best.why.append("only reading")


_UNIQUE_READ_MIN = 0.45
_DRAWN_ROLE = 0.5
_UNIQUE_OTHERS_BELOW = 0.3


def _anchors(rel: Relation, target: Query, ctx: _Context) -> list[tuple[_Item, float]]:
    """The few best readings of a relation's anchor, with their probabilities."""
    if ctx.depth >= 3:
        return []
    sub = _Context(ctx.index, None, ctx.depth + 1)
    virtual = _virtual_anchor(rel.anchor, ctx.index)
    if virtual:
        return virtual  # "in the header" on a page with no banner: the top band of the screen
    a = rel.anchor
    if a.ordinal is not None and a.roles is not None and not a.relations and not any(
            a.roles.get(r, 0.0) >= 0.5 for r in ctx.index.roles):  # fmt: skip
        boxes = _unmarked_items(a, [], ctx.index)  # "the last card" on a page that marks up no cards
        if boxes:
            return boxes
    if rel.kind == "inside" and not a.text and not a.relations and a.roles is not None and _container_query(a) \
            and not any(a.roles.get(r, 0.0) >= 0.5 for r in ctx.index.roles):  # fmt: skip
        # "the Save button in the toolbar" where nothing is marked up as one (a canvas, plain <div>s): the
        # relation cannot be checked, so it neither helps nor hurts
        return [(_Item("dom", BBox(x0=-1e6, y0=-1e6, x1=1e6, y1=1e6, space="css_px"), "document", []), 0.5)]
    scored = _evaluate(rel.anchor, sub)
    if (as_item := item_reading(rel.anchor)) is not None:  # "the first product's minus button"
        items = _evaluate(as_item, sub)
        if items and (not scored or items[0].logit > scored[0].logit):
            scored = items
    if not rel.anchor.text and rel.anchor.role_word and not rel.anchor.relations:
        # an anchor that is only a role word may be a label ("below Message", "제목 아래"): the better reading wins
        as_text = _evaluate(Query(text=rel.anchor.role_word, literal=1), sub)
        if as_text and (not scored or as_text[0].logit > scored[0].logit):
            scored = as_text
    boxes = _unmarked_items(rel.anchor, scored, ctx.index)
    if boxes:
        return boxes
    if not scored or scored[0].p < 0.2:
        return []
    top = scored[0].p
    return [(s.item, s.p) for s in scored[:6] if s.p >= max(0.2, 0.5 * top)]


def _unmarked_items(anchor: Query, scored: list[_Scored], index: _Index) -> list[tuple[_Item, float]]:
    """"the plus button on the last card", "the second product's price" where no element is marked up as a
    card or an item: the n-th of the boxes that repeat with siblings of their shape, in reading order."""
    a = item_reading(anchor) or anchor
    if a.text or a.relations or a.ordinal is None or a.roles is None or max(a.roles.get(r, 0.0) for r in ("article", "listitem")) < 0.8:
        return []
    if scored and scored[0].features.get("role", 0.0) >= 0.9 and scored[0].p >= 0.5:
        return []  # the page marks its items up: the anchor was found as such
    boxes = _repeated_boxes(index)
    if len(boxes) < 2:
        return []
    ordered = _reading_order([_Scored(b, 0.0, 0.0, []) for b in boxes], index.line_height)
    n = a.ordinal
    pick = n - 1 if n > 0 else len(ordered) + n if n < 0 else len(ordered) // 2
    return [(ordered[pick].item, 0.8)] if 0 <= pick < len(ordered) else []


_LANDMARKS = {"banner": (None, "top"), "contentinfo": (None, "bottom"), "complementary": ("side", None),
              "navigation": (None, "top")}  # fmt: skip


_LANDMARK_TAGS = {"banner": "header", "contentinfo": "footer", "navigation": "nav", "complementary": "aside"}
_BREADCRUMB_SEPARATORS = re.compile(r"\s[/›>»]\s|[›»]")


def _virtual_anchor(q: Query, index: _Index) -> list[tuple[_Item, float]]:
    """A page part named only by a landmark word ("the header", "the footer") that no element carries: the
    elements inside a <header>/<footer>/<nav>/<aside> by their selectors, else a band of the page."""
    if q.text or q.roles is None:
        return []
    if q.role_word in ("breadcrumb", "breadcrumb trail", "경로", "탐색 경로"):
        trails = [(it, 0.9) for it in index.items if it.source == "dom" and it.element is not None
                  and len(_BREADCRUMB_SEPARATORS.findall(it.element.text)) >= 1 and len(it.element.text) <= 160
                  and sum(1 for o in index.items if o.role == "link" and _contains(it.bbox, o.bbox)) >= 2]  # fmt: skip
        if trails:
            return trails[:2]
    w, h = index.viewport
    for role, (side, edge) in _LANDMARKS.items():
        if q.roles.get(role, 0) >= 1 and role not in index.roles:
            tag = _LANDMARK_TAGS[role]
            inside = [it.bbox for it in index.items if any(
                step.split(":")[0].split("#")[0].split(".")[0] == tag or (step.startswith("#") and tag in step)
                for step in it.path[1:])]  # fmt: skip
            if inside:
                box = BBox(x0=min(b.x0 for b in inside), y0=min(b.y0 for b in inside),
                           x1=max(b.x1 for b in inside), y1=max(b.y1 for b in inside), space="css_px")  # fmt: skip
                return [(_Item("dom", box, role, []), 0.8)]
            bottom = max((it.bbox.y1 for it in index.items), default=float(h))
            if edge == "bottom" and bottom > h:  # the page's own bottom, below the fold
                return [(_Item("dom", BBox(x0=0, y0=bottom - max(90.0, 0.14 * h), x1=w, y1=bottom,
                                           space="css_px"), role, []), 0.6)]  # fmt: skip
            if edge == "top":
                box = BBox(x0=0, y0=0, x1=w, y1=max(90.0, 0.14 * h), space="css_px")
            elif edge == "bottom":
                box = BBox(x0=0, y0=h - max(90.0, 0.14 * h), x1=w, y1=h, space="css_px")
            else:
                box = BBox(x0=0, y0=0, x1=0.25 * w, y1=h, space="css_px")
            return [(_Item("dom", box, role, []), 0.6)]
    return []


def _relation_fit(rel: Relation, q: Query, anchors: list[tuple[_Item, float]], item: _Item,
                  index: _Index) -> tuple[float, str]:  # fmt: skip
    best, label = 0.0, ""
    top = max((p for _, p in anchors), default=0.0)
    sure = min(1.0, top / 0.85) ** 0.5  # an anchor found with doubt lends the relation less
    said = rel.anchor.text or rel.anchor.role_word
    named = bool(said) and item.element is not None and similarity(said, item.element.name) >= 0.85
    for anchor, p in anchors:
        same = anchor is item or anchor.key == item.key
        weight = (p / top) ** 0.5 if top else 0.0
        # an anchor that is itself what the target's role names describes the target: "the image of the
        # black jeans" is the image whose alt says so, "the checkbox next to Remember me" the one labelled so
        self_like = (q.roles is not None and rel.kind in ("assoc", "near") and _role_fit(q, anchor) >= 0.9
                     and not _says(anchor, rel.anchor.text))  # fmt: skip
        if same:
            if self_like:
                fit = weight * sure * (1.0 if rel.kind == "assoc" else 0.9)
                if fit > best:
                    best, label = fit, anchor.label
            continue
        if self_like:
            continue  # another candidate of the same kind is not an anchor for this one
        if rel.kind not in ("near", "inside", "assoc", "row") and named:
            continue  # "the field below Address" is not the Address field below its own label
        if rel.kind not in ("inside",) and _contains(item.bbox, anchor.bbox) and item.bbox.area > 2 * anchor.bbox.area:
            if rel.kind in ("assoc", "row") and _item_query(q) and item.role in ("row", "listitem", "article",
                                                                                 "treeitem", "option"):  # fmt: skip
                fit = weight * sure  # "최유진's post", "the order for Bob": the item that holds the name
                if fit > best:
                    best, label = fit, anchor.label
            continue  # the target holds the anchor: it is the anchor's container, not beside it
        g = _geometry(rel.kind, item.bbox, anchor.bbox, anchor, index.line_height)
        titled = False  # the anchor titles a part of the page (a section, a column) and the item lies in it
        if rel.kind in ("inside", "assoc") and (_titles(anchor) or rel.kind == "inside" and anchor.role not in (
                "cell", "gridcell", "rowheader", "columnheader") and _peers(anchor, index)[1]):  # fmt: skip
            # a heading, or a title repeated along a line (the columns of a board), stands for the part it titles
            # a heading stands for the part it titles: "the Save button in the Notifications section"
            section = _section_fit(item, anchor, index)
            if section is not None:
                g = max(section, 0.4 * g)
                titled = section >= 0.9
        if rel.kind == "inside" and g < 0.9:
            shared = _shared_part(item, anchor, index)
            if shared is not None:
                g = max(g, shared)
        if rel.kind in ("assoc", "row", "inside") and g > 0 and not titled \
                and not _contains(anchor.bbox, item.bbox, slack=4.0):  # fmt: skip
            # several alike anchors (names of rows, titles of cards, columns or months): the target lies in
            # the item of this one, not of the next
            own = _dom_item_fit(item, anchor, index)
            if own is not None:  # the document tree says it: the same row, list item or card, or another one
                g = g if own >= 1 else g * 0.25
            elif (own := _owner_fit(item, anchor, index)) is not None:  # the layout says it
                g = g if own >= 1 else g * 0.3
        fit = g * weight * sure
        if fit > best:
            best, label = fit, anchor.label
    return best, label


def _shared_part(c: _Item, anchor: _Item, index: _Index) -> float | None:
    """By the document tree: how surely ``c`` lies in the part of the page that ``anchor`` names (its title, or
    a label in it): their nearest common ancestor is a small part of the page (a panel, a column, a card), not
    the page itself. None when the selectors do not say."""
    pc, pa = c.path, anchor.path
    if len(pc) < 3 or len(pa) < 3 or pc[0] != pa[0] or pc[1] != pa[1]:
        return None
    n = 0
    for x, y in zip(pc, pa, strict=False):
        if x != y:
            break
        n += 1
    if n >= len(pc) or n >= len(pa) or n < 2:
        return None
    prefix = pc[:n]
    same = [it for it in index.items if it.path and it.path[:2] == prefix[:2]]
    inside = sum(1 for it in same if it.path[:n] == prefix)
    if not same or inside > max(16, 0.4 * len(same)):
        return None  # the common part is most of the page
    # the part is as good as the anchor is its only title: another thing saying the anchor's words there blurs it
    return 0.9 if inside <= 0.25 * len(same) or inside <= 16 else 0.75


def _says(item: _Item, text: str) -> bool:
    """Whether the item's own visible text says ``text`` (then it is a thing of its own, not a label of another)."""
    if not text:
        return False
    e = item.element
    seen = e.text if e is not None else item.label
    return bool(seen) and similarity(text, seen) >= 0.6


def _merge_nested(scored: list[_Scored]) -> list[_Scored]:
    """A text element inside an interactive one that says the same (a <span> in a <button>) yields to it,
    and so does a <label> to the control beside it that it names."""
    top = scored[:40]
    drop: set[int] = set()
    for i, s in enumerate(top):
        if s.item.role == "label" and s.item.source == "dom":
            for o in top:
                if o is not s and o.item.interactive and o.item.role != "label" and o.text >= s.text - 0.05 \
                        and o.text > 0 and _gap(o.item.bbox, s.item.bbox) <= 60:  # fmt: skip
                    drop.add(i)
                    break
            continue
        if s.item.interactive or s.item.source != "dom":
            continue
        for j, o in enumerate(top):
            if j != i and o.item.interactive and o.item.source == "dom" and _contains(o.item.bbox, s.item.bbox) \
                    and o.logit >= s.logit - 1.5 and o.text >= s.text - 0.15:  # fmt: skip
                drop.add(i)
                break
    return [s for i, s in enumerate(scored) if i not in drop]


def _reading_order(items: list[_Scored], line: float) -> list[_Scored]:
    rows: list[list[_Scored]] = []
    for s in sorted(items, key=lambda s: s.item.bbox.center[1]):
        b = s.item.bbox
        if rows:
            last = rows[-1][0].item.bbox
            if _overlap(b.y0, b.y1, last.y0, last.y1) > 0.5 or abs(b.center[1] - last.center[1]) < 0.4 * line:
                rows[-1].append(s)
                continue
        rows.append([s])
    return [s for row in rows for s in sorted(row, key=lambda s: s.item.bbox.x0)]


def _item_key(item: _Item, index: _Index) -> tuple[str, ...] | None:
    """The path of the repeated ancestor (a row, list item or card: one of several siblings of its tag that each
    hold several things) that ``item`` lies in, below the item itself; None when the selectors do not say."""
    path = item.path
    rep = _repeated(index)
    for k in range(3, len(path)):
        if (path[: k - 1], _step_tag(path[k - 1])) in rep:
            return path[:k]
    return None


def _unrelated(s: _Scored) -> float:
    """The candidate's evidence without its relations: what it is, apart from where."""
    f = s.features
    return s.logit - WEIGHTS["relation"] * f.get("relation", 0.0) - WEIGHTS["relation_miss"] * f.get("relation_miss", 0.0)


def _in_group(s: _Scored, best: _Scored, q: Query) -> bool:
    """Whether ``s`` is one of the alike candidates an ordinal counts among: as good as the best in what it is,
    and, when the query places them ("the second card in the Done column"), inside the same scope."""
    if s.text < best.text - 0.06:
        return False
    if s.logit >= best.logit - 1.2:
        return True
    if not q.relations:
        return False
    rel, top = s.features.get("relation", 0.0), best.features.get("relation", 0.0)
    return _unrelated(s) >= _unrelated(best) - 1.2 and rel >= 0.8 * top and rel >= 0.5 * len(q.relations)


def _apply_ordinal(scored: list[_Scored], n: int, index: _Index, q: Query | None = None) -> None:
    if not scored:
        return
    best = scored[0]
    group = [s for s in scored[:60] if _in_group(s, best, q or Query())]
    ordered = _reading_order(group, index.line_height)
    if q is not None and (_item_query(q) or _container_query(q)) and len(ordered) > 1:
        # items nobody marked up, stood for by the things in them, are counted once each: by the document tree
        # (the repeated ancestor they share: a row's name and date, a card's title and owner are one item), or
        # else, for texts that stand for rows, by line
        keys = [_item_key(s.item, index) for s in ordered]
        if any(k is not None for k in keys):
            seen: set[tuple[str, ...]] = set()
            kept = []
            for s, k in zip(ordered, keys, strict=True):
                if k is None or k not in seen:
                    kept.append(s)
                if k is not None:
                    seen.add(k)
            ordered = kept
        elif _item_query(q) and not _ITEM_ROLES & index.roles:
            lines: list[_Scored] = []
            for s in ordered:
                if not lines or s.item.bbox.y0 >= lines[-1].item.bbox.y1 - 2:
                    lines.append(s)
            ordered = lines
    pick = n - 1 if n > 0 else len(ordered) + n if n < 0 else (len(ordered) // 2 if len(ordered) % 2 else -1)
    if not 0 <= pick < len(ordered):  # "the fourth Delete button" when there are three: none of them
        for s in scored:
            s.features["ordinal_missing"] = 1.0
            s.logit = _logit(s.features)
        for s in ordered:
            s.why.append(f"no #{n} (only {len(ordered)})")
    else:
        chosen = ordered[pick]
        for s in group:
            if s is chosen:
                s.why.append(f"#{pick + 1} of {len(ordered)}")
                if 0 < s.text < 0.9:  # "the last name field": the ordinal word may be the label's own
                    s.features["ordinal_partial"] = 1.0
                s.logit = max(s.logit, best.logit) + (WEIGHTS["ordinal_partial"] if 0 < s.text < 0.9 else 0.0)
            else:
                s.features["ordinal_other"] = 1.0
                s.logit = _logit(s.features)
    scored.sort(key=lambda s: -s.logit)


# -- semantic and model evidence ---------------------------------------------------------------------
_VECTORS: weakref.WeakKeyDictionary[object, OrderedDict[str, tuple[float, ...]]] = weakref.WeakKeyDictionary()


async def _semantic(q: Query, index: _Index, embedder: TextEmbedder) -> dict[str, float]:
    """Semantic text evidence from sentence embeddings: {label: 0.55..0.75} for a label that clearly stands out."""
    labels: list[str] = []
    seen: set[str] = set()
    for it in index.items:
        lab = it.label
        if lab and lab not in seen and len(lab) <= 120 and not has_hangul(lab):
            if q.roles is not None and _role_fit(q, it) < 0.5:
                continue
            seen.add(lab)
            labels.append(lab)
            if len(labels) >= _MAX_EMBED:
                break
    if not labels:
        return {}
    try:
        cache = _VECTORS.setdefault(embedder, OrderedDict())
    except TypeError:  # an embedder that cannot be weakly referenced: no cache
        cache = OrderedDict()
    missing = [t for t in [q.text, *labels] if t not in cache]
    if missing:
        try:
            resp = await embedder.embed(EmbedRequest(texts=tuple(missing)))
        except ModelError as exc:
            logger.warning("embedder %s failed, grounding on text alone: %s", embedder.model_id, exc)
            return {}
        for t, v in zip(missing, resp.vectors, strict=False):
            cache[t] = v
        while len(cache) > 8192:
            cache.popitem(last=False)
    qv = cache.get(q.text)
    if qv is None:
        return {}
    cos = {}
    for lab in labels:
        lv = cache.get(lab)
        if lv is not None:
            cos[lab] = sum(a * b for a, b in zip(qv, lv, strict=False))
    ranked = sorted(cos.items(), key=lambda kv: -kv[1])
    if not ranked:
        return {}
    # sentence vectors of short UI strings are close for near and far meanings alike (MiniLM: "sign out" /
    # "Log out" 0.81, but "keep browsing" / "Continue shopping" 0.43 next to 0.39 for a wrong one): only a
    # label that stands out from the rest counts, and never as much as words that match
    (top, c1), c2 = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    if c1 < _SEM_MIN_COS or c1 - c2 < _SEM_MIN_MARGIN:
        return {}
    if _other_concept(q.text, top):
        return {}  # "Log out" and "Sign in" sit close in vector space, but the lexicon knows they differ
    return {top: 0.55 + 0.2 * min(1.0, (c1 - _SEM_MIN_COS) / 0.25)}


def _other_concept(query: str, label: str) -> bool:
    """Whether the query and the label each say nothing but known concepts, and different ones (sign in /
    sign out, save / send)."""
    q, lab = canonical(query).split(), canonical(label).split()
    if not q or not lab or not all(c.startswith("⟨") for c in (*q, *lab)):
        return False
    return not set(q) & set(lab)


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n":
        w, h = struct.unpack(">II", data[16:24])
        return int(w), int(h)
    return None


async def _model_candidates(obs: Observation, query: str, model: VisionModel, index: _Index,
                            limit: int) -> list[Candidate]:  # fmt: skip
    if not obs.screenshot:
        return []
    size = _png_size(obs.screenshot) or (round(obs.viewport[0] * obs.scale_factor),
                                         round(obs.viewport[1] * obs.scale_factor))  # fmt: skip
    try:
        resp = await model.ground(GroundRequest(image=obs.screenshot, query=query, max_boxes=limit))
    except ModelError as exc:
        logger.warning("model %s could not ground %r: %s", model.model_id, query, exc)
        return []
    out = []
    for mb in resp.boxes:
        unit = BBox(x0=mb.xyxy[0], y0=mb.xyxy[1], x1=mb.xyxy[2], y1=mb.xyxy[3], space="unit")
        css = to_css_px(from_unit(unit, width=size[0], height=size[1]), scale_factor=obs.scale_factor)
        host = max((it for it in index.items if it.source == "dom"), key=lambda it: it.bbox.iou(css), default=None)
        element = host.element if host is not None and host.bbox.iou(css) >= 0.5 else None
        score = mb.score if mb.score is not None else 0.6
        score = round(min(max(score, 0.0), 1.0), 4)
        said = TextSpan(text=mb.label, bbox=css, score=score, source="model")  # the model's own words for it
        out.append(Candidate(bbox=element.bbox if element is not None else css, element=element, span=said,
                             source="model", score=score, why=f"model {model.model_id}: {mb.label!r}"))
    return out


# -- the public call ---------------------------------------------------------------------------------
async def ground(
    observation: Observation,
    query: str,
    *,
    embedder: TextEmbedder | None = None,
    model: VisionModel | None = None,
    threshold: float = 0.5,
    limit: int = 5,
) -> Grounding:
    """The candidates on ``observation`` that ``query`` may mean, best first, each with a calibrated score.

    ``query`` is what a person would say, in English or Korean: ``"Sign in"``, ``"the second Delete
    button"``, ``"the checkbox next to Remember me"``, ``"Bob 행의 삭제 버튼"``, ``"오른쪽 위의 닫기
    아이콘"``, ``"the red button"``, ``"the unchecked box"``. ``embedder`` adds meaning when the words
    do not match (asked only then, and label vectors are cached); ``model`` is asked (on the
    screenshot) only when the page's own evidence leaves the best candidate below 0.75.
    ``found`` is False when the best score is below ``threshold``; ``candidates`` still lists the
    nearest misses. Raises :class:`~model.errors.ConfigError` for an empty query, a threshold
    outside 0..1 or a limit below 1.

    >>> from perception.types import BBox, Element, Observation
    >>> obs = Observation(url="http://x/", viewport=(800, 600), elements=(
    ...     Element(index=0, role="textbox", name="Email", tag="input",
    ...             bbox=BBox(x0=10, y0=10, x1=300, y1=40, space="css_px")),))
    >>> import asyncio
    >>> asyncio.run(ground(obs, "이메일 입력란")).best.element.index
    0
    """
    if not query or not query.strip():
        raise ConfigError("query is empty: say what to find, e.g. 'the Sign in button'", name="query", value=query)
    if not 0 <= threshold <= 1:
        raise ConfigError(f"threshold={threshold} must be within 0..1", name="threshold", value=threshold)
    if limit < 1:
        raise ConfigError(f"limit={limit} must be at least 1", name="limit", value=limit)
    started = time.perf_counter()
    index = _index(observation)
    best_scored = await _scored(index, query, embedder)
    candidates = _candidates(best_scored, limit)
    if model is not None and (not candidates or candidates[0].score < _MODEL_BELOW):
        extra = await _model_candidates(observation, query, model, index, limit)
        candidates = sorted([*candidates, *extra], key=lambda c: -c.score)[:limit]
    found = bool(candidates) and candidates[0].score >= threshold
    logger.debug("ground %r: %s in %.1f ms", query, candidates[0].why if candidates else "no candidates",
                 1000 * (time.perf_counter() - started))  # fmt: skip
    return Grounding(query=query, candidates=tuple(candidates), found=found, threshold=threshold)


async def _scored(index: _Index, query: str, embedder: TextEmbedder | None) -> list[_Scored]:
    """All candidates for ``query``, scored under its best-supported reading, best first."""
    results = []
    for reading in parse(query):
        scored = _evaluate(reading, _Context(index))
        if reading.relaxed and sum(1 for s in scored[:8] if s.features.get("role", 0.0) >= 0.9) != 1:
            continue  # "the company logo" is the logo only where there is one logo
        results.append((scored, reading))
        if results[-1][0] and results[-1][0][0].p >= 0.97 and reading.text:
            break  # a clear answer: readings that take more words literally cannot do better
    if not results:
        return []
    best_scored, best_q = max(results, key=lambda x: x[0][0].logit if x[0] else -1e9)
    if best_scored and item_reading(best_q) is not None and _titles(best_scored[0].item):
        # "the last task" is not the heading "My tasks" over the list: one of the items, when they are there
        items = [r for r in results if r[0] and _item_query(r[1]) and not r[1].text and r[0][0].p >= 0.5]
        if items:
            best_scored, best_q = max(items, key=lambda x: x[0][0].logit)
    top_text = max((r[0][0].text for r in results if r[0]), default=0.0)
    if (embedder is not None and best_q.text and not has_hangul(best_q.text) and top_text < _SEMANTIC_BELOW
            and index.items):  # fmt: skip
        sem = await _semantic(best_q, index, embedder)
        if sem:
            again = _evaluate(best_q, _Context(index, sem))
            if again and (not best_scored or again[0].logit > best_scored[0].logit):
                best_scored = again
    if best_q.text and best_q.roles is not None and not best_q.relations and not best_q.literal \
            and best_q.ordinal is None and any(w >= 0.9 and r in _UNLABELLED_ROLES for r, w in best_q.roles.items()) \
            and (not best_scored or best_scored[0].p < 0.5):  # fmt: skip
        # "Pay rent 체크박스", "the Nickname field" where the control carries no name: the control of that role
        # that belongs to the text (its row, its line, beside it)
        owned = _evaluate(replace(best_q, text="", literal=1, relations=(Relation("assoc", Query(text=best_q.text)),)),
                          _Context(index))  # fmt: skip
        if owned and (not best_scored or owned[0].logit > best_scored[0].logit):
            best_scored = owned
    if best_q.text and best_q.roles is None and not best_q.relations and best_scored:
        best_scored = _value_of_label(best_q, best_scored, index)
    if best_q.text and not best_q.relations and (not best_scored or best_scored[0].p < 0.9
                                                 and best_scored[0].text < 0.9):  # fmt: skip
        split = _split_readings(best_q, index)
        if split is not None and (not best_scored or split[0].logit > best_scored[0].logit):
            best_scored = split
    return best_scored


_UNLABELLED_ROLES = frozenset({"checkbox", "radio", "switch", "textbox", "searchbox", "combobox", "slider"})
"""Roles of controls that often carry no name of their own: their label is a text beside them."""

_VALUE_WORDS = frozenset({
    "balance", "limit", "size", "total", "amount", "price", "cost", "fee", "count", "number", "value", "level",
    "score", "quantity", "rate", "status", "date", "time", "remaining", "left", "usage", "used", "due", "sum",
    "잔액", "한도", "크기", "용량", "합계", "금액", "가격", "수량", "개수", "값", "상태", "날짜", "시간", "요금", "점수", "잔여", "남은",
    "비용", "수수료", "총액", "일자", "수치",
})  # fmt: skip
_LABEL_ROLES = frozenset({"text", "label", "term", "generic", "strong", "paragraph", "rowheader", "statictext"})


def _value_of_label(q: Query, scored: list[_Scored], index: _Index) -> list[_Scored]:
    """"the coin balance", "the per-day limit": a query that asks for a value, whose best match is the
    label of a label–value pair, means the value beside the label (right of it on its line, else just below)."""
    words = {strip_particle(w) if has_hangul(w) else singular(w) for w in normalize(q.text).split()}
    if not words & _VALUE_WORDS:
        return scored
    top = scored[0]
    lab = top.item
    if lab.interactive or lab.role not in _LABEL_ROLES or top.text < 0.6 or any(c.isdigit() for c in lab.label):
        return scored
    a = lab.bbox
    best: tuple[float, _Item] | None = None
    for it in index.items:
        b = it.bbox
        if it is lab or it.interactive or not it.label or len(it.label) > 40 or it.role in _BIG_CONTAINERS \
                or _contains(b, a) or _contains(a, b) or similarity(q.text, it.label) >= 0.5:  # fmt: skip
            continue
        if _overlap(b.y0, b.y1, a.y0, a.y1) > 0.5 and 0 <= b.x0 - a.x1 <= 320:
            d = b.x0 - a.x1
        elif abs(b.x0 - a.x0) <= 20 and 0 <= b.y0 - a.y1 <= 1.2 * index.line_height:
            d = 40 + (b.y0 - a.y1)
        else:
            continue
        if best is None or d < best[0]:
            best = (d, it)
    if best is None:
        return scored
    value = best[1]
    rest = [s for s in scored if s.item is not value]
    lifted = _Scored(value, top.logit + 0.2, top.text, [*top.why, f"value of {lab.label!r}"], dict(top.features))
    return [lifted, *rest]


def _split_readings(q: Query, index: _Index) -> list[_Scored] | None:
    """Telegraphic queries ("Edit Carol", "Delete Bob", "삭제 Bob"): one part names the target, the rest an
    anchor it belongs to. Tried only when no reading found a good match; the best split wins."""
    words = q.text.split()
    if not 2 <= len(words) <= 6:
        return None
    best: list[_Scored] | None = None
    best_key = -1e9
    for k in range(1, len(words)):
        for target, anchor in ((words[:k], words[k:]), (words[k:], words[:k])):
            if len(anchor) >= 2 and anchor[0] == "the":
                anchor = anchor[1:]
            if len(anchor) >= 2 and item_noun(anchor[-1]) is not None:
                anchor = anchor[:-1]  # "Delete the report.pdf file": the file is the row that says report.pdf
            reading = replace(q, text=" ".join(target), literal=q.literal + 1, literal_words=(),
                              relations=(Relation("assoc", Query(text=" ".join(anchor))),))  # fmt: skip
            scored = _evaluate(reading, _Context(index))
            # both parts must find something of their own: a good text match, and an anchor beside it
            if not scored or scored[0].text < 0.8 or scored[0].features.get("relation", 0.0) < 0.5:
                continue
            own = _evaluate(Query(text=" ".join(anchor)), _Context(index))
            if not own or own[0].text < 0.8:
                continue
            if similarity_read(" ".join(anchor), scored[0].item.label) >= 0.4:
                continue  # the target's own label says the rest too: nothing to split
            # the thing acted on is a control, the thing it belongs to a name: "Edit Carol", not Carol's cell
            bonus = 1.0 if scored[0].item.interactive and not own[0].item.interactive else 0.0
            if own[0].item.interactive and not scored[0].item.interactive:
                bonus = -1.0
            if best is None or scored[0].logit + bonus > best_key:
                best, best_key = scored, scored[0].logit + bonus
    return best


def _candidates(scored: Sequence[_Scored], limit: int) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for s in scored:
        if s.item.key in seen:
            continue
        seen.add(s.item.key)
        it = s.item
        out.append(Candidate(bbox=it.bbox, element=it.element, span=it.span, source=it.source,
                             score=round(_calibrated(s.logit), 4), why=", ".join(s.why)))  # fmt: skip
        if len(out) >= limit:
            break
    return out



