"""Tiny random-weight vision-language models, built offline and saved to a folder.

Each builder makes a complete checkpoint of one transformers family that
:meth:`model.local.TransformersBackend.load` reads exactly as it reads a downloaded one:

* a byte-level BPE tokenizer trained with ``tokenizers`` on a corpus generated here (UI words in
  English and Korean, box and point fragments of every grounding dialect), the family's special
  tokens reserved first, wrapped in ``PreTrainedTokenizerFast`` with bos/eos/pad and a *named*
  ``extra_special_tokens={"image_token": ...}`` (the processors read ``tokenizer.image_token``);
* the family's chat template (the layout of the released checkpoints; Florence-2 uses task tokens);
* the real image processor class with the released preprocessing settings, and the processor;
* a config with tiny dimensions (text hidden 64, 2 layers, 4 heads / 2 KV heads; vision hidden 32,
  2 layers) and weight matrices drawn from ``N(0, 0.3²)`` with a seeded generator.

Nothing is downloaded: the folders hold ``config.json``, ``generation_config.json``,
``model.safetensors``, ``processor_config.json``, ``tokenizer.json``, ``tokenizer_config.json`` and
``chat_template.jinja``, each model under 2.5 MB. The weights are random, so the text is noise:
tests assert on shapes, token counts, determinism and round trips, never on words.

>>> from pathlib import Path; import tempfile                     # doctest: +SKIP
>>> build("qwen2_5_vl", Path(tempfile.mkdtemp()) / "qwen")         # doctest: +SKIP
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FAMILIES = ("qwen2_5_vl", "qwen2_vl", "llava_onevision", "deepseek_vl", "florence2")
"""Every family a tiny model can be built for (``model_type`` in ``config.json``)."""

VOCAB_SIZE = 1024
"""Size of the trained BPE vocabulary, special tokens included (Florence-2 adds its 1000 ``<loc_k>``)."""

# ---------------------------------------------------------------------------------------------------
# corpus and tokenizer

_WORDS_EN = (
    "Sign in", "Log in", "Search", "OK", "Cancel", "Delete", "Next", "Back", "Save", "Submit", "Settings",
    "Profile", "Email", "Password", "Remember me", "Forgot password?", "Home", "Cart", "Checkout", "Price",
    "Total", "Name", "Date", "Amount", "Invoice", "Table", "Title", "Figure", "Page", "button", "link",
    "field", "checkbox", "menu", "tab", "icon", "image", "the", "a", "of", "in", "on", "at", "right", "left",
    "top", "bottom", "next to", "below", "above", "row", "column", "red", "blue", "green", "text",
)  # fmt: skip
_WORDS_KO = ("로그인", "검색", "확인", "취소", "삭제", "다음", "이전", "저장", "설정", "버튼", "입력란", "메뉴")


def _corpus(rng: random.Random, lines: int) -> Iterator[str]:
    """Lines of UI text and the answer formats of every grounding dialect, with random numbers."""

    def words(n: int) -> str:
        pool = _WORDS_EN if rng.random() < 0.8 else _WORDS_KO
        return " ".join(rng.choice(pool) for _ in range(n))

    def ints(n: int, top: int) -> list[int]:
        return [rng.randrange(top) for _ in range(n)]

    for _ in range(lines):
        kind = rng.randrange(7)
        label = words(rng.randint(1, 3))
        if kind == 0:
            yield words(rng.randint(3, 12))
        elif kind == 1:
            yield f"[[{', '.join(map(str, ints(4, 1000)))}]]"
        elif kind == 2:
            x0, y0, x1, y1 = ints(4, 1300)
            yield f'```json\n[{{"bbox_2d": [{x0}, {y0}, {x1}, {y1}], "label": "{label}"}}]\n```'
        elif kind == 3:
            yield f'{{"point_2d": [{rng.randrange(1300)}, {rng.randrange(900)}], "label": "{label}"}}'
        elif kind == 4:
            yield f"{label} ({rng.randrange(1000)},{rng.randrange(1000)}),({rng.randrange(1000)},{rng.randrange(1000)})"
        elif kind == 5:
            yield ", ".join(f"{rng.random():.3f}" for _ in range(4))
        else:
            yield f"{label}: {rng.randrange(100000) / 100:.2f}"


def _tokenizer(
    specials: list[str],
    *,
    bos: str | None,
    eos: str,
    pad: str,
    image_token: str,
    seed: int,
    unk: str | None = None,
    add_bos: bool = False,
) -> Any:
    """A trained byte-level BPE as a ``PreTrainedTokenizerFast``; ``specials`` get the first ids.

    ``add_bos`` prepends ``bos`` to every encoded text, as Llama-style tokenizers do.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE + len(specials),
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(list(_corpus(random.Random(seed), 4000)), trainer)
    if add_bos and bos is not None:
        bos_id = tok.token_to_id(bos)
        tok.post_processor = processors.TemplateProcessing(
            single=f"{bos} $A", pair=f"{bos} $A {bos} $B", special_tokens=[(bos, bos_id)]
        )
    named: dict[str, Any] = {"eos_token": eos, "pad_token": pad}
    if bos is not None:
        named["bos_token"] = bos
    if unk is not None:
        named["unk_token"] = unk
    return PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=tok, extra_special_tokens={"image_token": image_token}, clean_up_tokenization_spaces=False,
        **named,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------------
