"""One self-contained HTML report of what tilepilot found: ``write_report(results, "out/report.html")``.

A :class:`Report` is a title and a list of sections. Each :class:`Section` renders one HTML
fragment whose images are inline base64 PNGs, so the file opens anywhere with nothing beside it.
:class:`TablesSection` shows PDF tables: every page that holds a table, rendered, with each
table's box drawn on it and, beside it, the table itself as HTML with its shape, pages, method and
confidence; files that failed are listed with their error. Charts have their own section
(:class:`~tools.pdf.ChartsSection`); later kinds of results (web-agent steps) become sections of
their own that implement the same two members.

Results come from :func:`~tools.pdf.extract_tables` (a ``DocumentTables`` per file) or from
:func:`~tools.pdf.extract_tables_batch` (its ``FileResult`` records: failed ones are listed, the
tables of the others are read back from the ``tables.json`` the batch wrote).
"""

from __future__ import annotations

import base64
import html
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol, runtime_checkable

from PIL import Image, ImageDraw, ImageFont
from pydantic import ValidationError

from model.errors import ConfigError, DocumentError
from perception.charts import DocumentCharts
from perception.document import DocumentTables, Table, TableRegion
from perception.pdf import open_pdf
from tools.pdf.batch import FileResult

__all__ = ["Report", "Section", "TableResult", "TablesSection", "png_data_uri", "write_report"]

logger = logging.getLogger(__name__)

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F3C8D", "#3B7C00")
"""Box colours, one per table in a file (colour-blind safe first); the card beside uses the same."""

TableResult = DocumentTables | FileResult
"""One file's outcome as the report takes it: extracted tables, or a batch record (failed, or pointing at
its ``tables.json``)."""

_CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", NanumGothic, sans-serif;
       margin: 0; background: #f6f7f9; color: #1f2328; }
