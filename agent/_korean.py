"""The Korean grammar of :mod:`agent.compile`: a clause is read from its final verb back to its particles."""

from __future__ import annotations

import itertools
import re

from agent._datetimes import normalize_datetime
from agent._grammar import (
    _CHECKISH,
    _DROPDOWNISH,
    _Q0,
    _Q1,
    _SLIDERISH,
    _URLISH,
    _Clause,
    _key,
    _NoMatch,
    _plain_stem,
    _target,
    _type,
)
from agent.actions import (
    Action,
    Assert,
    Check,
    Click,
    Download,
    Drag,
    Effect,
    Extract,
    Hover,
    Navigate,
    Press,
    Scroll,
    Select,
    Target,
    Upload,
    WaitFor,
)

# -- Korean ------------------------------------------------------------------------------------------------------
_KO_ENDING = re.compile(
    r"\s*(?:해\s*주세요|해\s*주십시오|해\s*줘요?|해\s*주시겠어요|해\s*주실래요|해\s*줄래요?|해\s*주시기\s*바랍니다|해\s*봐요?|"
    r"해\s*보세요|해\s*보십시오|할\s*것|하기\s*바람|할\s*수\s*있나요|"
    r"하세요|하십시오|하시오|합니다|해요|해라|하라|하기|하고|해|한다|하자|합시다|"
    r"주시겠어요|주실래요|줄래요?|주시기\s*바랍니다|주십시오|주세요|줘요?|"
    r"으세요|으십시오|세요|십시오|시오|어요|아요|요|고|기|다|자|기\s*바랍니다|바랍니다|하|한)\s*[.!?]*$"
)
_KO_VERBS = {
    "입력": "type", "기입": "type", "작성": "type", "써": "type", "쓰": "type", "적어": "type", "적": "type", "넣어": "type",
    "넣": "type", "넣으": "type", "누르": "click", "눌러": "click", "클릭": "click", "탭": "click", "터치": "click",
    "선택": "select", "고르": "select", "골라": "select", "체크": "check", "해제": "uncheck", "열": "open", "열어": "open",
    "여": "open", "이동": "go", "접속": "go", "가": "go", "방문": "go", "스크롤": "scroll", "내리": "down", "내려": "down",
    "올리": "up", "올려": "up", "기다리": "wait", "기다려": "wait", "대기": "wait", "확인": "assert", "닫": "close",
    "닫으": "close", "닫아": "close", "호버": "hover", "드래그": "drag", "옮기": "drag", "옮겨": "drag", "놓": "drag",
    "놓으": "drag", "업로드": "upload", "첨부": "upload", "다운로드": "download", "내려받": "download", "다운받": "download",
    "추출": "extract", "가져오": "extract", "가져와": "extract", "검색": "search", "제출": "submit", "새로고침": "reload",
    "맞추": "set", "맞춰": "set", "설정": "set", "지우": "clear", "지워": "clear", "비우": "clear", "비워": "clear",
    "끄": "uncheck", "꺼": "uncheck", "켜": "check", "켜기": "check", "동의": "agree", "돌아가": "back", "돌아와": "back",
    "바꾸": "set", "바꿔": "set", "변경": "set", "지정": "set", "수락": "accept", "허용": "accept", "승인": "accept",
    "거절": "reject", "거부": "reject", "올려놓": "up", "올려놓으": "up", "올려두": "up", "가리키": "hover",
    "활성화": "check", "비활성화": "uncheck", "삭제": "delete", "붙여넣": "type", "붙여넣으": "type",
    "채우": "type", "채워": "type", "올라가": "up", "내려가": "down", "담": "cart", "담으": "cart", "담아": "cart",
    "정하": "set", "정해": "set", "수정": "edit", "편집": "edit", "추가": "add", "끌어다놓": "drag", "끌어": "drag",
}  # fmt: skip
# nouns that name an action and take the light verb 하다: "로그인하세요" clicks the 로그인 button
_KO_ACTION_NOUN = re.compile(
    r"(?:로그인|로그아웃|회원\s*가입|가입|결제|저장|제출|주문|구매|예약|취소|전송|등록|신청|송금|이체|구독|탈퇴|인증|"
    r"적용|초기화|새로\s*고침|확인\s*버튼|완료|다음|이전|계속|시작|종료|수정|편집|복사|공유|인쇄|발급|조회|닫기|열기|"
    r"로그\s*인|로그\s*아웃|sign\s*in|log\s*in|log\s*out|sign\s*out)$",
    re.IGNORECASE,
)
_STEMS = sorted(_KO_VERBS, key=len, reverse=True)
# a verb in its -아/-어 form, as it ends a word: "눌러", "열어", "클릭해", "입력해", "골라"
_KO_VERB_FORM = re.compile(
    "(?:^|(?<=[\\s\ue001]))(?:"
    + "|".join(
        re.escape(v)
        for v in sorted({k for k in _KO_VERBS if k[-1] in "해러려어아워켜꺼쳐춰둬겨져라"}, key=len, reverse=True)
    )
    + "|\\S*(?:"
    + "|".join(re.escape(v) for v in sorted({k for k in _KO_VERBS if len(k) >= 2}, key=len, reverse=True))
    + ")해)$"
)
# stems that end many nouns ("추가", "수정해", "판매"): a verb only as a word of its own
_WHOLE_WORD = frozenset(stem for stem in _KO_VERBS if len(stem) == 1) | {"정하", "정해", "담으", "담아", "놓으"}
# 의 is not cut: it ends nouns such as 동의 and 회의, and a target never ends in the possessive
_KO_PARTICLE = re.compile(
    r"\s*(?:을|를|은|는|이|가|에다가|에다|에서|에게|에도|에|으로|로|와|과|도|만|까지|이라고|라고)$"
)
_KO_FIELD_NOUN = re.compile(
    r"(?:(?:새\s*)?비밀번호(?:\s*확인)?|아이디|이메일(?:\s*주소)?|이름|성명|주소|(?:휴대폰|전화)\s*번호|연락처|검색어|닉네임|"
    r"생년월일|날짜|제목|내용|메시지|메모|수량|금액|우편번호|인증\s*번호|코드|쿠폰\s*(?:번호|코드)?)"
)
_KO_OBJ = re.compile(r"\s*(?:을|를)$")