# chat templates: literal newlines only inside {{ '...\n' }} expressions, because the {%- -%} tags
# strip every newline written as plain template text

_CHATML_SYSTEM = r"""{%- for message in messages -%}
{%- if loop.first and message['role'] != 'system' and default_system -%}
{{- '<|im_start|>system\n' + default_system + '<|im_end|>\n' -}}
{%- endif -%}
{{- '<|im_start|>' + message['role'] + '\n' -}}
{%- if message['content'] is string -%}{{- message['content'] -}}
{%- else -%}{%- for part in message['content'] -%}
{%- if part['type'] == 'image' -%}{{- IMAGE -}}
{%- elif part['type'] == 'text' -%}{{- part['text'] -}}{%- endif -%}
{%- endfor -%}{%- endif -%}
{{- '<|im_end|>\n' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\n' -}}{%- endif -%}"""


def _chatml(image: str, system: str) -> str:
    """ChatML with ``image`` for each image part and ``system`` as the default system turn."""
    return "{%- set default_system = " + repr(system) + " -%}" + _CHATML_SYSTEM.replace("IMAGE", repr(image))


QWEN_TEMPLATE = _chatml("<|vision_start|><|image_pad|><|vision_end|>", "You are a helpful assistant.")
"""Qwen2-VL / Qwen2.5-VL: ChatML, a default system turn, each image as ``<|vision_start|><|image_pad|><|vision_end|>``."""
LLAVA_OV_TEMPLATE = _chatml("<image>\n", "")
"""LLaVA-OneVision / VARCO-VISION-HF: ChatML, each image as ``<image>`` and a newline."""
DEEPSEEK_VL_TEMPLATE = r"""{%- for message in messages -%}
{%- if message['role'] == 'system' -%}{{- message['content'] + '\n\n' -}}
{%- elif message['role'] == 'user' -%}{{- 'User: ' -}}
{%- if message['content'] is string -%}{{- message['content'] -}}
{%- else -%}{%- for part in message['content'] -%}
{%- if part['type'] == 'image' -%}{{- '<image_placeholder>' -}}
{%- elif part['type'] == 'text' -%}{{- part['text'] -}}{%- endif -%}
{%- endfor -%}{%- endif -%}
{{- '\n\n' -}}
{%- else -%}{{- 'Assistant: ' + (message['content'] if message['content'] is string else message['content'][0]['text']) + '<｜end▁of▁sentence｜>' -}}
{%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- 'Assistant:' -}}{%- endif -%}"""
"""DeepSeek-VL: ``User: <image_placeholder>…\\n\\nAssistant:``, assistant turns closed by the EOS token."""

# ---------------------------------------------------------------------------------------------------
# the families


_TEXT = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
         "num_key_value_heads": 2, "max_position_embeddings": 8192}  # fmt: skip
_VISION = {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2}


def _ids(tok: Any, *tokens: str) -> list[int]:
    return [int(tok.convert_tokens_to_ids(t)) for t in tokens]


