"""The Korean grammar of :mod:`agent.compile`: a clause is read from its final verb back to its particles."""

from __future__ import annotations

import re

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
    r"\s*(?:해\s*주세요|해\s*주십시오|해\s*줘|하세요|하십시오|하시오|합니다|해요|해라|하라|하기|하고|해|한다|"
    r"으세요|으십시오|세요|십시오|주세요|시오|어요|아요|요|고|기|다|자|기\s*바랍니다|바랍니다|하|한)\s*[.!]*$"
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
    "끄": "uncheck", "꺼": "uncheck", "켜": "check", "켜기": "check", "동의": "agree",
}  # fmt: skip
_KO_PARTICLE = re.compile(r"\s*(?:을|를|은|는|이|가|에다가|에다|에서|에게|에|으로|로|의|와|과|도|만|까지|이라고|라고)$")
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
        text = re.sub(r"[.!]+$", "", text)
        for _ in range(2):
            text = _KO_ENDING.sub("", text).rstrip()
        verb, cut = None, 0
        for form in (text, _plain_stem(text)):  # "누른 후" leaves "누른": try it as "누르"
            form = _KO_ENDING.sub("", form).rstrip() if form is not text else form
            m = re.search(r"(?:^|\s)(\S+)$", form)
            word = m.group(1) if m else ""
            for stem in sorted(_KO_VERBS, key=len, reverse=True):  # "입력란에입력" → the longest verb at the word's end
                if word.endswith(stem) and (word == stem or len(word) - len(stem) <= 6):
                    verb, cut = _KO_VERBS[stem], len(form) - len(stem)
                    break
            if verb is not None:
                break
        if verb is None:
            raise _NoMatch
        self.c, self.verb = c, verb
        body = text[:cut].rstrip()
        # a light verb's noun ("체크 해제", "마우스를 올리", "뒤로 가", "끌어다 놓") joins the verb
        if verb == "uncheck" and (mm := re.search(r"\s*(?:체크|선택)\s*(?:를|을)?$", body)):
            body = body[: mm.start()]
        if verb == "up" and (mm := re.search(r"\s*(?:마우스|커서|포인터)\s*(?:를|을)?$", body)):
            self.verb, body = "hover", body[: mm.start()]
        if verb in ("down", "up") and (mm := re.search(r"\s*(?:스크롤|화면|페이지)\s*(?:을|를)?$", body)):
            body = body[: mm.start()]
        if verb == "drag" and (mm := re.search(r"\s*(?:끌어다|끌어서|드래그해서|드래그하여)$", body)):
            body = body[: mm.start()]
        if verb == "check" and (mm := re.search(r"\s*(?:에|를|을)?\s*(?:표시|선택)$", body)):
            body = body[: mm.start()]
        self.body_end = len(body)
        self.body = body

    def sub(self, a: int, b: int) -> tuple[int, int]:
        return a, b