def _kv(c: _Clause, a: int, b: int, particle: re.Pattern[str] = _KO_PARTICLE) -> str:
    """The value or target at ``c.text[a:b]`` without its trailing particle ("'kim'을" → kim, "아이디에" → 아이디)."""
    seg = c.text[a:b]
    b = a + len(seg.rstrip())
    a += len(seg) - len(seg.lstrip())
    if a >= b:
        return ""
    nxt = c.text[b : b + 1]
    already = bool(nxt) and "가" <= nxt <= "힣"  # the caller's pattern already cut the particle off ("국가|를")
    if not already and (m := particle.search(c.text, a, b)) is not None and m.end() == b and m.start() > a:
        b = m.start()
    return c.value(a, b)


def _ko_strip(phrase: str, particle: re.Pattern[str] = _KO_PARTICLE) -> str:
    p = phrase.strip()
    if p.endswith(_Q1) or (p and p[-1] in "'\"’”」』"):
        return p
    q = particle.sub("", p)
    return q if q else p


class _Ko:
    """One Korean clause split into its body (text before the verb) and verb."""

    def __init__(self, c: _Clause) -> None:
        text = c.text.strip()
        text = re.sub(r"[.!?]+$", "", text)
        once = _KO_ENDING.sub("", text).rstrip()
        twice = _KO_ENDING.sub("", once).rstrip()
        verb, cut = None, 0
        # "기다리세요" → "기다리"; "옮기세요" → "옮기" (not "옮"); "누른 후" leaves "누른": try it as "누르"
        for form in dict.fromkeys(
            (twice, once, _KO_ENDING.sub("", _plain_stem(twice)).rstrip(), _plain_stem(once), text)
        ):
            m = re.search(r"(?:^|\s)(\S+)$", form)
            word = m.group(1) if m else ""
            for stem in _STEMS:  # "입력란에입력" → the longest verb at the word's end
                if word.endswith(stem) and (word == stem or (len(word) - len(stem) <= 6 and stem not in _WHOLE_WORD)):
                    verb, cut, text = _KO_VERBS[stem], len(form) - len(stem), form
                    break
            if verb is not None:
                break
        if verb is None:
            # "로그인하세요", "로그아웃 해 주세요": an action noun with the light verb 하다 is its button
            if once != text and (m := _KO_ACTION_NOUN.search(twice)) is not None:
                verb, cut, text = "noun", m.start(), twice
            elif once != text and re.search(r"\S(?:을|를|은|는)\s+\S.*(?:으로|로)$", twice):
                verb, cut, text = "set", len(twice), twice  # "배송 날짜는 2025-01-15로 하고": 하다 with 로 sets a value
            else:
                raise _NoMatch
        self.c, self.verb = c, verb
        self.noun = text[cut:].strip()
        body = text[:cut].rstrip()
        # a light verb's noun ("체크 해제", "마우스를 올리", "뒤로 가", "끌어다 놓") joins the verb
        if verb == "uncheck" and (mm := re.search(r"\s*(?:체크|선택)\s*(?:를|을)?$", body)):
            body = body[: mm.start()]
        if verb == "up" and (mm := re.search(r"\s*(?:마우스|커서|포인터)\s*(?:를|을)?$", body)):
            self.verb, body = "hover", body[: mm.start()]
        if verb in ("down", "up") and (mm := re.search(r"\s*(?:스크롤|화면|페이지)\s*(?:을|를)?$", body)):
            body = body[: mm.start()]
        if verb == "drag" and (mm := re.search(r"\s*(?:마우스|커서|포인터)\s*(?:를|을)?\s*올려$", body)):
            self.verb, body = "hover", body[: mm.start()]  # "메뉴에 마우스를 올려 놓으세요"
        if verb == "drag" and (mm := re.search(r"\s*(?:끌어다|끌어서|드래그해서|드래그하여)$", body)):
            body = body[: mm.start()]
        if verb == "check" and (mm := re.search(r"\s*(?:에|를|을)?\s*(?:표시|선택)$", body)):
            body = body[: mm.start()]
        self.body_end = len(body)
        self.body = body

    def sub(self, a: int, b: int) -> tuple[int, int]:
        return a, b