main { max-width: 1500px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 28px 0 2px; }
nav ul { margin: 6px 0 0; padding-left: 20px; }
a { color: #0550ae; }
.tp-meta { color: #59636e; font-size: 13px; margin: 0 0 10px; }
.tp-warn { color: #9a6700; font-size: 13px; margin: 2px 0; }
.tp-page { display: grid; grid-template-columns: minmax(0, 44%) minmax(0, 1fr); gap: 20px;
           align-items: start; margin: 12px 0 22px; }
.tp-page figure { margin: 0; position: sticky; top: 8px; }
.tp-page img { width: 100%; height: auto; border: 1px solid #d0d7de; background: #fff;
               box-shadow: 0 1px 4px rgba(0, 0, 0, .08); }
.tp-page figcaption { color: #59636e; font-size: 12px; text-align: center; }
.tp-card { background: #fff; border: 1px solid #d0d7de; border-left: 5px solid var(--c, #888);
           border-radius: 6px; padding: 8px 12px 10px; margin: 0 0 14px; }
.tp-card-head { font-size: 13px; color: #59636e; margin-bottom: 6px; }
.tp-badge { display: inline-block; background: var(--c, #888); color: #fff; font-weight: 600;
            border-radius: 4px; padding: 0 6px; margin-right: 6px; }
.tp-scroll { overflow: auto; max-height: 640px; }
table.tp-table { border-collapse: collapse; font-size: 12px; }
table.tp-table td, table.tp-table th { border: 1px solid #d0d7de; padding: 2px 6px; white-space: nowrap;
                                       vertical-align: top; }
table.tp-table th { background: #eef1f4; }
.tp-errors li { margin: 4px 0; }
.tp-errors b { color: #cf222e; }
"""


@runtime_checkable
class Section(Protocol):
    """One part of a report: its heading, and an HTML fragment that needs no other file.

    The fragment may use the report's classes (``tp-page``, ``tp-card``, ``tp-badge``, ``tp-meta``,
    ``tp-scroll``, ``tp-errors``); images go in as ``data:`` URIs (see :func:`png_data_uri`).

    >>> @dataclass(frozen=True)
    ... class Note:
    ...     title: str
    ...     text: str
    ...     def to_html(self) -> str:
    ...         return f"<p>{html.escape(self.text)}</p>"
    >>> "<h2>Notes</h2>" in Report().add(Note("Notes", "hello")).to_html()
    True
    """

    @property
    def title(self) -> str: ...

    def to_html(self) -> str: ...


@dataclass
class Report:
    """A titled list of :class:`Section` objects that renders to one self-contained HTML page.

    >>> report = Report(title="Q4").add(TablesSection([]))
    >>> report.to_html().startswith("<!DOCTYPE html>")
    True
    """

    title: str = "tilepilot report"
    sections: list[Section] = field(default_factory=list)

    def add(self, section: Section) -> Report:
        """Append ``section``; returns the report, so calls chain."""
        if not isinstance(section, Section):
            raise ConfigError(
                f"section: {type(section).__name__} has no title and to_html() (see tools.pdf.report.Section)",
                name="section",
                value=section,
            )
        self.sections.append(section)
        return self

    def to_html(self) -> str:
        """The whole page: a contents list, then each section under its own ``<h2>``."""
        title = html.escape(self.title)
        nav = "".join(f'<li><a href="#s{i}">{html.escape(s.title)}</a></li>' for i, s in enumerate(self.sections, 1))
        body = "".join(
            f'<section id="s{i}"><h2>{html.escape(s.title)}</h2>{s.to_html()}</section>'
            for i, s in enumerate(self.sections, 1)
        )
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{_CSS}</style></head>"
            f"<body><main><h1>{title}</h1><nav><ul>{nav}</ul></nav>{body}</main></body></html>\n"
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (parent folders are created); returns the path.

        Raises :class:`~model.errors.ConfigError` when ``path`` cannot be written.
        """
        out = Path(path)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(self.to_html(), encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot write the report to {out} ({exc.strerror})", name="path", value=path) from exc
        return out


def check_section(dpi: int, results: Sequence[object], document: type, extract: str) -> None:
    """A section's ``dpi`` (24..600) and ``results`` (``document`` from ``extract``, or a batch ``FileResult``)."""
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 24 <= dpi <= 600:
        raise ConfigError(f"dpi={dpi!r}: must be a whole number in 24..600", name="dpi", value=dpi)
    for i, r in enumerate(results):
        if not isinstance(r, document | FileResult):
            raise ConfigError(f"results[{i}] is a {type(r).__name__}: expected {document.__name__} ({extract}) "
                              f"or FileResult ({extract}_batch)", name="results", value=r)  # fmt: skip


@dataclass(frozen=True)
class TablesSection:
    """The PDF tables of several files: pages with boxes drawn, each table beside them, failures.

    ``results`` holds one :data:`TableResult` per file, in the order to show them: the
    ``DocumentTables`` of :func:`~tools.pdf.extract_tables`, or a ``FileResult`` of
    :func:`~tools.pdf.extract_tables_batch` (a failed one is listed with its error; for the others
    the ``tables.json`` among its outputs is read). Pages are rendered at ``dpi`` (24..600).
    Raises :class:`~model.errors.ConfigError` for a bad ``dpi`` or an item of another type.

    >>> "No file" in TablesSection([]).to_html()
    True
    """

    results: Sequence[TableResult]
    dpi: int = 110
    title: str = "PDF tables"

    def __post_init__(self) -> None:
        check_section(self.dpi, self.results, DocumentTables, "extract_tables")

    def to_html(self) -> str:
        if not self.results:
            return '<p class="tp-meta">No file was given.</p>'
        items = [_resolve(r) for r in self.results]
        n_tables = sum(len(d.tables) for d in items if isinstance(d, DocumentTables))
        n_failed = sum(1 for d in items if isinstance(d, _Failed))
        counts = f"{_plural(len(items), 'file')} · {_plural(n_tables, 'table')} · {n_failed} failed"
        out = [f'<p class="tp-meta">{counts}</p><ul>']
        for i, d in enumerate(items):
            note = _plural(len(d.tables), "table") if isinstance(d, DocumentTables) else "failed"
            out.append(f'<li><a href="#{_anchor(self.title, i)}">{html.escape(Path(d.path).name)}</a> ({note})</li>')
        out.append("</ul>")
        out += [self._document(d, _anchor(self.title, i)) for i, d in enumerate(items) if isinstance(d, DocumentTables)]
        if n_failed:
            out.append('<h3>Failed files</h3><ul class="tp-errors">')
            out += [
                f'<li id="{_anchor(self.title, i)}"><code>{html.escape(d.path)}</code> '
                f"<b>{html.escape(d.kind)}</b>: {html.escape(d.message)}</li>"
                for i, d in enumerate(items)
                if isinstance(d, _Failed)
            ]
            out.append("</ul>")
        return "".join(out)

    def _document(self, doc: DocumentTables, anchor: str) -> str:
        tables = doc.tables
        read = f"{len(doc.pages)} of {_plural(doc.n_pages, 'page')} read · {_plural(len(tables), 'table')}"
        out = [
            f'<h3 id="{anchor}">{html.escape(Path(doc.path).name)}</h3>',
            f'<p class="tp-meta">{html.escape(doc.path)} · {read}</p>',
        ]
        out += [f'<p class="tp-warn">⚠ {html.escape(w)}</p>' for w in doc.warnings]
        if not tables:
            out.append('<p class="tp-meta">No table found on the pages read.</p>')
            return "".join(out)
        on_page: dict[int, list[tuple[int, Table, TableRegion]]] = {}
        for k, t in enumerate(tables):
            for region in t.regions:
                on_page.setdefault(region.page, []).append((k, t, region))
        try:
            images = _render_pages(doc.path, on_page, self.dpi)
        except DocumentError as exc:  # moved, or encrypted: the tables still show, without pages
            logger.warning("report: page images of %s skipped: %s", doc.path, exc)
            out.append(f'<p class="tp-warn">⚠ page images unavailable: {html.escape(str(exc))}</p>')
            images = {}
        for page in sorted(on_page):
            if page in images:
                figure = (
                    f'<figure><img src="{png_data_uri(images[page])}" alt="page {page} of '
                    f'{html.escape(Path(doc.path).name)}, tables outlined"><figcaption>page {page}</figcaption></figure>'
                )
            else:
                figure = f"<figure><figcaption>page {page} (no image)</figcaption></figure>"
            cards = "".join(_card(k, t, region) for k, t, region in on_page[page])
            out.append(f'<div class="tp-page">{figure}<div>{cards}</div></div>')
        return "".join(out)


def write_report(
    results: Sequence[TableResult],
    out_path: str | Path,
    *,
    dpi: int = 110,
    title: str = "tilepilot report",
    charts: Sequence[DocumentCharts | FileResult] = (),
) -> Path:
    """Write one self-contained ``report.html`` for ``results``; returns the path written.

    ``results`` holds a ``DocumentTables`` per file (from :func:`~tools.pdf.extract_tables`) or the
    ``FileResult`` records of a batch (``batch.files``); see :class:`TablesSection`. ``charts`` adds a
    chart section (``extract_charts`` results or chart-batch records; see
    :class:`~tools.pdf.ChartsSection`), each chart re-plotted from its data beside its page. Raises
    :class:`~model.errors.ConfigError` for a bad ``dpi``, an item of another type or an unwritable path.

    >>> from tools.pdf import extract_tables
    >>> write_report([extract_tables("examples/samples/quarterly.pdf")], "out/report.html")  # doctest: +SKIP
    PosixPath('out/report.html')
    """
    report = Report(title=title).add(TablesSection(results, dpi=dpi))
    if charts:
        from tools.pdf._charts_report import ChartsSection  # it builds on this module

        report.add(ChartsSection(charts, dpi=dpi))
    return report.save(out_path)


class _Failed(NamedTuple):
    path: str
    kind: str
    message: str


def _resolve(result: TableResult) -> DocumentTables | _Failed:
    """A batch record as the tables it wrote (its ``tables.json``), or as a failure to list."""
    if isinstance(result, DocumentTables):
        return result
    if result.status == "failed":
        err = result.error
        return _Failed(result.path, err.type if err else "Error", err.message if err else "failed")
    saved = next((Path(o) for o in result.outputs if Path(o).name == "tables.json"), None)
    if saved is None:
        return _Failed(result.path, "NoTablesJson", "the batch wrote no tables.json: run it with 'json' in formats")
    try:
        return DocumentTables.model_validate_json(saved.read_bytes())
    except (OSError, ValidationError) as exc:
        return _Failed(result.path, "NoTablesJson", f"{saved} cannot be read back ({exc})")


def png_data_uri(png: bytes) -> str:
    """``png`` as a ``data:image/png;base64,…`` URI for an ``<img src>``."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _render_pages(path: str, on_page: dict[int, list[tuple[int, Table, TableRegion]]], dpi: int) -> dict[int, bytes]:
    """Each page in ``on_page`` as PNG bytes with its table regions outlined and labelled."""
    images: dict[int, bytes] = {}
    with open_pdf(path) as pdf:
        for number, items in on_page.items():
            if number > pdf.page_count:
                continue
            page = pdf[number - 1]
            pix = page.get_pixmap(dpi=dpi, alpha=False)  # the page as displayed: rotation applied
            image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            # Table boxes are points in the displayed page, top-left origin: only a scale apart.
            sx, sy = pix.width / page.rect.width, pix.height / page.rect.height
            images[number] = _draw_boxes(image, items, sx, sy, dpi)
            logger.debug("report: rendered %s page %d at %d dpi (%dx%d)", path, number, dpi, pix.width, pix.height)
    return images


def _draw_boxes(
    image: Image.Image, items: list[tuple[int, Table, TableRegion]], sx: float, sy: float, dpi: int
) -> bytes:
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    font = _font(max(10, round(dpi / 5.5)))  # stays legible with the page shown at ~half size
    line = max(2, round(dpi / 40))
    w, h = image.size
    for k, t, region in items:
        colour = _rgb(PALETTE[k % len(PALETTE)])
        b = region.bbox
        x0, y0 = min(max(b.x0 * sx, 0), w - 1), min(max(b.y0 * sy, 0), h - 1)
        x1, y1 = min(max(b.x1 * sx, x0 + 1), w - 1), min(max(b.y1 * sy, y0 + 1), h - 1)
        draw.rectangle((x0, y0, x1, y1), fill=(*colour, 28), outline=(*colour, 255), width=line)
        label = f"{_label(k)} {t.method} {t.confidence:.2f}" + (" (cont.)" if region.page != t.page else "")
        l0, t0, l1, t1 = draw.textbbox((0, 0), label, font=font)
        pad = max(2, line)
        tw, th = l1 - l0 + 2 * pad, t1 - t0 + 2 * pad
        ly = y0 - th if y0 - th >= 0 else y0  # above the box, or inside it at the top edge of the page
        draw.rectangle((x0, ly, x0 + tw, ly + th), fill=(*colour, 255))
        draw.text((x0 + pad - l0, ly + pad - t0), label, font=font, fill=(255, 255, 255, 255))
    merged = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buf = io.BytesIO()
    merged.save(buf, format="PNG")
    return buf.getvalue()


def _card(k: int, t: Table, region: TableRegion) -> str:
    colour = PALETTE[k % len(PALETTE)]
    if region.page != t.page:
        last = region.first_row + region.n_rows
        return (
            f'<div class="tp-card" style="--c:{colour}"><div class="tp-card-head"><span class="tp-badge">'
            f"{_label(k)}</span>continued from page {t.page}: rows {region.first_row + 1}–{last} of {t.n_rows}"
            "</div></div>"
        )
    pages = f"page {t.pages[0]}" if len(t.pages) == 1 else f"pages {', '.join(map(str, t.pages))}"
    return (
        f'<div class="tp-card" style="--c:{colour}"><div class="tp-card-head"><span class="tp-badge">{_label(k)}'
        f"</span>{t.n_rows} × {t.n_cols} · {pages} · {t.method} · confidence {t.confidence:.2f}</div>"
        f'<div class="tp-scroll">{t.to_html()}</div></div>'
    )


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _label(k: int) -> str:
    return f"T{k + 1}"


def _anchor(section: str, i: int) -> str:
    return f"{''.join(c for c in section.lower() if c.isalnum()) or 'section'}-f{i + 1}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)
