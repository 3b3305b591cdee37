"""The query grammar: text, role words, ordinals, relations, places, colours, states and attributes,
in English and Korean, and the literal readings that keep label words such as "first" or "for"."""

from __future__ import annotations

import pytest

from perception._query import Query, parse


def first(query: str) -> Query:
    return parse(query)[0]


@pytest.mark.parametrize(
    ("query", "text", "role"),
    [
        ("Sign in", "sign in", None),
        ("the Sign in button", "sign in", "button"),
        ("click on the Sign in button", "sign in", "button"),
        ("double-click the report link", "report", "link"),
        ("right click the file icon", "file", "icon"),
        ("the button 'Save changes'", "save changes", "button"),
        ('the "Email" field', "email", "field"),
        ("the field labelled Message", "message", "field"),
        ("the Card number field", "card number", "field"),
        ("the search box", "search", "search box"),
        ("the radio button for Express shipping", "", "radio button"),
        ("checkboxes", "", "checkbox"),
        ("Open button", "open", "button"),
        ("Search", "search", None),
        ("toggle dark mode", "dark mode", None),
        ("로그인 버튼", "로그인", "버튼"),
        ("로그인 버튼을 클릭하세요", "로그인", "버튼"),
        ("검색창", "검색", "창"),
        ("확인버튼 눌러줘", "확인", "버튼"),
        ("이메일 입력란", "이메일", "입력란"),
        ("'저장'이라는 버튼", "저장", "버튼"),
        ("이동 버튼", "이동", "버튼"),
        ("아이디 찾기 링크", "아이디 찾기", "링크"),
    ],
)
def test_text_and_role_word(query: str, text: str, role: str | None) -> None:
    q = first(query)
    assert q.text == text
    assert (q.role_word or None) == role


@pytest.mark.parametrize(
    ("query", "ordinal", "text"),
    [
        ("the second Delete button", 2, "delete"),
        ("the 3rd link", 3, ""),
        ("Delete button #2", 2, "delete"),
        ("the last Edit link", -1, "edit"),
        ("the second to last row", -2, ""),
        ("the second of the Delete buttons", 2, "delete"),
        ("두 번째 삭제 버튼", 2, "삭제"),
        ("두번째 링크", 2, ""),
        ("3번째 입력란", 3, ""),
        ("마지막 삭제 버튼", -1, "삭제"),
        ("끝에서 두 번째 버튼", -2, ""),
        ("첫째 항목", 1, ""),
    ],
)
def test_ordinals(query: str, ordinal: int, text: str) -> None:
    q = first(query)
    assert (q.ordinal, q.text) == (ordinal, text)


def test_label_words_that_look_like_grammar_get_a_literal_reading() -> None:
    assert [r.text for r in parse("the first name field")][:2] == ["name", "first name"]
    assert parse("the first name field")[1].literal_words == ("first", "name")
    assert "last name" in [r.text for r in parse("the Last name input")]
    assert "search for products" in [r.text for r in parse("Search for products")]
    assert "sign in with google" in [r.text for r in parse("Sign in with Google")]
    assert "blue t shirt" in [r.text for r in parse("the Blue T-shirt")]
    assert "date of birth" in [r.relations[0].anchor.text for r in parse("the field below Date of birth")
                               if r.relations]  # fmt: skip
    assert "message" in [r.text for r in parse("the message")]  # a role word alone may be the label
    anchors = [r.relations[0].anchor.text for r in parse("the Add to cart button for the Red Hoodie") if r.relations]
    assert anchors[0] == "hoodie" and "red hoodie" in anchors  # "red" as a colour, and as a word of the name