def _sel(c: _Clause, target: Target | None, option: str) -> Action:
    """Choosing a date or time in a field that is no list types it ("출발 날짜를 3월 5일로 선택"); a file uploads it."""
    if (
        re.search(r"\.[A-Za-z0-9]{1,5}$", option)
        and target is not None
        and re.search(r"파일|첨부|업로드", target.query or "")
    ):
        return Upload(target=target, files=(option,), expect=Effect(what="file_uploaded", target=target, value=option))
    datelike = normalize_datetime(option) is not None or re.search(
        r"\d+\s*월\s*\d+\s*일|\d{1,2}:\d{2}|\d+\s*시", option
    )
    if datelike and target is not None and not _DROPDOWNISH.search(target.query or ""):
        return _type(c, target, option)
    return Select(target=target, option=option, expect=Effect(what="selected", target=target, value=option))


def _ko(c: _Clause) -> list[Action]:
    if said := re.match(r"^(?P<t>\S.*?)(?:을|를|에)?\s+(?:입력|기입|작성)\S*\s*:\s*(?P<v>\S.*?)\s*$", c.text):
        field = _target(_ko_strip(c.value(said.start("t"), said.end("t"))))  # "주소를 입력하세요: 서울시 마포구"
        return [_type(c, field, c.value(said.start("v"), said.end("v")))]
    k = _Ko(c)
    body, verb = k.body, k.verb

    def val(a: int, b: int) -> str:
        return c.value(a, b)

    def tgt(a: int, b: int, particle: re.Pattern[str] = _KO_PARTICLE) -> Target:
        raw = _kv(c, a, b, particle)
        if raw in ("", "그것", "그걸", "이것", "그") and (c.condition or c.antecedent) is not None:
            return implicit()
        return _target(raw)

    def implicit() -> Target:
        if c.condition is not None:
            return c.condition
        if c.antecedent is not None:
            return c.antecedent
        raise _NoMatch

    blank = not body.strip()
    target: Target | None
    quotes = [mm for mm in re.finditer(rf"{_Q0}{_Q1}*", body)]

    if verb == "up" and re.search(r"\S\.[A-Za-z0-9]{2,5}\b|파일", c.raw(0, len(body))):
        verb = "upload"  # "이력서 칸에 'cv.pdf'를 올려 주세요": 올리다 a file is to upload it

    if verb == "add":  # "장바구니에 추가하세요": the button says where it adds
        if blank:
            return [Click(target=Target(query="추가 버튼"))]
        if obj := re.match(r"^(.+?)(?:을|를)\s+(.+)$", body):
            return [
                Click(
                    target=_target(f"{_kv(c, obj.start(1), obj.end(1))}의 {_kv(c, obj.start(2), obj.end(2))} 추가 버튼")
                )
            ]
        return [Click(target=_target(f"{_kv(c, 0, len(body))} 추가"))]

    if verb == "cart":
        place = _kv(c, 0, len(body)) if not blank else "장바구니"
        if obj := re.match(
            r"^(.+?)(?:을|를)\s+(.+)$", body
        ):  # "두 번째 상품을 장바구니에": the 담기 button of that item
            item = re.sub(r"^.*?(?:에서|의)\s+", "", _kv(c, obj.start(1), obj.end(1)))
            return [Click(target=_target(f"{item}의 {_kv(c, obj.start(2), obj.end(2))} 담기 버튼"))]
        return [Click(target=_target(f"{place} 담기"))]

    if verb == "noun":
        noun = k.noun
        if (
            re.fullmatch(r"(?:로그\s*인|sign\s*in|log\s*in)", noun, re.IGNORECASE)
            and not blank
            and not re.search(r"(?:에|에서)$", body)
        ):
            return _ko_login(c, body, noun)
        if blank or re.search(r"(?:에|에서)$", body):
            return [Click(target=_target(noun))]  # "관리자 페이지에 로그인하세요": the 로그인 button
        thing = _kv(c, 0, len(body), _KO_OBJ)
        return [Click(target=_target(f"{thing} {noun}"))]

    if verb == "back":
        raw = _kv(c, 0, len(body)) if not blank else ""
        if blank or re.fullmatch(r"(?:뒤|이전|전|원래|앞)(?:\s*(?:페이지|화면|단계))?(?:로|으로)?", raw):
            return [Navigate(history="back", expect=Effect(what="url_changed"))]
        return [Click(target=_target(re.sub(r"\s*(?:으로|로)$", "", raw)))]

    if verb in ("accept", "reject"):
        word = "수락" if verb == "accept" else "거절"
        if blank:
            owner = implicit()
            return [Click(target=Target(query=f"{owner.query or owner.describe()}의 {word} 버튼"))]
        raw = _kv(c, 0, len(body))
        if re.search(r"(?:배너|팝업|창|대화\s*상자|알림|안내|모달|메시지|요청)$", raw):
            return [Click(target=Target(query=f"{raw}의 {word} 버튼"))]
        return [Click(target=_target(f"{raw} {word}"))]  # "쿠키 사용을 허용" → the 허용 button for it

    if verb in ("delete", "edit"):
        word = "삭제" if verb == "delete" else "수정"
        if blank:
            return [Click(target=Target(query=f"{word} 버튼"), sensitive=verb == "delete")]
        raw = re.sub(
            r"(?:님|씨)?의\s+(?:정보|항목|행|내용)$", "", _kv(c, 0, len(body), _KO_OBJ)
        )  # "최유진님의 정보를 수정"
        raw = re.sub(r"(?:님|씨)$", "", raw)
        return [Click(target=_target(f"{raw}의 {word} 버튼"), sensitive=verb == "delete")]

    if verb == "select" and (via := re.match(rf"^(.+?)(?:으로|로)\s+({_Q0}{_Q1}*|[^\s{_Q0}].*?)\s*(?:을|를)?$", body)):
        target, option = (
            tgt(via.start(1), via.end(1)),
            _kv(c, via.start(2), via.end(2)),
        )  # "배송 방법으로 '택배'를 선택"
        return [_sel(c, target, option)]

    if verb == "select" and (topic := re.match(r"^(.+?)(?:은|는)\s+(.+?)(?:으로|로|을|를)$", body)):
        target, option = tgt(topic.start(1), topic.end(1)), _kv(c, topic.start(2), topic.end(2))  # "성별은 '여성'으로"
        return [_sel(c, target, option)]

    if verb in ("check", "uncheck", "agree"):
        body = re.sub(r"\s*(?:모두|전부|전체|다|모든\s*항목)$", "", body)
        blank = not body.strip()

    if verb in ("type", "set", "search"):
        if verb == "set" and (_SLIDERISH.search(body)):
            mm = re.match(r"^(.+?)(?:을|를)\s+(-?\d+(?:\.\d+)?)\s*%?\s*(?:으로|로|에)?$", body)
            if mm:
                target = tgt(mm.start(1), mm.end(1))
                return [
                    Drag(
                        target=target,
                        value=float(mm.group(2)),
                        expect=Effect(what="value_set", target=target, value=mm.group(2)),
                    )
                ]
        # "T에 'V'를", "'V'를 T에", "T에 V라고"; for 설정/맞추: "T를 V로"
        target = None
        set_to = re.match(r"^(.+?)(?:을|를|은|는)\s+(.+?)(?:으로|로)$", body)
        if set_to and verb != "set" and (body.lstrip().startswith(_Q0) or verb == "search"):
            set_to = None  # "'kim'을 아이디로 입력" is rare; the quoted value stays the value
        if verb == "type" and len(quotes) >= 2 and (pairs := _ko_pairs(c, body)) is not None:
            return pairs  # "회원가입 폼에 이름 '박민수', 이메일 'ms@ex.kr'을 입력"
        if verb == "type" and (
            each := re.match(rf"^(.+?)(?:에|에는)\s+(?:각각|모두|둘\s*다)\s+({_Q0}{_Q1}*)\s*(?:을|를)?$", body)
        ):
            fields = re.split(
                r"\s*(?:와|과|및|,)\s+", _kv(c, each.start(1), each.end(1))
            )  # "비밀번호와 비밀번호 확인에 각각 'x'"
            value = val(each.start(2), each.end(2))
            return [_type(c, _target(f), value) for f in fields if f]
        if set_to:
            target, text = tgt(set_to.start(1), set_to.end(1)), _kv(c, set_to.start(2), set_to.end(2))
        elif quotes:
            q = quotes[0]
            text = val(q.start(), q.end())
            before, after = body[: q.start()], body[q.end() :]
            if before.strip():
                target = tgt(0, len(before.rstrip()))
            elif mm := re.match(r"^\s*(?:을|를|이라고|라고|이라|라)?\s+(\S.*?)\s*$", after):
                target = tgt(q.end() + mm.start(1), q.end() + mm.end(1))
        elif mm := re.match(r"^(.+?)(?:에다가|에다|에서|에도|에)\s+(.+)$", body):
            target, text = tgt(mm.start(1), mm.end(1)), _kv(c, mm.start(2), mm.end(2))
        elif mm := re.match(r"^(.+?)(?:을|를)\s+(.+?)(?:에다가|에다|에서|에)$", body):
            text, target = val(mm.start(1), mm.end(1)), tgt(mm.start(2), mm.end(2))
        elif (mm := re.match(r"^(.+?)(?:은|는)\s+(.+)$", body)) and not re.search(
            r"(?:에|에도|에서|에는)\s", mm.group(1) + " "
        ):
            target, text = tgt(mm.start(1), mm.end(1)), _kv(c, mm.start(2), mm.end(2))  # "이름은 김영희 입력"
        elif not blank:
            text = _kv(c, 0, len(body))
            if _KO_FIELD_NOUN.fullmatch(text):  # "이메일을 입력하세요" names the field, not what to type
                raise ValueError(f"no value to type into {text!r}: give it, e.g. \"{text}에 'kim'을 입력하세요\"")
        else:
            raise _NoMatch
        if not quotes and (count := re.fullmatch(r"(\d+)\s*(?:개|명|장|매|권|박|회|대|잔|병|켤레|인분|세트|벌)", text)):
            text = count.group(1)  # "수량을 2개로": the number, as a quantity field takes it
        if target is not None and re.fullmatch(r"(?:장바구니|카트|쇼핑백|위시리스트|찜\s*목록)", target.query or ""):
            return [Click(target=_target(f"{target.query} 담기"))]  # "상품을 장바구니에 넣어 주세요": its button
        if verb == "search":
            target = target or Target(query="검색창")
            return [_type(c, target, text), Press(keys=("Enter",), target=target)]
        if verb == "set" and target is not None and _DROPDOWNISH.search(target.query or ""):
            return [Select(target=target, option=text, expect=Effect(what="selected", target=target, value=text))]
        return [_type(c, target, text)]

    if verb == "select":
        if back := re.match(
            r"^(.+?)(?:을|를)\s+(.+?)(?:에서|으로|로)$", body
        ):  # "'부산'을 도시 드롭다운에서", "…을 지역으로"
            t_at, o_at = (2, 1)
            x_quoted = body.lstrip().startswith(_Q0)
            y_quoted = body[back.start(2) :].lstrip().startswith(_Q0)
            if not body[: back.end(2) + 2].rstrip().endswith("에서") and (
                (y_quoted and not x_quoted) or (x_quoted == y_quoted and not _DROPDOWNISH.search(back.group(2)))
            ):
                t_at, o_at = 1, 2  # "국가를 '일본'으로 선택", "지역을 인천으로 선택": the (으)로 part is the option
            target, option = tgt(back.start(t_at), back.end(t_at)), _kv(c, back.start(o_at), back.end(o_at))
            return [_sel(c, target, option)]
        mm = re.match(r"^(.+?)(?:에서|의)\s+(.+)$", body)
        if mm:
            target = tgt(mm.start(1), mm.end(1))
            option = _kv(c, mm.start(2), mm.end(2), _KO_OBJ)
            if _CHECKISH.search(option):
                box = _target(_ko_strip(option))
                return [Check(target=box, expect=Effect(what="checked", target=box))]
            return [_sel(c, target, option)]
        if opt := re.fullmatch(rf"\s*({_Q0}{_Q1}*)\s*(?:옵션|항목|선택지)(?:을|를)?\s*", body):
            option = val(opt.start(1), opt.end(1))  # "'빠른 배송' 옵션을 선택": an option found alone
            return [Select(option=option, expect=Effect(what="selected", value=option))]
        target = implicit() if blank else tgt(0, len(body))
        if _CHECKISH.search(target.query or ""):
            return [Check(target=target, expect=Effect(what="checked", target=target))]
        return [Click(target=target)]

    if verb in ("check", "uncheck", "agree"):
        if inside := re.match(r"^(.+?)에서\s+(\S.*)$", body):  # "필터에서 '무료 배송'을 체크": the box of the filter
            target = _target(f"{_kv(c, inside.start(1), inside.end(1))}의 {_kv(c, inside.start(2), inside.end(2))}")
        else:
            target = implicit() if blank else tgt(0, len(body))
        on = verb != "uncheck"
        return [Check(target=target, checked=on, expect=Effect(what="checked" if on else "unchecked", target=target))]

    if verb == "clear":
        target = implicit() if blank else tgt(0, len(body))
        return [_type(c, target, "")]

    if verb == "click" or verb == "submit":
        times = 1
        if rep := re.search(
            r"\s*(\d+|한|두|세|네|다섯)\s*(?:번|회)$", body
        ):  # "두 번 누르세요"; "두 번째" is an ordinal
            word = rep.group(1)
            times = int(word) if word.isdigit() else {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5}[word]
            body = body[: rep.start()]
            blank = not body.strip()
            if not blank:
                if (keys := _key(_kv(c, 0, len(body), _KO_OBJ), bare_ok=True)) is not None:
                    return [Press(keys=keys * max(1, min(times, 10)))]  # "탭 키를 두 번 누르세요"
                return [Click(target=tgt(0, len(body)))] * max(1, min(times, 10))
        if blank:
            if verb == "submit":
                return [Click(target=Target(query="제출 버튼"))]
            return [Click(target=implicit())]
        raw = _kv(c, 0, len(body), _KO_OBJ)
        if (keys := _key(raw, bare_ok=True)) is not None:
            return [Press(keys=keys)]
        if verb == "submit":
            return [Click(target=Target(query="제출 버튼"))]
        if (inside := re.match(r"^(.+?)에서\s+(\S.*)$", body)) and re.fullmatch(
            r"(?:확인|대화|알림|경고|팝업|모달)?\s*(?:창|상자|대화\s*상자|팝업|모달)|(?:검색\s*)?결과|화면|페이지|본문|영역",
            _kv(c, inside.start(1), inside.end(1)),
        ):  # "확인 창에서 삭제를", "검색 결과에서 이전 버튼을": the place names no label to find; the button does
            return [Click(target=tgt(inside.start(2), len(body)))]
        if inside := re.match(r"^(.+?)에서\s+(\S.*)$", body):  # "메뉴에서 설정을": the 설정 of the menu
            return [
                Click(
                    target=_target(
                        f"{_kv(c, inside.start(1), inside.end(1))}의 {_kv(c, inside.start(2), inside.end(2))}"
                    )
                )
            ]
        return [Click(target=tgt(0, len(body)))]

    if verb in ("open", "go"):
        raw = _kv(c, 0, len(body))
        if re.fullmatch(r"뒤(?:로)?|이전(?:\s*페이지)?(?:로|으로)?", raw):
            return [Navigate(history="back", expect=Effect(what="url_changed"))]
        if re.fullmatch(r"앞(?:으로)?", raw) and verb == "go":
            return [Navigate(history="forward", expect=Effect(what="url_changed"))]
        url = re.sub(r"\s*(?:으로|로|에|을|를|페이지|사이트)+$", "", raw).strip().strip("'\"")
        if not (_URLISH.match(url) or url.startswith("/")) and (
            found := re.search(
                r"(?:^|\s)((?:https?://|www\.)\S+?|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*?)?)(?=\s*(?:으로|로|에|을|를)?$)",
                url,
                re.IGNORECASE,
            )
        ):
            url = found.group(1)  # "네이버 홈페이지 https://naver.com 에 접속": the address in the phrase
        if _URLISH.match(url) or url.startswith("/"):
            if not re.match(r"^(?:[a-z]+://|about:|data:|file:)", url, re.IGNORECASE) and not url.startswith("/"):
                url = ("http://" if url.startswith(("localhost", "127.")) else "https://") + url
            return [Navigate(url=url, expect=Effect(what="url_matches", value=url))]
        if blank:
            raise _NoMatch
        return [Click(target=tgt(0, len(body)))]

    if verb in ("scroll", "down", "up"):
        d = "up" if verb == "up" else "down"
        to: Target | str | None = None
        if re.search(r"위|상단|처음", body):
            d = "up"
        if re.search(r"왼쪽", body):
            d = "left"
        if re.search(r"오른쪽", body):
            d = "right"
        if re.search(r"맨\s*(?:아래|밑|끝)|끝까지|하단까지|가장\s*아래", body):
            to, d = "bottom", "down"
        elif re.search(r"맨\s*위|상단까지|처음까지|가장\s*위", body):
            to, d = "top", "up"
        elif mm := re.match(r"^(.+?)(?:이|가|을|를)?\s*(?:보일|나타날|나올|찾을|발견할|뜰)\s*때까지", body) or re.match(
            r"^(.+?)까지", body
        ):
            to = tgt(mm.start(1), mm.end(1))
        n = re.search(r"(\d+)\s*(?:번|회)", body)
        return [Scroll(direction=d, times=float(n.group(1)) if n else 1.0, to=to, expect=Effect(what="scrolled"))]  # type: ignore[arg-type]

    if verb == "wait":
        secs: float | None = None
        if mm := re.search(
            r"(?:최대\s*|최장\s*)?(\d+(?:\.\d+)?)\s*(초|분|밀리초)\s*(?:동안|간|까지|정도|만|이내에|이내|안에|내에)?",
            body,
        ):
            secs = float(mm.group(1))
            secs = secs * 60 if mm.group(2) == "분" else secs / 1000 if mm.group(2) == "밀리초" else secs
            rest = (body[: mm.start()] + " " * (mm.end() - mm.start()) + body[mm.end() :]).rstrip()
            if not re.search(r"때\s*까지", rest):
                return [WaitFor(seconds=secs)]
            body = rest  # "'저장 완료'가 나타날 때까지 최대 10초 기다리세요": the seconds bound the wait
        if mm := re.match(
            r"^(.+?)(?:이|가)?\s*(나타날|보일|표시될|뜰|나올|로드될|사라질|없어질|닫힐|끝날|멈출)\s*때\s*까지(?:\s*\S+)?\s*$",
            body,
        ):
            gone = mm.group(2) in ("사라질", "없어질", "닫힐", "끝날", "멈출")
            if (text_at := _quoted_text(body, mm.start(1), mm.end(1))) is not None:
                text = val(*text_at)
                return [WaitFor(text=text, gone=gone, seconds=secs)]
            target = tgt(mm.start(1), mm.end(1))
            return [WaitFor(element=target, gone=gone, seconds=secs)]
        if mm := re.match(
            r"^(?:URL|url|주소)(?:이|가|에)?\s*(.+?)(?:이|가|을|를)?\s*(?:포함될|포함할|될|바뀔|변경될)\s*때까지$", body
        ):
            return [WaitFor(url=_kv(c, mm.start(1), mm.end(1)))]
        if obj := re.fullmatch(r"\s*(\S.*?)(?:을|를)\s*", body):  # "결과를 기다리세요": until it is there
            target = tgt(obj.start(1), obj.end(1))
            return [WaitFor(element=target, seconds=secs)]
        if blank or re.fullmatch(r"잠시|잠깐|조금", body.strip()):
            return [WaitFor(seconds=1.0)]
        raise _NoMatch

    if verb == "assert":
        return _ko_assert(c, body)

    if verb == "close":
        target = implicit() if blank else tgt(0, len(body))
        inner = target.query or target.describe()
        return [Click(target=Target(query=f"{inner}의 닫기 버튼"), expect=Effect(what="element_gone", target=target))]

    if verb == "hover":
        body = re.sub(r"\s*(?:위|위쪽)(?:에)?$", "", body)  # "'저장' 버튼 위에 마우스를"
        target = implicit() if blank else tgt(0, len(body))
        return [Hover(target=target)]

    if verb == "drag":
        mm = re.match(r"^(.+?)(?:을|를)\s+(.+?)(?:으로|로|에|까지)$", body)
        if mm is None:
            raise _NoMatch
        target = tgt(mm.start(1), mm.end(1))
        to_raw = _kv(c, mm.start(2), mm.end(2))
        if num := re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*%?", to_raw):
            return [
                Drag(
                    target=target,
                    value=float(num.group(1)),
                    expect=Effect(what="value_set", target=target, value=to_raw),
                )
            ]
        return [Drag(target=target, to=tgt(mm.start(2), mm.end(2)))]

    if verb == "upload":
        if quotes:
            filelike = [q for q in quotes if re.search(r"\.[A-Za-z0-9]{1,5}$|[/\\]|\{\{", val(q.start(), q.end()))]
            q = (filelike or quotes)[
                -1
            ]  # "'파일 선택' 버튼을 눌러 'photo.png'를": the file is the one with an extension
            files = (val(q.start(), q.end()),)
            rest = body[: q.start()].rstrip()
            via = re.search(
                r"(?:을|를)?\s*(?:눌러서|눌러|클릭해서|클릭해|클릭하여|이용해서|이용해|사용해서|사용해|통해서|통해)$",
                rest,
            )
            mm = (
                re.search(r"(\S.*?)\s*(?:에다가|에다|에|으로|로)\s*$", rest)
                if via is None
                else re.match(r"(\S.*?)\s*$", rest[: via.start()])
            )
            target = tgt(mm.start(1), mm.end(1)) if mm else None
        else:
            name = _ko_strip(re.sub(r"\s*파일\s*(?:을|를)?$", "", body.strip()))
            if not re.search(r"\.[A-Za-z0-9]{1,5}$|[/\\]|\{\{", name):
                raise ValueError(f"no file to upload in {name!r}: name the file with its extension, e.g. 'photo.png'")
            files, target = (name,), None
        return [Upload(target=target, files=files, expect=Effect(what="file_uploaded", target=target, value=files[0]))]

    if verb == "download":
        target = implicit() if blank else tgt(0, len(body))
        return [Download(target=target, expect=Effect(what="file_downloaded", target=target))]

    if verb == "extract":
        raw = _ko_strip(body)
        if blank or re.fullmatch(r"(?:모든\s*)?(?:표|테이블)(?:를|을)?", raw):
            return [Extract(expect=Effect(what="table_extracted"))]
        return [Extract(target=tgt(0, len(body)), expect=Effect(what="table_extracted"))]

    if verb == "reload":
        return [Navigate(history="reload")]
    raise _NoMatch


