"""The held-out instructions of ``compile_heldout.json``: measured, never tuned on.

The file was written before the grammar was widened, in a style unlike ``test_compile.py`` (other
sites, other phrasings); it is only scored. Each item lists its expected actions as
``(kind, target, value)``; an item counts when the whole list matches.

Normalisation, the same for both sides: a target is the query of ``target`` (``element`` for a
wait, ``to`` for a scroll: a query, ``top`` or ``bottom``), lower-cased, quotes and articles
(the/a/an/your/my) removed, and one trailing role word (button, field, box, input, checkbox,
버튼, 입력란, 칸, 체크박스) dropped. The value is kind-specific: type → text, select → option,
navigate → url or history, press → keys joined by a space, check → on/off, scroll → direction,
drag → the target's ``to`` (normalised like a target) or the number, wait → text, url or seconds
(``gone`` for a vanishing element), upload → files, assert → ``what`` or ``what:text``, click →
``double``/``right`` when not a single left click.

Run ``python tests/agent/test_compile_heldout.py`` for the figure and the misses.

Measured: 80.9 % (93/115) with the compiler as it was before the file was written; 97.4 % (112/115)
after the grammar was widened on other material, the first time the misses were looked at. The
three misses were grammar bugs (fixed, with their own cases in ``test_compile_grammar.py``), so
the file now reads 100 %: that figure is no longer a held-out one.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from agent.actions import Action, Target
from agent.compile import CompileError, compile_steps

HELDOUT = Path(__file__).with_name("compile_heldout.json")
FLOOR = 0.95  # first measured 97.4 % (112/115) before any look at the misses; a change that loses ground fails

_ROLE = r"(?:button|field|box|input|text\s*box|check\s*box|버튼|입력란|칸|체크박스|체크\s*박스)"


def norm_target(q: str | None) -> str | None:
    if q is None:
        return None
    s = re.sub(r"['\"‘’“”「」『』`]", "", q.lower())
    s = re.sub(r"\b(?:the|a|an|your|my)\b", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(rf"\s+{_ROLE}$", "", s).strip()
    return s or None


def _q(t: Target | str | None) -> str | None:
    if t is None or isinstance(t, str):
        return t
    return t.query if t.query is not None else t.describe()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def triple(a: Action) -> tuple[str, str | None, str | None]:
    """An action as (kind, target, value) per the module docstring."""
    target: str | None = _q(getattr(a, "target", None))
    value: str | None = None
    if a.kind == "type":
        value = a.text
    elif a.kind == "select":
        value = a.option
    elif a.kind == "navigate":
        value = a.url or a.history
    elif a.kind == "press":
        value, target = " ".join(a.keys), None
    elif a.kind == "check":
        value = "on" if a.checked else "off"
    elif a.kind == "scroll":
        target, value = _q(a.to), a.direction
    elif a.kind == "drag":
        value = norm_target(_q(a.to)) if a.to is not None else _num(a.value or 0)
    elif a.kind == "wait_for":
        target = _q(a.element)
        value = a.text or a.url or ("gone" if a.gone else None)
        if value is None and a.seconds is not None:
            value = _num(a.seconds)
    elif a.kind == "upload":
        value = ",".join(a.files)
    elif a.kind == "assert":
        value = a.what + (f":{a.text}" if a.text is not None else "")
    elif a.kind == "click":
        value = "double" if a.count == 2 else "right" if a.button == "right" else None
    return a.kind, norm_target(target), value


def score() -> tuple[float, list[str], float]:
    data = json.loads(HELDOUT.read_text(encoding="utf-8"))
    items: list[dict[str, Any]] = data["items"]
    hits, misses, elapsed = 0, [], 0.0
    for item in items:
        want = [(e["kind"], norm_target(e["target"]), e["value"]) for e in item["expect"]]
        t0 = time.perf_counter()
        try:
            got: list[Any] = [triple(a) for a in compile_steps(item["text"])]
        except CompileError as exc:
            got = [f"CompileError at {exc.phrase!r}"]
        elapsed += time.perf_counter() - t0
        if got == want:
            hits += 1
        else:
            misses.append(f"{item['text']!r}\n   want {want}\n   got  {got}")
    return hits / len(items), misses, elapsed / len(items)


def test_heldout_accuracy() -> None:
    acc, misses, per_item_s = score()
    assert acc >= FLOOR, f"held-out accuracy {acc:.1%} < {FLOOR:.0%}:\n" + "\n".join(misses)
    assert per_item_s < 0.005


if __name__ == "__main__":
    acc, misses, per_item_s = score()
    quiet = "--quiet" in sys.argv
    if not quiet:
        print("\n".join(misses))
    n = len(json.loads(HELDOUT.read_text(encoding="utf-8"))["items"])
    print(f"held-out: {acc:.1%} exact ({round(acc * n)}/{n}); {per_item_s * 1000:.2f} ms per instruction")
