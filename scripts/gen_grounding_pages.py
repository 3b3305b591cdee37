"""Generate real HTML pages and queries for developing grounding, in the benchmark's format.

    .venv/bin/python scripts/gen_grounding_pages.py --pages 24 --seed 5 --out bench/results/gen_pages

Writes ``*.html``, ``pixels.js`` and ``queries.json`` (the format of ``bench/grounding_pages``) to
``--out``; ``scripts/ground_cache.py record --set gen`` observes them in Chromium and keeps the
observations. Layouts are drawn at random (rows as a table, a list or plain <div>s; columns of cards;
a sidebar with titled sections; a canvas toolbar known only from pixels), in English or Korean, with
labels from a general vocabulary, random sizes, spacing and states. Queries come from templates: the
label as is, with fewer or more words, in the other language, state-only ("the ticked file", "the file
that's checked", "the first checkbox that isn't ticked"), a verb that names a control of an item ("delete the
second file", "star the email for …"), a cell by its column and row ("the date of report.pdf"), ordinals over a
noun no lexicon lists among alike buttons ("the third slot"),
ordinals counted within a named part ("the second card in the Done column"), relations through
repeated items ("the Delete button for report.pdf"), and about a fifth without an answer.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

NOUNS = {
    "file": (
        "file",
        "파일",
        [
            "report.pdf",
            "budget.xlsx",
            "notes.txt",
            "photo.png",
            "slides.key",
            "draft.docx",
            "invoice.pdf",
            "logo.svg",
            "data.csv",
            "backup.zip",
        ],
    ),
    "email": (
        "email",
        "메일",
        [
            "Weekly sync",
            "Invoice due",
            "Team lunch",
            "Server alert",
            "New comment",
            "Trip plan",
            "Password reset",
            "Quarterly review",
        ],
    ),
    "task": (
        "task",
        "할 일",
        [
            "Fix login bug",
            "Write tests",
            "Update docs",
            "Call supplier",
            "Plan sprint",
            "Review design",
            "Pay rent",
            "Book flights",
        ],
    ),
    "contact": (
        "contact",
        "연락처",
        ["Mina Seo", "Jake Ortiz", "Priya Rao", "Tom Becker", "Yuna Kang", "Leo Martin", "Sara Holm", "Ken Ito"],
    ),
}
ROW_ACTIONS = [
    ("Delete", "삭제"),
    ("Edit", "수정"),
    ("Share", "공유"),
    ("Download", "다운로드"),
    ("Open", "열기"),
    ("Archive", "보관"),
    ("Rename", "이름 바꾸기"),
    ("Move", "이동"),
]
COLUMNS = [
    ("To do", "할 일"),
    ("In progress", "진행 중"),
    ("Review", "검토"),
    ("Done", "완료"),
    ("Backlog", "백로그"),
    ("Blocked", "보류"),
]
CARD_TITLES = [
    "Onboarding flow",
    "Dark theme",
    "Export to PDF",
    "Search filters",
    "Billing page",
    "Mobile menu",
    "Email digest",
    "Audit log",
    "Rate limits",
    "Image upload",
    "Help center",
    "Team roles",
]
CARD_TITLES_KO = [
    "가입 절차",
    "다크 테마",
    "PDF 내보내기",
    "검색 필터",
    "결제 페이지",
    "모바일 메뉴",
    "메일 요약",
    "감사 로그",
    "요청 제한",
    "이미지 업로드",
    "고객 센터",
    "팀 권한",
]
SECTIONS = [
    ("Profile", "프로필"),
    ("Notifications", "알림"),
    ("Security", "보안"),
    ("Billing", "결제"),
    ("Team", "팀"),
    ("Privacy", "개인정보"),
]
LONG_BUTTONS = [
    ("Save changes", "변경 사항 저장"),
    ("Send invitation", "초대 보내기"),
    ("Update password", "비밀번호 변경"),
    ("Download invoice", "청구서 다운로드"),
    ("Add payment method", "결제 수단 추가"),
    ("Delete account", "계정 삭제"),
    ("Export data", "데이터 내보내기"),
    ("Enable alerts", "알림 켜기"),
]
NAV = [
    ("Home", "홈"),
    ("Dashboard", "대시보드"),
    ("Projects", "프로젝트"),
    ("Reports", "보고서"),
    ("Messages", "메시지"),
    ("Calendar", "캘린더"),
    ("Settings", "설정"),
    ("Help", "도움말"),
    ("Billing", "결제"),
]
FIELDS = [
    ("Full name", "이름"),
    ("Email address", "이메일 주소"),
    ("Phone", "전화번호"),
    ("Company", "회사"),
    ("Job title", "직함"),
    ("City", "도시"),
]
CANVAS_LABELS = [
    ("New layer", "새 레이어"),
    ("Export image", "이미지 내보내기"),
    ("Undo", "실행 취소"),
    ("Redo", "다시 실행"),
    ("Brush size", "브러시 크기"),
    ("Clear all", "모두 지우기"),
    ("Fill", "채우기"),
    ("Zoom in", "확대"),
    ("Save copy", "사본 저장"),
    ("Crop", "자르기"),
]
ORD_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
ORD_KO = {1: "첫 번째", 2: "두 번째", 3: "세 번째", 4: "네 번째", -1: "마지막"}
FAR_EN, FAR_KO = "ninth", "아홉 번째"


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "en" else pair[1]


def other(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


class Page:
    def __init__(self, name: str, lang: str, rng: random.Random) -> None:
        self.name, self.lang, self.rng = name, lang, rng
        self.body: list[str] = []
        self.queries: list[dict[str, Any]] = []
        self.n = 0

    def q(self, category: str, text: str, target: str | None, *also: str, part: str | None = None) -> None:
        self.n += 1
        qlang = "ko" if any("\uac00" <= ch <= "\ud7a3" for ch in text) else "en"
        t: dict[str, Any] | None = None if target is None else {"selector": target}
        if t is not None and part is not None:
            t["part"] = part
        entry: dict[str, Any] = {
            "id": f"{self.name[:-5]}-{self.n:02d}",
            "page": self.name,
            "lang": qlang,
            "category": category,
            "query": text,
            "target": t,
        }
        if also:
            entry["also"] = [{"selector": a} for a in also]
        self.queries.append(entry)

    def html(self) -> str:
        r = self.rng
        font = r.choice(["system-ui, sans-serif", "Georgia, serif", "Arial, sans-serif", "Verdana, sans-serif"])
        pad = r.randint(4, 14)
        style = (
            f"body{{font-family:{font};margin:{r.randint(8, 40)}px;font-size:{r.randint(13, 16)}px}}"
            f"button{{padding:{pad // 2}px {pad}px;margin:2px}} .card{{border:1px solid #ccc;border-radius:6px;"
            f"padding:{pad}px;margin:{pad}px 0;background:#fff}} .row{{display:flex;gap:{r.randint(8, 30)}px;"
            "align-items:center;padding:6px;border-bottom:1px solid #eee}"
            " .cols{display:flex;gap:16px}"
            " .col{flex:1;background:#f4f4f6;padding:8px;border-radius:8px} aside{float:left;width:180px}"
            " aside a{display:block;padding:6px} main{margin-left:200px} section{margin-bottom:18px}"
            " .star[aria-pressed=true]{color:#e0a800}"
        )
        return (
            f'<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8"><title>{self.name}</title>'
            f'<script src="pixels.js"></script><style>{style}</style></head><body>'
            + "\n".join(self.body)
            + "</body></html>"
        )


def rows_page(p: Page) -> None:
    r, lang = p.rng, p.lang
    key = r.choice(list(NOUNS))
    noun_en, noun_ko, pool = NOUNS[key]
    noun = noun_en if lang == "en" else noun_ko
    names = r.sample(pool, r.randint(4, 6))
    acts = r.sample(ROW_ACTIONS, r.randint(1, 3))
    kind = r.choice(["table", "list", "div"])
    checked = r.randrange(len(names))
    starred = r.choice([k for k in range(len(names)) if k != checked])
    p.body.append(f"<h1>{html.escape(pick(('My ' + noun_en + 's', noun_ko + ' 목록'), lang))}</h1>")
    tool = r.sample(LONG_BUTTONS, 2)
    p.body.append(
        "<div id=tools>"
        + "".join(f"<button id=tool{k}>{pick(t, lang)}</button>" for k, t in enumerate(tool))
        + "</div>"
    )
    cells = []
    for k, n in enumerate(names):
        aria = f' aria-label="{"Select " if lang == "en" else "선택 "}{html.escape(n)}"' if r.random() < 0.5 else ""
        box = f"<input type=checkbox class=cb {'checked' if k == checked else ''}{aria}>"
        star = (
            f'<button class=star aria-label="{"Star" if lang == "en" else "별표"}" '
            f"aria-pressed={'true' if k == starred else 'false'}>{'★' if k == starred else '☆'}</button>"
        )
        meta = f"{r.randint(1, 28)} {'Mar' if lang == 'en' else '3월'}"
        btns = "".join(f"<button class=act{j}>{pick(a, lang)}</button>" for j, a in enumerate(acts))
        name = f"<span class=name>{html.escape(n)}</span>"
        if kind == "table":
            cells.append(f"<tr><td>{box}</td><td>{name}</td><td>{meta}</td><td>{star}</td><td>{btns}</td></tr>")
        elif kind == "list":
            cells.append(f"<li class=row>{box}{name}<span>{meta}</span>{star}{btns}</li>")
        else:
            cells.append(f"<div class=row>{box}{name}<span>{meta}</span>{star}{btns}</div>")
    if kind == "table":
        head = "".join(
            f"<th>{h}</th>" for h in (["", "Name", "Date", "", ""] if lang == "en" else ["", "이름", "날짜", "", ""])
        )
        p.body.append(f"<table id=list><thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>")
    elif kind == "list":
        p.body.append(f"<ul id=list style='list-style:none;padding:0'>{''.join(cells)}</ul>")
    else:
        p.body.append(f"<div id=list>{''.join(cells)}</div>")
    en = lang == "en"
    step = {"table": "#list > tbody > tr", "list": "#list > li", "div": "#list > div"}[kind]

    def row_at(k: int) -> str:
        return f"{step}:nth-child({k + 1})"

    # state-only
    word = r.choice(["checked", "ticked", "selected"]) if en else r.choice(["체크된", "선택된"])
    p.q(
        "state",
        f"the {word} {noun}" if en else f"{word} {noun}",
        row_at(checked),
        row_at(checked) + " .cb",
        row_at(checked) + " .name",
    )
    p.q(
        "state",
        (f"the starred {noun}" if en else f"별표 표시된 {noun}"),
        row_at(starred),
        row_at(starred) + " .star",
        row_at(starred) + " .name",
    )
    # row actions
    k = r.randrange(len(names))
    a = r.choice(acts)
    al = pick(a, lang)
    t = (
        r.choice(
            [
                f"the {al} button for {names[k]}",
                f"{al} {names[k]}",
                f"{al} the {names[k]} {noun}",
                f"the {al} button in the row of {names[k]}",
            ]
        )
        if en
        else r.choice([f"{names[k]} 행의 {al} 버튼", f"{names[k]}의 {al} 버튼", f"{names[k]} {al}"])
    )
    p.q("relation", t, row_at(k) + f" .act{acts.index(a)}")
    k2 = r.randrange(len(names))
    p.q("relation", f"the checkbox for {names[k2]}" if en else f"{names[k2]} 체크박스", row_at(k2) + " .cb")
    p.q("relation", f"the star next to {names[k2]}" if en else f"{names[k2]} 옆의 별표", row_at(k2) + " .star")
    # ordinals
    o = r.choice([1, 2, 3, -1])
    idx = o - 1 if o > 0 else len(names) - 1
    p.q("ordinal", f"the {ORD_EN[o]} {noun}" if en else f"{ORD_KO[o]} {noun}", row_at(idx), row_at(idx) + " .name")
    o = r.choice([1, 2, -1])
    idx = o - 1 if o > 0 else len(names) - 1
    p.q(
        "ordinal",
        f"the {ORD_EN[o]} {al} button" if en else f"{ORD_KO[o]} {al} 버튼",
        row_at(idx) + f" .act{acts.index(a)}",
    )
    # labels with fewer words, cross-language
    tl = r.choice(tool)
    words = pick(tl, lang).split()
    p.q(
        "paraphrase",
        f"the {words[-1] if en else words[0]} button" if len(words) > 1 else f"{words[0]} button",
        f"#tool{tool.index(tl)}",
    )
    p.q(
        "cross_language",
        f"{other(a, lang)} {'버튼' if en else 'button'}" if len(acts) == 1 else (f"{names[k]} {other(a, lang)}"),
        row_at(0) + " .act0" if len(acts) == 1 else row_at(k) + f" .act{acts.index(a)}",
    )
    # a verb that names a control of an item, a state said around its word, a cell by its column and row
    o = r.choice([1, 2, -1])
    idx = o - 1 if o > 0 else len(names) - 1
    if en:
        p.q("ordinal", f"{al.lower()} the {ORD_EN[o]} {noun}", row_at(idx) + f" .act{acts.index(a)}")
        p.q("relation", f"star the {noun} for {names[k2]}", row_at(k2) + " .star")
        p.q("state", f"the {noun} that's {r.choice(['checked', 'ticked'])}", row_at(checked), row_at(checked) + " .cb",
            row_at(checked) + " .name")  # fmt: skip
        first_open = 0 if checked != 0 else 1
        p.q("state", "the first checkbox that isn't ticked", row_at(first_open) + " .cb")
        p.q("absent", f"{al.lower()} the {FAR_EN} {noun}", None)
    else:
        p.q("state", f"지금 {r.choice(['체크된', '선택된'])} {noun}", row_at(checked), row_at(checked) + " .cb",
            row_at(checked) + " .name")  # fmt: skip
    if kind == "table":
        p.q("relation", f"the date of {names[k2]}" if en else f"{names[k2]} 날짜", row_at(k2) + " td:nth-child(3)")
        p.q("absent", f"the date of {absent_name_for(pool, names, r)}" if en else f"{absent_name_for(pool, names, r)} 날짜",
            None)  # fmt: skip
    # no answer
    missing = [x for x in ROW_ACTIONS if x not in acts]
    p.q(
        "absent",
        f"the {pick(r.choice(missing), lang)} button for {names[0]}"
        if en
        else f"{names[0]}의 {pick(r.choice(missing), lang)} 버튼",
        None,
    )
    p.q("absent", f"the {FAR_EN} {noun}" if en else f"{FAR_KO} {noun}", None)
    absent_name = r.choice([x for x in pool if x not in names])
    p.q("absent", f"the {al} button for {absent_name}" if en else f"{absent_name}의 {al} 버튼", None)


def absent_name_for(pool: list[str], names: list[str], r: random.Random) -> str:
    return r.choice([x for x in pool if x not in names])


SLOT_NOUNS = [("slot", "시간대"), ("time", "시간"), ("option", "옵션")]
DAY_NAMES = [("Mon", "월"), ("Tue", "화"), ("Wed", "수"), ("Thu", "목"), ("Fri", "금"), ("Sat", "토")]


def slots_page(p: Page) -> None:
    """A booking form: a line of alike time buttons nobody marked up as a list (counted by a noun no lexicon
    lists), a line of days one of which is pressed, and checkboxes of extras."""
    r, lang, en = p.rng, p.lang, p.lang == "en"
    n = r.randint(4, 7)
    start = r.randint(8, 10)
    times = [f"{start + k // 2:02d}:{'30' if k % 2 else '00'}" for k in range(n)]
    width = r.randint(64, 96)
    p.body.append(f"<h2>{pick(('Pick a time', '시간 선택'), lang)}</h2><div id=slots>"
                  + "".join(f"<button id=t{k} style='width:{width}px'>{t}</button>" for k, t in enumerate(times))
                  + "</div>")  # fmt: skip
    days = r.sample(DAY_NAMES, r.randint(3, 5))
    pressed = r.randrange(len(days))
    p.body.append(f"<h2>{pick(('Day', '요일'), lang)}</h2><div id=days>"
                  + "".join(f"<span role=button tabindex=0 id=d{k} aria-pressed={'true' if k == pressed else 'false'}"
                            f" style='padding:4px 10px;margin:2px;border:1px solid #999'>{pick(d, lang)}</span>"
                            for k, d in enumerate(days))
                  + "</div>")  # fmt: skip
    noun = pick(r.choice(SLOT_NOUNS), lang)
    o = r.choice([1, 2, 3, -1])
    idx = o - 1 if o > 0 else n - 1
    p.q("ordinal", f"the {ORD_EN[o]} {noun}" if en else f"{ORD_KO[o]} {noun}", f"#t{idx}")
    p.q("state", "the day that's currently selected" if en else "지금 선택된 요일", f"#d{pressed}")
    p.q("absent", f"the {FAR_EN} {noun}" if en else f"{FAR_KO} {noun}", None)


def columns_page(p: Page) -> None:
    r, lang, en = p.rng, p.lang, p.lang == "en"
    cols = r.sample(COLUMNS, r.randint(3, 4))
    titles = r.sample(range(len(CARD_TITLES)), 12)
    act = r.choice(ROW_ACTIONS)
    p.body.append(f"<h1>{'Board' if en else '보드'}</h1><div class=cols>")
    layout: list[list[int]] = []
    t = 0
    tag = r.choice(["h3", "div", "strong"])
    head = r.choice(["h2", "div"])
    for c, col in enumerate(cols):
        n = r.randint(2, 3)
        cards = []
        ids = []
        for j in range(n):
            title = (CARD_TITLES if en else CARD_TITLES_KO)[titles[t]]
            ids.append(titles[t])
            cards.append(
                f"<div class=card><{tag}>{html.escape(title)}</{tag}>"
                f"<p>{'Owner' if en else '담당'}: {r.choice(['Kim', 'Lee', 'Park', 'Ana', 'Raj'])}</p>"
                f"<button>{pick(act, lang)}</button></div>"
            )
            t += 1
        layout.append(ids)
        p.body.append(
            f"<div class=col id=col{c}><{head} id=h{c} style='font-weight:bold'>{pick(col, lang)}</{head}>"
            + "".join(cards)
            + "</div>"
        )
    p.body.append("</div>")

    def card_at(col: int, j: int) -> str:
        return f"#col{col} > .card:nth-child({j + 2})"

    c = r.randrange(len(cols))
    n = len(layout[c])
    o = r.choice([1, 2, -1]) if n >= 2 else 1
    j = o - 1 if o > 0 else n - 1
    cname = pick(cols[c], lang)
    p.q(
        "ordinal",
        f"the {ORD_EN[o]} card in the {cname} column" if en else f"{cname} 열의 {ORD_KO[o]} 카드",
        card_at(c, j),
        card_at(c, j) + f" > {tag}",
    )
    c2 = r.randrange(len(cols))
    p.q(
        "ordinal",
        f"the last task under {pick(cols[c2], lang)}" if en else f"{pick(cols[c2], lang)} 아래 마지막 카드",
        card_at(c2, len(layout[c2]) - 1),
        card_at(c2, len(layout[c2]) - 1) + f" > {tag}",
    )
    c3, j3 = r.randrange(len(cols)), 0
    j3 = r.randrange(len(layout[c3]))
    title = (CARD_TITLES if en else CARD_TITLES_KO)[layout[c3][j3]]
    p.q(
        "relation",
        f"the {pick(act, lang)} button on the {title} card" if en else f"{title} 카드의 {pick(act, lang)} 버튼",
        card_at(c3, j3) + " > button",
    )
    p.q("text", title, card_at(c3, j3) + f" > {tag}", card_at(c3, j3))
    p.q(
        "ordinal",
        f"the {ORD_EN[2]} {pick(act, lang)} button in {pick(cols[c3], lang)}"
        if en
        else f"{pick(cols[c3], lang)}의 {ORD_KO[2]} {pick(act, lang)} 버튼",
        card_at(c3, 1) + " > button" if len(layout[c3]) > 1 else None,
    )
    absent = pick(r.choice([x for x in COLUMNS if x not in cols]), lang)
    p.q("absent", f"the first card in the {absent} column" if en else f"{absent} 열의 첫 번째 카드", None)
    p.q("absent", f"the {FAR_EN} card in the {cname} column" if en else f"{cname} 열의 {FAR_KO} 카드", None)


def settings_page(p: Page) -> None:
    r, lang, en = p.rng, p.lang, p.lang == "en"
    nav = r.sample(NAV, r.randint(4, 7))
    p.body.append(
        "<aside><nav>"
        + "".join(f"<a href='#n{k}' id=nav{k}>{pick(x, lang)}</a>" for k, x in enumerate(nav))
        + "</nav></aside><main>"
    )
    secs = r.sample(SECTIONS, r.randint(2, 3))
    buttons = r.sample(LONG_BUTTONS, len(secs) * 2)
    fields = r.sample(FIELDS, len(secs))
    for s, sec in enumerate(secs):
        f = fields[s]
        p.body.append(
            f"<section id=s{s}><h2 id=sh{s}>{pick(sec, lang)}</h2>"
            f"<label for=f{s}>{pick(f, lang)}</label> <input id=f{s}><br>"
            f"<button id=sb{s}_0>{pick(buttons[2 * s], lang)}</button>"
            f"<button id=sb{s}_1>{pick(buttons[2 * s + 1], lang)}</button></section>"
        )
    p.body.append("</main>")
    o = r.choice([1, 2, 3, -1])
    idx = o - 1 if o > 0 else len(nav) - 1
    p.q("ordinal", f"the {ORD_EN[o]} link in the sidebar" if en else f"사이드바의 {ORD_KO[o]} 링크", f"#nav{idx}")
    k = r.randrange(len(nav))
    p.q("role", f"the {pick(nav[k], lang)} link" if en else f"{pick(nav[k], lang)} 링크", f"#nav{k}")
    s = r.randrange(len(secs))
    p.q(
        "ordinal",
        f"the second button in the {pick(secs[s], lang)} section"
        if en
        else f"{pick(secs[s], lang)} 섹션의 두 번째 버튼",
        f"#sb{s}_1",
    )
    b = r.randrange(2)
    label = pick(buttons[2 * s + b], lang)
    words = label.split()
    if en:
        text = r.choice(
            [
                f"the button to {label.lower()}",
                f"{label.lower()} please",
                f"{words[0]} button",
                f"the {words[-1]} button",
            ]
        )
    else:
        text = r.choice([f"{label} 버튼", f"{words[-1]} 버튼", f"{' '.join(words[:-1]) or label} 버튼"])
    p.q("paraphrase", text, f"#sb{s}_{b}")
    p.q("cross_language", f"{other(buttons[2 * s + b], lang)}", f"#sb{s}_{b}")
    p.q("role", f"the {pick(fields[s], lang)} field" if en else f"{pick(fields[s], lang)} 입력란", f"#f{s}")
    p.q(
        "relation",
        f"the field in the {pick(secs[s], lang)} section" if en else f"{pick(secs[s], lang)} 섹션의 입력란",
        f"#f{s}",
    )
    missing = [x for x in LONG_BUTTONS if x not in buttons]
    p.q(
        "absent", f"the {pick(r.choice(missing), lang)} button" if en else f"{pick(r.choice(missing), lang)} 버튼", None
    )
    p.q("absent", f"the {FAR_EN} link in the sidebar" if en else f"사이드바의 {FAR_KO} 링크", None)


def canvas_page(p: Page) -> None:
    r, lang, en = p.rng, p.lang, p.lang == "en"
    labels = r.sample(CANVAS_LABELS, 5)
    w, h = 900, 420
    font = r.choice(["14px sans-serif", "15px serif", "bold 14px sans-serif", "16px monospace"])
    draws = []
    x = 20
    for k, lab in enumerate(labels):
        text = pick(lab, lang)
        bw = 40 + 9 * len(text) if en else 40 + 16 * len(text)
        y = 20 + (k % 2) * r.randint(0, 60)
        draws.append(
            f"keep('l{k}', pixels.button(ctx, {{x:{x}, y:{y}, w:{bw}, h:36, label:{json.dumps(text)}, "
            f"fill:'#e5e7eb', font:'{font}'}}));"
        )
        x += bw + r.randint(12, 40)
    p.body.append(
        f"<h1>{'Canvas editor' if en else '캔버스 편집기'}</h1><canvas id=cv></canvas><script>"
        f"const ctx = pixels.sharpCanvas(document.getElementById('cv'), {w}, {h});"
        "const keep = (name, b) => pixels.record('#cv', name, b.box, b.hit);" + "".join(draws) + "</script>"
    )
    for k in r.sample(range(5), 3):
        text = pick(labels[k], lang)
        words = text.split()
        form = r.random()
        if form < 0.3:
            q = text.lower() if en else text
        elif form < 0.55:
            q = f"the {text} button" if en else f"{text} 버튼"
        elif form < 0.75 and len(words) > 1:
            q = f"the {words[-1]} button" if en else f"{words[-1]} 버튼"
        else:
            q = f"click {text}" if en else f"{text} 클릭"
        p.q("pixels", q, "#cv", part=f"l{k}")
    missing = [x for x in CANVAS_LABELS if x not in labels]
    p.q(
        "absent", f"the {pick(r.choice(missing), lang)} button" if en else f"{pick(r.choice(missing), lang)} 버튼", None
    )


LAYOUTS = [rows_page, columns_page, settings_page, canvas_page, slots_page]


def generate(out: Path, pages: int, seed: int) -> int:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(REPO / "bench" / "grounding_pages" / "pixels.js", out / "pixels.js")
    queries: list[dict[str, Any]] = []
    for k in range(pages):
        lang = "ko" if rng.random() < 0.4 else "en"
        layout = LAYOUTS[k % len(LAYOUTS)]
        page = Page(f"{layout.__name__.split('_')[0]}{k:02d}.html", lang, rng)
        layout(page)
        (out / page.name).write_text(page.html(), encoding="utf-8")
        queries += [q for q in page.queries if q["target"] is not None or q["category"] == "absent"]
    cats = {c: c for c in sorted({q["category"] for q in queries})}
    (out / "queries.json").write_text(
        json.dumps({"about": "generated", "categories": cats, "queries": queries}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return len(queries)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=24)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "gen_pages")
    a = ap.parse_args(argv)
    n = generate(a.out, a.pages, a.seed)
    print(f"{n} queries on {a.pages} pages in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
