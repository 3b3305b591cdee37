"""Read a page, find things on it by their description in English or Korean, and act on them.

Opens a small bilingual sign-in page in headless Chromium at device scale 2, observes it (elements
from the DOM in every frame and shadow root, text read from a canvas by OCR), grounds a few queries,
draws the answers on the screenshot, fills the form and presses a button that exists only as
canvas pixels. Run: ``python examples/05_screen.py --out DIR``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from model.cpu import CpuBackend
from perception.annotate import annotate
from tools.browser import SyncBrowser

PAGE = Path(__file__).resolve().parent / "pages" / "signin.html"
"""A bilingual sign-in form and a canvas-drawn "Buy tickets" button that exists only as pixels."""

QUERIES = ["아이디 입력란", "the sign in button", "Reset button", "로그인 상태 유지 체크박스", "Buy tickets", "the Delete button"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("out/screen"))
    out = ap.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    model = CpuBackend()  # OCR, layout and text embeddings on the CPU, loaded on first use

    with SyncBrowser.launch() as browser:
        session = browser.new_session(viewport=(800, 520), device_scale_factor=2, model=model)
        session.goto(PAGE.as_uri())
        obs = session.observe()
        print(f"observed {len(obs.elements)} elements and {len(obs.text_spans)} OCR spans in {obs.time_s:.2f} s")

        found: dict[str, str | None] = {}
        for n, query in enumerate(QUERIES, 1):
            g = session.ground(query, observation=obs)
            best = g.best
            print(f"{query!r:32} -> " + (f"{best.label!r} ({best.source}, {best.score:.2f})" if best else "not found"))
            found[query] = best.label if best else None
            annotate(obs, g, path=out / f"ground-{n}.png")

        session.fill("아이디 입력란", "kim")
        session.check("로그인 상태 유지 체크박스")
        clicked = session.click("로그인 버튼")
        signed_in = session.title()
        print(f"clicked {clicked.target.label!r} at {clicked.point} (CSS px); title now {signed_in!r}")
        bought = session.click("Buy tickets")  # canvas pixels only: found by OCR, clicked at its centre
        print(f"clicked {bought.target.label!r} ({bought.target.source}); title now {session.title()!r}")
        (out / "result.json").write_text(
            json.dumps({"found": found, "signed_in": signed_in, "final_title": session.title()},
                       ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
    print(f"annotated screenshots in {out}/")


if __name__ == "__main__":
    main()
