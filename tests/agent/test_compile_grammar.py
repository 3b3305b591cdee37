"""agent.compile, the wider grammar: politeness, forms, logins, serial verbs, conditions, effects, errors.

Each case is the instruction and its actions as ``(kind, target, value)`` in the normalised form of
``test_compile_heldout.triple`` (targets lower-cased without articles, quotes or a trailing role
word). These are development cases; the held-out file is only measured.
"""

from __future__ import annotations

import time

import pytest

from agent.actions import Assert, Check, Click, Navigate, Select, TypeText, WaitFor, parse_action
from agent.compile import CompileError, compile_steps
from tests.agent.test_compile_heldout import norm_target, triple

N = None
Case = tuple[str, list[tuple[str, str | None, str | None]]]

EN: list[Case] = [
    # forms with several fields in one clause
    ("Fill out the form with name 'Ann' and email 'a@b.c'", [("type", "name", "Ann"), ("type", "email", "a@b.c")]),
    ("Fill in the signup form with first name Ann, last name Lee, and email ann@lee.io",
     [("type", "first name", "Ann"), ("type", "last name", "Lee"), ("type", "email", "ann@lee.io")]),
    ("Fill the form with name Ann Lee and city New York", [("type", "name", "Ann Lee"), ("type", "city", "New York")]),
    ("Enter name 'Ann' and email 'a@b.c'", [("type", "name", "Ann"), ("type", "email", "a@b.c")]),
    ("Fill in username 'bob' and password {{pw}}", [("type", "username", "bob"), ("type", "password", "{{pw}}")]),
    ("Type first name 'Jo', last name 'Li'", [("type", "first name", "Jo"), ("type", "last name", "Li")]),
    ("Fill out the contact form with name Sam Lee, email sam@example.com and topic Technical support, then send it",
     [("type", "name", "Sam Lee"), ("type", "email", "sam@example.com"), ("type", "topic", "Technical support"),
      ("click", "send", N)]),
    ("Enter 'ada' as the username and 'lovelace' as the password, tick 'Keep me signed in', then press Sign in",
     [("type", "username", "ada"), ("type", "password", "lovelace"), ("check", "keep me signed in", "on"),
      ("click", "sign in", N)]),
    # politeness and fillers
    ("Could you click the Save button?", [("click", "save", N)]),
    ("Could you please type 'hi' in the chat?", [("type", "chat", "hi")]),
    ("I'd like you to click Save.", [("click", "save", N)]),
    ("Don't forget to click Save.", [("click", "save", N)]),
    ("Would you click on the Login link", [("click", "login link", N)]),
    # navigation
    ("Head over to https://shop.test/deals", [("navigate", N, "https://shop.test/deals")]),
    ("Go to google.com and search for cats",
     [("navigate", N, "https://google.com"), ("type", "search", "cats"), ("press", N, "Enter")]),
    ("Go to the previous page", [("navigate", N, "back")]),
    ("Go back twice", [("navigate", N, "back"), ("navigate", N, "back")]),
    ("Navigate back", [("navigate", N, "back")]),
    # logins
    ("Log in as kiera with password {{password}}",
     [("type", "username", "kiera"), ("type", "password", "{{password}}"), ("click", "log in", N)]),
    ("Sign in with username bob and password {{pw}}",
     [("type", "username", "bob"), ("type", "password", "{{pw}}"), ("click", "sign in", N)]),
    ("Log into the site with username 'tomsmith' and password 'Secret!'",
     [("type", "username", "tomsmith"), ("type", "password", "Secret!"), ("click", "log in", N)]),
    ("Login using tomsmith / 'Secret!'", [("type", "username", "tomsmith"), ("type", "password", "Secret!"), ("click", "login", N)]),
    ("Log in as ann@x.io with password {{pw}}",
     [("type", "email", "ann@x.io"), ("type", "password", "{{pw}}"), ("click", "log in", N)]),
    # search
    ("Search for running shoes", [("type", "search", "running shoes"), ("press", N, "Enter")]),
    ("Search the catalogue for lamps", [("type", "catalogue", "lamps"), ("press", N, "Enter")]),
    # values: dates, unquoted, placeholders
    ("Set the date to March 5, 2024", [("type", "date", "March 5, 2024")]),
    ("set the date to 3/5/2024", [("type", "date", "3/5/2024")]),
    ("Enter the date of birth as 02/14/1990", [("type", "date of birth", "02/14/1990")]),
    ("Write thanks for the quick reply in the comment box", [("type", "comment", "thanks for the quick reply")]),
    ("Type I live in Seoul into the bio field", [("type", "bio", "I live in Seoul")]),
    ("Enter my password {{password}}", [("type", "password", "{{password}}")]),
    ("Type: hello there", [("type", N, "hello there")]),
    ("Clear the email field and type 'new@x.io'", [("type", "email", ""), ("type", "email", "new@x.io")]),
    # select, radios, checks
    ("Select the 'Express' option", [("select", N, "Express")]),
    ("Select the 'Express' radio", [("check", "express radio", "on")]),
    ("Pick 'Large' as the size", [("select", "size", "Large")]),
    ("Sort by Price: low to high", [("select", "sort by dropdown", "Price: low to high")]),
    ("Tick both 'Email' and 'SMS'", [("check", "email", "on"), ("check", "sms", "on")]),
    ("enable dark mode", [("check", "dark mode", "on")]),
    ("disable notifications", [("check", "notifications", "off")]),
    ("Turn off auto-renew", [("check", "auto-renew", "off")]),
    ("I agree to the privacy policy", [("check", "privacy policy", "on")]),
    ("Check the newsletter box", [("check", "newsletter", "on")]),
    # assertions vs the check verb
    ("Check that 'Thanks' is shown", [("assert", N, "text_visible:Thanks")]),
    ("Check that the newsletter box is checked", [("assert", "newsletter", "checked")]),
    ("Check if the total is '$25.00'", [("assert", "total", "text_visible:$25.00")]),
    ("Make sure the email field contains 'a@b.c'", [("assert", "email", "value:a@b.c")]),
    ("Verify the heading says 'Secure Area'", [("assert", "heading", "text_visible:Secure Area")]),
    ("Confirm that the cart count is 2", [("assert", "cart count", "text_visible:2")]),
    ("Expect the URL to contain /checkout", [("assert", N, "url_matches:/checkout")]),
    ("Wait for the 'Hello World!' text to appear", [("wait_for", N, "Hello World!")]),
    ("Wait until the page loads", [("wait_for", N, "1")]),
    ("Check whether 'Out of stock' appears", [("assert", N, "text_visible:Out of stock")]),
    ("verify the Submit button is enabled", [("assert", "submit", "enabled")]),
    ("You should see 'Welcome'", [("assert", N, "text_visible:Welcome")]),
    ("The message 'Saved' should appear", [("assert", N, "text_visible:Saved")]),
    ("Verify that the cart has 2 items", [("assert", "cart", "text_visible:2 items")]),
    ("Ensure the email field is empty", [("assert", "email", "value:")]),
    ("Wait until loading is complete", [("wait_for", "loading", "gone")]),
    ("Increase the quantity to 3", [("type", "quantity", "3")]),
    # scroll and wait
    ("Keep scrolling until the footer is visible", [("scroll", "footer", "down")]),
    ("Scroll until 'Contact us' appears", [("scroll", "contact us", "down")]),
    ("Wait for 2 seconds", [("wait_for", N, "2")]),
    ("Wait until the results appear", [("wait_for", "results", N)]),
    # relations, rows, buttons named by their verb phrase
    ("Click the Edit button in the row for Alice", [("click", "edit button in row for alice", N)]),
    ("Delete Bob Chen from the team and confirm", [("click", "delete button for bob chen", N), ("click", "delete button in dialog", N)]),
    ("Edit Carol Diaz, change her role to Admin and save",
     [("click", "edit button for carol diaz", N), ("type", "role", "Admin"), ("click", "save", N)]),
    ("Remove Eve Kim. When asked, confirm the deletion",
     [("click", "remove button for eve kim", N), ("click", "remove button in dialog", N)]),
    ("Press Sign in", [("click", "sign in", N)]),
    ("Remove the notebook set, enter the coupon code SAVE10 and apply it, then place the order",
     [("click", "remove button for notebook set", N), ("type", "coupon code", "SAVE10"), ("click", "apply", N),
      ("click", "place order", N)]),
    ("Turn on SMS alerts and save the settings", [("check", "sms alerts", "on"), ("click", "save settings", N)]),
    ("Search for 'jacket', click Rain jacket and add it to the cart",
     [("type", "search", "jacket"), ("press", N, "Enter"), ("click", "rain jacket", N), ("click", "add to cart", N)]),
    ("Edit Alice Martin: set the email to alice.m@example.org and click Save",
     [("click", "edit button for alice martin", N), ("type", "email", "alice.m@example.org"), ("click", "save", N)]),
    # conditions, closing, accepting
    ("If there is a cookie banner, accept it", [("click", "accept button of cookie banner", N)]),
    ("Reject the cookie banner", [("click", "reject button of cookie banner", N)]),
    ("Dismiss the chat widget if it's open", [("click", "close button of chat widget", N)]),
    # keys, purpose clauses, borrowed verbs
    ("Press Escape to close the dialog", [("press", N, "Escape")]),
    ("Click 'Next' to continue", [("click", "next", N)]),
    ("Click Add to cart", [("click", "add to cart", N)]),
    ("Press Ctrl+A then Backspace", [("press", N, "Control+A"), ("press", N, "Backspace")]),
    ("Click Next, then Next again, then Finish", [("click", "next", N), ("click", "next", N), ("click", "finish", N)]),
    ("Add 'Sauce Labs Backpack' to the cart", [("click", "add to cart button for sauce labs backpack", N)]),
    ("Click on the 'Add Element' button 3 times", [("click", "add element", N)] * 3),
    ("Check the first checkbox and uncheck the second one", [("check", "first", "on"), ("check", "second", "off")]),
    ("Go to the cart and proceed to checkout", [("click", "cart", N), ("click", "proceed to checkout", N)]),
    ("Mark the task 'Write report' as complete", [("check", "task write report", "on")]),
    ("Put the cursor in the search box and type 'news'", [("click", "search", N), ("type", "search", "news")]),
    ("Go back to the home page", [("click", "home page", N)]),
    ("Scroll down by 800 pixels", [("scroll", N, "down")]),
    ("open https://x.test; click login; type bob in user; type 123 in pass; click submit",
     [("navigate", N, "https://x.test"), ("click", "login", N), ("type", "user", "bob"), ("type", "pass", "123"),
      ("click", "submit", N)]),
    ("Navigate to the login page, enter credentials admin/admin and submit",
     [("click", "login page", N), ("type", "username", "admin"), ("type", "password", "admin"), ("click", "submit", N)]),
    ("Please enter 'John' in First Name, 'Doe' in Last Name and 'john@doe.com' in Email",
     [("type", "first name", "John"), ("type", "last name", "Doe"), ("type", "email", "john@doe.com")]),
    ("Select Canada as country and Ontario as province", [("select", "country", "Canada"), ("select", "province", "Ontario")]),
    ("Verify the text 'Success' appears on the page", [("assert", N, "text_visible:Success")]),
    ("Drag the file 'a.txt' onto the upload area", [("upload", "upload area", "a.txt")]),
    ("In the search bar, type 'phones' and hit enter", [("type", "search bar", "phones"), ("press", N, "Enter")]),
    ("Under Payment, choose 'Credit card'", [("click", "credit card under payment", N)]),
    ("Once the page loads, click Start", [("click", "start", N)]),
    ("After logging in, open Settings", [("click", "settings", N)]),
    ("Close any popups", [("click", "close button of popup", N)]),
    ("Search for shoes and go to the next page of results",
     [("type", "search", "shoes"), ("press", N, "Enter"), ("click", "next", N)]),
    ("Type 'x9' in the password field and type the same password in the confirm password field",
     [("type", "password", "x9"), ("type", "confirm password", "x9")]),
    ("Type 'a@b.c' into the field labelled 'Email'", [("type", "email", "a@b.c")]),
    ("Click the button that says 'Continue'", [("click", "continue", N)]),
    ("Set departure to 2024-06-01 and return to 2024-06-08", [("type", "departure", "2024-06-01"), ("type", "return", "2024-06-08")]),
    ("Fill in passenger name John Smith and passport number X1234567",
     [("type", "passenger name", "John Smith"), ("type", "passport number", "X1234567")]),
    ("In the admin panel, go to Users and click Add user", [("click", "users in admin panel", N), ("click", "add user", N)]),
    ("Apply the coupon code SAVE10", [("type", "coupon code", "SAVE10"), ("click", "apply", N)]),
    ("Empty the cart", [("click", "empty cart", N)]),
    ("Verify that jdoe appears in the table", [("assert", "table", "text_visible:jdoe")]),
    ("Type 1,000 in the amount field", [("type", "amount", "1,000")]),
    ("Delete Bob, then click OK", [("click", "delete button for bob", N), ("click", "ok", N)]),
    ("Now go ahead and click the Checkout button", [("click", "checkout", N)]),
    ("The URL should now end with /done", [("assert", N, "url_matches:/done")]),
    # pointer
    ("Hover the mouse over 'Account'", [("hover", "account", N)]),
    ("Drag and drop 'Task 3' into the Done column", [("drag", "task 3", "done column")]),
    ("Move the slider to 70", [("drag", "slider", "70")]),
    # joiners and lists
    ("Click A and then click B, after that click C, finally click D",
     [("click", N, N), ("click", "b", N), ("click", "c", N), ("click", "d", N)]),
    ("Step 1 – click Alpha\nStep 2 - click Beta", [("click", "alpha", N), ("click", "beta", N)]),
]  # fmt: skip