WEIGHT_STD = 0.3
"""Standard deviation of the random matrices: at the usual 0.02 a 2-layer model answers every prompt
with the same token; at 0.3 different prompts and images give different answers, so a batch that
mixed up its rows would show."""


def _randomize(model: Any, seed: int) -> None:
    """Redraw every weight matrix from ``N(0, WEIGHT_STD²)`` (norms and biases stay as initialised)."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for param in model.parameters():
            if param.dim() >= 2:
                param.copy_(torch.randn(param.shape, generator=generator) * WEIGHT_STD)


def _save(folder: Path, model: Any, processor: Any, generation: dict[str, Any], *, seed: int) -> None:
    """Save like a released checkpoint: an image-only processor is recorded under the stock class name."""
    from transformers import GenerationConfig

    _randomize(model, seed)
    model.generation_config = GenerationConfig(**generation)  # type: ignore[no-untyped-call]
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    config_path = folder / "processor_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["processor_class"] = config["processor_class"].removeprefix("ImageOnly")
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")


_QWEN_SPECIALS = [
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>", "<|box_start|>",
    "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>", "<|vision_end|>", "<|vision_pad|>",
    "<|image_pad|>", "<|video_pad|>",
]  # fmt: skip


def _build_qwen(folder: Path, seed: int, *, v2_5: bool) -> None:
    from transformers import Qwen2VLImageProcessorPil

    from model import _processors

    tok = _tokenizer(_QWEN_SPECIALS, bos=None, eos="<|im_end|>", pad="<|endoftext|>", image_token="<|image_pad|>",
                     seed=seed)  # fmt: skip
    image_id, video_id, start_id, end_id = _ids(
        tok, "<|image_pad|>", "<|video_pad|>", "<|vision_start|>", "<|vision_end|>"
    )
    text = {**_TEXT, "vocab_size": len(tok), "rope_parameters": {"rope_type": "default", "rope_theta": 1e6,
            "mrope_section": [2, 3, 3]}, "bos_token_id": None, "eos_token_id": _ids(tok, "<|im_end|>")[0],
            "pad_token_id": _ids(tok, "<|endoftext|>")[0]}  # fmt: skip
    common: dict[str, Any] = {"image_token_id": image_id, "video_token_id": video_id, "vision_start_token_id": start_id,
              "vision_end_token_id": end_id}  # fmt: skip
    image_processor = Qwen2VLImageProcessorPil()  # released settings: 14-px patches, merge 2, 56²..28²·1280 px
    if v2_5:
        from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration

        vision = {"depth": 2, "hidden_size": 32, "intermediate_size": 64, "num_heads": 2, "out_hidden_size": 64,
                  "window_size": 112, "fullatt_block_indexes": [1]}  # fmt: skip
        config: Any = Qwen2_5_VLConfig(text_config=text, vision_config=vision, **common)
        model: Any = Qwen2_5_VLForConditionalGeneration(config)
        processor: Any = _processors.ImageOnlyQwen2_5_VLProcessor(image_processor, tok, chat_template=QWEN_TEMPLATE)
    else:
        from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration

        vision = {"depth": 2, "embed_dim": 32, "hidden_size": 64, "mlp_ratio": 2, "num_heads": 2}
        config = Qwen2VLConfig(text_config=text, vision_config=vision, **common)
        model = Qwen2VLForConditionalGeneration(config)
        processor = _processors.ImageOnlyQwen2VLProcessor(image_processor, tok, chat_template=QWEN_TEMPLATE)
    eos = _ids(tok, "<|im_end|>", "<|endoftext|>")
    _save(folder, model, processor, {"eos_token_id": eos, "pad_token_id": eos[1]}, seed=seed)


_VARCO_SPECIALS = ["<gro>", "<ocr>", "<char>", "</char>", "<obj>", "</obj>", "<bbox>", "</bbox>", "<delim>"]


def _build_llava_onevision(folder: Path, seed: int) -> None:
    from transformers import LlavaOnevisionConfig, LlavaOnevisionForConditionalGeneration
    from transformers.models.llava_onevision import LlavaOnevisionImageProcessorPil

    from model import _processors

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<image>", "<video>", *_VARCO_SPECIALS]
    tok = _tokenizer(specials, bos=None, eos="<|im_end|>", pad="<|endoftext|>", image_token="<image>", seed=seed)
    image_id, video_id = _ids(tok, "<image>", "<video>")
    text = {**_TEXT, "model_type": "qwen2", "vocab_size": len(tok), "eos_token_id": _ids(tok, "<|im_end|>")[0],
            "pad_token_id": _ids(tok, "<|endoftext|>")[0], "bos_token_id": None}  # fmt: skip
    vision = {**_VISION, "model_type": "siglip_vision_model", "image_size": 384, "patch_size": 14,
              "vision_use_head": False}  # fmt: skip
    pinpoints = [[384 * h, 384 * w] for h in range(1, 7) for w in range(1, 7)]  # the released 6×6 anyres grid
    config = LlavaOnevisionConfig(
        text_config=text, vision_config=vision, image_token_index=image_id, video_token_index=video_id,
        image_grid_pinpoints=pinpoints, vision_feature_select_strategy="full", vision_feature_layer=-1,
    )  # fmt: skip
    model = LlavaOnevisionForConditionalGeneration(config)
    image_processor = LlavaOnevisionImageProcessorPil(image_grid_pinpoints=pinpoints)
    processor = _processors.ImageOnlyLlavaOnevisionProcessor(
        image_processor, tok, num_image_tokens=(384 // 14) ** 2, vision_feature_select_strategy="full",
        chat_template=LLAVA_OV_TEMPLATE, vision_aspect_ratio="anyres_max_9",
    )  # fmt: skip
    eos = _ids(tok, "<|im_end|>", "<|endoftext|>")
    _save(folder, model, processor, {"eos_token_id": eos, "pad_token_id": eos[1]}, seed=seed)


_DEEPSEEK_SPECIALS = [
    "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜▁pad▁｜>", "<image_placeholder>",
    "<|ref|>", "<|/ref|>", "<|det|>", "<|/det|>", "<|grounding|>", "<|User|>", "<|Assistant|>",
]  # fmt: skip
"""DeepSeek-VL's own tokens, plus DeepSeek-VL2's grounding tokens: the tiny model stands in for both."""


def _build_deepseek_vl(folder: Path, seed: int) -> None:
    from transformers import DeepseekVLConfig, DeepseekVLForConditionalGeneration, DeepseekVLProcessor
    from transformers.models.deepseek_vl import DeepseekVLImageProcessorPil

    bos, eos, pad = _DEEPSEEK_SPECIALS[:3]
    tok = _tokenizer(_DEEPSEEK_SPECIALS, bos=bos, eos=eos, pad=pad, image_token="<image_placeholder>", seed=seed,
                     add_bos=True)  # fmt: skip
    bos_id, eos_id, pad_id, image_id = _ids(tok, bos, eos, pad, "<image_placeholder>")
    text = {**_TEXT, "model_type": "llama", "vocab_size": len(tok), "bos_token_id": bos_id, "eos_token_id": eos_id,
            "pad_token_id": pad_id}  # fmt: skip
    vision = {**_VISION, "model_type": "siglip_vision_model", "image_size": 384, "patch_size": 16,
              "vision_use_head": False}  # fmt: skip
    config = DeepseekVLConfig(text_config=text, vision_config=vision, image_token_id=image_id)
    model = DeepseekVLForConditionalGeneration(config)
    image_processor = DeepseekVLImageProcessorPil(size={"height": 384, "width": 384})
    processor = DeepseekVLProcessor(  # type: ignore[no-untyped-call]
        image_processor, tok, chat_template=DEEPSEEK_VL_TEMPLATE, num_image_tokens=(384 // 16) ** 2
    )
    _save(folder, model, processor, {"bos_token_id": bos_id, "eos_token_id": eos_id, "pad_token_id": pad_id}, seed=seed)


FLORENCE_TASKS = (
    "<OCR>", "<OCR_WITH_REGION>", "<CAPTION>", "<DETAILED_CAPTION>", "<MORE_DETAILED_CAPTION>", "<OD>",
    "<DENSE_REGION_CAPTION>", "<CAPTION_TO_PHRASE_GROUNDING>", "<REFERRING_EXPRESSION_SEGMENTATION>",
    "<REGION_TO_SEGMENTATION>", "<OPEN_VOCABULARY_DETECTION>", "<REGION_TO_CATEGORY>", "<REGION_TO_DESCRIPTION>",
    "<REGION_TO_OCR>", "<REGION_PROPOSAL>",
)  # fmt: skip


def _build_florence2(folder: Path, seed: int) -> None:
    from transformers import (
        CLIPImageProcessorPil,
        Florence2Config,
        Florence2ForConditionalGeneration,
        Florence2Processor,
    )
    from transformers.image_utils import IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD  # type: ignore[attr-defined]

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<image>", *FLORENCE_TASKS, "<od>", "</od>", "<ocr>", "</ocr>",
                "<poly>", "</poly>", "<sep>", *(f"<loc_{k}>" for k in range(1000))]  # fmt: skip
    tok = _tokenizer(specials, bos="<s>", eos="</s>", pad="<pad>", unk="<unk>", image_token="<image>", seed=seed)
    bos_id, pad_id, eos_id, image_id = _ids(tok, "<s>", "<pad>", "</s>", "<image>")
    text = {"model_type": "bart", "vocab_size": len(tok), "d_model": 64, "encoder_layers": 2, "decoder_layers": 2,
            "encoder_attention_heads": 4, "decoder_attention_heads": 4, "encoder_ffn_dim": 128,
            "decoder_ffn_dim": 128, "max_position_embeddings": 1024, "bos_token_id": bos_id, "eos_token_id": eos_id,
            "pad_token_id": pad_id, "decoder_start_token_id": eos_id, "forced_bos_token_id": None,
            "forced_eos_token_id": None}  # fmt: skip
    vision = {"depths": [1, 1, 1, 1], "embed_dim": [16, 16, 32, 32], "num_heads": [1, 1, 2, 2],
              "num_groups": [1, 1, 2, 2], "projection_dim": 64, "window_size": 12, "drop_path_rate": 0.0}  # fmt: skip
    config = Florence2Config(text_config=text, vision_config=vision, image_token_id=image_id)
    model = Florence2ForConditionalGeneration(config)
    # the released preprocessing: a 768×768 stretch (no crop), ImageNet mean/std, 24² + 1 image tokens
    image_processor = CLIPImageProcessorPil(
        size={"height": 768, "width": 768}, crop_size={"height": 768, "width": 768}, do_center_crop=False,
        image_mean=list(IMAGENET_DEFAULT_MEAN), image_std=list(IMAGENET_DEFAULT_STD), image_seq_length=577,
    )  # fmt: skip
    processor = Florence2Processor(image_processor, tok)
    _save(folder, model, processor, {"bos_token_id": bos_id, "eos_token_id": eos_id, "pad_token_id": pad_id,
                                     "decoder_start_token_id": eos_id}, seed=seed)  # fmt: skip


_BUILDERS: dict[str, Callable[[Path, int], None]] = {
    "qwen2_5_vl": lambda folder, seed: _build_qwen(folder, seed, v2_5=True),
    "qwen2_vl": lambda folder, seed: _build_qwen(folder, seed, v2_5=False),
    "llava_onevision": _build_llava_onevision,
    "deepseek_vl": _build_deepseek_vl,
    "florence2": _build_florence2,
}


def build(family: str, folder: Path, *, seed: int = 0) -> Path:
    """Build the tiny ``family`` model and save it in ``folder`` (created); returns ``folder``.

    Raises ``KeyError`` for a family not in :data:`FAMILIES`.
    """
    import torch

    if family not in _BUILDERS:
        raise KeyError(f"no tiny builder for {family!r}; known: {', '.join(FAMILIES)}")
    torch.manual_seed(seed)  # the few vectors _randomize leaves alone (class tokens, …)
    _BUILDERS[family](folder, seed)
    return folder


def main(argv: list[str] | None = None) -> None:
    """``python -m tests.model.tiny FOLDER [FAMILY ...]``: build tiny models (all families by default)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("families", nargs="*", metavar="FAMILY", help=f"any of: {', '.join(FAMILIES)}")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if unknown := set(args.families) - set(FAMILIES):
        parser.error(f"unknown families: {', '.join(sorted(unknown))}")
    for family in args.families or FAMILIES:
        print(build(family, args.folder / family, seed=args.seed))


if __name__ == "__main__":
    main()