@pytest.mark.parametrize(
    ("query", "kind", "anchor", "text", "role"),
    [
        ("the checkbox next to Remember me", "near", "remember me", "", "checkbox"),
        ("the button below the password field", "below", "password", "", "button"),
        ("the field right of Email", "right_of", "email", "", "field"),
        ("the button to the left of Cancel", "left_of", "cancel", "", "button"),
        ("the label above the slider", "above", "", "", "label"),
        ("the Delete button in the row for Bob", "row", "bob", "delete", "button"),
        ("the edit link in Alice's row", "row", "alice", "edit", "link"),
        ("Bob's delete button", "assoc", "bob", "delete", "button"),
        ("the Add to cart button for the Wool Hoodie", "assoc", "wool hoodie", "add to cart", "button"),
        ("the Save button in the Settings dialog", "inside", "settings", "save", "button"),
        ("the toggle on the Privacy panel", "inside", "privacy", "", "toggle"),
        ("the field after Email", "after", "email", "", "field"),
        ("Remember me 옆의 체크박스", "near", "remember me", "", "체크박스"),
        ("비밀번호 입력란 아래의 버튼", "below", "비밀번호", "", "버튼"),
        ("이메일 오른쪽 버튼", "right_of", "이메일", "", "버튼"),
        ("Bob 행의 삭제 버튼", "row", "bob", "삭제", "버튼"),
        ("Bob의 삭제 버튼", "assoc", "bob", "삭제", "버튼"),
        ("설정 대화상자 안의 저장 버튼", "inside", "설정", "저장", "버튼"),
        ("설정 대화상자의 저장 버튼", "assoc", "설정", "저장", "버튼"),
        ("결제 영역에 있는 확인 버튼", "inside", "결제", "확인", "버튼"),
    ],
)
def test_relations(query: str, kind: str, anchor: str, text: str, role: str) -> None:
    q = first(query)
    assert [r.kind for r in q.relations] == [kind]
    assert q.relations[0].anchor.text == anchor
    assert (q.text, q.role_word) == (text, role)


def test_relations_chain_and_anchors_have_their_own_roles() -> None:
    q = first("the button below the field next to Email")
    assert q.relations[0].kind == "below"
    field = q.relations[0].anchor
    assert field.role_word == "field" and field.relations[0].kind == "near" and field.relations[0].anchor.text == "email"
    assert first("the Save button in the Settings dialog").relations[0].anchor.role_word == "dialog"


@pytest.mark.parametrize(
    ("query", "region"),
    [
        ("the button at the top right", ("right", "top")),
        ("the close icon in the top-right corner", ("right", "top")),
        ("the link in the bottom left corner of the page", ("left", "bottom")),
        ("the menu on the left", ("left", None)),
        ("the banner at the top", (None, "top")),
        ("오른쪽 위의 닫기 버튼", ("right", "top")),
        ("좌측 하단 링크", ("left", "bottom")),
        ("맨 위 메뉴", (None, "top")),
        ("오른쪽의 버튼", ("right", None)),
    ],
)
def test_places_on_the_screen(query: str, region: tuple[str | None, str | None]) -> None:
    q = first(query)
    assert q.region == region and not q.relations


@pytest.mark.parametrize(
    ("query", "colours", "states"),
    [
        ("the red button", ("red",), ()),
        ("the grey Cancel button", ("gray",), ()),
        ("빨간 버튼", ("red",), ()),
        ("파란색 버튼", ("blue",), ()),
        ("the unchecked box", (), (("checked", False),)),
        ("the checked checkbox", (), (("checked", True),)),
        ("the disabled button", (), (("disabled", True),)),
        ("the greyed out Save button", (), (("disabled", True),)),
        ("the empty required field", (), (("empty", True), ("required", True))),
        ("체크되지 않은 체크박스", (), (("checked", False),)),
        ("체크 안 된 체크박스", (), (("checked", False),)),
        ("비활성화된 버튼", (), (("disabled", True),)),
    ],
)
def test_colours_and_states(query: str, colours: tuple[str, ...], states: tuple[tuple[str, bool], ...]) -> None:
    q = first(query)
    assert q.colours == colours and q.states == states


@pytest.mark.parametrize(
    ("query", "attribute", "text"),
    [
        ("the field with placeholder 'you@example.com'", "placeholder", "you@example.com"),
        ("the input whose placeholder is Search", "placeholder", "search"),
        ("the image with alt text Company logo", "alt", "company logo"),
        ("the button with tooltip Refresh", "title", "refresh"),
        ("the dropdown set to English", "value", "english"),
        ("the button named Submit", "label", "submit"),
        # a noun that is no role word only says what bears the label
        ("the cover that says KINGS", "label", "kings"),
        ("the sign reading Exit", "label", "exit"),
    ],
)
def test_attributes(query: str, attribute: str, text: str) -> None:
    q = first(query)
    assert (q.attribute, q.text) == (attribute, text)