KO: list[Case] = [
    ("아이디에 'kim'을 입력하고 비밀번호에 '1234'를 입력한 뒤 로그인 버튼을 누르세요",
     [("type", "아이디", "kim"), ("type", "비밀번호", "1234"), ("click", "로그인", N)]),
    ("아이디 입력란에 'kim'을 입력해서 저장하세요", [("type", "아이디", "kim"), ("click", "저장", N)]),
    ("먼저 메뉴를 열어서 설정을 누르세요", [("click", "메뉴", N), ("click", "설정", N)]),
    ("'무선 이어폰'을 검색한 후 첫 번째 상품을 클릭하세요",
     [("type", "검색창", "무선 이어폰"), ("press", N, "Enter"), ("click", "첫 번째 상품", N)]),
    ("로그인 버튼 눌러줘", [("click", "로그인", N)]),
    ("확인 버튼 눌러 주시겠어요?", [("click", "확인", N)]),
    ("저장 버튼을 클릭하십시오", [("click", "저장", N)]),
    ("2초 기다려줘", [("wait_for", N, "2")]),
    ("이전 페이지로 돌아가세요", [("navigate", N, "back")]),
    ("로그아웃 해주세요", [("click", "로그아웃", N)]),
    ("회원가입 하세요", [("click", "회원가입", N)]),
    ("아이디 'kim', 비밀번호 '1234'로 로그인하세요", [("type", "아이디", "kim"), ("type", "비밀번호", "1234"), ("click", "로그인", N)]),
    ("로그인 상태 유지를 체크하고, 아이디는 kim, 비밀번호는 1234로 로그인해 주세요",
     [("check", "로그인 상태 유지", "on"), ("type", "아이디", "kim"), ("type", "비밀번호", "1234"), ("click", "로그인", N)]),
    ("아이디에 kim, 비밀번호에 1234를 입력하세요", [("type", "아이디", "kim"), ("type", "비밀번호", "1234")]),
    ("이름은 김영희, 이메일은 young@example.kr로 입력하세요", [("type", "이름", "김영희"), ("type", "이메일", "young@example.kr")]),
    ("비밀번호와 비밀번호 확인에 각각 'pw1234!'를 입력하세요", [("type", "비밀번호", "pw1234!"), ("type", "비밀번호 확인", "pw1234!")]),
    ("생년월일을 1990년 1월 2일로 바꿔 주세요", [("type", "생년월일", "1990년 1월 2일")]),
    ("배송 날짜를 2024년 5월 10일로 정하고, 빠른 배송을 선택하세요", [("type", "배송 날짜", "2024년 5월 10일"), ("click", "빠른 배송", N)]),
    ("배송 날짜는 2025-01-15로 하고 새벽 배송을 고르세요", [("type", "배송 날짜", "2025-01-15"), ("click", "새벽 배송", N)]),
    ("수량을 2개로 변경하세요", [("type", "수량", "2")]),
    ("'빠른 배송' 옵션을 선택하세요", [("select", N, "빠른 배송")]),
    ("배송 방법으로 '택배'를 선택하세요", [("select", "배송 방법", "택배")]),
    ("성별은 '여성'으로 선택하세요", [("select", "성별", "여성")]),
    ("국가를 '일본'으로 선택하세요", [("select", "국가", "일본")]),
    ("지역을 인천으로 선택한 다음 저장하세요", [("select", "지역", "인천"), ("click", "저장", N)]),
    ("약관에 모두 동의하세요", [("check", "약관", "on")]),
    ("알림을 켜 주세요", [("check", "알림", "on")]),
    ("쿠키 배너가 있으면 수락하세요", [("click", "쿠키 배너의 수락", N)]),
    ("'저장 완료' 메시지가 나타날 때까지 최대 10초 기다리세요", [("wait_for", N, "저장 완료")]),
    ("로딩이 끝날 때까지 기다리세요", [("wait_for", "로딩", "gone")]),
    ("'환영합니다'라는 문구가 보이는지 확인하세요", [("assert", N, "text_visible:환영합니다")]),
    ("이력서 칸에 'cv.pdf'를 올려 주세요", [("upload", "이력서", "cv.pdf")]),
    ("메뉴에 마우스를 올려놓으세요", [("hover", "메뉴", N)]),
    ("'작업 1'을 '진행 중' 열로 드래그해서 놓으세요", [("drag", "작업 1", "진행 중 열")]),
    ("슬라이더를 70으로 옮기세요", [("drag", "슬라이더", "70")]),
    ("화면 맨 위로 올라가세요", [("scroll", "top", "up")]),
    ("그리고 나서 확인 버튼을 누르세요", [("click", "확인", N)]),
    ("네이버 홈페이지 https://naver.com 에 접속해 주세요", [("navigate", N, "https://naver.com")]),
    ("'재킷'을 검색한 후 방수 재킷을 열어서 장바구니에 담으세요",
     [("type", "검색창", "재킷"), ("press", N, "Enter"), ("click", "방수 재킷", N), ("click", "장바구니 담기", N)]),
    ("아이디 kim, 비밀번호 1234로 로그인한 후 자료실로 가서 3월 청구서를 다운로드하세요",
     [("type", "아이디", "kim"), ("type", "비밀번호", "1234"), ("click", "로그인", N), ("click", "자료실", N),
      ("download", "3월 청구서", N)]),
    ("최유진님의 정보를 수정해서 역할을 관리자로 바꾸고 저장하세요",
     [("click", "최유진의 수정", N), ("type", "역할", "관리자"), ("click", "저장", N)]),
    ("장바구니에 추가하세요", [("click", "장바구니 추가", N)]),
    ("Login 버튼을 누르세요", [("click", "login", N)]),
    ("search box에 'shoes'를 입력하세요", [("type", "search", "shoes")]),
    ("10초 이내에 '완료'가 나타날 때까지 기다리세요", [("wait_for", N, "완료")]),
    ("비밀번호에 {{pw}}를 입력하고 비밀번호 확인 칸에도 같은 비밀번호를 입력하세요",
     [("type", "비밀번호", "{{pw}}"), ("type", "비밀번호 확인", "{{pw}}")]),
    ("로그인 버튼 클릭", [("click", "로그인", N)]),
    ("약관 동의 체크", [("check", "약관 동의", "on")]),
    ("엔터", [("press", N, "Enter")]),
    ("'완료' 표시 확인", [("assert", N, "text_visible:완료")]),
    ("3초 대기", [("wait_for", N, "3")]),
    ("1. 로그인 페이지 이동\n2. 아이디 'kim' 입력\n3. 비밀번호 '1234' 입력\n4. 로그인 클릭",
     [("click", "로그인 페이지", N), ("type", "아이디", "kim"), ("type", "비밀번호", "1234"), ("click", "로그인", N)]),
    ("저장 버튼 클릭해봐", [("click", "저장", N)]),
    ("이름 칸에 '김철수'를 입력할 것", [("type", "이름", "김철수")]),
    ("팝업이 뜰 경우 닫기를 누르세요", [("click", "닫기", N)]),
    ("상품을 장바구니에 넣어 주세요", [("click", "장바구니 담기", N)]),
    ("결제 버튼을 누르고 나서 결과를 기다리세요", [("click", "결제", N), ("wait_for", "결과", N)]),
    ("첨부파일로 'invoice.pdf'를 선택하세요", [("upload", "첨부파일", "invoice.pdf")]),
    ("메뉴를 열어 설정을 누르세요", [("click", "메뉴", N), ("click", "설정", N)]),
    ("색상을 골라 저장하세요", [("click", "색상", N), ("click", "저장", N)]),
    ("영어 버튼을 누르세요", [("click", "영어", N)]),
    ("확인 버튼을 눌러 주세요", [("click", "확인", N)]),
    ("받는 분 계좌번호에 '110-123-456789'를 입력하고 이체 금액에 50000을 입력하세요",
     [("type", "받는 분 계좌번호", "110-123-456789"), ("type", "이체 금액", "50000")]),
    ("출발 날짜를 3월 5일로 선택하세요", [("type", "출발 날짜", "3월 5일")]),
    ("관리자 페이지에 로그인한 후 사용자 목록을 여세요", [("click", "로그인", N), ("click", "사용자 목록", N)]),
    ("상품 목록에서 두 번째 상품을 장바구니에 담아 주세요", [("click", "두 번째 상품의 장바구니 담기", N)]),
    ("배송지 주소를 입력하세요: 서울시 마포구", [("type", "배송지 주소", "서울시 마포구")]),
    ("결제 수단으로 신용카드를 선택하세요", [("select", "결제 수단", "신용카드")]),
    ("회원가입 폼에 이름 '박민수', 이메일 'ms@ex.kr'을 입력하세요", [("type", "이름", "박민수"), ("type", "이메일", "ms@ex.kr")]),
    ("'파일 선택' 버튼을 눌러 'photo.png'를 업로드하세요", [("upload", "파일 선택", "photo.png")]),
    ("탭 키를 두 번 누르세요", [("press", N, "Tab Tab")]),
    ("장바구니 개수가 '2'인지 확인하세요", [("assert", "장바구니 개수", "text_visible:2")]),
    ("'고객센터' 링크를 찾을 때까지 스크롤하세요", [("scroll", "고객센터 링크", "down")]),
    ("필터에서 '무료 배송'을 체크하세요", [("check", "필터의 무료 배송", "on")]),
    ("이서연님을 삭제하고 확인 창에서 삭제를 누르세요", [("click", "이서연의 삭제", N), ("click", "삭제", N)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "want"), EN + KO, ids=[t for t, _ in EN + KO])
def test_grammar(text: str, want: list[tuple[str, str | None, str | None]]) -> None:
    got = [triple(a) for a in compile_steps(text)]
    assert got == [(k, norm_target(t), v) for k, t, v in want]


def test_a_move_after_a_press_may_be_its_result() -> None:
    press, move = compile_steps("검색 결과에서 이전 버튼을 눌러 앞 페이지로 가세요")
    assert isinstance(press, Click) and not press.optional and press.target.query == "이전 버튼"
    assert isinstance(move, Click) and move.optional and move.condition is not None


def test_conditional_accept_is_optional_with_its_condition() -> None:
    (a,) = compile_steps("If there is a cookie banner, accept it")
    assert isinstance(a, Click) and a.optional and a.condition is not None and a.condition.query == "cookie banner"
    (b,) = compile_steps("쿠키 배너가 뜨면 '모두 허용'을 누르세요")
    assert b.optional and b.condition is not None and b.condition.query == "쿠키 배너"


@pytest.mark.parametrize(
    ("text", "optional"),
    [
        ("If a cookie banner shows up, accept it, then download the March invoice", [True, False]),
        ("쿠키 배너가 나타나면 거부를 누르고 가격표를 내려받으세요", [True, False]),
        ("If a survey pops up, click Skip and press Escape", [True, True]),
        ("쿠키 동의 창이 열리면 동의를 누르고 닫으세요", [True, True]),
    ],
)
def test_a_condition_covers_the_steps_that_depend_on_it(text: str, optional: list[bool]) -> None:
    assert [a.optional for a in compile_steps(text)] == optional


@pytest.mark.parametrize(
    ("text", "target", "condition"),
    [
        ("Click 'Accept' if you see it", "Accept", "Accept"),
        ("If asked to confirm, click Yes", "Yes", "Yes"),
        ("If a login prompt shows, click Continue", "Continue", "login prompt"),
        ("Close the banner if it appears", "the close button of the banner", "the banner"),
        ("Close any popups", "the close button of the popup", "the popup"),
        ("광고 팝업이 보이면 '오늘 하루 보지 않기'를 클릭하세요", "오늘 하루 보지 않기", "광고 팝업"),
        ("'확인' 버튼이 있으면 눌러 주세요", "'확인' 버튼", "'확인' 버튼"),
    ],
)
def test_conditions_name_what_must_be_there(text: str, target: str, condition: str) -> None:
    (a,) = compile_steps(text)
    assert isinstance(a, Click) and a.optional and a.target.query == target
    assert a.condition is not None and a.condition.query == condition


@pytest.mark.parametrize(
    ("text", "what", "value"),
    [
        ("Make sure 'Order placed' is shown", "text_appeared", "Order placed"),
        ("Verify that 'Error' is not displayed", "text_gone", "Error"),
        ("Check that the URL contains /done", "url_matches", "/done"),
        ("Ensure the 'Remember me' checkbox is checked", "checked", None),
        ("Wait until the spinner disappears", "element_gone", None),
        ("'주문 완료'가 표시되는지 확인하세요", "text_appeared", "주문 완료"),
        ("결과가 나타날 때까지 기다리세요", "element_appeared", None),
        ("Select the 'Express' option", "selected", "Express"),
        ("Go back", "url_changed", None),
    ],
)
def test_every_step_declares_the_effect_it_implies(text: str, what: str, value: str | None) -> None:
    (a,) = compile_steps(text)
    assert a.expect is not None and a.expect.what == what and a.expect.value == value


def test_assert_and_check_are_told_apart_by_grammar() -> None:
    (a,) = compile_steps("Check that the terms box is checked")
    (b,) = compile_steps("Check the terms box")
    assert isinstance(a, Assert) and a.what == "checked"
    assert isinstance(b, Check) and b.checked


def test_secret_placeholders_and_dates_stay_values() -> None:
    a, b, _ = compile_steps("Log in as {{user}} with password {{password}}")
    assert isinstance(a, TypeText) and a.text == "{{user}}" and isinstance(b, TypeText) and b.text == "{{password}}"
    (d,) = compile_steps("Set the check-in date to 2024년 3월 5일")
    assert isinstance(d, TypeText) and d.text == "2024년 3월 5일" and d.normalized == "2024-03-05"


def test_bounded_wait_keeps_its_timeout() -> None:
    (a,) = compile_steps("'저장 완료'가 나타날 때까지 최대 10초 기다리세요")
    assert isinstance(a, WaitFor) and a.text == "저장 완료" and a.seconds == 10.0


def test_round_trip_of_the_new_forms() -> None:
    script = ("Fill out the form with name 'Ann' and email 'a@b.c'\nIf there is a cookie banner, accept it\n"
              "아이디 'kim', 비밀번호 '{{pw}}'로 로그인하세요\nSelect the 'Express' option\nGo back twice")  # fmt: skip
    actions = compile_steps(script)
    assert any(isinstance(a, Select) for a in actions) and any(isinstance(a, Navigate) for a in actions)
    for action in actions:
        assert parse_action(action.model_dump_json()) == action


@pytest.mark.parametrize(
    ("text", "phrase", "hint"),
    [
        ("Clikc the Save button", "Clikc the Save button", "did you mean 'click'"),
        ("Click Save, then frobnicate the widget", "frobnicate the widget", "start the step with a verb"),
        ("Book a flight to Paris", "Book a flight to Paris", "start the step with a verb"),
        ("Upload my resume", "Upload my resume", "name the file with its extension"),
        ("Type the same password in the confirm field", "Type the same password in the confirm field", "typed before"),
        ("Ensure you are logged in", "Ensure you are logged in", "start the step with a verb"),
        ("Wait until the upload finishes", "Wait until the upload finishes", "say what shows when it is done"),
        ("Enter your email", "Enter your email", "no value to type"),
        ("이메일을 입력하고 다음을 누르세요", "이메일을 입력하", "no value to type"),
        ("Press and hold the record button", "Press and hold the record button", "no action the agent has"),
        ("프로필 사진을 업로드하세요", "프로필 사진을 업로드하세요", "name the file with its extension"),
        ("저장 버튼을 클릭하고 고양이를 춤추게 하세요", "고양이를 춤추게 하세요", "end the step with a verb"),
    ],
)
def test_errors_carry_the_span_and_a_suggestion(text: str, phrase: str, hint: str) -> None:
    with pytest.raises(CompileError) as info:
        compile_steps(text)
    exc = info.value
    assert exc.phrase == phrase and text[slice(*exc.span)] == phrase
    assert exc.suggestion and exc.suggestion in str(exc) and repr(phrase) in str(exc)
    assert hint in exc.suggestion or hint in exc.reason


def test_compiling_is_fast() -> None:
    texts = [t for t, _ in EN + KO]
    compile_steps(texts[0])
    t0 = time.perf_counter()
    for _ in range(3):
        for t in texts:
            compile_steps(t)
    per_s = (time.perf_counter() - t0) / (3 * len(texts))
    assert per_s < 0.005, f"{per_s * 1000:.2f} ms per instruction"
