"""Grounding the compositional idioms people write, on real Chromium pages built here.

Each page is a small generic layout (an inbox, a job board, a cart, a table, a booking form, a board, a
calendar), written for these tests; the queries are the forms users type on any site: a verb that names a
control of an item ("star the email from …", "save the last job"), ordinals over nouns nobody marked up
("the second slot", "the second card in Backlog"), alike controls told apart by the rest of the words
("감귤 담기"), a cell named by its column and its row ("the price of Pear", "Lisbon total"), states said
around the state word ("the date that's currently selected", "the first checkbox that isn't ticked"), and
a day known by the calendar its own name mentions ("12 in the March calendar"). Every idiom has a
no-answer twin that must stay not found.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser as PwBrowser
from playwright.async_api import Page as PwPage

from perception.grounding import ground
from perception.screen import observe
from perception.types import BBox, Element, ElementStates, Grounding, Observation, TextSpan

STYLE = """<style>
body { font: 15px sans-serif; margin: 16px; }
.row, .job, .item { display: flex; gap: 12px; align-items: center; padding: 6px; border-bottom: 1px solid #ddd; }
button { font: inherit; }
.board { display: flex; gap: 16px; } .col { width: 220px; }
.card { border: 1px solid #aaa; border-radius: 6px; padding: 8px; margin: 6px 0; width: 200px; cursor: pointer; }
.slots button { width: 70px; height: 32px; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 4px 10px; }
.cal { display: inline-block; margin-right: 24px; vertical-align: top; }
.cal button { width: 34px; height: 28px; }
</style>"""

INBOX = (
    STYLE
    + """
<h2>Inbox</h2>
<div class="list">
  <div class="row" role="row"><input type="checkbox" aria-label="Select"><button aria-label="Star" aria-pressed="false">☆</button>
    <span>Dana Whitfield</span><span>Lunch on Friday?</span></div>
  <div class="row" role="row"><input type="checkbox" aria-label="Select"><button aria-label="Star" aria-pressed="false">☆</button>
    <span>Omar Lindqvist</span><span>Quarterly numbers</span></div>
  <div class="row" role="row"><input type="checkbox" aria-label="Select"><button aria-label="Star" aria-pressed="false">☆</button>
    <span>Rosa Mendel</span><span>Trip photos</span></div>
  <div class="row" role="row"><input type="checkbox" aria-label="Select"><button aria-label="Star" aria-pressed="false">☆</button>
    <span>Ilya Brandt</span><span>Invoice 2291</span></div>
</div>"""
)

JOBS = (
    STYLE
    + """
<h2>Open positions</h2>
<div class="job"><b>Backend Engineer</b><span>Remote</span><button id="save-1">Save</button><button id="apply-1">Apply</button></div>
<div class="job"><b>Product Designer</b><span>Berlin</span><button id="save-2">Save</button><button id="apply-2">Apply</button></div>
<div class="job"><b>Data Scientist</b><span>Oslo</span><button id="save-3">Save</button><button id="apply-3">Apply</button></div>
"""
)

CART = (
    STYLE
    + """<html lang="ko"><h2>장바구니</h2>
<div class="item"><span>제주 감귤 2kg</span><button id="b1">담기</button><button id="x1">삭제</button></div>
<div class="item"><span>성주 참외 1.5kg</span><button id="b2">담기</button><button id="x2">삭제</button></div>
<div class="item"><span>청송 사과 3kg</span><button id="b3">담기</button><button id="x3">삭제</button></div>
"""
)

TABLE = (
    STYLE
    + """
<table>
  <tr><th>Fruit</th><th>Price</th><th>Stock</th></tr>
  <tr><td>Apple</td><td id="p-apple">$1.20</td><td>40</td></tr>
  <tr><td>Pear</td><td id="p-pear">$1.45</td><td id="s-pear">12</td></tr>
  <tr><td>Plum</td><td id="p-plum">$2.10</td><td>0</td></tr>
</table>
<br>
<table>
  <tr><td>City</td><td>Q1</td><td>Q2</td><td>Total</td></tr>
  <tr><td>Porto</td><td>10</td><td>11</td><td id="t-porto">21</td></tr>
  <tr><td>Lisbon</td><td id="q1-lisbon">30</td><td>31</td><td id="t-lisbon">61</td></tr>
</table>"""
)

BOOKING = (
    STYLE
    + """
<h3>Pick a time</h3>
<div class="slots">
  <button id="s1">09:00</button><button id="s2">09:30</button><button id="s3">10:00</button><button id="s4">10:30</button>
</div>
<h3>Day</h3>
<div class="slots">
  <span role="button" tabindex="0" id="d1" aria-pressed="false">Mon 3</span>
  <span role="button" tabindex="0" id="d2" aria-pressed="true">Tue 4</span>
  <span role="button" tabindex="0" id="d3" aria-pressed="false">Wed 5</span>
</div>
<h3>Extras</h3>
<label><input type="checkbox" id="e1" checked> Breakfast</label>
<label><input type="checkbox" id="e2"> Late checkout</label>
<label><input type="checkbox" id="e3"> Parking</label>
"""
)

BOARD = (
    STYLE
    + """
<div class="board">
  <div class="col"><h3>Backlog</h3>
    <div class="card" role="button" id="b-1">Write onboarding guide<br><small>Jun 2</small></div>
    <div class="card" role="button" id="b-2">Fix flaky upload test<br><small>Jun 5</small><br><small>2 comments</small></div>
    <div class="card" role="button" id="b-3">Rename settings keys<br><small>Jun 9</small></div>
  </div>
  <div class="col"><h3>Shipped</h3>
    <div class="card" role="button" id="s-1">Dark theme<br><small>May 28</small></div>
    <div class="card" role="button" id="s-2">CSV export<br><small>May 30</small></div>
  </div>
</div>"""
)


def calendar(month: str) -> str:
    days = "".join(f'<button id="{month[:3].lower()}{d}" aria-label="{d} {month} 2026">{d}</button>'
                   + ("<br>" if d % 7 == 0 else "") for d in range(1, 29))  # fmt: skip
    return f'<div class="cal"><h4>{month} 2026</h4>{days}</div>'


CALENDARS = STYLE + calendar("February") + calendar("March")


@pytest.fixture
async def wide(chromium: PwBrowser) -> AsyncIterator[PwPage]:
    ctx = await chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield await ctx.new_page()
    finally:
        await ctx.close()


async def seen(page: PwPage, html: str) -> Observation:
    await page.set_content(html)
    return await observe(page, ocr="off")


async def box_of(page: PwPage, selector: str) -> tuple[float, float, float, float]:
    b = await page.locator(selector).first.bounding_box()
    assert b is not None, selector
    return b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]


async def points_at(page: PwPage, g: Grounding, selector: str) -> bool:
    """Whether ``g`` is found and its best box is the element ``selector`` finds (IoU ≥ 0.5)."""
    if not g.found or g.best is None:
        return False
    x0, y0, x1, y1 = await box_of(page, selector)
    b = g.best.bbox
    inter = max(0.0, min(b.x1, x1) - max(b.x0, x0)) * max(0.0, min(b.y1, y1) - max(b.y0, y0))
    union = b.area + (x1 - x0) * (y1 - y0) - inter
    return union > 0 and inter / union >= 0.5


async def test_a_verb_names_the_control_of_the_item_it_acts_on(wide: PwPage) -> None:
    obs = await seen(wide, INBOX)
    g = await ground(obs, "star the email from Rosa Mendel")
    assert await points_at(wide, g, ".row:nth-child(3) [aria-label=Star]"), g.candidates[:2]
    g = await ground(obs, "open the third email")
    assert await points_at(wide, g, ".row:nth-child(3)"), g.candidates[:2]
    g = await ground(obs, "tick the box for Ilya Brandt")
    assert await points_at(wide, g, ".row:nth-child(4) input"), g.candidates[:2]
    assert not (await ground(obs, "star the email from Nadia Kowalski")).found


async def test_an_ordinal_over_items_counts_the_control_each_has(wide: PwPage) -> None:
    obs = await seen(wide, JOBS)
    assert await points_at(wide, await ground(obs, "save the last job"), "#save-3")
    assert await points_at(wide, await ground(obs, "apply for the 2nd job"), "#apply-2")
    assert await points_at(wide, await ground(obs, "the Save button for the first job"), "#save-1")
    assert not (await ground(obs, "apply for the fifth job")).found


async def test_alike_controls_are_told_apart_by_the_rest_of_the_words(wide: PwPage) -> None:
    obs = await seen(wide, CART)
    assert await points_at(wide, await ground(obs, "참외 담기"), "#b2")
    assert await points_at(wide, await ground(obs, "청송 사과 삭제 버튼"), "#x3")
    assert not (await ground(obs, "수박 담기")).found


async def test_a_cell_is_named_by_its_column_and_its_row(wide: PwPage) -> None:
    obs = await seen(wide, TABLE)
    assert await points_at(wide, await ground(obs, "the price of Pear"), "#p-pear")
    assert await points_at(wide, await ground(obs, "stock for pear"), "#s-pear")
    assert await points_at(wide, await ground(obs, "lisbon total"), "#t-lisbon")  # a header row of plain cells
    assert await points_at(wide, await ground(obs, "Q1 for Lisbon"), "#q1-lisbon")
    assert not (await ground(obs, "the price of Mango")).found


async def test_states_said_around_the_state_word(wide: PwPage) -> None:
    obs = await seen(wide, BOOKING)
    assert await points_at(wide, await ground(obs, "the day that's currently selected"), "#d2")
    assert await points_at(wide, await ground(obs, "the first checkbox that isn't ticked"), "#e2")
    assert await points_at(wide, await ground(obs, "the extra that's already ticked"), "#e1")


async def test_unknown_nouns_count_among_alike_things(wide: PwPage) -> None:
    obs = await seen(wide, BOOKING)
    assert await points_at(wide, await ground(obs, "the second slot"), "#s2")
    assert await points_at(wide, await ground(obs, "the last slot"), "#s4")
    board = await seen(wide, BOARD)
    g = await ground(board, "the second card in Backlog")
    assert await points_at(wide, g, "#b-2"), g.candidates[:2]
    assert await points_at(wide, await ground(board, "the last card in Shipped"), "#s-2")
    assert not (await ground(board, "the fourth card in Shipped")).found


async def test_a_day_is_known_by_the_calendar_its_name_mentions(wide: PwPage) -> None:
    obs = await seen(wide, CALENDARS)
    assert await points_at(wide, await ground(obs, "12 in the March calendar"), "#mar12")
    assert await points_at(wide, await ground(obs, "3월 달력에서 5일"), "#mar5")
    assert await points_at(wide, await ground(obs, "the 9 in the February calendar"), "#feb9")


# -- text known only from pixels: spans as OCR reports them, on a canvas -------------------------------
def drawn(spans: list[tuple[str, tuple[float, float, float, float]]], lang: str = "en") -> Observation:
    canvas = Element(
        index=0, role="img", name="", tag="canvas", interactive=False,
        bbox=BBox(x0=0, y0=0, x1=1280, y1=800, space="css_px"),
    )  # fmt: skip
    return Observation(
        url="http://test.local/",
        viewport=(1280, 800),
        elements=(canvas,),
        lang=lang,
        text_spans=tuple(
            TextSpan(text=t, bbox=BBox(x0=x, y0=y, x1=x + w, y1=y + h, space="css_px"), score=0.9, element=0)
            for t, (x, y, w, h) in spans
        ),
    )


def read(g: Grounding) -> str | None:
    """The drawn text ``g`` found, or None when it found nothing drawn."""
    return g.best.span.text if g.found and g.best is not None and g.best.span is not None else None


async def test_a_drawn_label_that_names_a_value_stands_for_the_value_below_it() -> None:
    obs = drawn([("이번 S 지출", (48, 145, 80, 16)), ("1,245,000원", (50, 176, 190, 36)), ("지난달보다 8% 감소", (48, 221, 115, 13)),
                 ("카테고리", (600, 145, 80, 16)), ("식비", (600, 176, 60, 20))], lang="ko")  # fmt: skip
    g = await ground(obs, "이번 달 지출 금액")  # the drawn label misread one syllable; the query adds "금액"
    assert read(g) == "1,245,000원", g.candidates[:2]
    obs = drawn([("이번 달 지출", (48, 145, 80, 16)), ("1,245,000원", (50, 176, 190, 36))], lang="ko")
    g = await ground(obs, "이번 달 지출 금액")  # read right: the label names what the amount is of, not "금액"
    assert read(g) == "1,245,000원"
    g = await ground(drawn([("Brush size", (440, 110, 100, 16)), ("12 px", (600, 110, 50, 16))]), "brush size")
    assert read(g) == "Brush size"


async def test_a_dialog_drawn_on_a_canvas_is_the_middle_of_the_screen() -> None:
    obs = drawn([("Drawing editor", (18, 18, 140, 20)), ("Open", (175, 18, 50, 20)), ("Discard changes?", (460, 300, 200, 24)),
                 ("Discard", (600, 390, 80, 18)), ("Keep editing", (707, 390, 92, 18))])  # fmt: skip
    g = await ground(obs, "Open in the dialog")
    assert not g.found, g.candidates[:2]  # "Open" is in the toolbar at the top, not in the dialog
    g = await ground(obs, "Discard in the dialog")
    assert read(g) == "Discard"


async def test_words_that_say_where_text_is_printed_and_states_that_are_labels() -> None:
    obs = drawn(
        [("Jul 21", (300, 500, 50, 14)), ("Jul 28", (380, 500, 50, 14)), ("Summer Escape: 3 nights", (40, 60, 300, 30))]
    )
    g = await ground(obs, "Jul 21 on the price chart")
    assert read(g) == "Jul 21", g.candidates[:2]
    g = await ground(obs, "summer escape banner headline")
    assert g.found and g.best is not None and g.best.span is not None and g.best.span.text.startswith("Summer")
    assert not (await ground(obs, "winter sale banner")).found
    page = Observation(
        url="http://test.local/",
        viewport=(1280, 800),
        elements=tuple(
            Element(index=i, role="button", name=n, tag="button", color=c, text_color="#ffffff",
                    bbox=BBox(x0=40 + 200 * i, y0=40, x1=220 + 200 * i, y1=76, space="css_px"))
            for i, (n, c) in enumerate([("Archive selected", "#2563eb"), ("Delete selected", "#dc2626")])
        ),
    )  # fmt: skip
    g = await ground(page, "the red Delete selected button")  # "selected" is a word of the label here, not a state
    assert g.found and g.best is not None and g.best.element is not None and g.best.element.name == "Delete selected"


async def test_a_word_that_calls_a_numeral_a_number_is_not_part_of_its_label() -> None:
    keys = [(str(d), (950 + 110 * (i % 3), 414 + 50 * (i // 3), 10, 15)) for i, d in enumerate([7, 2, 9, 4, 0, 6])]
    obs = drawn([("보안 키패드", (905, 330, 90, 16)), *keys, ("확인", (1165, 564, 26, 15))], lang="ko")
    for query, want in (("키패드 숫자 7", "7"), ("숫자 9", "9"), ("the digit 4 on the keypad", "4")):
        g = await ground(obs, query)
        assert read(g) == want, (query, g)
    assert not (await ground(obs, "키패드 숫자 5")).found  # no 5 was drawn


BADGES = (
    STYLE
    + """
<style>.pill { font-size: 12px; padding: 2px 8px; border-radius: 10px; font-weight: bold; }
.ok { background: #e9f5e9; color: #1d8102; } .bad { background: #fde8e8; color: #d13212; }
.warn { background: #fff4d6; color: #b45309; } .closed { color: #c81e1e; }</style>
<table><tr><th>Instance</th><th>Status</th></tr>
<tr><td>web-01</td><td><span class="pill ok" id="st-1">Running</span></td></tr>
<tr><td>api-02</td><td><span class="pill bad" id="st-2">Error</span></td></tr>
<tr><td>db-03</td><td><span class="pill warn" id="st-3">Pending</span></td></tr></table>
<p id="store">450 Hill St · <span class="closed" id="closed">Closed</span> · opens 7 am</p>
<div role="tablist"><button role="tab" id="t1" aria-selected="true">Living room</button>
<button role="tab" id="t2">Bedroom</button><button role="tab" id="t3">Kitchen</button>
<button role="tab" id="t4">Garage</button></div>"""
)


async def test_a_badge_inside_a_text_is_its_own_thing_with_its_own_colour(wide: PwPage) -> None:
    """A pill badge (pale fill of its text's hue) and a coloured word inside a paragraph are listed apart from
    the cell or line they sit in, and a colour word finds them by their look."""
    obs = await seen(wide, BADGES)
    assert await points_at(wide, await ground(obs, "the red Error status"), "#st-2")
    assert await points_at(wide, await ground(obs, "빨간 Error 상태"), "#st-2")
    assert await points_at(wide, await ground(obs, "green Running badge"), "#st-1")
    assert await points_at(wide, await ground(obs, "the red Closed text"), "#closed")
    assert not (await ground(obs, "the purple Queued badge")).found


COUNTS = (
    STYLE
    + """
<style>.n { font-size: 11px; padding: 1px 6px; border-radius: 8px; margin-left: 6px; }
.red { background: #d93025; color: #fff; } .grey { background: #e8eaed; color: #3c4043; }
.pill { background: #ede7f6; color: #5e35b1; }
.map { position: relative; width: 400px; height: 240px; background: #dfe9d8; }
.zoom { position: absolute; right: 8px; bottom: 8px; display: flex; flex-direction: column; }</style>
<nav><a href="#i" id="inbox">Inbox <span class="n red" id="inbox-n">12</span></a>
<a href="#s" id="spam">Spam <span class="n grey" id="spam-n">3</span></a>
<button id="resp">Responses <span class="n pill" id="resp-n">23</span></button></nav>
<h3>Store finder</h3>
<div class="map" role="img" aria-label="지도"><div class="zoom">
<button id="zin" aria-label="Zoom in">+</button><button id="zout" aria-label="Zoom out">−</button></div></div>
<div class="zoom" style="position: static"><button id="text-out">Zoom out of the text</button></div>
<table style="margin-left: 600px">"""
    + "".join(f"<tr><td>Mail {i}</td><td><button>Spam ▾</button></td></tr>" for i in range(7))
    + "</table>"
)


async def test_a_count_badge_inside_a_control_is_its_own_thing(wide: PwPage) -> None:
    """A count or a pill with its own fill inside a link or a button is listed apart from its control, so a
    colour word finds it; the control is still what its words name."""
    obs = await seen(wide, COUNTS)
    assert await points_at(wide, await ground(obs, "the red badge next to Inbox"), "#inbox-n")
    assert await points_at(wide, await ground(obs, "the purple 23 badge"), "#resp-n")
    assert await points_at(wide, await ground(obs, "Inbox"), "#inbox")
    assert await points_at(wide, await ground(obs, "Responses button"), "#resp")
    assert not (await ground(obs, "the green badge next to Spam")).found
    # seven "Spam ▾" buttons in a table say Spam better, yet the count is next to the link that says it too
    assert await points_at(wide, await ground(obs, "the grey count next to Spam"), "#spam-n")


async def test_the_rest_of_a_query_may_name_the_thing_a_control_lies_on_by_its_kind(wide: PwPage) -> None:
    """In "지도 축소" the zoom-out lies on the map, and the map is known by its kind, not by words."""
    obs = await seen(wide, COUNTS)
    assert await points_at(wide, await ground(obs, "지도 축소"), "#zout")
    assert await points_at(wide, await ground(obs, "map zoom in"), "#zin")
    assert not (await ground(obs, "지도 회전")).found


VALUES = (
    STYLE
    + """
<table><tr><th>Category</th><th>Nov</th><th>Dec</th></tr>
<tr><td>Rent</td><td>1,850</td><td id="rent-dec">1,850</td></tr>
<tr><td>Travel</td><td>96</td><td id="travel-dec" style="color:#d00">402</td></tr>
<tr><td>Gym</td><td style="color:#d00" id="gym-nov">45</td><td>45</td></tr></table>
<div><label>Wi-Fi <input type="checkbox" role="switch" id="wifi" checked></label>
<label>Bluetooth <input type="checkbox" role="switch" id="bt"></label></div>
<nav aria-label="Questions"><button id="q1" aria-label="Question 1, answered">1</button>
<button id="q2" aria-label="Question 2, flagged">2</button><button id="q3" aria-label="Question 3">3</button>
<button id="q4" aria-label="Question 4, flagged">4</button></nav>"""
)


async def test_a_kind_of_value_with_a_place_or_a_look_names_a_value(wide: PwPage) -> None:
    """In "the red number in the Dec column" the text only says what kind of value (a number, a date), the
    column and the colour say which; and "the switch that's off" is a state said after the noun."""
    obs = await seen(wide, VALUES)
    assert await points_at(wide, await ground(obs, "the red number in the Dec column"), "#travel-dec")
    assert await points_at(wide, await ground(obs, "the red number in the Nov column"), "#gym-nov")
    assert await points_at(wide, await ground(obs, "the switch that's off"), "#bt")
    assert not (await ground(obs, "the green number in the Dec column")).found


TIMES = (
    STYLE
    + """
<section><h4>Morning</h4><div class="slots"><button id="m1">8:30 AM</button><button id="m2">9:00 AM</button>
<button id="m3">11:15 AM</button></div></section>
<section><h4>Afternoon</h4><div class="slots"><button id="a1">1:30 PM</button><button id="a2">3:00 PM</button></div>
</section>"""
)


async def test_an_ordinal_over_a_noun_counts_within_the_set_the_other_word_titles(wide: PwPage) -> None:
    obs = await seen(wide, TIMES)
    assert await points_at(wide, await ground(obs, "the earliest afternoon slot"), "#a1")
    assert await points_at(wide, await ground(obs, "the second morning slot"), "#m2")
    assert not (await ground(obs, "the fifth morning slot")).found


async def test_a_state_said_in_an_accessible_name_is_that_state(wide: PwPage) -> None:
    """A navigator that says each button's state in its name ("Question 2, flagged"), not in an attribute."""
    obs = await seen(wide, VALUES)
    assert await points_at(wide, await ground(obs, "the first flagged question"), "#q2")
    assert await points_at(wide, await ground(obs, "the second flagged question"), "#q4")
    assert not (await ground(obs, "the third flagged question")).found


async def test_an_ordinal_noun_need_not_be_in_the_counted_labels(wide: PwPage) -> None:
    obs = await seen(wide, BADGES)
    assert await points_at(wide, await ground(obs, "third room tab"), "#t3")
    assert await points_at(wide, await ground(obs, "the 4th room tab"), "#t4")
    assert not (await ground(obs, "the sixth room tab")).found


async def test_a_grid_drawn_on_a_canvas_has_cells_by_column_and_row() -> None:
    """Titles set left and numbers right, as spreadsheets draw them: a value sits right of its title's word."""
    cols = [("Category", 52), ("Oct", 212), ("Nov", 323), ("Dec", 433), ("Total", 542)]
    rows = [("Rent", ["1,850", "1,850", "1,850", "5,550"]), ("Gym", ["45", "45", "45", "135"]),
            ("Total", ["2,563", "3,140", "2,824", "9,527"])]  # fmt: skip
    spans = [(t, (x, 176.0, 8.0 * len(t), 10.0)) for t, x in cols]
    for r, (key, values) in enumerate(rows):
        y = 202.0 + 26 * r
        spans.append((key, (53.0, y, 8.0 * len(key), 10.0)))
        spans += [(v, (cols[c + 1][1] + 100 - 7.0 * len(v), y, 7.0 * len(v), 10.0)) for c, v in enumerate(values)]
    obs = drawn(spans)
    for query, want in (("nov total", "3,140"), ("Dec for Gym", "45"), ("the total 9,527", "9,527"),
                        ("rent total", "5,550")):  # fmt: skip
        g = await ground(obs, query)
        assert read(g) == want and g.best is not None, (query, g.candidates[:2])
        assert query != "nov total" or 360 < g.best.bbox.x0 < 423, g.best  # the value right of its title's word
    assert not (await ground(obs, "the total 8,888")).found


FORM = (
    STYLE
    + """
<label>주민번호 <input id="rrn" value="900101" readonly></label>
<label>연락처 <input id="tel"></label>
<div role="radiogroup" aria-label="좌석"><button role="radio" id="s1" aria-checked="true">창가</button>
<button role="radio" id="s2" aria-checked="false" aria-disabled="true">룸</button>
<button role="radio" id="s3" aria-checked="false">바</button></div>
<nav><a role="tab" href="#e" id="tab-edit">Edit</a></nav>
<h2>Intro <a href="#1" id="e1">edit</a></h2><h2>History <a href="#2" id="e2">edit</a></h2>
<h2>Climate <a href="#3" id="e3">edit</a></h2>"""
)


async def test_states_said_as_what_cannot_be_done_and_counts_of_the_role_asked(wide: PwPage) -> None:
    obs = await seen(wide, FORM)
    assert await points_at(wide, await ground(obs, "못 고치는 칸"), "#rrn")  # a read-only field
    assert await points_at(wide, await ground(obs, "선택할 수 없는 좌석"), "#s2")
    assert await points_at(wide, await ground(obs, "선택돼 있는 좌석"), "#s1")
    assert await points_at(wide, await ground(obs, "the seat that can't be selected"), "#s2")
    # the tab that says Edit is no edit link: the 2nd link is the second section's
    assert await points_at(wide, await ground(obs, "the 2nd edit link"), "#e2")
    assert not (await ground(obs, "the 5th edit link")).found


async def test_a_bar_value_is_named_by_its_category_under_the_axis() -> None:
    months = ["6월", "7월", "8월", "9월"]
    values = ["21.0만", "22.4만", "24.6만", "19.8만"]
    spans = [(m, (100.0 + 80 * i, 540.0, 16.0, 12.0)) for i, m in enumerate(months)]
    spans += [(v, (94.0 + 80 * i, 380.0 - 20 * i, 30.0, 11.0)) for i, v in enumerate(values)]
    obs = drawn([("최근 6개월 관리비", (90.0, 300.0, 120.0, 16.0)), *spans], lang="ko")
    g = await ground(obs, "8월 금액 표시")
    assert read(g) == "24.6만", g.candidates[:2]
    g = await ground(obs, "the 6월 amount")
    assert read(g) == "21.0만", g.candidates[:2]
    assert not (await ground(obs, "12월 금액")).found


MENUS = (
    STYLE
    + """
<label><input type="checkbox" id="c1"> 입원의료비</label> <label><input type="checkbox" id="c2"> 수술비</label>
<div style="display:flex; gap:40px; margin-top:20px">
  <div><button aria-haspopup="menu" aria-expanded="false" id="k1">⋮</button></div>
  <div><button aria-haspopup="menu" aria-expanded="true" id="k2">⋮</button>
    <ul role="menu" id="m2"><li role="menuitem" id="m2-start">Start</li><li role="menuitem" id="m2-del">Delete</li></ul></div>
  <div><button id="bulk-del">Delete</button></div>
</div>"""
)


async def test_a_bare_action_noun_ends_a_korean_query_and_an_open_popup_is_an_anchor(wide: PwPage) -> None:
    obs = await seen(wide, MENUS)
    assert await points_at(wide, await ground(obs, "수술비 체크"), "#c2")
    assert await points_at(wide, await ground(obs, "delete in the open menu"), "#m2-del")
    assert await points_at(wide, await ground(obs, "열린 메뉴의 Delete"), "#m2-del")
    assert not (await ground(obs, "rename in the open menu")).found


QUESTIONS = STYLE + "".join(
    f'<div class="card" id="q{i}"><b>Question {i}</b><p>{t}</p><button id="d{i}">Delete question</button></div>'
    for i, t in enumerate(["Your name", "Work email", "Team size", "Anything else?"], start=1)
)


async def test_an_ordinal_is_not_doubted_when_the_label_says_no_ordinal_word(wide: PwPage) -> None:
    """ "delete the last question": the label "Delete question" says the rest, not "last" (unlike "Last name")."""
    obs = await seen(wide, QUESTIONS)
    assert await points_at(wide, await ground(obs, "delete the last question"), "#d4")
    assert await points_at(wide, await ground(obs, "delete the second question"), "#d2")
    assert not (await ground(obs, "delete the sixth question")).found  # four: no sixth, so no control of it


MARKS = (
    STYLE
    + """
<style>.dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 8px; }
.lab { display: flex; align-items: center; padding: 4px 10px; color: #202124; text-decoration: none; width: 160px; }
.note { border: 1px solid #ddd; padding: 8px; width: 260px; margin: 6px 0; }
.pill { font-size: 12px; padding: 2px 8px; border-radius: 10px; }</style>
<h3>Labels</h3>
<a class="lab" href="#w" id="work"><span class="dot" style="background: #188038"></span>Work</a>
<a class="lab" href="#f" id="family"><span class="dot" style="background: #9334e6"></span>Family</a>
<a class="lab" href="#t" id="travel"><span class="dot" style="background: #1a73e8"></span>Travel</a>
<div class="note" id="n1" style="border-left: 4px solid #e11d48">Server restart at 02:00</div>
<div class="note" id="n2">Quarterly review moved</div>
<button id="del" style="background: #e11d48; color: #fff">Delete</button>
<button id="keep" style="background: #2563eb; color: #fff">Keep</button>
<p>상태: <span class="pill" id="b1" style="background: #ffebee; color: #c62828">미납</span>
<span class="pill" id="b2" style="background: #e8f5e9; color: #2e7d32">완납</span></p>"""
)


async def test_a_colour_is_a_hue_range_with_soft_edges_and_may_be_carried_by_a_mark(wide: PwPage) -> None:
    """A crimson (hue 347°) is red, a dot before a label gives the label its colour, and a Korean role word
    takes what its English twin does (배지 is a badge: a pill with a pale fill of its text's hue)."""
    obs = await seen(wide, MARKS)
    assert await points_at(wide, await ground(obs, "the red button"), "#del")
    assert await points_at(wide, await ground(obs, "the purple label"), "#family")
    assert await points_at(wide, await ground(obs, "파란 라벨"), "#travel")
    assert await points_at(wide, await ground(obs, "빨간 배지"), "#b1")
    assert await points_at(wide, await ground(obs, "the green label"), "#b2")  # a green pill beats a green dot
    assert not (await ground(obs, "the orange label")).found
    assert not (await ground(obs, "the yellow button")).found


PICKS = (
    STYLE
    + """
<style>.cars { display: flex; gap: 12px; } .car { border: 1px solid #ccc; border-radius: 8px; padding: 10px; width: 160px; }
.car b { display: block; }</style>
<h3>Choose a car</h3>
<div class="cars">
<div class="car" id="c1"><b>Compact</b><span>4 seats · 2023</span><div id="p1">39,000원 <small>/ 1일</small></div></div>
<div class="car" id="c2" aria-current="true"><b>Sedan</b><span>5 seats · 2024</span><div id="p2">52,000원 <small>/ 1일</small></div></div>
<div class="car" id="c3" aria-disabled="true"><b>Van</b><span>9 seats · 마감</span><div id="p3">—</div></div>
</div>
<ul><li>Hill St · open till 9 <button id="set-1">Set as my store</button></li>
<li>Bay Rd · open till 8 <button id="set-2">Set as my store</button></li></ul>"""
)


async def test_a_state_picks_one_of_a_set_named_by_its_kind(wide: PwPage) -> None:
    """Plain boxes that say they are current or unavailable are things of their own; "the unavailable car" and
    "선택된 차량" name them by their kind (words no label says) and their state; "set Bay Rd as my store" is the
    control of that row whose words lie around the row's name, and "checked out" is no state."""
    obs = await seen(wide, PICKS)
    assert await points_at(wide, await ground(obs, "the unavailable car"), "#c3")
    assert await points_at(wide, await ground(obs, "매진된 차량"), "#c3")
    assert await points_at(wide, await ground(obs, "선택된 차량"), "#c2")
    assert await points_at(wide, await ground(obs, "set Bay Rd as my store"), "#set-2")
    assert await points_at(wide, await ground(obs, "set hill st as my store"), "#set-1")
    assert not (await ground(obs, "the expanded car")).found
    assert not (await ground(obs, "the checked out car")).found
    # a kind of value with a form is the text of that form under the name, not the line right below it
    assert await points_at(wide, await ground(obs, "Sedan 가격"), "#p2")
    assert await points_at(wide, await ground(obs, "the Compact price"), "#p1")


FILES = (
    STYLE
    + """
<style>.wrap { display: flex; gap: 24px; } dl { display: grid; grid-template-columns: 80px 1fr; }</style>
<div class="wrap">
<aside><h2>map.png</h2><dl><dt>Type</dt><dd>PNG image</dd><dt>Owner</dt><dd>Teo</dd><dt>Size</dt><dd id="d2">1.2 MB</dd>
<dt>Modified</dt><dd>Mar 9</dd></dl><button>Download</button> <button>Share</button></aside>
<table><tr><th>Name</th><th>Owner</th><th>Size</th></tr>
<tr><th scope="row">notes.txt</th><td>Ines</td><td id="s1">4 KB</td></tr>
<tr><th scope="row">map.png</th><td>Teo</td><td id="s2">1.2 MB</td></tr></table>
</div>"""
)


async def test_a_column_of_a_row_is_its_cell_not_a_label_that_repeats_the_header(wide: PwPage) -> None:
    """A details panel beside a table says "Size" as a label; "size of map.png" is a value, the cell under the
    table's Size column on map.png's line or the panel's, never the label that says the header's word."""
    obs = await seen(wide, FILES)
    g = await ground(obs, "size of map.png")
    assert await points_at(wide, g, "#s2") or await points_at(wide, g, "#d2"), g.candidates[:2]
    assert await points_at(wide, await ground(obs, "size of notes.txt"), "#s1")
    assert await points_at(wide, await ground(obs, "the owner of notes.txt"), "tr:nth-child(2) td:nth-child(2)")


ACTED_ON = (
    STYLE
    + """
<aside><h3>Filters</h3><button id="side-close">Close</button></aside>
<form><label>Title <input></label> <button id="submit" type="submit">Submit</button></form>
<div role="dialog" aria-label="Share" style="position: fixed; top: 200px; left: 500px; padding: 16px; border: 1px solid #999">
<p>Share this board</p><button id="dlg-close">Close</button> <button>Copy link</button></div>
<div role="status" style="position: fixed; bottom: 20px; left: 20px">Saved. <button id="toast-x" aria-label="Dismiss">✕</button></div>"""
)


async def test_an_action_on_a_passing_part_of_the_page_is_its_control(wide: PwPage) -> None:
    """ "close the dialog" is the dialog's Close, not the sidebar's; "submit this form" is the form's Submit;
    "dismiss the toast" is the status message's ✕; an action word with a part but no article is a label."""
    obs = await seen(wide, ACTED_ON)
    assert await points_at(wide, await ground(obs, "close the dialog"), "#dlg-close")
    assert await points_at(wide, await ground(obs, "submit this form"), "#submit")
    assert await points_at(wide, await ground(obs, "dismiss the toast"), "#toast-x")
    assert not (await ground(obs, "Delete dialog")).found


STEPS = (
    STYLE
    + """
<form><p><label>Country <select id="country"><option>Korea</option><option>Japan</option></select></label></p>
<p>Résumé <label id="pick" for="cv">파일 선택</label><input id="cv" type="file" hidden></p>
<button type="button" id="back">Back</button> <button id="go">Continue</button></form>"""
)


async def test_a_step_is_next_or_back_and_a_trailing_choose_may_be_the_verb(wide: PwPage) -> None:
    """ "다음 단계로 가기" and "go to the next step" are Continue, "이전 단계" is Back; "국가 선택" is the Country
    select ("select country"), while a label that says 선택 itself ("파일 선택") is still found by it."""
    obs = await seen(wide, STEPS)
    assert await points_at(wide, await ground(obs, "다음 단계로 가기"), "#go")
    assert await points_at(wide, await ground(obs, "go to the next step"), "#go")
    assert await points_at(wide, await ground(obs, "이전 단계"), "#back")
    assert await points_at(wide, await ground(obs, "국가 선택"), "#country")
    assert await points_at(wide, await ground(obs, "파일 선택"), "#pick")


TOGGLES = (
    STYLE
    + """
<h2>Notifications</h2>
<label><input type="checkbox" role="switch" id="email" checked> Email notifications</label><br>
<label><input type="checkbox" role="switch" id="push"> Push notifications</label><br>
<label><input type="checkbox" role="switch" id="digest" checked> Weekly digest</label>"""
)


async def test_switching_a_control_on_or_off_names_it_whatever_its_state(wide: PwPage) -> None:
    """ "turn off email notifications" is the switch that says so, on or off ("notifications" is a word of its
    label, not a role; "push" is not a verb there); 켜기, 끄기 and 비활성화 end Korean ones."""
    obs = await seen(wide, TOGGLES)
    assert await points_at(wide, await ground(obs, "turn off email notifications"), "#email")
    assert await points_at(wide, await ground(obs, "enable push notifications"), "#push")
    assert await points_at(wide, await ground(obs, "disable the weekly digest"), "#digest")
    assert await points_at(wide, await ground(obs, "이메일 알림 끄기"), "#email")
    assert await points_at(wide, await ground(obs, "푸시 알림 켜기"), "#push")
    assert await points_at(wide, await ground(obs, "주간 요약 비활성화"), "#digest")
    assert not (await ground(obs, "turn off dark mode")).found


ORDERS = (
    STYLE
    + """
<table><tr><th>Order</th><th>Customer</th><th>Actions</th></tr>
<tr><td>#1001</td><td>Alice Kim</td><td><button>View</button> <button id="r1">Refund</button></td></tr>
<tr><td>#1002</td><td>Bob Lee</td><td><button>View</button> <button id="r2">Refund</button></td></tr>
<tr><td>#1003</td><td>박지민</td><td><button>View</button> <button id="r3">Refund</button></td></tr></table>"""
)


async def test_a_verb_before_whose_thing_it_is_is_not_part_of_the_name(wide: PwPage) -> None:
    """ "refund Bob's order" is the Refund button in Bob's row: the verb is not a word of the owner's name."""
    obs = await seen(wide, ORDERS)
    assert await points_at(wide, await ground(obs, "refund Bob's order"), "#r2")
    assert await points_at(wide, await ground(obs, "refund Bob Lee's order"), "#r2")
    assert await points_at(wide, await ground(obs, "refund 박지민's order"), "#r3")
    # written in lower case, a name the page says whole is the owner, not a verb and a name
    g = await ground(obs, "alice kim's order")
    assert g.best is not None and g.best.element is not None and "Refund" not in g.best.element.name


CHECKOUT = (
    STYLE
    + """<html lang="ko"><header><a href="/" aria-label="마켓"><b>MARKET</b></a> <a href="/help">고객센터</a></header>
<h2>장바구니</h2>
<table>
<tr><th><input type="checkbox" aria-label="전체 선택" checked></th><th>상품 정보</th><th>가격</th><th></th></tr>
<tr><td><input type="checkbox" id="c1" aria-label="무선 이어폰 선택"></td><td>무선 이어폰</td><td>89,000원</td>
<td><button id="x1">삭제</button></td></tr>
<tr><td><input type="checkbox" id="c2" aria-label="보조배터리 선택"></td><td>보조배터리</td><td>39,800원</td>
<td><button id="x2">삭제</button></td></tr>
<tr><td><input type="checkbox" id="c3" aria-label="휴대폰 케이스 선택"></td><td>휴대폰 케이스</td><td>12,000원</td>
<td><button id="x3">삭제</button></td></tr>
</table>
<p>배송지: 서울시 강남구 테헤란로 123 <button id="addr">변경</button></p>
<p><label><input type="radio" name="pay" id="card" checked> 신용카드</label>
<label><input type="radio" name="pay" id="kakao"> 카카오페이</label>
<label><input type="radio" name="pay" id="bank"> 무통장입금</label></p>
<footer><a href="/privacy">Privacy policy</a> · <a href="/returns">Returns &amp; refunds</a></footer>"""
)


async def test_a_korean_verb_ends_the_query_and_a_row_is_selected_by_its_checkbox(wide: PwPage) -> None:
    """ "두 번째 상품 삭제" is the second row's 삭제 (Korean puts the verb last), not a cell; selecting or checking
    a row ("select the first product", "세 번째 상품 선택") is its own checkbox; past the end is not found."""
    obs = await seen(wide, CHECKOUT)
    assert await points_at(wide, await ground(obs, "두 번째 상품 삭제"), "#x2")
    assert await points_at(wide, await ground(obs, "delete the second product"), "#x2")
    assert await points_at(wide, await ground(obs, "select the first product"), "#c1")
    assert await points_at(wide, await ground(obs, "첫 번째 상품 선택"), "#c1")
    assert await points_at(wide, await ground(obs, "세 번째 상품 체크"), "#c3")
    assert not (await ground(obs, "다섯 번째 상품 삭제")).found


async def test_the_means_a_thing_is_done_with_and_a_keyed_line_name_the_control(wide: PwPage) -> None:
    """ "pay with Kakao Pay" / "카카오페이로 결제" is the option that says how (a radio's group name "pay" is not
    its label); "배송지 변경" / "change shipping address" is the button on the line the key 배송지 opens."""
    obs = await seen(wide, CHECKOUT)
    assert await points_at(wide, await ground(obs, "pay with kakao pay"), "#kakao")
    assert await points_at(wide, await ground(obs, "카카오페이로 결제"), "#kakao")
    assert await points_at(wide, await ground(obs, "무통장입금으로 결제하기"), "#bank")
    assert not (await ground(obs, "pay with paypal")).found
    assert await points_at(wide, await ground(obs, "배송지 변경"), "#addr")
    assert await points_at(wide, await ground(obs, "change shipping address"), "#addr")


async def test_home_is_the_link_to_the_root_and_two_links_are_not_one_name(wide: PwPage) -> None:
    """The logo linking to "/" is the way home; "return policy" is not Privacy policy beside Returns & refunds."""
    obs = await seen(wide, CHECKOUT)
    assert await points_at(wide, await ground(obs, "home page"), "header a[href='/']")
    assert await points_at(wide, await ground(obs, "홈으로"), "header a[href='/']")
    g = await ground(obs, "return policy")
    assert not (g.found and g.best is not None and g.best.label == "Privacy policy"), g.candidates[:2]


MAILBOX = (
    INBOX
    + """<div><button aria-label="Delete">🗑</button> <button aria-label="Mark as read">✉</button></div>
<ul><li><a href="#inbox" aria-current="page">Inbox</a></li><li><a href="#sent">Sent</a></li></ul>
<ul><li>Potrero Hill · <span>Closed</span></li><li>Mission Bay · <span>Open until 9</span></li></ul>"""
)


async def test_a_state_after_a_verb_and_a_clause_that_says_what_a_thing_is(wide: PwPage) -> None:
    """ "delete selected" and "mark selected as read" are the controls that say the verb, not the current folder;
    "unstar" is the Star toggle; "the store that is closed right now" reads as "the closed store"."""
    obs = await seen(wide, MAILBOX)
    assert await points_at(wide, await ground(obs, "delete selected"), "[aria-label=Delete]")
    assert await points_at(wide, await ground(obs, "mark selected as read"), "[aria-label='Mark as read']")
    assert not (await ground(obs, "print selected")).found
    assert await points_at(wide, await ground(obs, "unstar the email from Omar Lindqvist"),
                           ".row:nth-child(2) [aria-label=Star]")  # fmt: skip
    assert await points_at(wide, await ground(obs, "select the third email"), ".row:nth-child(3) [aria-label=Select]")
    g = await ground(obs, "the store that is closed right now")
    assert await points_at(wide, g, "li:has-text('Potrero Hill')") or await points_at(wide, g, "li span:text('Closed')")


USERS = (
    STYLE
    + """<h3>Price</h3><table><tr><th><button id="h-name">Name</button></th><th><button id="h-email">Email</button></th>
<th><button id="h-last">Last active</button></th><th id="h-role">Role</th></tr>
<tr><td>Ana Souza</td><td>ana@example.com</td><td>2 hours ago</td><td>Admin</td></tr>
<tr><td>Ben Okafor</td><td>ben@example.com</td><td>Yesterday</td><td>Member</td></tr></table>"""
)


async def test_sorting_by_a_key_is_its_columns_header(wide: PwPage) -> None:
    """ "sort by email" is the Email header's button ("active" in "last active" is not a state), a header without
    one is the header itself, and a heading that says the key is not a column ("sort by price")."""
    obs = await seen(wide, USERS)
    assert await points_at(wide, await ground(obs, "sort by email"), "#h-email")
    assert await points_at(wide, await ground(obs, "sort by last active"), "#h-last")
    assert await points_at(wide, await ground(obs, "order the users by name"), "#h-name")
    assert await points_at(wide, await ground(obs, "sort by role"), "#h-role")
    g = await ground(obs, "sort by price")
    assert not (g.found and g.best is not None and g.best.label == "Price"), g.candidates[:2]


async def test_the_current_page_is_selected_but_not_checked(wide: PwPage) -> None:
    """A link marked as the current page (Inbox) is the selected folder, but no email is ticked until one is."""
    obs = await seen(wide, MAILBOX)
    assert await points_at(wide, await ground(obs, "the selected folder"), "a[aria-current=page]")
    assert not (await ground(obs, "the checked email")).found
    await wide.locator(".row:nth-child(2) [aria-label=Select]").check()
    obs = await observe(wide, ocr="off")
    g = await ground(obs, "the checked email")
    assert await points_at(wide, g, ".row:nth-child(2)") or await points_at(
        wide, g, ".row:nth-child(2) [aria-label=Select]"
    )


DRIVE = (
    STYLE
    + """<div><button id="up">⬆ Upload</button> <button id="save">저장</button> <a href="/cart" id="cart">장바구니</a>
</div>
<div class="row" role="row"><span>📄 report.pdf · me · Jun 3, 2025</span><span>8 MB</span>
<button id="m1" aria-label="More actions for report.pdf">⋯</button></div>
<div class="row" role="row"><span>📊 budget.xlsx · me · May 1, 2025</span><span>1 MB</span>
<button id="m2" aria-label="More actions for budget.xlsx">⋯</button></div>
<div class="row" role="row"><span>🖼 photo.jpg · Lee Min · Apr 2, 2025</span><span>3 MB</span>
<button id="m3" aria-label="More actions for photo.jpg">⋯</button></div>
<p><button>More options</button></p>"""
)


async def test_a_glyph_in_a_query_and_an_object_a_label_leaves_off(wide: PwPage) -> None:
    """A glyph written as a word of the query counts the controls it stands for ("the second ⋯ button") and is
    the one whose own name says what it is next to; "upload
    a file", "파일 업로드" and "save changes" are Upload and 저장, whose labels leave the object off; 열기 ends a
    Korean query as a plain verb, and the thing opened is named closely (설정 is not More options)."""
    obs = await seen(wide, DRIVE)
    assert await points_at(wide, await ground(obs, "the second ⋯ button"), "#m2")
    assert await points_at(wide, await ground(obs, "두 번째 ⋯ 버튼"), "#m2")
    # the ⋯ whose own name says the file is the one next to it, not its neighbour
    assert await points_at(wide, await ground(obs, "⋯ next to budget.xlsx"), "#m2")
    assert await points_at(wide, await ground(obs, "the ⋯ next to photo.jpg"), "#m3")
    assert await points_at(wide, await ground(obs, "upload a file"), "#up")
    assert await points_at(wide, await ground(obs, "파일 업로드"), "#up")
    assert await points_at(wide, await ground(obs, "save changes"), "#save")
    assert await points_at(wide, await ground(obs, "장바구니 열기"), "#cart")
    assert not (await ground(obs, "설정 열기")).found
    assert not (await ground(obs, "download file")).found


# a Korean app built of plain boxes with click handlers: no roles, states in class names, rows with numbered ids
SOUP = (
    STYLE
    + """<html lang="ko"><style>.b { display: inline-block; padding: 6px 12px; border: 1px solid #ccc;
cursor: pointer; } .row { display: flex; gap: 12px; align-items: center; padding: 4px 0; } .card { width: 300px;
height: 90px; border: 1px solid #ddd; cursor: pointer; } .card.selected { border-color: #06f; }
.d { color: #888; font-size: 12px; }</style>
<div><div class="b" id="prev" onclick="history.back()">이전</div> <div class="b" id="next">다음</div></div>
<div class="card" id="acct-1" onclick="pick(1)"><b>생활비 통장</b> 1,200,000원</div>
<div class="card selected" id="acct-2" onclick="pick(2)"><b>비상금 통장</b> 500,000원</div>
<div id="menu">
<div class="row" id="menu-1"><div><div class="n">떡볶이</div><div class="d">국물 떡볶이</div></div>
<div class="b" id="add-1">담기</div></div>
<div class="row" id="menu-2"><div><div class="n">콜라 1.25L</div><div class="d">코카콜라</div></div>
<div class="b" id="add-2">담기</div></div></div>
<div id="saved"><div class="row"><span>김민수 국민 123-45</span>
<span class="b" id="del-1" aria-label="삭제">✕</span></div>
<div class="row"><span>박지훈 신한 987-65</span><span class="b" id="del-2" aria-label="삭제">✕</span></div></div>
</html>"""
)
ATTACHED = (
    STYLE
    + """<html lang="ko"><h3>첨부파일</h3><div class="row"><span>위임장.pdf</span>
<span id="f1" aria-label="위임장.pdf 파일 삭제" onclick="rm(1)">✕</span></div>
<div class="row"><span>신분증.jpg</span><span id="f2" aria-label="신분증.jpg 파일 삭제" onclick="rm(2)">✕</span></div>
<div><span onclick="add()" id="add">파일 추가</span></div></html>"""
)


async def test_plain_boxes_with_click_handlers_are_controls_and_say_their_state_in_class_names(wide: PwPage) -> None:
    """A box made clickable by a handler or a pointer cursor is what "버튼" names, and a tall one (a card) is not;
    a class name says its state ("the selected account"); numbered ids (#menu-2) tell which row a control is in,
    even where the rows do not repeat a tag; a name in Latin letters finds its Hangul ("remove Park Jihoon");
    a control named "X 파일 삭제" says the verb 삭제 ("두 번째 첨부파일 삭제")."""
    obs = await seen(wide, SOUP)
    assert await points_at(wide, await ground(obs, "이전 버튼"), "#prev")
    states = {e.selector: e.states for e in obs.elements}
    assert states["#acct-2"].selected is True and states["#acct-1"].selected is None
    assert await points_at(wide, await ground(obs, "the selected account"), "#acct-2")
    assert await points_at(wide, await ground(obs, "add cola to cart"), "#add-2")
    assert await points_at(wide, await ground(obs, "콜라 담기"), "#add-2")
    assert await points_at(wide, await ground(obs, "remove Park Jihoon"), "#del-2")
    files = await seen(wide, ATTACHED)
    assert await points_at(wide, await ground(files, "두 번째 첨부파일 삭제"), "#f2")
    assert await points_at(wide, await ground(files, "첫 번째 파일 삭제"), "#f1")


CALL = (
    STYLE
    + """<div style="display: flex; gap: 40px"><section><h3>To do</h3><div class="card">Write the brief</div>
<button id="add-todo">Add a card</button></section>
<section><h3>Done</h3><div class="card">Ship the beta</div><button id="add-done">Add a card</button></section></div>
<div><button id="mic" aria-label="Turn on microphone">🎤</button> <button id="cam" aria-label="Turn off camera">📷</button>
<button id="leave" aria-label="Leave call">📞</button> <button id="new-list" aria-label="Create playlist">+</button></div>
<div role="listbox" aria-label="Time slots"><div role="option" id="t1">9:00</div><div role="option" id="t2">9:30</div>
<div role="option" id="t3">10:00</div></div>"""
)


async def test_role_words_in_labels_phrasal_verbs_and_the_members_of_a_named_set(wide: PwPage) -> None:
    """ "add card in the Done column" is the Add a card button there (the role word is a word of its label);
    "turn on my mic" is the switch that says so, not a Turn-off control beside it; "hang up" leaves the call and
    "make a new playlist" creates one; "the last time slot" is the last option of the list named Time slots."""
    obs = await seen(wide, CALL)
    assert await points_at(wide, await ground(obs, "add card in the Done column"), "#add-done")
    assert await points_at(wide, await ground(obs, "turn on my mic"), "#mic")
    assert await points_at(wide, await ground(obs, "hang up"), "#leave")
    assert await points_at(wide, await ground(obs, "make a new playlist"), "#new-list")
    assert await points_at(wide, await ground(obs, "last time slot"), "#t3")


TILES = (
    STYLE
    + """<html lang="en"><style>.dv { position: relative; display: inline-block; width: 220px; height: 100px;
margin: 6px; border: 1px solid #ddd; cursor: pointer; vertical-align: top; } .tg { position: absolute; right: 12px;
bottom: 12px; width: 40px; height: 22px; border-radius: 11px; background: #ccc; } .tg::after { content: "";
position: absolute; top: 3px; left: 3px; width: 16px; height: 16px; border-radius: 50%; background: #fff; }
.lrow { display: flex; gap: 8px; width: 280px; height: 36px; align-items: center; cursor: pointer; }
.eye { width: 28px; height: 28px; display: flex; } .item { width: 420px; height: 70px; border-bottom: 1px solid #eee;
cursor: pointer; } .badge { font-size: 12px; background: #eee; padding: 2px 6px; }</style>
<div><div class="dv" id="dev-lamp"><div>Floor Lamp</div><div>Living Room</div><div class="tg" id="tg-lamp"></div></div>
<div class="dv" id="dev-tv"><div>TV</div><div>Living Room</div><div class="tg on" id="tg-tv"></div></div></div>
<div><div class="dv" id="dev-air"><div>Air Purifier</div><div>Bedroom</div><div class="tg on" id="tg-air"></div></div>
<div class="dv" id="dev-fan"><div>Ceiling Fan</div><div>Bedroom</div><div class="tg" id="tg-fan"></div></div></div>
<div id="layers"><div class="lrow" id="layer-grad"><span class="eye" id="eye-grad" title="Toggle layer visibility">
<svg width="16" height="16"><circle cx="8" cy="8" r="5"/></svg></span><span>Gradient fill</span></div>
<div class="lrow" id="layer-bg"><span class="eye" id="eye-bg" title="Toggle layer visibility">
<svg width="16" height="16"><circle cx="8" cy="8" r="5"/></svg></span><span>Background</span></div></div>
<div lang="ko"><div class="item" id="it-1"><div>캠핑 의자</div><div>역삼동 · 30,000원</div></div>
<div class="item" id="it-2"><div><span class="badge">거래완료</span> 자전거</div><div>대치동 · 120,000원</div></div>
<div class="item" id="it-3"><div><span class="badge">예약중</span> 전기포트</div><div>역삼동 · 15,000원</div></div></div>
<div><button id="emoji" aria-label="Emoji">☺</button> <button id="attach" aria-label="Attach file">📎</button></div>
</html>"""
)


async def test_drawn_switches_in_tiles_icons_in_rows_and_things_a_badge_names(wide: PwPage) -> None:
    """A drawn switch belongs to the tile it sits in, not to the tile below; "gradient fill layer" is the layer
    row, not the eye icon whose title says "layer"; "거래완료된 물건" is the listing whose badge says so; a place
    the page does not name ("in the message composer") neither finds nor hides the Emoji button."""
    obs = await seen(wide, TILES)
    assert await points_at(wide, await ground(obs, "the switch on the Air Purifier tile"), "#tg-air")
    assert await points_at(wide, await ground(obs, "Floor Lamp 스위치"), "#tg-lamp")
    assert await points_at(wide, await ground(obs, "eye icon of the Background layer"), "#eye-bg")
    assert await points_at(wide, await ground(obs, "gradient fill layer"), "#layer-grad")
    assert await points_at(wide, await ground(obs, "거래완료된 물건"), "#it-2")
    assert await points_at(wide, await ground(obs, "emoji button in the message composer"), "#emoji")


ROOMS = (
    STYLE
    + """<html lang="ko"><style>.chips { display: flex; gap: 8px; margin-bottom: 12px; }
.chip { padding: 6px 12px; border: 1px solid #ccc; border-radius: 14px; cursor: pointer; }
.grid { display: grid; grid-template-columns: repeat(4, 230px); gap: 12px; }
.room, .plan { border: 1px solid #ddd; border-radius: 8px; padding: 12px; } .room.sold-out { opacity: .5; }
.bk { display: inline-block; margin-top: 8px; padding: 6px 12px; background: #2563eb; color: #fff; cursor: pointer; }
.scene { display: inline-block; width: 120px; height: 60px; margin: 4px; border: 1px solid #ccc; }
.device { display: inline-block; width: 280px; height: 110px; margin: 4px; border: 1px solid #ccc; }
.cols { display: flex; gap: 12px; } .col { width: 380px; }</style>
<h2>객실 선택</h2>
<div class="chips"><span class="chip" id="f-all">전체</span><span class="chip" id="f-ocean">오션뷰</span>
<span class="chip" id="f-city">시티뷰</span><span class="chip" id="f-family">패밀리</span><span class="chip" id="f-deal">특가</span></div>
<div class="grid">
 <div class="room" id="room-1"><div>스탠다드 더블</div><div>기준 2인 · 22㎡</div><b>129,000원</b><br><span class="bk" id="book-1">예약하기</span></div>
 <div class="room" id="room-2"><div>디럭스 트윈</div><div>기준 2인 · 30㎡</div><b>159,000원</b><br><span class="bk" id="book-2">예약하기</span></div>
 <div class="room sold-out" id="room-3"><div>스위트 테라스</div><div>기준 2인 · 66㎡</div><b>389,000원</b><br><span class="bk" id="book-3">예약마감</span></div>
 <div class="room" id="room-4"><div>온돌 패밀리</div><div>기준 4인 · 40㎡</div><b>199,000원</b><br><span class="bk" id="book-4">예약하기</span></div>
</div>
<div lang="en"><h3>Scenes</h3>
<div><div class="scene" id="scene-1"><b>Good morning</b><div>6 devices</div></div><div class="scene" id="scene-2"><b>Movie night</b><div>4 devices</div></div><div class="scene" id="scene-3"><b>Bedtime</b><div>9 devices</div></div></div>
<div><div class="device" id="dev-1"><b>Ceiling light</b><div>Living room</div></div><div class="device" id="dev-2"><b>Floor lamp</b><div>Living room</div></div><div class="device" id="dev-3"><b>Kettle</b><div>Kitchen</div></div></div></div>
<div><span class="chip" id="tab-plan">요금제 변경</span></div>
<div class="grid">
 <div class="plan" id="plan-1"><div>5G 프리미엄</div><b>월 89,000원</b><br><span class="bk" id="chg-1">변경하기</span></div>
 <div class="plan" id="plan-2"><div>5G 스탠다드</div><b>월 69,000원</b><br><span class="bk" id="chg-2">변경하기</span></div>
 <div class="plan" id="plan-3"><div>5G 슬림</div><b>월 55,000원</b><br><span class="bk" id="chg-3">변경하기</span></div>
</div></html>"""
)


async def test_an_ordinal_counts_the_set_of_cards_the_noun_names(wide: PwPage) -> None:
    """Cards nobody marked up (plain boxes, one class, several things in each) are counted, not the row of
    filter chips above them; a set whose title names the noun ("Scenes") is counted, not a bigger set beside it;
    a noun of one syllable counts ("두 번째 방"); "두번째 방 예약하기" is that card's control, and "두번째 요금제
    변경하기" counts the control each plan card has, not a tab that says it too; a class that says a card is sold
    out makes it the unavailable one."""
    obs = await seen(wide, ROOMS)
    assert await points_at(wide, await ground(obs, "세 번째 객실"), "#room-3")
    assert await points_at(wide, await ground(obs, "the last room"), "#room-4")
    assert await points_at(wide, await ground(obs, "두 번째 방"), "#room-2")
    assert await points_at(wide, await ground(obs, "두번째 방 예약하기"), "#book-2")
    assert await points_at(wide, await ground(obs, "예약 마감된 객실"), "#room-3")
    assert await points_at(wide, await ground(obs, "the second scene"), "#scene-2")
    assert await points_at(wide, await ground(obs, "두번째 요금제 변경하기"), "#chg-2")
    assert not (await ground(obs, "the fifth scene")).found


SHADES = (
    STYLE
    + """<html lang="ko"><style>.cta { display: inline-block; padding: 14px 40px; cursor: pointer; margin: 8px; }
.map { width: 600px; height: 160px; background: #eef2e6; position: relative; }
.map span { position: absolute; color: #b58a00; background: #fff3b0; font-size: 12px; }</style>
<div class="map"><span style="left: 40px; top: 30px">테헤란로</span><span style="left: 300px; top: 90px">역삼역</span></div>
<div class="cta" id="later" style="background: #e5e7eb">나중에</div>
<div class="cta" id="call" style="background: #facc15">블루 호출하기</div>
<div class="cta" id="pay" style="background: #166534; color: #fff">결제하기</div></html>"""
)


async def test_a_look_alone_names_the_one_control_that_has_it(wide: PwPage) -> None:
    """ "노란색 큰 버튼": words that only say how it looks (big, dark) and a colour name the one control of that
    colour, whatever it says; yellow text that is no control does not count; no control of that colour, none."""
    obs = await seen(wide, SHADES)
    assert await points_at(wide, await ground(obs, "노란색 큰 버튼"), "#call")
    assert await points_at(wide, await ground(obs, "the big yellow button"), "#call")
    assert await points_at(wide, await ground(obs, "the dark green button"), "#pay")
    assert not (await ground(obs, "빨간 큰 버튼")).found


TRAINS = (
    STYLE
    + """<html lang="ko"><h2>주간 리포트</h2>
<div style="border: 1px solid #ccc; width: 480px; padding: 8px"><b>걸음 수</b>
  <div id="range" style="margin: 6px 0">Dec 1 – Dec 7</div><button id="more">자세히</button></div>
<div class="row"><span id="n204">ITX 204</span><span>09:10</span><button id="book-204">Book</button></div>
<div class="row"><span id="n206">ITX 206</span><span>11:40</span><button id="book-206">Book</button></div>
<div class="row"><span id="n208">ITX 208</span><span>14:25</span><button id="book-208">Book</button></div></html>"""
)


async def test_a_label_said_inside_words_that_only_say_what_it_is(wide: PwPage) -> None:
    """ "날짜 범위 Dec 1 – Dec 7": a run of the query that is a label on the page, written in the other script or
    with digits, is that label when the other words only say what kind of thing it is; where they name something
    done to it or a place ("book on ITX 206", "ITX 206 열차 시간"), the run is an anchor, not the target."""
    obs = await seen(wide, TRAINS)
    g = await ground(obs, "날짜 범위 Dec 1 – Dec 7")
    assert await points_at(wide, g, "#range"), g.candidates[:2]
    assert await points_at(wide, await ground(obs, "the Dec 1 – Dec 7 period"), "#range")
    assert await points_at(wide, await ground(obs, "기간 Dec 1 – Dec 7 문구"), "#range")
    g = await ground(obs, "book a seat on ITX 206")
    assert not await points_at(wide, g, "#n206"), g.candidates[:2]
    g = await ground(obs, "ITX 206 예약 취소")  # no control cancels: other words than kinds, on a text
    assert not await points_at(wide, g, "#n206"), g.candidates[:2]
    assert not (await ground(obs, "날짜 범위 Jan 5 – Jan 11")).found


async def test_a_role_the_page_marks_up_nowhere_may_be_drawn() -> None:
    """ "BGM toggle" on a canvas game: nothing on the page is a switch, so the drawn "BGM ON" is the toggle; where the
    page marks up switches, drawn text is less likely to be one."""
    spans = [("BGM ON", (1060, 40, 80, 18)), ("SFX", (1060, 80, 40, 18)), ("START", (560, 600, 160, 40))]
    alone = await ground(drawn(spans), "BGM toggle")
    assert read(alone) == "BGM ON", alone.candidates[:2]
    switch = Element(
        index=1, role="switch", name="Wi-Fi", tag="button", states=ElementStates(checked=False),
        bbox=BBox(x0=40, y0=300, x1=90, y1=324, space="css_px"),
    )  # fmt: skip
    obs = drawn(spans)
    beside = await ground(obs.model_copy(update={"elements": (*obs.elements, switch)}), "BGM toggle")
    assert beside.candidates and alone.best is not None and beside.candidates[0].score < alone.best.score
    assert not (await ground(drawn(spans), "the volume slider")).found


HALLS = (
    STYLE
    + """<style>.hall { border: 1px solid #ddd; border-radius: 8px; padding: 12px; margin: 10px 0; width: 700px; }
.hall .meta { color: #777; font-size: 13px; margin: 4px 0 8px; }
.time { display: inline-block; border: 1px solid #bbb; border-radius: 6px; padding: 6px 10px; margin-right: 8px;
  cursor: pointer; }</style>
<h2>Showtimes</h2>
<div class="hall"><b>2D</b> Hall 3<div class="meta">2D · 180 seats</div>
  <div class="time" id="t-2d-1">10:20 120/180</div><div class="time" id="t-2d-2">13:40 96/180</div></div>
<div class="hall"><b>4DX</b> Hall 5<div class="meta">4DX · 120 seats</div>
  <div class="time" id="t-4dx-1">11:15 30/120</div><div class="time" id="t-4dx-2">15:00 60/120</div>
  <div class="time" id="t-4dx-3">18:45 5/120</div></div>
<div class="hall"><b>IMAX</b> Hall 1<div class="meta">IMAX · 300 seats</div>
  <div class="time" id="t-imax-1">12:00 210/300</div><div class="time" id="t-imax-2">19:30 44/300</div></div>"""
)


async def test_the_things_a_card_holds_are_counted_not_the_lines_that_describe_it(wide: PwPage) -> None:
    """ "the last 4DX showtime": the times of the 4DX hall are the showtimes counted, not the line under each
    hall's title that repeats down the page ("4DX · 120 seats")."""
    obs = await seen(wide, HALLS)
    g = await ground(obs, "the last 4DX showtime")
    assert await points_at(wide, g, "#t-4dx-3"), g.candidates[:2]
    assert await points_at(wide, await ground(obs, "the first IMAX showtime"), "#t-imax-1")
    assert not (await ground(obs, "the fourth IMAX showtime")).found


LAYERS = (
    STYLE
    + """<style>.tab, .layer { display: inline-block; padding: 6px 12px; cursor: pointer; }
.tab.sel { border-bottom: 2px solid #06c; } .layer { display: block; width: 240px; } .layer.sel { background: #def; }
.sw { width: 36px; height: 18px; border-radius: 9px; background: #bbb; cursor: pointer; display: inline-block; }
.sw::after { content: ""; display: block; width: 14px; height: 14px; margin: 2px; border-radius: 7px; background: #fff; }
</style>
<div class="tabs"><div class="tab sel" id="tab-canvas">Canvas</div><div class="tab" id="tab-history">History</div>
  <div class="tab" id="tab-brushes">Brushes</div></div>
<h3>Layers</h3>
<div class="list"><div class="layer" id="l-1">Background</div><div class="layer sel" id="l-2">Title text</div>
  <div class="layer" id="l-3">Logo</div></div>
<div class="bar"><button id="del-layer">삭제</button><button id="dup-layer">복제</button></div>
<p>Metronome <span class="sw" id="metro" title="Metronome" onclick="this.classList.toggle('on')"></span></p>"""
)


async def test_short_state_classes_verbs_on_selected_things_and_split_toggles(wide: PwPage) -> None:
    """A short class (``sel``) that tells a box from its alike siblings marks it selected; "선택한 레이어 삭제 버튼"
    is the control that deletes, not a selected thing; "turn the metronome on" asks for its switch."""
    obs = await seen(wide, LAYERS)
    by_id = {e.attributes.get("id"): e for e in obs.elements}
    assert by_id["tab-canvas"].states.selected and not by_id["tab-history"].states.selected
    assert by_id["l-2"].states.selected and not by_id["l-1"].states.selected
    assert await points_at(wide, await ground(obs, "선택한 레이어 삭제 버튼"), "#del-layer")
    assert await points_at(wide, await ground(obs, "turn the metronome on"), "#metro")
    assert not (await ground(obs, "선택한 레이어 내보내기 버튼")).found


FARES = (
    STYLE
    + """<style>.fare { border: 1px solid #ccc; border-radius: 8px; padding: 10px; margin: 8px 0; width: 640px;
  display: flex; gap: 16px; align-items: center; } .go { background: #1565c0; color: #fff; padding: 6px 14px;
  border-radius: 6px; cursor: pointer; }</style>
<h2>Flights to Jeju</h2>
<div class="fare"><b>Air North 402</b><span>07:10 – 09:25</span><span>$212</span><div class="go" id="go-1">Select</div></div>
<div class="fare"><b>Blue Sky 118</b><span>08:40 – 10:55</span><span>$189</span><div class="go" id="go-2">Hide fares</div></div>
<div class="fare"><b>Cedar Air 77</b><span>10:15 – 12:30</span><span>$198</span><div class="go" id="go-3">Select</div></div>
<div class="fare"><b>Delta Wing 9</b><span>13:05 – 15:20</span><span>$176</span><div class="go" id="go-4">Select</div></div>"""
)


async def test_an_ordinal_over_cards_counts_the_cards_not_their_controls(wide: PwPage) -> None:
    """ "the Select button on the third flight in the results" (a list nothing names): the third card holds it,
    though the second card's control says "Hide fares" (counting the Select buttons would give the fourth card's)."""
    obs = await seen(wide, FARES)
    g = await ground(obs, "the Select button on the third flight in the results")
    assert await points_at(wide, g, "#go-3"), g.candidates[:2]
    assert await points_at(wide, await ground(obs, "the Select button on the first flight"), "#go-1")