def test_readings_are_distinct_and_the_grammatical_one_comes_first() -> None:
    readings = parse("the second Delete button in the row for Bob")
    assert readings[0].literal == 0 and readings[0].ordinal == 2
    assert all(r.literal > 0 for r in readings[1:])
    keys = [(r.text, r.role_word, r.ordinal, len(r.relations)) for r in readings]
    assert len(keys) == len(set(keys))


def test_odd_queries_still_parse() -> None:
    for query in ["the", "click", "???", "🙂", "버튼", "a" * 500, "the the the button", "'", "\"unclosed"]:
        readings = parse(query)
        assert readings and all(isinstance(r, Query) for r in readings)


@pytest.mark.parametrize(
    ("query", "text", "role_word", "kind", "anchor_role", "anchor_region"),
    [
        ("Team in the top navigation", "team", "", "inside", "navigation", (None, "top")),
        ("the Save button in the left sidebar", "save", "button", "inside", "sidebar", ("left", None)),
        ("박지훈 님이 쓴 글 제목", "글", "제목", "assoc", "", None),
    ],
)
def test_places_that_describe_a_part_and_korean_relative_clauses(
    query: str, text: str, role_word: str, kind: str, anchor_role: str, anchor_region: object
) -> None:
    q = first(query)
    assert (q.text, q.role_word) == (text, role_word)
    rel = q.relations[0]
    assert (rel.kind, rel.anchor.role_word, rel.anchor.region) == (kind, anchor_role, anchor_region)


@pytest.mark.parametrize(
    ("query", "text", "role_word"),
    [
        ("the X that closes the dialog", "close", ""),
        ("the button that opens the menu", "open", "button"),
        ("the link that goes to Settings", "settings", "link"),
    ],
)
def test_relative_clauses_say_what_the_target_does(query: str, text: str, role_word: str) -> None:
    q = first(query)
    assert (q.text, q.role_word, q.relations) == (text, role_word, ())


def test_switched_on_and_off_are_states_and_dark_is_a_word() -> None:
    assert first("the notification toggle that is switched off").states == (("checked", False),)
    assert first("the toggle that is turned on").states == (("checked", True),)
    q = first("Dark 테마 라디오 버튼")
    assert q.colours == () and "dark" in q.text


def test_the_wider_glossary_and_plurals() -> None:
    from perception._lexicon import canonical, singular
    from perception._textmatch import ocr_fold, similarity, similarity_read

    pairs = [("표시 이름", "Display name"), ("보고서", "Reports"), ("우편번호", "Zip code"), ("이체", "Transfer"),
             ("장바구니 담기", "Add to cart"), ("돋보기", "Search"), ("magnifying glass", "search")]  # fmt: skip
    for ko, en in pairs:
        assert canonical(ko) == canonical(en), (ko, en)
        assert similarity(ko, en) >= 0.9
    assert canonical("전체보기") == canonical("See all")  # a Korean compound of two known words
    assert singular("categories") == "category" and singular("status") == "status"
    assert similarity("notification", "Notifications") >= 0.9
    assert ocr_fold("Z00m") == "zoom" and similarity_read("Zoom", "Z00m") >= 0.9
    assert similarity("Apple Pay", "Pay $129.00") < 0.5  # a value in the label does not excuse missing words


def test_items_named_by_their_kind_and_days_named_by_their_month() -> None:
    readings = parse("the third email")
    assert any(r.role_word == "email" and r.ordinal == 3 and not r.text and "listitem" in (r.roles or {})
               for r in readings)  # fmt: skip
    assert any(r.role_word == "product" and r.text == "out of stock" for r in parse("the out-of-stock product"))
    q = first("the 9th of August")
    assert q.ordinal is None and "9" in q.text.split() and q.relations[0].anchor.text == "august"
    assert first("the 9th button").ordinal == 9  # without a month, still an ordinal
    assert first("Double coins").text == "double coins"  # "double" is a verb only before "click"
    assert first("double-click the file").text == "file"
    q = first("두 번째 행의 체크박스")
    assert q.relations[0].kind == "inside" and q.relations[0].anchor.ordinal == 2
    q = first("the plus button on the second product")
    assert q.relations and q.relations[0].anchor.ordinal == 2


