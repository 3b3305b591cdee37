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
  for more than its partial match: nothing else competes with it (unless it is not where the query puts it);
- sets of alike things: elements of one role and tag lined up with others (slots of a picker, cards of a
  board, people to pick) are what "the second therapist", "the last slot" count, whatever their markup,
  and a count over one such set is evidence of its own; the titles over them are not counted;
- imperatives: a leading verb names a control of the thing it acts on ("star the email from Priya" is
  the Star button of that row, "save the last job" the last Save button: an ordinal over items counts
  their controls), or with a plain verb ("open", "select") only says what to do with the thing;
- alike controls that tie (one "담기" per product) are told apart by the query's other words, read as
  the item they belong to ("그릭요거트 담기"); a column's header and a row's key name a cell ("Q2 for
  Gwangju", "busan q3", "the per-day limit for Faster Payments"), also under a header row of plain cells;
- context a label carries: "15 in the August calendar" is the day whose own name says August; a part
  of the page that nothing marks up ("in the date picker", "in the pager") is not held against a
  target, and a dialog drawn on a canvas is the middle of the screen; words that match no target of
  the role and state asked for name the part it lies in ("the active sheet tab", "the trip type
  that's selected"); "that's", "isn't", "currently", "already" are read as such;

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
    _alike,
    _alike_set,
    _colour_fit,
    _contains,
    _dom_item_fit,
    _gap,
    _geometry,
    _in_alike_box,
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
    INTERACTIVE_ROLES,
    ITEM_NOUNS,
    ROLE_WORDS,
    VALUE_TYPES,
    canonical,
    has_hangul,
    normalize,
    singular,
    strip_particle,
)
from perception._query import (
    PART_NOUNS,
    Query,
    Relation,
    is_ordinal_word,
    item_noun,
    item_reading,
    parse,
    without_numeral_kind,
)
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
    "colour_miss": -3.5,
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
_NEAR_MISSES = 3  # labels nearest in meaning listed when nothing else answers a query
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
    pattern = _value_pattern(q)
    headers = [it.bbox for it in index.items
               if it.role in ("columnheader", "rowheader", "cell", "heading", "text") and it.label
               and len(it.label) <= 40 and similarity(q.text, it.label) >= 0.9]  # fmt: skip
    return pattern, headers


_VALUE_RES = {k: re.compile(v, re.IGNORECASE) for k, v in VALUE_TYPES.items()}


def _value_pattern(q: Query) -> re.Pattern[str] | None:
    """The form of the kind of value the query's words name (a price, a date, an email), or None."""
    concepts = [c.strip("⟨⟩") for c in canonical(q.text).split() if c.startswith("⟨")]
    return next((_VALUE_RES[c] for c in concepts if c in _VALUE_RES), None)


def _names_a_value(q: Query) -> bool:
    """"the red number in the Dec column", "the departure date selected": the text ends in a kind of value, and
    something else in the query (a place, a colour, a state, a count) says which."""
    concepts = canonical(q.text).split()
    return len(concepts) <= 2 and concepts[-1].strip("⟨⟩") in _VALUE_RES and item_noun(q.text) is None \
        and bool(q.relations or q.colours or q.states or q.ordinal is not None)  # fmt: skip


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
    if fit < 0.9 and _container_query(q) and not _item_query(q):
        # a part of the page is often known only by its title: a heading, a legend, or drawn text
        if _titles(item):
            fit = max(fit, 0.9)
        elif item.source == "ocr" or item.role in ("text", "generic", "label", "strong", "paragraph", "caption") \
                and not item.in_control:
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
    if e is not None and fit < _UNMARKED_FIT and item.interactive and item.role not in INTERACTIVE_ROLES \
            and e.bbox.height <= _UNMARKED_HEIGHT:
        # a plain box made a control by a click handler or a pointer cursor (div soup): it acts as whatever
        # control it looks like, so a role word that names something clicked fits it, if less than a marked one;
        # a tall clickable box is a card, not a button
        fit = max(fit, _UNMARKED_FIT * max(q.roles.get(r, 0.0) for r in _UNMARKED_ROLES))
    if e is not None and fit < 1.0 and q.role_word in _ICON_WORDS and item.interactive and item.source == "dom":
        # "the cart icon": a control that shows a glyph or a count, not words, in a small box
        seen = normalize(e.text)
        if e.bbox.width <= 64 and e.bbox.height <= 64 and (not seen or len(seen) <= 3 or seen.isdigit()):
            fit = max(fit, 1.0)
    if fit < 0.9 and _item_query(q) and item_noun(q.role_word) is not None and not q.states and e is not None \
            and (not item.interactive or item.role == "link") and item.label \
            and item.role in _ITEM_TEXT_ROLES and index is not None and not _ITEM_ROLES & index.roles and _peers(item, index)[0] \
            and not _in_alike_box(item, index):  # fmt: skip
        # "the second task" where nothing is marked up as rows or items: the texts that repeat down a column
        # (each row's name) stand for their items
        fit = 1.0
    if fit < 0.8 and q.states and _item_query(q) and e is not None and item.interactive \
            and all(_own_state_fit(st, item) >= 1.0 for st in q.states):  # fmt: skip
        # "the ticked file", "the starred email" where the rows are not marked up as such: the checkbox or the
        # star that carries the state stands for its item
        fit = 0.8
    if fit < _ALIKE_FIT and e is not None and (_item_query(q) or q.roles.get("article", 0.0) >= 1.0 and not q.text
                                               and e.bbox.area >= 4000) \
            and index is not None and item.label and e.bbox.width >= 40 and e.bbox.height >= 18 \
            and item.role not in _NOT_ITEMS and id(item) in _alike(index):  # fmt: skip
        # "the second therapist", "the fourth slot": one of a set of alike things in a line, whatever its markup
        fit = _ALIKE_FIT
    if item.source == "ocr":
        # text drawn on a canvas or in an image: a drawn button, link or label has no DOM role
        drawn = max((q.roles.get(r, 0.0) for r in ("button", "link", "text", "img", "tab", "menuitem")), default=0)
        fit = max(fit, 0.75 * drawn, _DRAWN_ROLE)  # a drawn toggle, tab or heading has no role to check either
        if index is not None and not any(w >= 0.9 and r in index.roles for r, w in q.roles.items()):
            fit = max(fit, _DRAWN_ONLY)  # and where the page marks up nothing of the role, only a drawn one can be it
    return fit


_ALIKE_FIT = 0.75
_UNMARKED_FIT = 0.85
_UNMARKED_HEIGHT = 72.0
_UNMARKED_ROLES = ("button", "link", "tab", "menuitem", "option")
"""What a clickable box without a role can be taken for (a toggle or a box to tick shows its state, which a
plain box does not say)."""
_ALIKE_COUNTED = 2.0
_NOT_ITEMS = frozenset({"cell", "columnheader", "rowheader", "text", "statictext", "label", "heading", "paragraph",
                        "strong", "caption", "img", "tab", "textbox", "searchbox", "combobox", "spinbutton"})  # fmt: skip
"""Roles whose alike sets are not what an item noun counts: cells and texts of rows, and fields of a form
("the first name" is a field's label, not the first of the fields)."""


def _is_item(q: Query, item: _Item, index: _Index) -> bool:
    """Whether ``item`` is one of the things an item query counts: marked up as one (a row, a list item), or
    one of a set of alike boxes that stand for them (div soup)."""
    return item.role in _ITEM_ROLES or item.role in ("generic", "group") and item.bbox.area >= _ITEM_AREA \
        and _role_fit(q, item, index) >= _ALIKE_FIT  # fmt: skip


_ITEM_AREA = 3000.0
"""The least room a plain box takes to be an item (a row, a card): a badge that lines up with others is not one."""


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
    through: tuple[_Item, ...] = ()  # the items that located it (a cell's header and row key)

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
    typed = _typed_values(q, index) if q.text and (any(r.kind in ("assoc", "row") for r in q.relations)
                                                   or _names_a_value(q)) else None  # fmt: skip
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
    if q.text and (not q.literal or not q.literal_words and not q.relations) and out:  # (not a split or a label's words)
        _unique_reading(out, len(q.relations))
    out.sort(key=lambda s: -s.logit)
    out = _merge_nested(out)
    if q.ordinal is not None:
        _apply_ordinal(out, q.ordinal, index, q)
    return out


def _unique_reading(out: list[_Scored], relations: int = 0) -> None:
    """Text read from pixels that is the only thing on the screen saying anything like the query: OCR slips,
    extra words and split labels keep its match partial, but nothing else competes with it."""
    best = max(out, key=lambda s: s.text)
    if best.item.source != "ocr" or best.text < _UNIQUE_READ_MIN or best.where != "ocr":
        return
    if relations and best.features.get("relation", 0.0) < 0.5 * relations:
        return  # the only reading, but not where the query places it ("Open in the dialog" read in the toolbar)
    if any(s is not best and s.text >= _UNIQUE_OTHERS_BELOW and s.item.key != best.item.key for s in out):
        return
    best.features["unique_read"] = 1.0
    best.logit = _logit(best.features)
    best.why.append("only reading")


_UNIQUE_READ_MIN = 0.45
_DRAWN_ROLE = 0.5
_DRAWN_ONLY = 0.7
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
        return [(_whole_page(), 0.5)]
    scored = _evaluate(rel.anchor, sub)
    if (as_item := item_reading(rel.anchor)) is not None:  # "the first product's minus button"
        items = _evaluate(as_item, sub)
        if items and (not scored or items[0].logit > scored[0].logit):
            scored = items
    said = rel.anchor.text.split()
    headed = len(said) >= 2 and not rel.anchor.quoted and rel.anchor.roles is None
    kind = item_noun(said[-1]) if headed else None
    if kind is not None or headed and rel.kind == "inside" and said[-1] in PART_NOUNS:
        # "Marco Ruiz 메일 옆 체크박스", "next to the Pay rent task": the item whose text says the rest; "on the Air
        # Purifier tile": the part of the page that says it
        rest = replace(rel.anchor, text=" ".join(said[:-1]))
        named = _evaluate(rest if kind is None else replace(rest, roles=dict(ITEM_NOUNS[kind]), role_word=kind), sub)
        if named and (named[0].text >= 0.8 or named[0].text >= 0.5 and _has_words(tuple(said[:-1]), named[0].item.label)) \
                and (not scored or named[0].logit > scored[0].logit or scored[0].p < 0.2):  # fmt: skip
            scored = named
    if not rel.anchor.text and rel.anchor.role_word and not rel.anchor.relations:
        # an anchor that is only a role word may be a label ("below Message", "제목 아래"): the better reading wins
        as_text = _evaluate(Query(text=rel.anchor.role_word, literal=1), sub)
        if as_text and (not scored or as_text[0].logit > scored[0].logit):
            scored = as_text
    boxes = _unmarked_items(rel.anchor, scored, ctx.index)
    if not boxes and _placed_nowhere(a, ctx.index):
        # "on the third flight in the results": a list that nothing names need not be found to count its items
        boxes = _unmarked_items(replace(a, relations=()), [], ctx.index)
    if boxes:
        return boxes
    if (not scored or scored[0].p < 0.2) and rel.anchor.text and rel.anchor.relations:
        # "the Add button for pork dumplings in the menu": where the anchor itself lies may be unverifiable
        # ("the menu" is no element); the anchor alone, with less weight, is still evidence
        bare = _evaluate(replace(rel.anchor, relations=()), sub)
        if bare and bare[0].p >= 0.5 and bare[0].text >= 0.8:
            top = bare[0].p * 0.8
            return [(s.item, s.p * 0.8) for s in bare[:6] if s.p * 0.8 >= max(0.2, 0.5 * top)]
    if (not scored or scored[0].p < 0.2) and rel.kind == "inside" and a.roles is not None and _container_query(a) \
            and not a.relations and not a.text:  # fmt: skip
        # "the Next month arrow in the date picker": a part of the page that nothing on it is marked up or named as
        # cannot be checked, so it neither helps nor hurts
        return [(_whole_page(), 0.5)]
    # "the emoji button in the message composer": a part of the page named by words that nothing on it says
    # clearly may be no element at all; the place cannot be checked, so it counts for little either way (a part
    # named by its kind, "in the Billing dialog", is an element to find)
    unsure = [(_whole_page(), _UNSURE_PLACE)] if rel.kind == "inside" and a.text and a.roles is None \
        and (not scored or scored[0].p < 0.5) else []  # fmt: skip
    if not scored or scored[0].p < 0.2:
        return unsure
    top = scored[0].p
    out: list[tuple[_Item, float]] = [*unsure]
    alike: dict[str, int] = {}
    for s in scored[:24]:
        if s.p < max(0.2, 0.5 * top) or len(out) >= 6:
            break
        key = normalize(s.item.label)
        alike[key] = alike.get(key, 0) + 1
        if alike[key] <= 3:  # five "Unassigned ▾" in a table do not hide the "Unassigned 7" of the sidebar
            out.append((s.item, s.p))
    return out


_UNSURE_PLACE = 0.15


def _whole_page() -> _Item:
    """An anchor that holds everything: where a place the query names cannot be checked."""
    return _Item("dom", BBox(x0=-1e6, y0=-1e6, x1=1e6, y1=1e6, space="css_px"), "document", [])


def _unmarked_items(anchor: Query, scored: list[_Scored], index: _Index) -> list[tuple[_Item, float]]:
    """"the plus button on the last card", "the second product's price", "두번째 요금제의 변경하기" where no element
    is marked up as a card or an item: the n-th, in reading order, of the boxes that repeat with siblings of their
    shape, within the set the noun names or else the one that takes most room (:func:`_main_set`)."""
    a = item_reading(anchor) or anchor
    noun = a.role_word
    if a.roles is None and a.ordinal is not None and not a.relations and len(a.text.split()) == 1:
        noun = a.text  # "두번째 요금제의 변경하기": a noun nobody listed, counted among the boxes that repeat
    elif a.text or a.relations or a.ordinal is None or a.roles is None \
            or max(a.roles.get(r, 0.0) for r in ("article", "listitem")) < 0.8:  # fmt: skip
        return []
    if scored and scored[0].features.get("role", 0.0) >= 0.9 and scored[0].p >= 0.5:
        return []  # the page marks its items up: the anchor was found as such
    boxes = _repeated_boxes(index)
    if len(boxes) < 2:
        return []
    n = a.ordinal
    each = [_Scored(b, 0.0, 0.0, []) for b in boxes]
    ordered = _reading_order(_main_set(_sets_of(each, index), noun, n, index) or each, index.line_height)
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
    if q.roles.get("dialog", 0) >= 1 and not {"dialog", "alertdialog"} & index.roles:
        # "in the dialog" where no element is one (a dialog drawn on a canvas): a modal sits in the middle
        return [(_Item("dom", BBox(x0=0.2 * w, y0=0.15 * h, x1=0.8 * w, y1=0.85 * h, space="css_px"), "dialog", []), 0.6)]
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
        # an anchor that also says the target's words is the target ("⋯ next to photo.jpg": the ⋯ whose name
        # is "More actions for photo.jpg"), and no anchor for its alike neighbours
        self_like = self_like or (rel.kind in ("assoc", "near") and bool(q.text) and anchor.interactive
                                  and _text_score(q, anchor)[0] >= 0.9)  # fmt: skip
        if same:
            if self_like:
                fit = weight * sure * (1.0 if rel.kind == "assoc" else 0.9)
                if fit > best:
                    best, label = fit, anchor.label
            elif rel.kind in ("assoc", "row") and _item_query(q) and _is_item(q, item, index):
                fit = weight * sure  # "the email from Priya": the row whose own text names her
                if fit > best:
                    best, label = fit, anchor.label
            continue
        if self_like:
            continue  # another candidate of the same kind is not an anchor for this one
        if rel.kind not in ("near", "inside", "assoc", "row") and named:
            continue  # "the field below Address" is not the Address field below its own label
        if rel.kind not in ("inside",) and _contains(item.bbox, anchor.bbox) and item.bbox.area > 2 * anchor.bbox.area:
            if rel.kind in ("assoc", "row") and _item_query(q) and _is_item(q, item, index):
                fit = weight * sure  # "최유진's post", "the order for Bob": the item that holds the name
                if fit > best:
                    best, label = fit, anchor.label
            continue  # the target holds the anchor: it is the anchor's container, not beside it
        g = _geometry(rel.kind, item.bbox, anchor.bbox, anchor, index.line_height)
        if rel.kind in ("assoc", "row") and _item_query(q) and anchor.element is not None \
                and _contains(anchor.bbox, item.bbox) and anchor.bbox.area > 2 * item.bbox.area \
                and _is_item(q, anchor, index):  # fmt: skip
            g *= 0.6  # "chat with Lee": the conversation whose own text names her, not a part of it (her avatar)
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
    if best < _OWN_CONTEXT and rel.kind in ("inside", "assoc") and rel.anchor.text and item.element is not None \
            and item.label and not _titles(item) and len(normalize(item.label).split()) > len(rel.anchor.text.split()) \
            and _mentions(item.label, rel.anchor.text):  # fmt: skip
        # "15 in the August calendar": the day's own name ("15 August 2025") says which calendar it is in
        best, label = _OWN_CONTEXT, item.label
    return best, label


_OWN_CONTEXT = 0.8


def _mentions(label: str, anchor: str) -> bool:
    """Whether ``label`` says at least half of the anchor's words, and the first of them (its own name for the
    part, "August" of "the August calendar"), beyond what it shares as grammar."""
    words = [w for w in normalize(anchor).split() if len(w) >= 3 and not w.isdigit()]
    if not words:
        return False
    own = set(normalize(label).split())
    said = [w for w in words if w in own or singular(w) in own]
    return bool(said) and words[0] in said and 2 * len(said) >= len(words)


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


def _kind(item: _Item) -> tuple[str, str]:
    return item.role, item.element.tag if item.element is not None else ""


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


def _one_per_item(ordered: list[_Scored], index: _Index, q: Query) -> list[_Scored]:
    """Items nobody marked up, stood for by the things in them, counted once each: by the document tree (the
    repeated ancestor they share: a row's name and date, a card's title and owner are one item), or else, for
    texts that stand for rows, by line."""
    keys = [None if s.item.role in _ITEM_ROLES else _item_key(s.item, index) for s in ordered]
    if any(k is not None for k in keys) and len({k for k in keys if k is not None}) > 1:
        seen: set[tuple[str, ...]] = set()
        kept = []
        for s, k in zip(ordered, keys, strict=True):
            if k is None or k not in seen:
                kept.append(s)
            if k is not None:
                seen.add(k)
        return kept
    if _item_query(q) and not _ITEM_ROLES & index.roles and not all(id(s.item) in _alike(index) for s in ordered):
        lines: list[_Scored] = []
        for s in ordered:
            if not lines or s.item.bbox.y0 >= lines[-1].item.bbox.y1 - 2:
                lines.append(s)
        return lines
    return ordered


def _titled(boxes: list[BBox], noun: str, index: _Index) -> bool:
    """Whether the text right above the first of a set of alike things, in line with its left edge, names what the
    query counts ("Scenes" over the scene cards, "Recent recipients" over a list of people). A row of alike
    controls between them (the filter chips under "객실 선택") does not hide the title from the set below it."""
    if not noun:
        return False
    first = min(boxes, key=lambda b: (b.y0, b.x0))
    alike = _alike(index)
    above = [it for it in index.items if it.label and first.y0 - 120 <= it.bbox.y1 <= first.y0 + 2
             and abs(it.bbox.x0 - first.x0) <= 24 and not any(_contains(b, it.bbox, 1.0) for b in boxes)
             and not (it.interactive and id(it) in alike)]  # fmt: skip
    if not above:
        return False
    nearest = max(it.bbox.y1 for it in above)
    if nearest < first.y0 - 60 and not any(it.interactive and id(it) in alike and nearest <= it.bbox.y0
                                           and it.bbox.y1 <= first.y0 + 2 for it in index.items):  # fmt: skip
        return False  # far above, with no row of controls between: not this set's title
    return any(similarity(noun, it.label) >= 0.7 for it in above if it.bbox.y1 >= nearest - 4)


def _sets_of(scored: Sequence[_Scored], index: _Index) -> dict[int, list[_Scored]]:
    """The candidates that repeat alike, by the set of alike things each lies in (in their order)."""
    sets: dict[int, list[_Scored]] = {}
    for s in scored:
        if (k := _alike_set(s.item, index)) is not None:
            sets.setdefault(k, []).append(s)
    return sets


def _main_set(sets: dict[int, list[_Scored]], noun: str, n: int, index: _Index) -> list[_Scored] | None:
    """Of several sets of alike things, the one an ordinal ``n`` counts: one whose title names the noun ("Scenes"),
    else, of those with an n-th, the one that takes most room (the cards of a feed, not the chips of its filter
    bar). A titled set too short for ``n`` is still the one counted (it has no n-th); None when no set will do."""
    several = [m for m in sets.values() if len(m) >= 2]
    titled = [m for m in several if _titled([s.item.bbox for s in m], noun, index)]
    fit = [m for m in titled or several if len(m) >= abs(n)]
    pool = fit or titled
    return max(pool, key=lambda m: sum(s.item.bbox.area for s in m)) if pool else None


def _apply_ordinal(scored: list[_Scored], n: int, index: _Index, q: Query | None = None) -> None:
    if not scored:
        return
    best = scored[0]
    counted = q is not None and (_item_query(q) or _container_query(q))
    group = [s for s in scored[: 400 if counted else 60] if _in_group(s, best, q or Query())]
    if q is not None and q.roles and not q.text and not counted \
            and not any(s.features.get("role", 0.0) >= 1.0 for s in group):  # fmt: skip
        # "the third car option" where nothing is marked up as an option: the choices are boxes that repeat alike,
        # counted as items are
        counted = True
        group = [s for s in scored[:400] if _in_group(s, best, q)]
    ordered = _reading_order(group, index.line_height)
    if counted and q is not None and len(ordered) > 1:
        # when some of them repeat alike (cards of one markup, slots, people to pick), those are what is counted:
        # not the title over them, nor the odd box beside them; of several such sets, the one that takes most room
        # (the cards of a feed, not the chips of its filter bar)
        most = _main_set(_sets_of(ordered, index), q.role_word, n, index) or ordered
        if len(most) < len(ordered):
            ordered = most
        else:
            ordered = _one_per_item(ordered, index, q)
    elif q is not None and q.roles is not None:
        # "the 4th edit link": what has the role asked for is counted, not a tab that says Edit among them
        exact = [s for s in ordered if s.features.get("role", 0.0) >= 1.0]
        if abs(n) <= len(exact) < len(ordered):
            ordered = exact
    if not counted and len(ordered) >= 3:
        # "the second 변경하기" where a "요금제 변경" tab says it too: the controls that repeat alike (one per card or
        # row) are counted, when they are most of what says it and the others are things of another kind
        sets = _sets_of(ordered, index)
        if sets:
            kept = max(sets.values(), key=len)
            kinds, ids = {_kind(s.item) for s in kept}, {id(s) for s in kept}
            if max(2, abs(n)) <= len(kept) < len(ordered) and len(kept) * 3 >= 2 * len(ordered) \
                    and not any(_kind(s.item) in kinds for s in ordered if id(s) not in ids):  # fmt: skip
                ordered = kept
    pick = n - 1 if n > 0 else len(ordered) + n if n < 0 else (len(ordered) // 2 if len(ordered) % 2 else -1)
    if len(ordered) == 1 and _titles(ordered[0].item) and (q is None or q.roles is None
                                                           or _role_fit(q, ordered[0].item, index) < 0.9):  # fmt: skip
        pick = -1  # "the last time slot" under a "Time slots" heading: the title of the set is not one of it
    if not 0 <= pick < len(ordered):  # "the fourth Delete button" when there are three: none of them
        for s in scored:
            s.features["ordinal_missing"] = 1.0
            s.logit = _logit(s.features)
        for s in ordered:
            s.why.append(f"no #{n} (only {len(ordered)})")
    else:
        chosen = ordered[pick]
        # counted among a set of alike things in a line (slots, days, people to pick): the count itself says it
        alike = _alike(index)
        one_set = counted and len(ordered) >= 3 and all(id(s.item) in alike for s in ordered) \
            and len({_kind(s.item) for s in ordered}) == 1  # fmt: skip
        for s in group:
            if s is chosen:
                s.why.append(f"#{pick + 1} of {len(ordered)}")
                # "the last name field": the ordinal word may be the label's own ("Last name"), when the label says one
                partial = 0 < s.text < 0.9 and any(is_ordinal_word(w) for w in _base_words(s.item.label))
                if partial:
                    s.features["ordinal_partial"] = 1.0
                s.logit = max(s.logit, best.logit) + (WEIGHTS["ordinal_partial"] if partial else 0.0)
                if one_set:
                    s.logit += _ALIKE_COUNTED
                    s.why.append("of alike things")
            else:
                s.features["ordinal_other"] = 1.0
                s.logit = _logit(s.features)
    scored.sort(key=lambda s: -s.logit)


# -- semantic and model evidence ---------------------------------------------------------------------
@dataclass
class _Heard:
    """What grounding keeps of one embedder: the vectors it gave, and the languages its last answer said it compares."""

    vectors: OrderedDict[str, tuple[float, ...]] = field(default_factory=OrderedDict)
    languages: tuple[str, ...] | None = None  # None: not heard from yet


_HEARD: weakref.WeakKeyDictionary[object, _Heard] = weakref.WeakKeyDictionary()


def _heard(embedder: TextEmbedder) -> _Heard:
    try:
        return _HEARD.setdefault(embedder, _Heard())
    except TypeError:  # an embedder that cannot be weakly referenced: nothing is kept
        return _Heard()


def _reads_korean(embedder: TextEmbedder) -> bool:
    """Whether the embedder's vectors compare Korean texts (with each other and with English), as its last
    answer said; an embedder not heard from yet is asked."""
    said = _heard(embedder).languages
    return said is None or "ko" in said


async def _meanings(q: Query, index: _Index, embedder: TextEmbedder) -> list[tuple[str, float]]:
    """The page's labels (of the role asked, if any) by how close their sentence vectors lie to the query's text,
    nearest first, as (label, cosine); [] when the embedder fails or cannot compare the query's language."""
    labels: list[str] = []
    seen: set[str] = set()
    heard = _heard(embedder)
    korean = heard.languages is None or "ko" in heard.languages
    for it in index.items:
        lab = it.label
        if lab and lab not in seen and len(lab) <= 120 and (korean or not has_hangul(lab)):
            if q.roles is not None and _role_fit(q, it) < 0.5:
                continue
            seen.add(lab)
            labels.append(lab)
            if len(labels) >= _MAX_EMBED:
                break
    if not labels:
        return []
    cache = heard.vectors
    missing = [t for t in [q.text, *labels] if t not in cache]
    if missing:
        try:
            resp = await embedder.embed(EmbedRequest(texts=tuple(missing)))
        except ModelError as exc:
            logger.warning("embedder %s failed, grounding on text alone: %s", embedder.model_id, exc)
            return []
        for t, v in zip(missing, resp.vectors, strict=False):
            cache[t] = v
        while len(cache) > 8192:
            cache.popitem(last=False)
        heard.languages = resp.languages
        if "ko" not in resp.languages:  # English vectors: Korean texts would only be compared by their bytes
            if has_hangul(q.text):
                return []
            labels = [lab for lab in labels if not has_hangul(lab)]
    qv = cache.get(q.text)
    if qv is None:
        return []
    cos = {}
    for lab in labels:
        lv = cache.get(lab)
        if lv is not None:
            cos[lab] = sum(a * b for a, b in zip(qv, lv, strict=False))
    return sorted(cos.items(), key=lambda kv: -kv[1])


def _semantic(text: str, ranked: list[tuple[str, float]]) -> dict[str, float]:
    """Semantic text evidence from the labels ranked by meaning (:func:`_meanings`): {label: 0.55..0.75} for a
    label that clearly stands out, else nothing."""
    if not ranked:
        return {}
    # sentence vectors of short UI strings are close for near and far meanings alike (MiniLM: "sign out" /
    # "Log out" 0.81, but "keep browsing" / "Continue shopping" 0.43 next to 0.39 for a wrong one): only a
    # label that stands out from the rest counts, and never as much as words that match
    (top, c1), c2 = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    if c1 < _SEM_MIN_COS or c1 - c2 < _SEM_MIN_MARGIN:
        return {}
    if _other_concept(text, top):
        return {}  # "Log out" and "Sign in" sit close in vector space, but the lexicon knows they differ
    return {top: 0.55 + 0.2 * min(1.0, (c1 - _SEM_MIN_COS) / 0.25)}


def _near_misses(ranked: list[tuple[str, float]]) -> dict[str, float]:
    """The few labels nearest in meaning whether or not one stands out, as weak evidence (0.3..0.4, below any word
    match that finds): the near misses of a query nothing else answers."""
    return {lab: round(0.3 + 0.1 * c, 3) for lab, c in ranked[:_NEAR_MISSES] if c > 0.0}


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


def _one_of_kind(s: _Scored, q: Query) -> bool:
    """Whether ``s`` is surely what a query that only describes its look names: of the role asked, or, where the
    query gives colours, a box that has them and may be of that role."""
    f = s.features
    if q.colours:
        return f.get("colour", 0.0) >= 0.9 * len(q.colours) and f.get("role", 0.0) >= 0.8
    return f.get("role", 0.0) >= 0.9


def _label_run(query: str, index: _Index) -> str | None:
    """``query`` with the run of its words that is a label on the page quoted, where the run reads as a literal
    (it has digits, or is written in the other script from the words around it): "날짜 범위 Dec 1 – Dec 7" is the
    label "Dec 1 – Dec 7", the Korean words around it only say what it is. None where no run is one."""
    words = query.split()
    if len(words) < 2 or any(c in query for c in "\"'‘’“”「」"):
        return None
    hangul = [has_hangul(w) for w in words]
    if not any(c.isdigit() for c in query) and (all(hangul) or not any(hangul)):
        return None  # no run can read as a literal: the page's labels need not be listed
    labels = {normalize(it.label) for it in index.items if it.label and len(it.label) <= 60}
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            run, rest = words[i : i + size], words[:i] + words[i + size :]
            said = normalize(" ".join(run))
            if len(said) < 3 or said not in labels:
                continue
            if not (any(c.isdigit() for c in said) or has_hangul(" ".join(run)) != has_hangul(" ".join(rest))):
                continue
            if any(c.isdigit() for c in "".join(rest)):
                return None  # two literals ("11월 전기료 4.2만"): which one is the target is for the other readings
            if i > 0 and normalize(words[i - 1]) in _RUN_ANCHORED:
                return None  # "book a seat on ITX 206", "bid size at 18.25": the run is where the target is
            other = parse(" ".join(rest))[0]
            kinds = all(w in _RUN_KINDS or w in ROLE_WORDS or item_noun(w) is not None
                        for w in other.text.split())  # fmt: skip
            if not kinds and not any((it.interactive or it.in_control) and normalize(it.label) == said for it in index.items):
                return None  # "토큰 삭제 deploy bot": other words than kinds act on a text, which is not the target
            if other.text and any(sc.text >= 0.75 and normalize(sc.item.label) != said
                                  for sc in _evaluate(replace(other, relations=(), ordinal=None), _Context(index))[:8]):
                return None  # the other words name another thing on the page: the run is its anchor
            return " ".join([*words[:i], '"' + " ".join(run) + '"', *words[i + size :]])
    return None


_RUN_ANCHORED = frozenset({"on", "at", "for", "of", "in", "from", "with", "by", "to", "near", "beside", "under", "over"})
_RUN_KINDS = frozenset({"range", "period", "label", "text", "caption", "title", "name", "범위", "기간", "문구", "글자", "글씨",
                        "제목", "이름", "표시", "라벨"})  # fmt: skip
"""Words that say what kind of thing a label is ("the date range Dec 1 – Dec 7"), beside role words and item nouns."""


async def _scored(index: _Index, query: str, embedder: TextEmbedder | None) -> list[_Scored]:
    """All candidates for ``query``, scored under its best-supported reading, best first."""
    results = []
    quoted = _label_run(query, index)
    for reading in (*parse(query), *(parse(quoted)[:1] if quoted else ())):
        scored = _evaluate(reading, _Context(index))
        if reading.relaxed and sum(1 for s in scored[:8] if _one_of_kind(s, reading)) != 1:
            continue  # "the company logo" is the logo only where there is one logo, "노란색 큰 버튼" the one yellow button
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
    ranked: list[tuple[str, float]] = []
    if (embedder is not None and best_q.text and (_reads_korean(embedder) or not has_hangul(best_q.text))
            and top_text < _SEMANTIC_BELOW and index.items):  # fmt: skip
        ranked = await _meanings(best_q, index, embedder)
        sem = _semantic(best_q.text, ranked)
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
    cell = _table_cell(best_q, index) if best_q.text and best_q.ordinal is None else None
    if best_q.text and best_q.roles is None and not best_q.relations and best_scored and cell is None:
        best_scored = _value_of_label(best_q, best_scored, index)  # "nov total" in a grid is a cell, not a pair
    # a row that says every word ("Bay Rd · open till 8 Set as my store") may hold the control the words name
    row = bool(best_scored) and best_scored[0].item.role in _ITEM_ROLES and not best_scored[0].item.interactive
    if best_q.text and not best_q.relations and (not best_scored or row or best_scored[0].p < 0.9
                                                 and best_scored[0].text < 0.9):  # fmt: skip
        split = _split_readings(best_q, index)
        if split is None and row and results[0][1] is not best_q:  # "my store" read as an item: its words again
            split = _split_readings(results[0][1], index)
        if split is not None and (not best_scored or split[0].logit > best_scored[0].logit
                                  or row and split[0].item.interactive and split[0].p >= 0.9):  # fmt: skip
            best_scored = split
    acts_on_state = False
    first = parse(query)[0]
    if first.text and first.states and not first.quoted and _states_after_verb(query):
        # "delete selected", "mark selected as read": a state after the verb says which things it acts on; the
        # control is the one that says the verb
        plain = _evaluate(replace(first, states=()), _Context(index))
        acts = " ".join(w for w in first.text.split() if canonical(w) in _ACTS)
        if acts and acts != first.text and (not plain or plain[0].p < 0.5):
            # "선택한 인스턴스들 삭제해줘": the bulk control says the verb, not the things it acts on
            verb = _evaluate(replace(first, states=(), text=acts), _Context(index))
            if verb and (not plain or verb[0].logit > plain[0].logit):
                plain = verb
        # and where no control says the verb, no other thing is meant ("print selected" is not the current tab)
        best_scored, acts_on_state = plain, True
    if best_q.text and best_q.states and not best_q.quoted and not best_q.literal and not acts_on_state \
            and len(best_q.text.split()) <= 3 and (not best_scored or best_scored[0].p < 0.5
                                                   or best_scored[0].features.get("state_miss", 0.0) > 0):  # fmt: skip
        named = max((sc.text for sc in best_scored[:40] if sc.features.get("role", 1.0) >= 0.9
                     and sc.features.get("state_miss", 0.0) < 0.5), default=0.0)  # fmt: skip
        part = _text_as_part(best_q, index) if named < 0.75 else None
        if part is None and named < 0.75:
            part = _state_of_kind(best_q, index)
        if part is not None and (not best_scored or part[0].logit > best_scored[0].logit):
            best_scored = part
    if cell is not None and (not best_scored or best_scored[0].p < 0.9 or best_scored[0].item.role == "columnheader"
                             or _only_names(best_scored[0].item, cell.through[0])  # "Size" in a details panel
                             or cell.item.source == "ocr" and best_scored[0].item.label in {it.label for it in cell.through}
                             and similarity(best_q.text, best_scored[0].item.label) < 0.8):  # fmt: skip  ("nov total")
        best_scored = [cell, *(sc for sc in best_scored if sc.item is not cell.item)]
    lifted_q = _lift_ordinal(best_q)
    if lifted_q is not None:
        lifted = _evaluate(lifted_q, _Context(index))
        # "the Select button on the third flight": where the third card holds the best, it stays, though a card
        # above says "Hide fares" and counting the controls would miss it
        nth_box = _counted_item(best_q, index) if lifted and best_scored else None
        held = nth_box is not None and _contains(nth_box, best_scored[0].item.bbox) \
            and not _contains(nth_box, lifted[0].item.bbox)  # fmt: skip
        if lifted and not held and (not best_scored or lifted[0].logit > best_scored[0].logit
                                    or "ordinal_missing" not in lifted[0].features and lifted[0].text >= 0.8
                                    and lifted[0].text >= best_scored[0].text - 0.05):  # fmt: skip
            best_scored = lifted
    if best_scored and best_q.text and len(best_q.text.split()) >= 2 and best_scored[0].p < 0.9:
        told = _break_tie(best_q, best_scored, index)
        if told is not None:
            best_scored = told
    counted = first.ordinal is not None
    # "refund Bob's order" read as the order of "refund bob": the verb is not a word of whose it is
    glued = _verb_before_owner(query.split(), index) and any(
        rel.kind == "assoc" and len(rel.anchor.text.split()) >= 2
        and rel.anchor.text.split()[0] == normalize(query.split()[0]) for rel in first.relations)  # fmt: skip
    if not best_scored or best_scored[0].p < 0.9 or counted or glued or not best_scored[0].item.interactive:
        acted = _action_on(query, index)
        if acted is not None and (not best_scored or acted[0].logit > best_scored[0].logit or counted
                                  and acted[0].text >= 0.8 and any(w.startswith("#") for w in acted[0].why)
                                  or acted[0].p >= 0.5 and acted[0].item.interactive
                                  and (glued or not best_scored[0].item.interactive)):  # fmt: skip
            # an imperative acts on a control: "star the task for Pay rent" is its Star button, not the row
            best_scored = acted
    if best_scored and _selects(query) and best_scored[0].item.role in _ITEM_ROLES \
            and not best_scored[0].item.interactive:  # fmt: skip
        box = _selector_of(best_scored[0].item, index)
        if box is not None:  # "select the first product": the row's own checkbox
            top = best_scored[0]
            best_scored = [_Scored(box, top.logit, top.text, [*top.why, "its checkbox"], dict(top.features)),
                           *best_scored]  # fmt: skip
    if not best_scored and (near := _near_misses(ranked)):
        # nothing says any of the query's words (so the labels were ranked by meaning above): the nearest, weakly,
        # so that a not-found answer still names its near misses ("show more history" → "Load older transactions")
        best_scored = _evaluate(best_q, _Context(index, near))
    return best_scored


_SELECT_VERBS_EN = frozenset({"select", "check", "tick", "mark", "deselect", "uncheck", "untick", "unselect"})
_SELECT_VERBS_KO = ("선택", "체크", "선택 해제", "체크 해제")


def _selects(query: str) -> bool:
    """Whether ``query`` asks to select or check something ("select the first product", "두 번째 상품 체크")."""
    words = query.casefold().split()
    if len(words) < 2:
        return False
    if words[0] in _SELECT_VERBS_EN:
        return True
    tail = " ".join(words[-2:]) if len(words) >= 3 else words[-1]
    return any(w.startswith(v) for v in _SELECT_VERBS_KO for w in (words[-1], tail))


def _selector_of(item: _Item, index: _Index) -> _Item | None:
    """The one checkbox (or radio) inside a row or list item, which selects it; None when there is none or more."""
    boxes = [it for it in index.items if it.source == "dom" and it.role in ("checkbox", "radio")
             and _contains(item.bbox, it.bbox)]  # fmt: skip
    return boxes[0] if len(boxes) == 1 else None


_CELL_ROLES = frozenset({"cell", "gridcell", "rowheader"})
_KEY_ROLES = frozenset({"cell", "gridcell", "rowheader", "text", "generic", "link", "strong", "statictext", "button"})


_OBJECT_STATES = frozenset({"selected", "checked", "ticked", "marked", "highlighted", "chosen"})


_OBJECT_STATES_KO = frozenset({"선택한", "선택된", "선택해둔", "체크한", "체크된", "표시한", "표시된"})
_ACTS = frozenset(f"⟨{c}⟩" for c in ("add", "apply", "cancel", "close", "copy", "delete", "download", "edit", "open",
                                     "print", "reply", "reset", "save", "send", "share", "submit", "upload", "view"))
_ACTS |= {"⟨g:archive⟩", "⟨g:move⟩", "⟨g:export⟩"}
"""The concepts of :data:`SYNONYMS` (and glyphs) that are acts done to things, not things (filter, email, cart)."""


def _states_after_verb(query: str) -> bool:
    """Whether a state word says what a verb acts on, not the control wanted: "delete selected", "mark selected
    as read", "delete the selected layer", "선택한 레이어 삭제 버튼" (the control that deletes, not a selected thing)."""
    words = query.casefold().split()
    if not 2 <= len(words) <= 6 or words[0] in ("which", "what", "where", "the", "a", "is"):
        return False
    if has_hangul(query):
        if words[0] in ("지금", "현재", "이미"):
            words = words[1:]
        return len(words) >= 3 and words[0] in _OBJECT_STATES_KO and any(canonical(w) in _ACTS for w in words[1:3])
    if words[1] in _OBJECT_STATES:
        return len(words) == 2 or words[2] in ("as", "to", "into", "from")
    rest = words[2:] if words[1] in ("the", "all", "my") else []
    return canonical(words[0]) in _ACTS and len(rest) >= 2 and rest[0] in _OBJECT_STATES


def _table_cell(q: Query, index: _Index) -> _Scored | None:
    """"size of cover.png", "Q2 for Gwangju", "busan q3", "daejeon total": a column's header and a row's key name
    one cell of a table, the one under the header on the key's line. The words are split into the two (by the
    relation word, or else at every place); each part must say its header or key clearly."""
    # a column's title: a header cell, or a cell of the table's first row that heads the cells below it; in a
    # grid drawn on a canvas or in a picture, the drawn texts are the headers, the row keys and the cells
    drawn = [it for it in index.items if it.source == "ocr" and not it.stands_for_host and it.label]
    headers = [it for it in index.items if it.role in ("columnheader", "cell", "gridcell") and it.label
               and len(it.label) <= 40]  # fmt: skip
    if not headers or not any(it.role in _CELL_ROLES for it in index.items):
        headers = []
    headers += [it for it in drawn if len(it.label) <= 40]
    if not headers:
        return None
    splits: list[tuple[str, str]] = []
    for rel in q.relations:
        if rel.kind in ("assoc", "row") and rel.anchor.text and not rel.anchor.relations:
            splits.append((q.text, rel.anchor.text))
    words = q.text.split()
    if not q.relations and 2 <= len(words) <= 6:
        for k in range(1, len(words)):
            splits += [(" ".join(words[:k]), " ".join(words[k:])), (" ".join(words[k:]), " ".join(words[:k]))]
    best: tuple[float, _Item, _Item, _Item] | None = None
    for column, key in splits:
        kw = key.split()
        if len(kw) >= 2 and item_noun(kw[-1]) is not None:
            key = " ".join(kw[:-1])  # "the login crash task": the row that says "login crash"
        plain = " ".join(w for w, base in zip(normalize(column).split(), _base_words(column), strict=True)
                         if base not in _VALUE_WORDS)  # fmt: skip
        if plain and plain != normalize(column) and not any(similarity(column, h.label) >= 0.8 for h in headers):
            column = plain  # "the per-day limit": the column says "Per day"
        heads = [h for h in headers if similarity(column, h.label) >= 0.8]
        keys = [it for it in index.items if (it.role in _KEY_ROLES or it.source == "ocr") and it.label
                and it.role != "columnheader" and len(it.label) <= 80 and similarity(key, it.label) >= 0.8]  # fmt: skip
        lines: dict[str, set[int]] = {}
        for it in keys:
            lines.setdefault(normalize(it.label), set()).add(round(it.bbox.center[1] / 4))
        # a control's label on every row (삭제) keys none of them
        keys = [it for it in keys if not it.interactive or len(lines[normalize(it.label)]) == 1]
        for head, row_key in ((h, r) for h in heads for r in keys):
            if (head.source == "ocr") != (row_key.source == "ocr"):
                continue  # a drawn grid's header and key are both drawn
            kb, hb = row_key.bbox, head.bbox
            sc = similarity(column, head.label)
            if kb.y0 < hb.y1 - 2 or _overlap(kb.x0, kb.x1, hb.x0, hb.x1) >= 0.5:
                continue  # a row key lies below the header row, in another column
            if head.source == "ocr":
                # drawn text: the header's column runs from its left edge to the next title's on its line
                # (titles set left, numbers right: "1,850" under "Nov" lies well right of the word)
                titles = [it.bbox.x0 for it in drawn if _overlap(it.bbox.y0, it.bbox.y1, hb.y0, hb.y1) >= 0.5
                          and sum(c.isalnum() for c in it.label) >= 2]  # fmt: skip
                keys_below = [it for it in drawn if it.bbox.y0 >= hb.y1 - 2 and _overlap(it.bbox.x0, it.bbox.x1, kb.x0, kb.x1) >= 0.5]
                if len(titles) < 3 or len(keys_below) < 2:
                    continue  # not a header row and a key column of a drawn grid (two rows of drawn buttons)
                right = min((x for x in titles if x > hb.x0 + 2), default=hb.x1 + 4 * max(hb.width, 40.0))
                cells = [it for it in drawn if it is not row_key and it is not head
                         and hb.x0 - 4 <= it.bbox.center[0] < right - 4
                         and _overlap(it.bbox.y0, it.bbox.y1, kb.y0, kb.y1) >= 0.5]  # fmt: skip
            else:
                cells = [it for it in index.items if it is not row_key and it.role in _CELL_ROLES | {"text", "generic"}
                         and it.source == "dom" and _overlap(it.bbox.x0, it.bbox.x1, hb.x0, hb.x1) >= 0.5
                         and it.bbox.y0 <= kb.center[1] <= it.bbox.y1 and it.bbox.height <= 3 * max(kb.height, 12.0)]  # fmt: skip
            if not cells:
                continue
            cell = min(cells, key=lambda it: (it.role not in _CELL_ROLES, it.bbox.area))
            fit = min(sc, similarity(key, row_key.label))
            if best is None or fit > best[0]:
                best = (fit, cell, head, row_key)
    if best is None:
        return None
    fit, cell, head, row_key = best
    logit = 2.4 + 3.0 * (fit - 0.8)
    why = [f"cell under {head.label!r} on the line of {row_key.label!r}"]
    return _Scored(cell, logit, fit, why, {"text": fit}, "cell", (head, row_key))


def _only_names(item: _Item, header: _Item) -> bool:
    """``item`` is a label that says what a column's header says ("Size" beside a value in a details panel): it
    names the kind of value the query asks for, it is not the value."""
    return not item.interactive and item.role in _LABEL_ROLES and item is not header \
        and similarity(item.label, header.label, senses=False) >= 0.9  # fmt: skip


def _counted_item(q: Query, index: _Index) -> BBox | None:
    """The box of the one n-th item that an anchor of ``q`` counts among boxes nobody marked up ("on the third
    flight"), or None."""
    for rel in q.relations:
        a = rel.anchor
        if a.ordinal is not None and not a.states and not a.colours and (not a.relations or _placed_nowhere(a, index)):
            boxes = _unmarked_items(replace(a, relations=()), [], index)
            return boxes[0][0].bbox if len(boxes) == 1 else None
    return None


def _placed_nowhere(a: Query, index: _Index) -> bool:
    """Whether an anchor counted by an ordinal lies only in places that nothing on the page names ("the third
    flight in the results"), unlike "the second card in Doing"."""
    if a.ordinal is None or not a.relations or any(r.kind != "inside" for r in a.relations):
        return False
    return all(not (found := _evaluate(r.anchor, _Context(index))) or found[0].p < 0.5 for r in a.relations)


def _lift_ordinal(q: Query) -> Query | None:
    """"Reserve on the second room", "the minus button for the first item in my cart", "두 번째 교수님 선택": the
    ordinal counts the items, and each item has one such control, so it counts the controls (in reading order,
    within what else the anchor says: "in my cart"). None when no relation's anchor is an ordinal over a noun."""
    if not q.text or q.ordinal is not None:
        return None
    for i, rel in enumerate(q.relations):
        a = rel.anchor
        if rel.kind not in ("assoc", "inside", "near") or a.ordinal is None or a.states or a.colours:
            continue
        noun = a.text if a.text else a.role_word
        if a.text and (len(a.text.split()) > 1 or not a.text.isalpha()):
            continue
        if not noun:
            continue
        rest = (*q.relations[:i], *q.relations[i + 1 :], *a.relations)
        return replace(q, ordinal=a.ordinal, relations=rest)
    return None


def _break_tie(q: Query, scored: list[_Scored], index: _Index) -> list[_Scored] | None:
    """"제주 감귤 수량 늘리기 버튼", "그릭요거트 담기", "Room details for the Family Twin": the best matches are
    alike controls (one per row, card or item) that say part of the query; the rest of its words name the item
    the wanted one belongs to. Each split of the words into what it says and what it belongs to is tried; a split
    counts only when its anchor is on the page and tells the alike controls apart."""
    top = scored[0]
    label = normalize(top.item.label)
    twins = [sc for sc in scored[1:12] if sc.item.key != top.item.key and sc.logit >= top.logit - 0.5
             and normalize(sc.item.label) == label]  # fmt: skip
    if not twins or not label:
        return None
    alike = {id(sc.item) for sc in (top, *twins)}
    words = q.text.split()
    best: list[_Scored] | None = None
    best_key = -1e9
    for k in range(1, len(words)):
        for said, other in ((words[:k], words[k:]), (words[k:], words[:k])):
            anchor_text = " ".join(other)
            if item_noun(anchor_text) is not None or similarity(anchor_text, label) >= 0.5:
                continue  # these words are the controls' own label, not what they belong to
            own = _evaluate(Query(text=anchor_text), _Context(index))
            if not own or own[0].text < 0.6 or id(own[0].item) in alike:
                continue
            reading = replace(q, relations=(*q.relations, Relation("assoc", Query(text=anchor_text))))
            again = _evaluate(reading, _Context(index))
            if not again or id(again[0].item) not in alike:
                continue
            fits = sorted((sc.features.get("relation", 0.0) for sc in again[:12] if id(sc.item) in alike), reverse=True)
            if fits[0] < 0.5 or len(fits) > 1 and fits[0] - fits[1] < 0.2:
                continue  # the anchor does not tell them apart
            key = again[0].logit + own[0].text
            if key > best_key:
                best, best_key = again, key
    return best


def _text_as_part(q: Query, index: _Index) -> list[_Scored] | None:
    """"the active sheet tab", "the first row checkbox that isn't ticked", "the trip type that's selected": words
    that match no target of the role and state asked for name the part it lies in (the tab list of sheets, a row,
    the group titled "Trip type"). Each kind of belonging is tried; the best-supported wins."""
    anchor = parse(q.text)[0]
    if anchor.empty:
        return None
    if anchor.text:
        own = _evaluate(anchor, _Context(index))
        if not own or own[0].text < 0.8:
            return None  # the words name nothing on the page clearly: no part to lie in
    best: list[_Scored] | None = None
    for kind in ("inside", "assoc"):
        reading = replace(q, text="", literal=q.literal + 1, literal_words=(),
                          relations=(*q.relations, Relation(kind, anchor)))  # fmt: skip
        scored = _evaluate(reading, _Context(index))
        if scored and scored[0].features.get("relation", 0.0) >= 0.5 * len(reading.relations) \
                and (best is None or scored[0].logit > best[0].logit):  # fmt: skip
            best = scored
    return best


_PICKED = {"radio": 1.0, "option": 1.0, "menuitemradio": 1.0, "tab": 0.9, "row": 1.0, "listitem": 1.0, "treeitem": 1.0,
           "article": 1.0, "gridcell": 0.9, "checkbox": 0.9, "switch": 0.8, "generic": 0.8, "group": 0.8, "button": 0.7}
"""Roles of the things a set offers to pick one of (a ride among rides, a car among cars, a day of a calendar)."""


def _state_of_kind(q: Query, index: _Index) -> list[_Scored] | None:
    """"the unavailable car", "선택된 차량", "the unavailable car class": words that say what kind of thing
    is meant rather than its label, and a state that picks it out: the one thing of a set in that state. Tried
    only when the words match no label; the thing counts only when no other of its role is in that state."""
    if len(q.text.split()) > 2:
        return None  # a kind is a noun or two ("car class", 차종); more words say more than a kind
    own = _evaluate(Query(text=q.text), _Context(index))
    if own and own[0].text >= 0.6:
        return None  # the words are on the page: they name the thing or its part, not a kind
    # the kind must be said where the set is (its title "Choose a car", a word of its items): a state alone
    # picks out too many things ("the selected seat" where only a day of a calendar is selected)
    reading = replace(q, text="", roles=_PICKED, role_word="item", literal=q.literal + 1, literal_words=(),
                      relations=(Relation("assoc", Query(text=q.text, raw=q.text)),))  # fmt: skip
    scored = _evaluate(reading, _Context(index))
    top = [sc for sc in scored[:12] if sc.features.get("state_miss", 1.0) == 0.0 and sc.features.get("role", 0.0) >= 0.8
           and sc.features.get("relation", 0.0) >= 0.5]  # fmt: skip
    if not top or scored[0] is not top[0] or sum(1 for sc in top if sc.item.role == top[0].item.role) > 1 \
            or _alike(index).get(id(top[0].item), 0) < 3:  # fmt: skip
        return None  # a kind is a set of alike things (three cars, five rides), not any one thing in the state
    return scored


_OBJECT_STARTS = frozenset({"the", "a", "an", "my", "this", "that", "our", "your", "all", "on", "for", "from", "with",
                            "in", "at", "off", "up", "down", "out"})  # fmt: skip
_PREPOSITIONS = frozenset({"on", "for", "from", "with", "in", "at"})
_PARTICLES = frozenset({"out", "up", "down", "off", "in", "over", "back", "away", "through"})
_ON_VERBS = frozenset({"turn", "switch", "log", "sign", "power", "put", "try"})
"""Verbs that "on" makes a phrasal verb of ("turn on", "log on"), where it is no preposition ("reserve on …")."""
_PLAIN_VERBS = frozenset({"open", "view", "show", "see", "visit", "read", "pick", "choose", "select", "click", "tap",
                          "press", "go", "find", "use", "get", "display", "check", "look"})  # fmt: skip


_POSSESSOR = re.compile(r"^(?:[^\W\d_][\w.-]*\s){0,2}[^\W\d_][\w.-]*(?:'s|’s|s'|s’)\s+\S", re.UNICODE)


def _verb_before_owner(words: list[str], index: _Index) -> bool:
    """"refund Bob's order": the first word is a control's label and not the start of the owner's name ("Mei
    Chen's second task", "Ava Lin's avatar": the page says the whole name)."""
    if len(words) < 3 or not _POSSESSOR.match(" ".join(words[1:4])):
        return False
    end = next(i for i, w in enumerate(words) if re.search(r"(?:'s|’s|s'|s’)$", w))
    whole = re.sub(r"(?:'s|’s|'|’)$", "", " ".join(words[: end + 1]))
    n = len(whole.split())
    labels = [it.label for it in index.items if it.label and len(it.label.split()) <= n + 1]  # a name, not a row
    if any(similarity(whole, label, senses=False) >= 0.8 for label in labels):
        return False
    return _says_control(words[0], index)


_KO_VERB_ENDINGS = ("해주세요", "하세요", "해줘", "하기", "해요", "해")


_KO_PLAIN_VERBS = frozenset({"보기", "열기", "가기", "이동", "들어가기", "클릭", "누르기", "눌러", "눌러줘", "열어", "열어줘"})


def _says_control(text: str, index: _Index) -> bool:
    """Whether a control on the page says ``text`` as its label, or as the verb that heads it ("삭제" of
    "신분증.jpg 파일 삭제", "Delete" of "Delete report.pdf")."""
    said = normalize(text)
    return any(it.interactive and it.label and (similarity(text, it.label) >= 0.9 or _verb_heads(said, it.label))
               for it in index.items)  # fmt: skip


def _verb_heads(verb: str, label: str) -> bool:
    words = normalize(label).split()
    if not 2 <= len(words) <= 5 or " " in verb or verb in _SELECT_VERBS_KO or verb in _PLAIN_VERBS \
            or verb in _KO_PLAIN_VERBS:  # fmt: skip
        return False  # ("파일 선택" is a picker, not the verb of "국가 선택"; "전체 보기" says no verb of "장바구니 보기")
    return words[-1] == verb if has_hangul(verb) else words[0] == verb


def _imperative(words: list[str], index: _Index) -> tuple[str, list[str]] | None:
    """The verb of an imperative and the words of its object: first and after in English ("star the email
    from Priya"), last and before in Korean ("두 번째 상품 삭제", where a control says the verb); None when
    the query is not one."""
    if len(words) < 2:
        return None
    if has_hangul(words[-1]):
        last = words[-1]
        verb = next((last[: -len(e)] for e in _KO_VERB_ENDINGS if last.endswith(e) and len(last) > len(e)), last)
        if _says_control(verb, index):
            return verb, words[:-1]
        if last in _KO_PLAIN_VERBS or verb in _KO_PLAIN_VERBS:
            return "view", words[:-1]  # "장바구니 보기", "설정 열기": the verb only says to open the thing
        return None
    if has_hangul(words[0]):
        return None
    verb = normalize(words[0])
    rest = words[1:]
    if not verb.isalpha() or len(verb) < 3 or verb in _OBJECT_STARTS or verb in ("next", "top", "bottom", "left",
                                                                                   "right") \
            or normalize(rest[0]) not in _OBJECT_STARTS and verb not in _PLAIN_VERBS \
            and not _verb_before_owner(words, index):  # fmt: skip
        return None  # ("refund Bob's order", "edit Ana Ruiz's ticket": the object starts with whose it is)
    if normalize(rest[0]) in _PARTICLES or normalize(rest[0]) == "on" and verb in _ON_VERBS:
        return None  # "Log out", "Sign up", "Check in", "turn on my mic": a phrasal verb is a label or a switch
    if verb.startswith("un") and len(verb) >= 5 and not _says_control(verb, index) and _says_control(verb[2:], index):
        verb = verb[2:]  # "unstar the GitHub email", "unpin the note": the same toggle as Star, Pin
    for k in (2, 3):
        head = " ".join(words[:k])
        if len(words) <= k or normalize(words[k - 1]) in _OBJECT_STARTS | {"to"}:
            continue
        if any(it.label and len(it.label) <= 40 and " " in it.label.strip() and similarity(head, it.label) >= 0.9
               for it in index.items):  # fmt: skip
            return None  # "Add to cart button for …", "Save for later": the verb begins a label on the page
    return verb, rest


def _action_on(query: str, index: _Index) -> list[_Scored] | None:
    """"star the email from Priya", "save the last job", "reserve on the second room", "book with Lena Varga":
    an imperative whose verb is the label of a control of the thing it names (the Star button of that email
    row), or, when no such control belongs to it, a plain verb and the thing itself ("open the third email")."""
    split = _imperative(query.split(), index)
    if split is None:
        return None
    verb, rest = split
    while rest and normalize(rest[0]) in _PREPOSITIONS:
        rest = rest[1:]
    if not rest:
        return None
    obj_text = " ".join(rest)
    obj = parse(obj_text)[0]
    if obj.empty or not (obj.text and obj.text not in ("all", "everything", "it") or obj.ordinal is not None
                         or obj.states or obj.relations):  # fmt: skip
        return None
    best: list[_Scored] | None = None
    best_key = -1e9
    # "delete the sixth question" with four: no such object, so no control of it
    past_the_end = False
    if obj.ordinal is not None:
        counted = _evaluate(obj, _Context(index))
        past_the_end = not counted or "ordinal_missing" in counted[0].features
    if verb not in _PLAIN_VERBS:
        # the verb names a control of the object: the Star button in that row, the Save button of that job
        control = Query(text=verb, literal=1, relations=(Relation("assoc", obj),), raw=query)
        scored = _evaluate(control, _Context(index))
        lifted_q = _lift_ordinal(control)
        lifted = _evaluate(lifted_q, _Context(index)) if lifted_q is not None else []
        if past_the_end and (not lifted or "ordinal_missing" in lifted[0].features):
            return None
        if lifted and lifted[0].text >= 0.6 and (not scored or lifted[0].logit > scored[0].logit
                                                 or scored[0].features.get("relation", 0.0) < 0.5
                                                 or lifted[0].text >= 0.8
                                                 and "ordinal_missing" not in lifted[0].features):  # fmt: skip
            scored = lifted
            scored[0].features.setdefault("relation", 1.0)
        if scored and scored[0].text >= 0.6 and scored[0].features.get("relation", 0.0) >= 0.5:
            bonus = 1.0 if scored[0].item.interactive else 0.0
            best, best_key = scored, scored[0].logit + bonus
    if verb not in _PLAIN_VERBS:
        return best
    # the verb only says what to do with the object: the object itself
    for reading in parse(obj_text)[:3]:
        scored = _evaluate(reading, _Context(index))
        if scored and scored[0].logit > best_key and (not has_hangul(query) or scored[0].text >= 0.85):
            best, best_key = scored, scored[0].logit  # (a Korean object is named closely: 설정 is not More options)
    return best


_UNLABELLED_ROLES = frozenset({"checkbox", "radio", "switch", "textbox", "searchbox", "combobox", "slider"})
"""Roles of controls that often carry no name of their own: their label is a text beside them."""

_VALUE_WORDS = frozenset({
    "balance", "limit", "size", "total", "amount", "price", "cost", "fee", "count", "number", "value", "level",
    "score", "quantity", "rate", "status", "date", "time", "remaining", "left", "usage", "used", "due", "sum",
    "잔액", "한도", "크기", "용량", "합계", "금액", "가격", "수량", "개수", "값", "상태", "날짜", "시간", "요금", "점수", "잔여", "남은",
    "비용", "수수료", "총액", "일자", "수치",
})  # fmt: skip
_LABEL_ROLES = frozenset({"text", "label", "term", "generic", "strong", "paragraph", "rowheader", "statictext"})


def _base_words(text: str) -> list[str]:
    """``text``'s words without Korean particles or English plurals: "잔액은" → "잔액", "limits" → "limit"."""
    return [strip_particle(w) if has_hangul(w) else singular(w) for w in normalize(text).split()]


def _value_of_label(q: Query, scored: list[_Scored], index: _Index) -> list[_Scored]:
    """"the coin balance", "the per-day limit": a query that asks for a value, whose best match is the
    label of a label–value pair, means the value beside the label (right of it on its line, else just below)."""
    words = normalize(q.text).split()
    bases = _base_words(q.text)
    asked = set(bases) & _VALUE_WORDS
    if not asked or q.colours or q.states:  # "the red Error status": a look or a state describes the thing itself
        return scored
    top = scored[0]
    t = top.item.bbox
    if any(it.role in ("columnheader", "heading") and it.bbox.y1 <= t.y0 + 2 and _overlap(it.bbox.x0, it.bbox.x1, t.x0, t.x1) >= 0.5
           and any(similarity(w, it.label) >= 0.8 for w in asked) for it in index.items):  # fmt: skip
        return scored  # "Error status" under a Status column: the best match is the value itself
    stripped = False
    rest_words = [w for w, base in zip(words, bases, strict=True) if base not in _VALUE_WORDS]
    if rest_words and len(rest_words) < len(words):
        # "이번 달 지출 금액": the label says what the value is of ("이번 달 지출"), not that it is an amount
        named = _evaluate(replace(q, text=" ".join(rest_words)), _Context(index))
        if named and named[0].text > top.text + 0.1 and named[0].text >= 0.6:
            top, stripped = named[0], True
        elif named and named[0].item is top.item and not set(_base_words(top.item.label)) & _VALUE_WORDS:
            # the best match names what the value is of and not the value word itself
            top, stripped = max(top, named[0], key=lambda sc: sc.text), True
    lab = top.item
    a = lab.bbox
    # a drawn label among three or more alike ones on its line is an axis's category ("8월" under a bar): its
    # value is the number drawn over it, in its column
    axis = lab.source == "ocr" and stripped and any(c.isalpha() for c in lab.label) and sum(
        1 for it in index.items if it.source == "ocr" and _overlap(it.bbox.y0, it.bbox.y1, a.y0, a.y1) >= 0.5
        and abs(it.bbox.height - a.height) <= 0.3 * max(a.height, 1.0)) >= 3  # fmt: skip
    # drawn text that says the whole query ("Brush size" on a canvas) may be the control itself: only a drawn
    # label that names what the value is of stands for its value
    if lab.interactive or (lab.role not in _LABEL_ROLES and not (lab.source == "ocr" and stripped)) or top.text < 0.6 \
            or any(c.isdigit() for c in lab.label) and not axis:  # fmt: skip  (a category may be a month, a year)
        return scored
    # a kind of value with a form ("쏘나타 가격", "price of Green"): the nearest text of that form on the label's
    # line or below it in its column (a card's price under its name and specs), before the nearest text at all
    pattern = _value_pattern(q) if not axis else None
    best: tuple[float, _Item] | None = None
    typed: tuple[float, _Item] | None = None
    for it in index.items:
        b = it.bbox
        if it is lab or it.interactive or not it.label or len(it.label) > 40 or it.role in _BIG_CONTAINERS \
                or _contains(b, a) or _contains(a, b) or similarity(q.text, it.label) >= 0.5:  # fmt: skip
            continue
        if pattern is not None and pattern.match(it.label.split(" /")[0].strip()):
            if _overlap(b.y0, b.y1, a.y0, a.y1) > 0.5 and 0 <= b.x0 - a.x1 <= 320:
                d = b.x0 - a.x1
            elif b.x0 < a.x1 and b.x1 > a.x0 and 0 <= b.y0 - a.y1 <= 6 * index.line_height:
                d = 40 + (b.y0 - a.y1)
            else:
                continue
            if typed is None or d < typed[0]:
                typed = (d, it)
            continue
        if axis:
            if it.source == "ocr" and any(c.isdigit() for c in it.label) and b.y1 <= a.y0 + 1 \
                    and _overlap(b.x0, b.x1, a.x0, a.x1) >= 0.5 and (best is None or a.y0 - b.y1 < best[0]):  # fmt: skip
                best = (a.y0 - b.y1, it)
            continue
        if _overlap(b.y0, b.y1, a.y0, a.y1) > 0.5 and 0 <= b.x0 - a.x1 <= 320:
            d = b.x0 - a.x1
        elif abs(b.x0 - a.x0) <= 20 and 0 <= b.y0 - a.y1 <= 1.2 * index.line_height:
            d = 40 + (b.y0 - a.y1)
        else:
            continue
        if best is None or d < best[0]:
            best = (d, it)
    best = typed or best
    if best is None:
        return scored
    value = best[1]
    rest = [s for s in scored if s.item is not value]
    lifted = _Scored(value, top.logit + 0.2, top.text, [*top.why, f"value of {lab.label!r}"], dict(top.features))
    return [lifted, *rest]


def _split_readings(q: Query, index: _Index) -> list[_Scored] | None:
    """Telegraphic queries ("Edit Carol", "Delete Bob", "삭제 Bob"): one part names the target, the rest an
    anchor it belongs to. Tried only when no reading found a good match; the best split wins. A word that only
    calls a numeral a number ("키패드 숫자 7") belongs to neither part."""
    words = (without_numeral_kind(q.text.split()) or q.text).split()
    if not 2 <= len(words) <= 6:
        return None
    best: list[_Scored] | None = None
    best_key = -1e9
    n = len(words)
    splits = [(words[:k], words[k:]) for k in range(1, n)] + [(words[k:], words[:k]) for k in range(1, n)]
    if n >= 4 and not has_hangul(q.text):  # Korean puts the object first ("망고 장바구니 담기"): no label around it
        # the anchor may sit inside the control's words: "set Potrero Hill as my store", "add the mango to cart"
        splits += [(words[:i] + words[j:], words[i:j]) for i in range(1, n - 1) for j in range(i + 1, n)]
    for target, anchor in splits:
        if len(anchor) >= 2 and anchor[0] == "the":
            anchor = anchor[1:]
        if len(anchor) >= 2 and item_noun(anchor[-1]) is not None:
            anchor = anchor[:-1]  # "Delete the report.pdf file": the file is the row that says report.pdf
        said = parse(" ".join(anchor))[0]
        # the rest names a thing by its text, or by its kind alone ("지도 축소": the zoom-out on the map)
        kinds = [Query(text=" ".join(anchor))]
        if said.roles is not None and not said.text and not said.relations:
            kinds.append(said)
        for anchor_q in kinds:
            reading = replace(q, text=" ".join(target), literal=q.literal + 1, literal_words=(),
                              relations=(Relation("assoc", anchor_q),))  # fmt: skip
            scored = _evaluate(reading, _Context(index))
            # both parts must find something of their own: a good match, and an anchor beside it
            if not scored or scored[0].text < 0.8 or scored[0].features.get("relation", 0.0) < 0.5:
                continue
            said_words = normalize(scored[0].item.label).split()
            if len(target) == 1 and scored[0].text < 0.9 and target[0] in said_words[1:-1]:
                continue  # one word inside a longer label ("gradient fill layer": not Toggle layer visibility)
            own = _evaluate(anchor_q, _Context(index))
            if not own or (own[0].text < 0.75 and not _keyed(own[0].item.label, anchor_q.text) if anchor_q.text
                           else own[0].p < 0.5
                           or sum(1 for sc in own[:4] if sc.p >= 0.5 and sc.item.source == "dom") > 1):
                continue  # a kind names one thing on the page, or nothing to belong to
            break
        else:
            continue
        if similarity_read(" ".join(anchor), scored[0].item.label) >= 0.4:
            continue  # the target's own label says the rest too: nothing to split
        t_item, a_item = scored[0].item, own[0].item
        if similarity(q.text, a_item.label) >= 0.85 and len(normalize(a_item.label).split()) <= len(words) + 1:
            continue  # the anchor says the query and no more ("5G 라이트+"): one label, not a target and its owner
        if a_item.interactive and similarity_read(" ".join(target), a_item.label) >= 0.4:
            continue  # the anchor, a control, says the target's words as well ("사진 바꾸기": 프로필 사진 변경)
        if t_item.role == a_item.role == "link" and t_item.source == a_item.source == "dom" \
                and _dom_item_fit(t_item, a_item, index) != 1.0:  # fmt: skip
            continue  # two links side by side ("return policy" is not Privacy policy beside Returns & refunds)
        if a_item.interactive and not t_item.interactive and a_item.role in _OWNERLESS_CONTROLS:
            continue  # a text does not belong to a button or a checkbox ("total price" is not 가격 by 전체 선택)
        # the thing acted on is a control, the thing it belongs to a name: "Edit Carol", not Carol's cell
        bonus = 1.0 if t_item.interactive and not a_item.interactive else 0.0
        if a_item.interactive and not t_item.interactive:
            bonus = -1.0
        elif not t_item.interactive and not a_item.interactive:
            # two texts ("the total 9,527", "11월 관리비 23.3만"): a number names one value, a word its label
            digits = any(c.isdigit() for c in " ".join(target)), any(c.isdigit() for c in " ".join(anchor))
            bonus = 0.5 if digits == (True, False) else -0.5 if digits == (False, True) else 0.0
        if best is None or scored[0].logit + bonus > best_key:
            best, best_key = scored, scored[0].logit + bonus
    return best


_OWNERLESS_CONTROLS = frozenset({"button", "checkbox", "radio", "switch", "textbox", "searchbox", "combobox", "slider",
                                 "spinbutton", "menuitem", "tab"})  # fmt: skip
"""Roles of controls that no text on the page belongs to (a link may be a thing's name, a button is not)."""


def _keyed(label: str, key: str) -> bool:
    """Whether ``label`` is a value under the key ``key``: "배송지: 서울시 강남구 …" for 배송지 or shipping address."""
    head, colon, _ = label.partition(":")
    return bool(colon) and len(head) <= 40 and similarity(head, key) >= 0.85


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



