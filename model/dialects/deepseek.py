"""DeepSeek-VL2 grounding: its chat template and prompts, and a tolerant parser of its boxes.

The model answers a referring request (``<image>\\n<|ref|>the OK button<|/ref|>.``) with
``<|ref|>the OK button<|/ref|><|det|>[[x1, y1, x2, y2], …]<|/det|>``, and a grounded conversation
(``<|grounding|>`` at the start of the question) with prose in which phrases carry such boxes.
Coordinates are integers 0…999 over the *original* image (not the padded canvas): a pixel is
``v / 999 · W``, so this module returns ``v / 999`` as protocol 0..1 boxes and perception turns them
into pixels (:func:`perception.geometry.from_unit`).

The parsers never raise on what a model writes: truncated or malformed output gives the boxes that
could be read, and each repair or skip is listed in ``warnings`` (and logged at WARNING).

>>> prompt = grounding_prompt("The giraffe at the back.")
>>> prompt
'<|User|>: <image>\\n<|ref|>The giraffe at the back.<|/ref|>.\\n\\n<|Assistant|>:'
>>> answer = parse_grounding("<|ref|>The giraffe at the back.<|/ref|><|det|>[[580, 270, 999, 900]]<|/det|>")
>>> [round(v * 1920, 2) for v in answer.boxes[0].xyxy[::2]]  # x1, x2 in pixels of a 1920-px-wide image
[1114.71, 1920.0]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from model.dialects._base import CHART_PROMPT, Dialect, Frame, Parsed, ParsedTable, clean_query, read_table
from model.errors import ConfigError
from model.protocol import ModelBox, Wire

__all__ = [
    "DIALECT",
    "END_OF_SENTENCE",
    "DeepseekAnswer",
    "Ref",
    "conversation_prompt",
    "grounding_content",
    "grounding_prompt",
    "parse_boxes",
    "parse_conversation",
    "parse_grounding",
    "parse_table",
    "render_answer",
    "render_boxes",
    "render_chat",
]

logger = logging.getLogger(__name__)

END_OF_SENTENCE = "<｜end▁of▁sentence｜>"
"""The end-of-sentence token (full-width bars): it ends each assistant turn and stops generation."""

_SCALE = 999  # the largest coordinate; it maps to the right or bottom edge
_TAG = re.compile(r"<[|｜](/?ref|/?det|grounding|User|Assistant)[|｜]>")
_SPECIAL = re.compile(r"<[|｜][^<>|｜]{1,40}[|｜]>")
_EOS = re.compile(r"<[|｜]end[▁_ ]of[▁_ ]sentence[|｜]>")
_NUM = r"-?\d+(?:\.\d+)?"
_BOX = re.compile(rf"\[\s*({_NUM})\s*,\s*({_NUM})\s*,\s*({_NUM})\s*,\s*({_NUM})\s*\]")
_LIST = re.compile(r"\[[^\[\]]*\]")


class Ref(Wire):
    """A phrase of the answer and the boxes it refers to; ``start``/``end`` index :attr:`DeepseekAnswer.text`."""

    phrase: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    boxes: tuple[ModelBox, ...] = ()


class DeepseekAnswer(Wire):
    """What a DeepSeek-VL2 answer says: the prose without tags, its grounded phrases, all boxes, and
    the problems met while reading it (empty for well-formed output).

    >>> DeepseekAnswer(text="").boxes
    ()
    """

    text: str
    refs: tuple[Ref, ...] = ()
    boxes: tuple[ModelBox, ...] = ()
    warnings: tuple[str, ...] = ()


# -- prompts -----------------------------------------------------------------------------------------
Role = Literal["User", "Assistant"]


def render_chat(turns: Sequence[tuple[Role, str]], *, system: str = "") -> str:
    """The ``deepseek`` chat template, ending with ``<|Assistant|>:`` so the model answers next.

    User turns are followed by a blank line, replayed assistant turns by :data:`END_OF_SENTENCE`;
    a system prompt comes first, followed by a blank line.

    >>> render_chat([("User", "<image>\\nWhat is this?")])
    '<|User|>: <image>\\nWhat is this?\\n\\n<|Assistant|>:'
    >>> render_chat([("User", "Hi"), ("Assistant", "Hello."), ("User", "Bye")], system="Be brief.")
    'Be brief.\\n\\n<|User|>: Hi\\n\\n<|Assistant|>: Hello.<｜end▁of▁sentence｜><|User|>: Bye\\n\\n<|Assistant|>:'
    """
    out = [system.strip() + "\n\n"] if system.strip() else []
    for role, content in turns:
        if role == "User":
            out.append(f"<|User|>: {content.strip()}\n\n")
        elif role == "Assistant":
            out.append(f"<|Assistant|>: {content.strip()}{END_OF_SENTENCE}")
        else:
            raise ConfigError(f"turn role {role!r} is not 'User' or 'Assistant'", name="turns", value=role)
    out.append("<|Assistant|>:")
    return "".join(out)


def _clean(text: str) -> str:
    """``text`` without special tokens, so a query cannot open or close a tag of the template."""
    return _SPECIAL.sub("", text).strip()


def grounding_content(query: str, *, images: int = 1) -> str:
    """The user turn of a referring request, for processors that apply the chat template themselves.

    >>> grounding_content("the OK button")
    '<image>\\n<|ref|>the OK button<|/ref|>.'
    """
    return "<image>\n" * max(images, 1) + f"<|ref|>{_clean(query)}<|/ref|>."


def grounding_prompt(query: str, *, images: int = 1) -> str:
    """The whole referring-expression request for ``query``, chat template included (boxes refer to the last image).

    >>> grounding_prompt("the <|ref|>OK<|/ref|> button")
    '<|User|>: <image>\\n<|ref|>the OK button<|/ref|>.\\n\\n<|Assistant|>:'
    """
    return render_chat([("User", grounding_content(query, images=images))])


def conversation_prompt(question: str, *, images: int = 1, grounded: bool = True) -> str:
    """A question about the image(s); with ``grounded`` the answer's phrases carry boxes.

    >>> conversation_prompt("What should I click to sign in?")
    '<|User|>: <image>\\n<|grounding|>What should I click to sign in?\\n\\n<|Assistant|>:'
    """
    placeholders = "<image>\n" * max(images, 0)
    tag = "<|grounding|>" if grounded else ""
    return render_chat([("User", f"{placeholders}{tag}{_clean(question)}")])


# -- answers -----------------------------------------------------------------------------------------
def _unit(v: float, problems: list[str], what: str) -> float:
    if v < 0 or v > _SCALE:
        problems.append(f"{what}={v:g} outside 0..{_SCALE}: clamped")
        v = min(max(v, 0.0), float(_SCALE))
    return v / _SCALE


def _boxes(body: str, label: str, problems: list[str]) -> list[ModelBox]:
    out: list[ModelBox] = []
    for group in _LIST.findall(body):
        m = _BOX.fullmatch(group.strip())
        if m is None:
            problems.append(f"box {group.strip()!r} is not [x1, y1, x2, y2]: skipped")
            continue
        x1, y1, x2, y2 = (_unit(float(g), problems, n) for g, n in zip(m.groups(), ("x1", "y1", "x2", "y2"),
                                                                        strict=True))  # fmt: skip
        if x2 < x1 or y2 < y1:
            problems.append(f"box {group.strip()} has its corners swapped: reordered")
            x1, x2 = min(x1, x2), max(x1, x2)
            y1, y2 = min(y1, y2), max(y1, y2)
        out.append(ModelBox(label=label, xyxy=(x1, y1, x2, y2)))
    if not out and body.strip() and not _LIST.search(body):
        problems.append(f"det block {body.strip()[:60]!r} holds no box: skipped")
    return out


def _parse(text: str, *, default_label: str) -> DeepseekAnswer:
    problems: list[str] = []
    text = _EOS.sub("", text)
    prose: list[str] = []
    refs: list[Ref] = []
    boxes: list[ModelBox] = []
    length = 0
    pending: tuple[str, int, int] | None = None  # a ref phrase waiting for its det block
    pos = 0
    tags = list(_TAG.finditer(text))
    i = 0

    def emit(chunk: str) -> None:
        nonlocal length
        prose.append(chunk)
        length += len(chunk)

    def close_pending() -> None:
        nonlocal pending
        if pending is not None:
            refs.append(Ref(phrase=pending[0], start=pending[1], end=pending[2]))
            pending = None

    while i < len(tags):
        tag = tags[i]
        emit(text[pos : tag.start()])
        name = tag.group(1)
        if name == "ref":
            close_pending()
            end = tags[i + 1] if i + 1 < len(tags) else None
            stop = end.start() if end is not None else len(text)
            phrase = text[tag.end() : stop]
            if end is None or end.group(1) != "/ref":
                problems.append(f"<|ref|>{phrase[:40]!r} is not closed by <|/ref|>")
                pos = stop
                i += 1
            else:
                pos = end.end()
                i += 2
            start = length
            emit(phrase)
            pending = (phrase.strip(), start, length)
            continue
        if name == "det":
            end = tags[i + 1] if i + 1 < len(tags) else None
            stop = end.start() if end is not None else len(text)
            body = text[tag.end() : stop]
            if end is None or end.group(1) != "/det":
                problems.append("<|det|> is not closed by <|/det|> (output cut short?)")
                pos = stop
                i += 1
            else:
                pos = end.end()
                i += 2
            label = pending[0] if pending is not None else default_label
            if pending is None:
                problems.append("<|det|> without a <|ref|> phrase before it")
            found = _boxes(body, label, problems)
            boxes += found
            if pending is not None:
                refs.append(Ref(phrase=pending[0], start=pending[1], end=pending[2], boxes=tuple(found)))
                pending = None
            continue
        if name in ("/ref", "/det"):
            problems.append(f"stray <|{name}|>: ignored")
        pos = tag.end()
        i += 1
    emit(text[pos:])
    close_pending()
    for p in problems:
        logger.warning("DeepSeek-VL2 output: %s", p)
    return DeepseekAnswer(text="".join(prose), refs=tuple(refs), boxes=tuple(boxes), warnings=tuple(problems))


def parse_grounding(text: str, *, query: str = "") -> DeepseekAnswer:
    """The boxes of a referring answer, labelled with their ``<|ref|>`` phrase (else ``query``).

    >>> a = parse_grounding("<|ref|>OK<|/ref|><|det|>[[100, 200, 300, 400], [0, 0, 999, 999]]<|/det|>")
    >>> [b.label for b in a.boxes], a.boxes[0].xyxy[0], a.warnings
    (['OK', 'OK'], 0.1001001001001001, ())
    >>> parse_grounding("<|det|>[[10, 10, 20]]", query="OK").warnings  # doctest: +NORMALIZE_WHITESPACE
    ('<|det|> is not closed by <|/det|> (output cut short?)', '<|det|> without a <|ref|> phrase before it',
     "box '[10, 10, 20]' is not [x1, y1, x2, y2]: skipped")
    """
    return _parse(text, default_label=_clean(query))


def parse_conversation(text: str) -> DeepseekAnswer:
    """A grounded conversation answer: prose without tags, each grounded phrase with its boxes.

    >>> a = parse_conversation("Click <|ref|>the bin<|/ref|><|det|>[[10, 20, 30, 40]]<|/det|> at the right.")
    >>> a.text, a.text[a.refs[0].start:a.refs[0].end], len(a.refs[0].boxes)
    ('Click the bin at the right.', 'the bin', 1)
    """
    return _parse(text, default_label="")


def render_answer(boxes: Sequence[ModelBox]) -> str:
    """``boxes`` written the way DeepSeek-VL2 answers (consecutive boxes of one label share a ref).

    ``parse_grounding(render_answer(boxes))`` gives the boxes back within one unit (1/999).

    >>> render_answer([ModelBox(label="OK", xyxy=(0.5, 0.25, 1.0, 0.75))])
    '<|ref|>OK<|/ref|><|det|>[[500, 250, 999, 749]]<|/det|>'
    """
    out: list[str] = []
    i = 0
    while i < len(boxes):
        label = boxes[i].label
        group = []
        while i < len(boxes) and boxes[i].label == label:
            group.append("[" + ", ".join(str(round(v * _SCALE)) for v in boxes[i].xyxy) + "]")
            i += 1
        out.append(f"<|ref|>{_clean(label)}<|/ref|><|det|>[{', '.join(group)}]<|/det|>")
    return "".join(out)


# -- the registry's view -----------------------------------------------------------------------------
def parse_boxes(text: str, frame: Frame) -> Parsed:
    """:func:`parse_grounding` as the registry's parser (the frame is not needed: boxes are relative)."""
    answer = parse_grounding(text)
    return Parsed(boxes=answer.boxes, warnings=answer.warnings)


def render_boxes(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """:func:`render_answer` as the registry's renderer."""
    return render_answer(boxes)


def parse_table(text: str) -> ParsedTable:
    """A chart's data table from a DeepSeek-VL2 answer (special tokens and grounding tags dropped first).

    >>> parse_table("| x | y |\\n|---|---|\\n| a | 1 |<｜end▁of▁sentence｜>").rows
    (('x', 'y'), ('a', '1'))
    """
    return read_table(_SPECIAL.sub("", _EOS.sub("", text)))


DIALECT = Dialect(
    name="deepseek",
    ground_prompt=lambda q: grounding_content(clean_query(q)),
    parse_boxes=parse_boxes,
    render_boxes=render_boxes,
    chart_prompt=f"<image>\n{CHART_PROMPT}",
    parse_table=parse_table,
)
