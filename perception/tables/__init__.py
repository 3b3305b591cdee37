"""Table finding on born-digital PDF pages, from the page's own vector drawings and text.

Per region, the evidence decides: a network of drawn rules gives a ruled grid (``lattice``);
text aligned in columns gives a whitespace grid (``stream``); rules that bound only some rows,
shaded rows, or ruled rows holding several records add boundaries to a text grid (``hybrid``).
Pages whose text runs sideways are read in the text's own frame. :func:`stitch_pages` joins a
table that continues on the next page. :func:`read_tables` triages the page first and reads
scanned pages, scanned pictures and garbled text by OCR into the same table model;
:func:`annotate_numbers` parses numbers (Korean units, △/▲/▼ and parentheses negatives) and
marks total rows.

>>> import pymupdf
>>> page = pymupdf.open("examples/samples/quarterly.pdf")[0]
>>> find_tables(page, page_number=1).tables[0].method
'lattice'
"""

from perception.tables._find import find_tables
from perception.tables._numbers import annotate_numbers, parse_number
from perception.tables._route import read_tables
from perception.tables._stitch import stitch_pages

__all__ = ["annotate_numbers", "find_tables", "parse_number", "read_tables", "stitch_pages"]