def _ko(c: _Clause) -> list[Action]:
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
        set_to = re.match(r"^(.+?)(?:을|를)\s+(.+?)(?:으로|로)$", body) if verb == "set" else None
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
        elif mm := re.match(r"^(.+?)(?:에다가|에다|에서|에)\s+(.+)$", body):
            target, text = tgt(mm.start(1), mm.end(1)), _kv(c, mm.start(2), mm.end(2))
        elif mm := re.match(r"^(.+?)(?:을|를)\s+(.+?)(?:에다가|에다|에서|에)$", body):
            text, target = val(mm.start(1), mm.end(1)), tgt(mm.start(2), mm.end(2))
        elif not blank:
            text = _kv(c, 0, len(body))
        else:
            raise _NoMatch
        if verb == "search":
            target = target or Target(query="검색창")
            return [_type(c, target, text), Press(keys=["Enter"], target=target)]
        if verb == "set" and target is not None and _DROPDOWNISH.search(target.query or ""):
            return [Select(target=target, option=text, expect=Effect(what="selected", target=target, value=text))]
        return [_type(c, target, text)]

    if verb == "select":
        if back := re.match(
            r"^(.+?)(?:을|를)\s+(.+?)(?:에서|으로|로)$", body
        ):  # "'부산'을 도시 드롭다운에서", "…을 지역으로"
            target, option = tgt(back.start(2), back.end(2)), _kv(c, back.start(1), back.end(1))
            return [Select(target=target, option=option, expect=Effect(what="selected", target=target, value=option))]
        mm = re.match(r"^(.+?)(?:에서|의)\s+(.+)$", body)
        if mm:
            target = tgt(mm.start(1), mm.end(1))
            option = _kv(c, mm.start(2), mm.end(2), _KO_OBJ)
            if _CHECKISH.search(option):
                box = _target(_ko_strip(option))
                return [Check(target=box, expect=Effect(what="checked", target=box))]
            return [Select(target=target, option=option, expect=Effect(what="selected", target=target, value=option))]
        target = implicit() if blank else tgt(0, len(body))
        if _CHECKISH.search(target.query or ""):
            return [Check(target=target, expect=Effect(what="checked", target=target))]
        return [Click(target=target)]

    if verb in ("check", "uncheck", "agree"):
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
                return [Click(target=tgt(0, len(body)))] * max(1, min(times, 10))
        if blank:
            if verb == "submit":
                return [Click(target=Target(query="제출 버튼"), sensitive=True)]
            return [Click(target=implicit())]
        raw = _kv(c, 0, len(body), _KO_OBJ)
        if (keys := _key(raw, bare_ok=True)) is not None:
            return [Press(keys=keys)]
        if verb == "submit":
            return [Click(target=Target(query="제출 버튼"), sensitive=True)]
        return [Click(target=tgt(0, len(body)))]

    if verb in ("open", "go"):
        raw = _kv(c, 0, len(body))
        if re.fullmatch(r"뒤(?:로)?|이전(?:\s*페이지)?(?:로|으로)?", raw):
            return [Navigate(history="back", expect=Effect(what="url_changed"))]
        if re.fullmatch(r"앞(?:으로)?", raw) and verb == "go":
            return [Navigate(history="forward", expect=Effect(what="url_changed"))]
        url = re.sub(r"\s*(?:으로|로|에|을|를|페이지|사이트)+$", "", raw).strip().strip("'\"")
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
        elif mm := re.match(r"^(.+?)(?:이|가)?\s*(?:보일|나타날|나올)\s*때까지", body) or re.match(r"^(.+?)까지", body):
            to = tgt(mm.start(1), mm.end(1))
        n = re.search(r"(\d+)\s*(?:번|회)", body)
        return [Scroll(direction=d, times=float(n.group(1)) if n else 1.0, to=to, expect=Effect(what="scrolled"))]  # type: ignore[arg-type]

    if verb == "wait":
        if mm := re.search(r"(\d+(?:\.\d+)?)\s*(초|분|밀리초)", body):
            secs = float(mm.group(1))
            return [
                WaitFor(seconds=secs * 60 if mm.group(2) == "분" else secs / 1000 if mm.group(2) == "밀리초" else secs)
            ]
        if mm := re.match(
            r"^(.+?)(?:이|가)?\s*(나타날|보일|표시될|뜰|나올|로드될|사라질|없어질|닫힐)\s*때\s*까지(?:\s*\S+)?$", body
        ):
            gone = mm.group(2) in ("사라질", "없어질", "닫힐")
            x = body[mm.start(1) : mm.end(1)].strip()
            if x.startswith(_Q0) and x.strip(_Q0 + _Q1) == "":
                text = val(mm.start(1), mm.end(1))
                return [
                    WaitFor(
                        text=text, gone=gone, expect=Effect(what="text_gone" if gone else "text_appeared", value=text)
                    )
                ]
            target = tgt(mm.start(1), mm.end(1))
            return [WaitFor(element=target, gone=gone)]
        if mm := re.match(
            r"^(?:URL|url|주소)(?:이|가|에)?\s*(.+?)(?:이|가|을|를)?\s*(?:포함될|포함할|될|바뀔|변경될)\s*때까지$", body
        ):
            return [WaitFor(url=_kv(c, mm.start(1), mm.end(1)))]
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
            q = quotes[0]
            files = [val(q.start(), q.end())]
            rest = body[: q.start()]
            mm = re.search(r"(\S.*?)\s*(?:에다가|에다|에|으로|로)\s*$", rest)
            target = tgt(mm.start(1), mm.end(1)) if mm else None
        else:
            files, target = [_ko_strip(re.sub(r"\s*파일\s*(?:을|를)?$", "", body.strip()))], None
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


def _ko_assert(c: _Clause, body: str) -> list[Action]:
    b = re.sub(r"\s*(?:것을|것|지를|지)?\s*$", "", body)
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
    if mm := re.match(r"^(.+?)(?:이|가|은|는)?\s*(?:사라졌는|없는|보이지\s*않는|표시되지\s*않는|나타나지\s*않는)$", b):
        x = b[mm.start(1) : mm.end(1)].strip()
        if x.startswith(_Q0):
            return [Assert(what="text_absent", text=c.value(mm.start(1), mm.end(1)))]
        return [Assert(what="hidden", target=_target(_ko_strip(x)))]
    if mm := re.match(r"^(?:화면에\s*|페이지에\s*)?(.+?)(?:이|가|은|는)?\s*(?:화면에\s*|페이지에\s*)?(?:표시되는|표시되어\s*있는|보이는|나타나는|나타났는|"
                      r"있는|뜨는|나오는|표시됐는|떴는)$", b):  # fmt: skip
        x = b[mm.start(1) : mm.end(1)].strip()
        if x.startswith(_Q0) and x.strip(_Q0 + _Q1) == "":
            return [Assert(what="text_visible", text=c.value(mm.start(1), mm.end(1)))]
        return [Assert(what="visible", target=_target(_kv(c, mm.start(1), mm.end(1))))]
    raise _NoMatch
