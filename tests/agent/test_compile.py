"""agent.compile: plain English and Korean instructions → actions, with no model.

Each case lists, per expected action, the fields that must hold (``target`` compares the query);
fields not named are not checked. The sentences are varied on purpose: the grammar must not be
keyed to any of them.
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.actions import Action, TypeText, parse_action
from agent.compile import CompileError, compile_steps
from model.errors import ConfigError


def brief(action: Action) -> dict[str, Any]:
    out: dict[str, Any] = action.model_dump(mode="json", exclude={"source", "expect", "reason"})
    out["kind"] = action.kind
    for name in ("target", "to", "element", "condition"):
        if isinstance(out.get(name), dict):
            out[name] = out[name]["query"]
    return out


def fits(got: list[Action], want: list[dict[str, Any]]) -> None:
    shown = [brief(a) for a in got]
    assert len(got) == len(want), shown
    for have, need in zip(shown, want, strict=True):
        assert {k: have.get(k) for k in need} == need, shown


EN = [
    ("Enter 'kiera' as the username and 'x9f' as the password, then press Login", [
        {"kind": "type", "target": "the username", "text": "kiera"},
        {"kind": "type", "target": "the password", "text": "x9f"},
        {"kind": "click", "target": "the Login button"}]),
    ("Select Alice from the list and click Submit", [
        {"kind": "select", "target": "the list", "option": "Alice"},
        {"kind": "click", "target": "Submit"}]),
    ("Check the boxes for 'red' and 'blue'", [
        {"kind": "check", "target": "'red' checkbox"}, {"kind": "check", "target": "'blue' checkbox"}]),
    ("Type 'shoes' in the search box and press Enter", [
        {"kind": "type", "target": "the search box", "text": "shoes"}, {"kind": "press", "keys": ["Enter"]}]),
    ("Open the 3rd tab", [{"kind": "click", "target": "the 3rd tab"}]),
    ("Go to https://shop.test/cart?id=3", [{"kind": "navigate", "url": "https://shop.test/cart?id=3"}]),
    ("Visit www.example.org.", [{"kind": "navigate", "url": "https://www.example.org"}]),
    ("navigate to localhost:8000/login", [{"kind": "navigate", "url": "http://localhost:8000/login"}]),
    ("Scroll down", [{"kind": "scroll", "direction": "down"}]),
    ("Scroll up twice", [{"kind": "scroll", "direction": "up", "times": 2.0}]),
    ("Scroll to the bottom of the page", [{"kind": "scroll", "to": "bottom"}]),
    ("Scroll until the footer is visible", [{"kind": "scroll", "to": "the footer"}]),
    ("Wait until 'Saved' appears", [{"kind": "wait_for", "text": "Saved"}]),
    ("Wait until the spinner disappears", [{"kind": "wait_for", "element": "the spinner", "gone": True}]),
    ("wait 1.5 seconds", [{"kind": "wait_for", "seconds": 1.5}]),
    ("Wait for the URL to contain /thanks", [{"kind": "wait_for", "url": "/thanks"}]),
    ("Make sure the URL contains /done", [{"kind": "assert", "what": "url_matches", "text": "/done"}]),
    ("Verify that 'Welcome back, Kiera' is shown", [{"kind": "assert", "what": "text_visible",
                                                      "text": "Welcome back, Kiera"}]),
    ("Ensure 'Error' is not displayed", [{"kind": "assert", "what": "text_absent", "text": "Error"}]),
    ("The page title should be 'Inbox'", [{"kind": "assert", "what": "title_matches", "text": "Inbox"}]),
    ("Check that the newsletter box is unchecked", [{"kind": "assert", "what": "unchecked"}]),
    ("Confirm the email field contains 'ada@example.com'", [{"kind": "assert", "what": "value",
                                                              "text": "ada@example.com"}]),
    ("Fill in the first name field with John and the last name field with Smith", [
        {"kind": "type", "target": "the first name field", "text": "John"},
        {"kind": "type", "target": "the last name field", "text": "Smith"}]),
    ("Set the city to Busan, the zip code to 48058 and the phone to 010-1234-5678", [
        {"kind": "type", "target": "the city", "text": "Busan"},
        {"kind": "type", "target": "the zip code", "text": "48058"},
        {"kind": "type", "target": "the phone", "text": "010-1234-5678"}]),
    ("Type hello world into the message box", [{"kind": "type", "target": "the message box", "text": "hello world"}]),
    ("Put 3 in the quantity field", [{"kind": "type", "target": "the quantity field", "text": "3"}]),
    ("Enter your email: ada@example.com", [{"kind": "type", "target": "your email", "text": "ada@example.com"}]),
    ("Use \"s3cr3t!\" as the password", [{"kind": "type", "target": "the password", "text": "s3cr3t!"}]),
    ("Choose 'Express' from the shipping dropdown", [{"kind": "select", "option": "Express"}]),
    ("Set the country dropdown to France", [{"kind": "select", "target": "the country dropdown",
                                             "option": "France"}]),
    ("Uncheck 'Subscribe to newsletter'", [{"kind": "check", "target": "Subscribe to newsletter",
                                            "checked": False}]),
    ("Tick the box labelled 'I am not a robot'", [{"kind": "check", "target": "'I am not a robot' checkbox"}]),
    ("Select the Remember me checkbox", [{"kind": "check", "target": "the Remember me checkbox"}]),
    ("Agree to the terms of service", [{"kind": "check", "target": "the terms of service"}]),
    ("Click on the \"Sign up\" link", [{"kind": "click", "target": "the \"Sign up\" link"}]),
    ("Please tap Continue.", [{"kind": "click", "target": "Continue"}]),
    ("Click Terms and Conditions", [{"kind": "click", "target": "Terms and Conditions"}]),
    ("Click the Save and Close button", [{"kind": "click", "target": "the Save and Close button"}]),
    ("Double-click the file name", [{"kind": "click", "count": 2}]),
    ("Right click the picture", [{"kind": "click", "button": "right"}]),
    ("Press Ctrl+Shift+K", [{"kind": "press", "keys": ["Control+Shift+K"]}]),
    ("Press Tab twice, then hit enter", [{"kind": "press", "keys": ["Tab", "Tab"]},
                                         {"kind": "press", "keys": ["Enter"]}]),
    ("Press the Escape key", [{"kind": "press", "keys": ["Escape"]}]),
    ("Press the Delete button", [{"kind": "click", "target": "the Delete button", "sensitive": True}]),
    ("Hover over the Products menu", [{"kind": "hover", "target": "the Products menu"}]),
    ("Drag the volume slider to 75%", [{"kind": "drag", "value": 75.0}]),
    ("Drag 'Card A' onto the Done column", [{"kind": "drag", "target": "Card A", "to": "the Done column"}]),
    ("Upload 'cv.pdf' to the resume field", [{"kind": "upload", "files": ["cv.pdf"], "target": "the resume field"}]),
    ("Download the monthly report", [{"kind": "download", "target": "the monthly report"}]),
    ("Extract the table", [{"kind": "extract"}]),
    ("Get the prices table", [{"kind": "extract", "target": "the prices table"}]),
    ("Go back", [{"kind": "navigate", "history": "back"}]),
    ("Refresh the page", [{"kind": "navigate", "history": "reload"}]),
    ("Search for 'red shoes'", [{"kind": "type", "target": "the search box", "text": "red shoes"},
                                {"kind": "press", "keys": ["Enter"]}]),
    ("Clear the search box", [{"kind": "type", "text": ""}]),
    ("Submit the form", [{"kind": "click", "target": "the submit button"}]),  # a form, not a payment: no approval
    ("Click the last Delete button in the row for Bob", [
        {"kind": "click", "target": "the last Delete button in the row for Bob", "sensitive": True}]),
    ("Click the second result", [{"kind": "click", "target": "the second result"}]),
    ("First open the menu, then choose Log out, and finally click OK", [
        {"kind": "click", "target": "the menu"}, {"kind": "click", "target": "Log out"},
        {"kind": "click", "target": "OK"}]),
    ("Click Next. Then click Finish!", [{"kind": "click", "target": "Next"}, {"kind": "click", "target": "Finish"}]),
    ("Stop", [{"kind": "done"}]),
    ("Log in with username 'admin' and password 'hunter2'", [
        {"kind": "type", "target": "the username field", "text": "admin"},
        {"kind": "type", "target": "the password field", "text": "hunter2"}, {"kind": "click", "target": "the Log in button"}]),
    ("Sign in as ada@example.com with password pw9", [
        {"kind": "type", "text": "ada@example.com"}, {"kind": "type", "text": "pw9"}, {"kind": "click"}]),
    ("Log in with Google", [{"kind": "click", "target": "Log in with Google"}]),
    ("In the Country dropdown, select Canada", [{"kind": "select", "target": "the Country dropdown",
                                                 "option": "Canada"}]),
    ("Choose file 'photo.jpg' for the avatar", [{"kind": "upload", "files": ["photo.jpg"], "target": "the avatar"}]),
    ("Make sure the cart shows 3 items", [{"kind": "assert", "what": "text_visible", "text": "3 items",
                                           "target": "cart"}]),
    ("Click the Edit link next to Carol and then click it again", [
        {"kind": "click", "target": "the Edit link next to Carol"}, {"kind": "click"}]),
    ("First, click Login, then type 'bob'", [{"kind": "click", "target": "Login"}, {"kind": "type", "text": "bob"}]),
    ("Expand 'More options' and check 'Gift wrap'", [{"kind": "click", "target": "More options"},
                                                      {"kind": "check", "target": "Gift wrap"}]),
    ("Click the Brand filter", [{"kind": "click", "target": "the Brand filter"}]),
    ("Select 'Blue' and 'Green' from the colors list", [
        {"kind": "select", "target": "the colors list", "option": "Blue"},
        {"kind": "select", "target": "the colors list", "option": "Green"}]),
    ("Click 'Save' and 'Close'", [{"kind": "click", "target": "Save"}, {"kind": "click", "target": "Close"}]),
    ("Wait up to 10 seconds for 'Done' to appear", [{"kind": "wait_for", "text": "Done", "seconds": 10.0}]),
    ("Wait at most 5 s until the spinner disappears", [{"kind": "wait_for", "gone": True, "seconds": 5.0}]),
    ("Confirm the order", [{"kind": "click", "target": "Confirm order", "sensitive": True}]),
    ("Delete the second row", [{"kind": "click", "target": "the Delete button in the second row",
                                "sensitive": True}]),
    ("Scroll down to the Reviews section", [{"kind": "scroll", "to": "the Reviews section"}]),
    ("Press Cmd+Enter", [{"kind": "press", "keys": ["Meta+Enter"]}]),
    ("Navigate to http://127.0.0.1:8000/form?x=1&y=2 and fill the Name field with Bob", [
        {"kind": "navigate", "url": "http://127.0.0.1:8000/form?x=1&y=2"}, {"kind": "type", "text": "Bob"}]),
    ("Pick March 3, 2025 as the check-in date", [{"kind": "type", "text": "March 3, 2025",
                                                  "normalized": "2025-03-03"}]),
    ("Enter the code 482910 and press Verify", [{"kind": "type", "target": "code", "text": "482910"},
                                                {"kind": "click", "target": "the Verify button"}]),
    ('Enter "Seoul" in the city field and select "Korea" in the country dropdown', [
        {"kind": "type", "text": "Seoul"}, {"kind": "select", "option": "Korea"}]),
]  # fmt: skip

KO = [
    ("아이디에 'kim'을 입력하고 로그인 버튼을 누르세요", [
        {"kind": "type", "target": "아이디", "text": "kim"}, {"kind": "click", "target": "로그인 버튼"}]),
    ("검색창에 '신발'을 입력하세요", [{"kind": "type", "target": "검색창", "text": "신발"}]),
    ("두 번째 탭을 여세요", [{"kind": "click", "target": "두 번째 탭"}]),
    ("약관 동의에 체크하세요", [{"kind": "check", "target": "약관 동의"}]),
    ("드롭다운에서 '서울'을 선택하세요", [{"kind": "select", "target": "드롭다운", "option": "서울"}]),
    ("'홍길동'을 이름 입력란에 입력해 주세요", [{"kind": "type", "target": "이름 입력란", "text": "홍길동"}]),
    ("이메일 칸에 test@example.com을 입력한 다음 '가입하기' 버튼을 눌러 주세요", [
        {"kind": "type", "target": "이메일 칸", "text": "test@example.com"},
        {"kind": "click", "target": "'가입하기' 버튼"}]),
    ("아이디에 kim을 입력하고 비밀번호에 pw1234를 입력한 후 로그인을 클릭하세요", [
        {"kind": "type", "target": "아이디", "text": "kim"}, {"kind": "type", "target": "비밀번호", "text": "pw1234"},
        {"kind": "click", "target": "로그인"}]),
    ("국가 목록에서 대한민국을 고르세요", [{"kind": "select", "target": "국가 목록", "option": "대한민국"}]),
    ("'이용약관에 동의합니다' 체크박스를 선택하세요", [{"kind": "check"}]),
    ("뉴스레터 수신 체크를 해제하세요", [{"kind": "check", "target": "뉴스레터 수신", "checked": False}]),
    ("세 번째 상품을 클릭하세요", [{"kind": "click", "target": "세 번째 상품"}]),
    ("마지막 삭제 버튼을 누르세요", [{"kind": "click", "target": "마지막 삭제 버튼", "sensitive": True}]),
    ("https://shop.example.kr 에 접속하세요", [{"kind": "navigate", "url": "https://shop.example.kr"}]),
    ("뒤로 가세요", [{"kind": "navigate", "history": "back"}]),
    ("페이지를 새로고침하세요", [{"kind": "navigate", "history": "reload"}]),
    ("맨 아래로 스크롤하세요", [{"kind": "scroll", "to": "bottom"}]),
    ("위로 스크롤하세요", [{"kind": "scroll", "direction": "up"}]),
    ("스크롤을 내리세요", [{"kind": "scroll", "direction": "down"}]),
    ("'완료' 버튼이 보일 때까지 스크롤하세요", [{"kind": "scroll", "to": "'완료' 버튼"}]),
    ("3초 기다리세요", [{"kind": "wait_for", "seconds": 3.0}]),
    ("'저장되었습니다'가 나타날 때까지 기다리세요", [{"kind": "wait_for", "text": "저장되었습니다"}]),
    ("로딩 표시가 사라질 때까지 기다리세요", [{"kind": "wait_for", "element": "로딩 표시", "gone": True}]),
    ("'주문이 완료되었습니다'가 표시되는지 확인하세요", [{"kind": "assert", "what": "text_visible"}]),
    ("URL에 /done이 포함되어 있는지 확인하세요", [{"kind": "assert", "what": "url_matches", "text": "/done"}]),
    ("자동 로그인 체크박스가 체크되어 있는지 확인하세요", [{"kind": "assert", "what": "checked"}]),
    ("프로필 사진에 마우스를 올리세요", [{"kind": "hover", "target": "프로필 사진"}]),
    ("'할 일 1'을 '완료' 칸으로 드래그하세요", [{"kind": "drag", "target": "할 일 1", "to": "'완료' 칸"}]),
    ("'report.pdf' 파일을 업로드하세요", [{"kind": "upload", "files": ["report.pdf"]}]),
    ("영수증을 다운로드하세요", [{"kind": "download", "target": "영수증"}]),
    ("표를 추출하세요", [{"kind": "extract"}]),
    ("'운동화'를 검색하세요", [{"kind": "type", "target": "검색창", "text": "운동화"}, {"kind": "press"}]),
    ("엔터 키를 누르세요", [{"kind": "press", "keys": ["Enter"]}]),
    ("결제하기 버튼을 누르세요", [{"kind": "click", "sensitive": True}]),
    ("예약 시간에 '오후 3시 30분'을 입력하세요", [{"kind": "type", "text": "오후 3시 30분", "normalized": "15:30"}]),
    ("'확인' 버튼이 나타날 때까지 기다린 후 클릭하세요", [
        {"kind": "wait_for", "element": "'확인' 버튼"}, {"kind": "click", "target": "'확인' 버튼"}]),
    ("다음 버튼을 누른 후 3초 기다리세요", [{"kind": "click", "target": "다음 버튼"}, {"kind": "wait_for", "seconds": 3.0}]),
    ("'안녕하세요'라고 메시지 입력창에 입력하세요", [{"kind": "type", "target": "메시지 입력창", "text": "안녕하세요"}]),
    ("수량을 3으로 설정하세요", [{"kind": "type", "target": "수량", "text": "3"}]),
    ("국가 드롭다운을 '일본'으로 설정하세요", [{"kind": "select", "target": "국가 드롭다운", "option": "일본"}]),
    ("국가에서 '일본'을 선택하세요", [{"kind": "select", "target": "국가", "option": "일본"}]),
    ("지도를 클릭하세요", [{"kind": "click", "target": "지도"}]),
    ("메뉴를 열고 설정을 클릭하세요", [{"kind": "click", "target": "메뉴"}, {"kind": "click", "target": "설정"}]),
    ("성별에서 여성을 선택하세요", [{"kind": "select", "target": "성별", "option": "여성"}]),
    ("주소 입력란을 지우세요", [{"kind": "type", "target": "주소 입력란", "text": ""}]),
    ("팝업창을 닫으세요", [{"kind": "click", "target": "팝업창의 닫기 버튼"}]),
    ("페이지 맨 위로 스크롤하세요", [{"kind": "scroll", "to": "top", "direction": "up"}]),
    ("'로그인' 버튼을 클릭하고 '내 정보' 탭으로 이동하세요", [
        {"kind": "click", "target": "'로그인' 버튼"}, {"kind": "click", "target": "'내 정보' 탭"}]),
    ("그리고 저장 버튼을 눌러주세요.", [{"kind": "click", "target": "저장 버튼"}]),
    ("아이디 입력란에 'kim'을, 비밀번호 입력란에 '1234'를 입력하세요", [
        {"kind": "type", "target": "아이디 입력란", "text": "kim"},
        {"kind": "type", "target": "비밀번호 입력란", "text": "1234"}]),
    ("'다음' 버튼을 두 번 누르세요", [{"kind": "click", "target": "'다음' 버튼"}, {"kind": "click", "target": "'다음' 버튼"}]),
    ("'부산'을 도시 드롭다운에서 선택하세요", [{"kind": "select", "target": "도시 드롭다운", "option": "부산"}]),
    ("'저장' 버튼 위에 마우스를 올리세요", [{"kind": "hover", "target": "'저장' 버튼"}]),
    ("서울, 부산 중에서 고르세요", [{"kind": "click"}]),
    ("'서울'을 지역으로 선택하세요", [{"kind": "select", "target": "지역", "option": "서울"}]),
    ("Ctrl+A를 누르세요", [{"kind": "press", "keys": ["Control+A"]}]),
    ("5초간 기다리세요", [{"kind": "wait_for", "seconds": 5.0}]),
    ("파일 선택 버튼으로 'a.png'를 업로드하세요", [{"kind": "upload", "target": "파일 선택 버튼", "files": ["a.png"]}]),
    ("'동의합니다'에 체크하고 '다음'을 누르세요", [{"kind": "check", "target": "동의합니다"},
                                        {"kind": "click", "target": "다음"}]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "want"), EN, ids=[t for t, _ in EN])
def test_english(text: str, want: list[dict[str, Any]]) -> None:
    fits(compile_steps(text), want)


@pytest.mark.parametrize(("text", "want"), KO, ids=[t for t, _ in KO])
def test_korean(text: str, want: list[dict[str, Any]]) -> None:
    fits(compile_steps(text), want)


def test_numbered_bulleted_and_line_separated_steps() -> None:
    fits(compile_steps("1. Go to example.com\n2) Type ada@example.com into the email field\n\n3. Click Sign in"), [
        {"kind": "navigate", "url": "https://example.com"}, {"kind": "type", "text": "ada@example.com"},
        {"kind": "click", "target": "Sign in"}])  # fmt: skip
    fits(compile_steps("- Click Login\n* Type 'bob' in the username field\n• Press Enter"), [
        {"kind": "click"}, {"kind": "type", "text": "bob"}, {"kind": "press"}])  # fmt: skip
    fits(compile_steps("Step 1: Open https://shop.test\nStep 2: Search for 'red shoes'"), [
        {"kind": "navigate"}, {"kind": "type", "text": "red shoes"}, {"kind": "press"}])  # fmt: skip
    fits(compile_steps("1. 로그인 페이지로 이동하세요\n2. 아이디에 'kim'을 입력하세요\n3. 로그인 버튼을 누르세요"), [
        {"kind": "click", "target": "로그인 페이지"}, {"kind": "type", "text": "kim"}, {"kind": "click"}])  # fmt: skip


def test_mixed_languages_in_one_script() -> None:
    fits(compile_steps("Go to https://a.test\n검색창에 '노트북'을 입력하세요\nPress Enter"), [
        {"kind": "navigate"}, {"kind": "type", "text": "노트북"}, {"kind": "press"}])  # fmt: skip


@pytest.mark.parametrize(
    ("text", "condition", "target"),
    [
        ("If there is a cookie banner, close it", "cookie banner", "the close button of the cookie banner"),
        ("If a popup appears, click 'No thanks'", "popup", "No thanks"),
        ("When the newsletter dialog shows up, click Maybe later", "newsletter dialog", "Maybe later"),
        ("Close the cookie banner if there is one", "the cookie banner", "the close button of the cookie banner"),
        ("Click OK if a confirmation dialog appears", "confirmation dialog", "OK"),
        ("쿠키 배너가 있으면 닫으세요", "쿠키 배너", "쿠키 배너의 닫기 버튼"),
        ("팝업이 나타나면 '닫기'를 누르세요", "팝업", "닫기"),
    ],
)
def test_conditions_make_optional_steps(text: str, condition: str, target: str) -> None:
    (action,) = compile_steps(text)
    fits([action], [{"kind": "click", "optional": True, "condition": condition, "target": target}])


def test_condition_covers_every_step_of_its_sentence() -> None:
    got = compile_steps("If a survey pops up, click Skip and press Escape. Click Home")
    assert [(a.kind, a.optional) for a in got] == [("click", True), ("press", True), ("click", False)]


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("March 5, 2024", "2024-03-05"), ("5 March 2024", "2024-03-05"), ("Mar 5th, 2024", "2024-03-05"),
        ("2024-03-05", "2024-03-05"), ("2024/3/5", "2024-03-05"), ("03/05/2024", "2024-03-05"),
        ("25/12/2024", "2024-12-25"), ("05.03.2024", "2024-03-05"), ("2024년 3월 5일", "2024-03-05"),
        ("2024. 3. 5.", "2024-03-05"), ("2:30 PM", "14:30"), ("9am", "09:00"), ("12:15 a.m.", "00:15"),
        ("14:30", "14:30"), ("오후 3시", "15:00"), ("오전 9시 30분", "09:30"), ("오후 2시 반", "14:30"),
        ("2024-03-05 14:30", "2024-03-05T14:30"), ("March 5, 2024 at 2:30 pm", "2024-03-05T14:30"),
        ("hello", None), ("42", None), ("13/13/2024", None), ("25:00", None),
    ],
)  # fmt: skip
def test_dates_and_times_are_normalised_and_kept(value: str, iso: str | None) -> None:
    (action,) = compile_steps(f"Enter '{value}' in the date field")
    assert isinstance(action, TypeText)
    assert action.text == value and action.normalized == iso


def test_unquoted_date_value() -> None:
    (action,) = compile_steps("Set the check-in date to 12/25/2024")
    assert isinstance(action, TypeText) and action.normalized == "2024-12-25" and action.text == "12/25/2024"


def test_quotes_protect_connectors_and_punctuation() -> None:
    fits(compile_steps('Type "Hello, world. Then bye" in the comment box and click Post'), [
        {"kind": "type", "text": "Hello, world. Then bye"}, {"kind": "click", "target": "Post"}])  # fmt: skip
    fits(compile_steps("Type “don't stop” into the title field"), [{"kind": "type", "text": "don't stop"}])
    fits(compile_steps("Click the user's profile"), [{"kind": "click", "target": "the user's profile"}])


def test_ordinals_are_kept_in_the_query_and_read() -> None:
    got = compile_steps(
        "Open the 3rd tab. Click the second Delete button. 마지막 항목을 클릭하세요. 두 번째 탭을 여세요"
    )
    assert [a.target.ordinal for a in got] == [3, 2, -1, 2]  # type: ignore[union-attr]
    (field,) = compile_steps("Type 'Ada' in the first name field")
    assert field.target.ordinal is None  # type: ignore[union-attr]  # "first name" is a name, not an ordinal


def test_source_is_the_phrase_and_expectations_are_declared() -> None:
    text = "Enter 'kiera' as the username and 'x9f' as the password, then press Login"
    a, b, c = compile_steps(text)
    assert a.source == "Enter 'kiera' as the username"
    assert b.source.endswith("'x9f' as the password") and text.find("'x9f' as the password") > 0
    assert c.source == "press Login"
    assert a.expect is not None and a.expect.what == "value_set" and a.expect.value == "kiera"
    (chk,) = compile_steps("Uncheck remember me")
    assert chk.expect is not None and chk.expect.what == "unchecked"
    (nav,) = compile_steps("Go to https://a.test/x")
    assert nav.expect is not None and nav.expect.what == "url_matches"


def test_compiled_actions_round_trip_through_json() -> None:
    script = ("Go to https://a.test\nIf there is a cookie banner, close it\n아이디에 'kim'을 입력하고 로그인 버튼을 누르세요\n"
              "Wait until 'Saved' appears and make sure the URL contains /done")  # fmt: skip
    for action in compile_steps(script):
        assert parse_action(action.model_dump_json()) == action


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Click Save, then frobnicate the widget", "frobnicate the widget"),
        ("Click Save and then frobnicate the widget", "frobnicate the widget"),
        ("Book a flight to Paris", "Book a flight to Paris"),
        ("Go to https://a.test\nDance wildly\nClick OK", "Dance wildly"),
        ("아이디에 'kim'을 입력하고 고양이를 춤추게 하세요", "고양이를 춤추게 하세요"),
        ("Type 'x' in the box. Sing a song.", "Sing a song"),
    ],
)
def test_errors_point_at_the_phrase(text: str, phrase: str) -> None:
    with pytest.raises(CompileError) as info:
        compile_steps(text)
    exc = info.value
    assert isinstance(exc, ConfigError) and isinstance(exc, ValueError)
    assert exc.text == text and exc.phrase == phrase
    assert text[exc.start : exc.end] == phrase
    assert repr(phrase) in str(exc) and f"{exc.start}..{exc.end}" in str(exc)


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_instruction(text: str) -> None:
    with pytest.raises(CompileError, match="empty"):
        compile_steps(text)


@pytest.mark.parametrize(
    ("text", "sensitive"),
    [
        ("Submit the form", False),
        ("Click Submit", False),
        ("제출 버튼을 누르세요", False),
        ("Submit the payment", True),
        ("Click Pay now", True),
        ("Delete the row for Bob", True),
        ("결제하기 버튼을 누르세요", True),
    ],
)
def test_only_money_deletion_and_account_steps_wait_for_approval(text: str, sensitive: bool) -> None:
    (step,) = [a for a in compile_steps(text) if a.kind == "click"]
    assert step.sensitive is sensitive