_TEXT_NOUN = r"(?:문구|메시지|메세지|텍스트|글자|글|안내\s*문구|안내|알림|문자열|text|message)"


def _quoted_text(body: str, a: int, b: int) -> tuple[int, int] | None:
    """Where the quote is when ``body[a:b]`` is only a quoted text, maybe with a text noun ("'완료' 문구")."""
    seg = body[a:b]
    m = re.fullmatch(rf"\s*({_Q0}{_Q1}*)\s*(?:(?:이라는|라는|이란|란)?\s*{_TEXT_NOUN})?\s*", seg, re.IGNORECASE)
    return (a + m.start(1), a + m.end(1)) if m else None


_KO_PAIR = re.compile(rf"\s*(?P<f>[^\s,{_Q0}][^,{_Q0}]*?)\s*(?:은|는|에|:)?\s*(?P<v>{_Q0}{_Q1}*)\s*(?:을|를|이라고|라고)?"
                      r"\s*(?:,|와|과|하고|그리고|$)")  # fmt: skip


def _ko_pairs(c: _Clause, body: str) -> list[Action] | None:
    """Labelled quoted values, "[폼에] 이름 '박민수', 이메일 'ms@ex.kr'(을)": one typed value per label; else None."""
    lead = re.match(r"^\S[^\ue000]*?(?:폼|양식|화면|페이지|창|입력란|칸)(?:에|에서)\s+", body)
    start = lead.end() if lead else 0
    found = list(_KO_PAIR.finditer(body, start))
    if len(found) < 2 or sum(len(m.group(0)) for m in found) != len(body) - start:
        return None
    return [_type(c, _target(_ko_strip(m.group("f"))), c.value(m.start("v"), m.end("v"))) for m in found]