def test_known_phrases_that_hold_grammar_words_stay_words() -> None:
    assert first("the one way tab").text == "one way"
    assert first("the in stock checkbox").text == "in stock"
    q = first("the wishlist button on the Field Watch card")  # "on the" is still a relation
    assert q.role_word == "button" and q.relations and q.relations[0].anchor.text == "field watch"
    assert first("the link to the settings page").text != ""
    q = first("the middle box of the phone number")
    assert q.ordinal == 0 and q.relations[0].anchor.text == "phone number"
    assert first("the middle of the page").ordinal is None


def test_an_open_popup_and_a_notification_are_places() -> None:
    q = parse("undo on the green toast")[0]
    assert q.text == "undo" and q.relations[0].kind == "inside"
    assert q.relations[0].anchor.colours == ("green",) and q.relations[0].anchor.role_word == "toast"
    q = parse("the open menu")[0]
    assert q.states == (("expanded", True),) and q.role_word == "menu"
    assert parse("open settings")[0].states == ()  # the verb, not a state


def test_a_particle_must_fit_the_sound_of_the_word_it_follows() -> None:
    """이/을/은/과 follow a closed syllable and 가/를/는/와 an open one: 창가 (by the window) is a word, not 창 + 가."""
    from perception._lexicon import particle_fits, strip_particle

    assert particle_fits("탭", "을") and particle_fits("메뉴", "를") and particle_fits("주소", "가")
    assert not particle_fits("창", "가") and not particle_fits("이름", "를") and not particle_fits("메뉴", "을")
    assert particle_fits("창", "의") and particle_fits("ok", "가")  # any word takes 의; a Latin word by its sound
    assert [strip_particle(w) for w in ("비밀번호를", "아이디가", "사진이", "평가")] == ["비밀번호", "아이디", "사진", "평가"]
    assert first("창가 1").text == "창가 1" and first("창가 자리").text == "창가 자리"
    q = first("두 번째 탭을 클릭")
    assert q.ordinal == 2 and q.roles is not None and "tab" in q.roles


def test_a_word_that_only_says_a_thing_is_no_label_before_a_role_word() -> None:
    for query in ("세 번째 항목 행", "the third entry row"):
        plain = [r for r in parse(query) if not r.text and r.ordinal == 3 and r.roles and "row" in r.roles]
        assert plain and plain[0].literal == 0, query
    assert first("the Save item button").text == "save item"  # a label that has other words keeps them


def test_words_that_say_what_the_text_is_printed_on_are_no_part_of_it() -> None:
    texts = {q: [r.text for r in parse(q)] for q in ("table T1 on the floor plan", "배치도에서 입구", "Jul 21 on the price chart")}
    assert "table t1" in texts["table T1 on the floor plan"]
    assert "입구" in texts["배치도에서 입구"]  # Korean says where first
    assert "jul 21" in texts["Jul 21 on the price chart"]
    assert [r.text for r in parse("배치도")] == ["배치도"]  # the medium alone is what is asked for


def test_states_of_what_is_on_offer_and_of_a_switch_said_with_a_clause() -> None:
    assert first("the unavailable car").states == (("disabled", True),)
    for query in ("매진된 좌석", "예약 불가 차종", "the item that can't be returned", "반품 불가 상품"):
        assert ("disabled", True) in first(query).states, query
    for query in ("the like button that's already on", "the toggle that is on", "the switch that's currently on"):
        assert first(query).states == (("checked", True),), query
    assert first("the switch that's already off").states == (("checked", False),)
    q = first("the light that is on the left")  # a place, not a light that is on
    assert q.states == () and q.region == ("left", None)
    assert first("renew my checked out items").states == ()  # a library's word, not a ticked box


def test_a_slide_an_axis_and_a_spot_on_a_photo_are_what_text_is_printed_on() -> None:
    assert "8k" in [r.text for r in parse("8k on the y axis")]
    assert "devhumor" in [r.text for r in parse("사진 구석의 @devhumor")]  # in the photo's corner
    assert "navigation icons" in [r.text for r in parse("슬라이드의 Navigation · Icons")]  # a slide, not a slider
    assert parse("구석 자리")[0].text == "구석 자리"  # a spot word alone is a label's
