"""Grounding dialects: one module per model family, turning a query into its prompt and its answer into boxes.

Each dialect renders the family's prompt and parses what it answers into protocol
:class:`~model.protocol.ModelBox` values (0..1 over the image sent). Parsers never raise on malformed
model text: they return what they could read and list the problems in ``warnings``.

>>> from model.dialects import deepseek
>>> deepseek.parse_grounding("<|ref|>OK<|/ref|><|det|>[[0, 0, 999, 999]]<|/det|>").boxes[0].xyxy
(0.0, 0.0, 1.0, 1.0)
"""

from model.dialects import deepseek

__all__ = ["deepseek"]