def _ko_login(c: _Clause, body: str, noun: str) -> list[Action]:
    """Log in with labelled values ("아이디 'park', 비밀번호 '1234'로 로그인"): each typed, then the login button."""
    out: list[Action] = []
    inner = re.sub(r"\s*(?:으로|로)$", "", body)
    cuts = [(0, 0)] + [
        (m.start(), m.end()) for m in re.finditer(r"\s*,\s*|(?<=[\ue001\w])(?:과|와|하고|이랑|랑)\s+", inner)
    ]
    cuts.append((len(inner), len(inner)))
    for (_, a), (b, _) in itertools.pairwise(cuts):
        m = re.fullmatch(rf"\s*(?P<f>\S.*?)\s*(?:은|는|이|가|에|:)?\s*(?P<v>{_Q0}{_Q1}*|[^\s{_Q0}]+)\s*", inner[a:b])
        if m is None or _Q0 in m.group("f"):
            raise _NoMatch
        field = _ko_strip(m.group("f"))
        out.append(_type(c, _target(field), c.value(a + m.start("v"), a + m.end("v"))))
    if not out:
        raise _NoMatch
    return [*out, Click(target=_target(f"{noun} 버튼"))]


def _ko_assert(c: _Clause, body: str) -> list[Action]:
    b = re.sub(r"\s*(?:것을|것|지를|지)?\s*$", "", body)
    if noun := re.fullmatch(rf"\s*({_Q0}{_Q1}*)\s*(?:문구\s*)?(?:표시|노출|표시\s*여부|노출\s*여부|여부)?\s*", b):
        return [Assert(what="text_visible", text=c.value(noun.start(1), noun.end(1)))]  # "'완료' 표시 확인"
    if mm := re.match(r"^(?:현재\s*)?(?:URL|url|주소|페이지\s*주소)(?:에|이|가|에는)?\s*(.+?)(?:이|가|을|를)?\s*"
                      r"(?:포함되어\s*있는|포함되는|포함하는|들어\s*있는|있는|인|으로\s*바뀌었는|로\s*바뀌었는|로\s*끝나는)$", b):  # fmt: skip
        return [Assert(what="url_matches", text=_kv(c, mm.start(1), mm.end(1)))]
    if mm := re.match(r"^(?:페이지\s*)?제목(?:이|에)?\s*(.+?)(?:이|가|을|를)?\s*(?:인|포함되어\s*있는|있는)$", b):
        return [Assert(what="title_matches", text=_kv(c, mm.start(1), mm.end(1)))]
    if mm := re.match(r"^(.+?)(?:이|가|은|는)?\s*(체크되어\s*있는|체크된|선택되어\s*있는|선택된|켜져\s*있는|체크되어\s*있지\s*않은|"
                      r"해제되어\s*있는|꺼져\s*있는|활성화되어\s*있는|활성화된|비활성화되어\s*있는|비활성화된)$", b):  # fmt: skip
        s = mm.group(2)
        what = ("unchecked" if ("않" in s or "해제" in s or "꺼져" in s) else "disabled" if "비활성" in s
                else "enabled" if "활성" in s else "checked")  # fmt: skip
        return [Assert(what=what, target=_target(_kv(c, mm.start(1), mm.end(1))))]  # type: ignore[arg-type]
    if mm := re.match(
        rf"^(.+?)(?:에|의\s*값이|값이)\s*({_Q0}{_Q1}*)(?:이|가|이라고|라고)?\s*(?:입력되어\s*있는|들어\s*있는|인|있는)$",
        b,
    ):
        return [Assert(what="value", target=_target(_kv(c, mm.start(1), mm.end(1))),
                       text=c.value(mm.start(2), mm.end(2)))]  # fmt: skip
    if mm := re.match(
        rf"^(.+?)(?:이|가|은|는)\s*({_Q0}{_Q1}*|\d[\d,.]*)\s*(?:인|이|과\s*같은|와\s*같은|으로\s*표시되는|로\s*표시되는)$",
        b,
    ):  # "장바구니 개수가 '2'인지": the text the element shows
        return [
            Assert(
                what="text_visible",
                target=_target(_kv(c, mm.start(1), mm.end(1))),
                text=c.value(mm.start(2), mm.end(2)),
            )
        ]
    if mm := re.match(r"^(.+?)(?:이|가|은|는)?\s*(?:사라졌는|없는|보이지\s*않는|표시되지\s*않는|나타나지\s*않는)$", b):
        x = b[mm.start(1) : mm.end(1)].strip()
        if x.startswith(_Q0):
            return [Assert(what="text_absent", text=c.value(mm.start(1), mm.end(1)))]
        return [Assert(what="hidden", target=_target(_ko_strip(x)))]
    if mm := re.match(r"^(?:화면에\s*|페이지에\s*)?(.+?)(?:이|가|은|는)?\s*(?:화면에\s*|페이지에\s*)?(?:표시되는|표시되어\s*있는|보이는|나타나는|나타났는|"
                      r"있는|뜨는|나오는|표시됐는|떴는)$", b):  # fmt: skip
        if (text_at := _quoted_text(b, mm.start(1), mm.end(1))) is not None:
            return [Assert(what="text_visible", text=c.value(*text_at))]
        return [Assert(what="visible", target=_target(_kv(c, mm.start(1), mm.end(1))))]
    raise _NoMatch
