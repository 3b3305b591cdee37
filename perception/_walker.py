"""The JavaScript that :mod:`perception.screen` evaluates in every frame of a page.

Each constant is a function expression for Playwright's ``evaluate``. They share :data:`_PRELUDE`
(flat-tree traversal through open shadow roots and slots, the shadow-aware topmost element at a
point, the relation between two elements, and selectors that re-find an element in its frame).
Coordinates are CSS px of the frame's own viewport; Python applies frame offsets. Nothing here
writes to the page: no attributes, no globals, no event listeners.
"""

from __future__ import annotations

__all__ = ["FRAME_BOX_JS", "FRAME_HIT_JS", "HIT_JS", "INDEX_JS", "MEASURE_JS", "WALK_JS"]

_PRELUDE = r"""
const SEP = ' >>> ';
const fold = (s) => (s || '').replace(/\s+/g, ' ').trim();
const cut = (s, n) => (s.length > n ? s.slice(0, n) : s);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'meta', 'link', 'title', 'iframe', 'frame',
  'object', 'embed', 'br', 'wbr', 'param', 'source', 'track', 'colgroup', 'col', 'datalist']);
const CONTROL_TAGS = new Set(['a', 'button', 'input', 'select', 'textarea', 'summary', 'label', 'option', 'area']);
const CONTROL_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'menuitemcheckbox',
  'menuitemradio', 'option', 'slider', 'spinbutton', 'textbox', 'searchbox', 'combobox', 'listbox', 'treeitem',
  'gridcell', 'scrollbar']);

/* The flat tree: a shadow host's rendered children are its shadow root's; a slot's are its assigned nodes. */
function kids(el) {
  if (el.shadowRoot) return el.shadowRoot.children;
  if (el.localName === 'slot') {
    const assigned = el.assignedElements();
    if (assigned.length) return assigned;
  }
  return el.children;
}

/* The parent in the composed tree (crossing shadow roots upwards). */
function up(node) {
  if (node.assignedSlot) return node.assignedSlot;
  if (node.parentElement) return node.parentElement;
  const p = node.parentNode;
  return p && p.host ? p.host : null;
}

function composedContains(outer, inner) {
  for (let n = inner; n; n = up(n)) if (n === outer) return true;
  return false;
}

/* The topmost element at (x, y), descending into open shadow roots. */
function deepHit(x, y) {
  let hit = document.elementFromPoint(x, y);
  while (hit && hit.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return hit;
}

function deepActive() {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

function isControl(el) {
  if (CONTROL_TAGS.has(el.localName)) return true;
  const role = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
  return CONTROL_ROLES.has(role) || el.hasAttribute('onclick');
}

/* How the topmost element `hit` relates to `el`: clicking it reaches `el` unless 'other'. */
function relation(el, hit) {
  if (!hit) return 'none';
  if (hit === el) return 'self';
  if (composedContains(el, hit)) return 'descendant';
  const labels = el.labels ? Array.from(el.labels) : [];
  for (const lab of labels) if (composedContains(lab, hit)) return 'label';
  if (hit.localName === 'label' && hit.control === el) return 'label';
  if (composedContains(hit, el) && isControl(hit)) return 'ancestor';
  for (let n = up(el); n; n = up(n)) {  /* e.g. el is a span in a button and hit is the button's icon */
    if (isControl(n)) { if (composedContains(n, hit)) return 'ancestor'; break; }
  }
  return 'other';
}

function describe(el) {
  if (!el) return 'nothing';
  let s = el.localName;
  if (el.id) s += '#' + el.id;
  const cls = typeof el.className === 'string' ? fold(el.className).split(' ').filter(Boolean).slice(0, 2) : [];
  if (cls.length) s += '.' + cls.join('.');
  const t = cut(fold(el.getAttribute('aria-label') || el.innerText || el.textContent || el.getAttribute('alt') || ''), 40);
  return t ? s + ' ' + JSON.stringify(t) : s;
}

function rootOf(el) { return el.getRootNode(); }

function count(root, sel) {
  try { return root.querySelectorAll(sel).length; } catch (e) { return -1; }
}

function attrSel(el, name) {
  const v = el.getAttribute(name);
  return v ? el.localName + '[' + name + '="' + CSS.escape(v) + '"]' : '';
}

/* A selector that finds `el` within its own tree scope (document or shadow root): an id, a
   test id or name when unique, else an nth-child path from the nearest ancestor with a unique id. */
function segment(el) {
  const root = rootOf(el);
  if (el.id) { const s = '#' + CSS.escape(el.id); if (count(root, s) === 1) return s; }
  for (const name of ['data-testid', 'name']) {
    const s = attrSel(el, name);
    if (s && count(root, s) === 1) return s;
  }
  const parts = [];
  for (let cur = el; cur && cur.nodeType === 1; cur = cur.parentNode) {
    if (cur !== el && cur.id) {
      const s = '#' + CSS.escape(cur.id);
      if (count(root, s) === 1) { parts.unshift(s); break; }
    }
    if (cur.localName === 'body' && root === document) { parts.unshift('body'); break; }
    let i = 1;
    for (let s = cur.previousElementSibling; s; s = s.previousElementSibling) i++;
    parts.unshift(CSS.escape(cur.localName) + ':nth-child(' + i + ')');
  }
  return parts.join(' > ');
}

function selectorOf(el) {
  const segs = [];
  for (let cur = el; cur; ) {
    segs.unshift(segment(cur));
    const root = rootOf(cur);
    cur = root.host || null;
  }
  return segs.join(SEP);
}

function findBySelector(sel) {
  let root = document, el = null;
  for (const seg of sel.split(SEP)) {
    if (!root) return null;
    try { el = root.querySelector(seg); } catch (e) { return null; }
    if (!el) return null;
    root = el.shadowRoot;
  }
  return el;
}

/* Frame-owning elements (iframe, frame) in flat-tree order: their index is the frame path step. */
function frameOwners() {
  const out = [];
  const stack = [document.documentElement];
  while (stack.length) {
    const el = stack.pop();
    if (!el) continue;
    const t = el.localName;
    if (t === 'iframe' || t === 'frame') { out.push(el); continue; }
    const k = kids(el);
    for (let i = k.length - 1; i >= 0; i--) stack.push(k[i]);
  }
  return out;
}
"""

WALK_JS = (
    "(opts) => {"
    + _PRELUDE
    + r"""
const MAX = opts.max;
const VW = window.innerWidth, VH = window.innerHeight;
const VIEW = [0, 0, VW, VH];
const BUTTON_TYPES = new Set(['submit', 'reset', 'button', 'image']);
const TEXT_TYPES = new Set(['', 'text', 'email', 'tel', 'url', 'password', 'date', 'datetime-local', 'month', 'week',
  'time']);
const NAME_FROM_CONTENT = new Set(['button', 'link', 'heading', 'cell', 'columnheader', 'rowheader', 'gridcell',
  'option', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'treeitem', 'checkbox', 'radio', 'switch',
  'tooltip', 'label', 'caption', 'legend', 'term']);
const CONTAINER_ROLES = new Set(['dialog', 'alertdialog', 'row', 'table', 'grid', 'navigation', 'group', 'menu',
  'menubar', 'tablist', 'toolbar', 'radiogroup', 'tree', 'treegrid', 'region', 'form', 'list', 'alert', 'status',
  'tabpanel', 'search', 'banner', 'contentinfo', 'complementary', 'main', 'article', 'figure', 'img', 'progressbar',
  'meter', 'heading', 'listitem', 'paragraph', 'note', 'tooltip']);
const CONTAINER_TAGS = new Set(['tr', 'table', 'dialog', 'fieldset', 'nav', 'form']);
const STATE_ATTRS = ['aria-current', 'aria-selected', 'aria-checked', 'aria-pressed', 'aria-disabled'];
const TEXT_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'caption', 'legend', 'figcaption', 'dt']);
const GRAPHIC_TAGS = new Set(['img', 'canvas', 'svg', 'video']);
const SVG_SHAPES = new Set(['svg', 'circle', 'rect', 'ellipse', 'path', 'polygon']);
const ATTRS = ['id', 'name', 'type', 'placeholder', 'aria-label', 'title', 'alt', 'href', 'role', 'data-testid',
  'aria-current', 'aria-disabled',
  'aria-pressed', 'aria-haspopup'];
const colorCache = new Map();
let ctx2d = null;
const active = deepActive();

function hex(c) {
  if (!c) return null;
  let v = colorCache.get(c);
  if (v !== undefined) return v;
  v = null;
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(c);
  let r, g, b, a = 1;
  if (m) {
    r = +m[1]; g = +m[2]; b = +m[3];
    if (m[4] !== undefined) a = m[4].endsWith('%') ? parseFloat(m[4]) / 100 : +m[4];
  } else {  /* color(), oklch()…: let a canvas convert to sRGB bytes */
    ctx2d = ctx2d || new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
    ctx2d.clearRect(0, 0, 1, 1);
    ctx2d.fillStyle = '#000';
    ctx2d.fillStyle = c;
    ctx2d.fillRect(0, 0, 1, 1);
    const d = ctx2d.getImageData(0, 0, 1, 1).data;
    r = d[0]; g = d[1]; b = d[2]; a = d[3] / 255;
  }
  if (a > 0.05) v = '#' + [r, g, b].map((x) => Math.round(x).toString(16).padStart(2, '0')).join('');
  colorCache.set(c, v);
  return v;
}

function inter(a, b) {
  const x0 = Math.max(a[0], b[0]), y0 = Math.max(a[1], b[1]), x1 = Math.min(a[2], b[2]), y1 = Math.min(a[3], b[3]);
  return x1 > x0 && y1 > y0 ? [x0, y0, x1, y1] : null;
}

function inputRole(el) {
  const t = (el.getAttribute('type') || '').toLowerCase();
  if (t === 'checkbox' || t === 'radio') return t;
  if (BUTTON_TYPES.has(t) || t === 'file' || t === 'color') return 'button';
  if (t === 'range') return 'slider';
  if (t === 'number') return 'spinbutton';
  if (t === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
  return el.hasAttribute('list') ? 'combobox' : 'textbox';
}

function implicitRole(el, tag) {
  switch (tag) {
    case 'a': case 'area': return el.hasAttribute('href') ? 'link' : 'generic';
    case 'button': case 'summary': return 'button';
    case 'input': return inputRole(el);
    case 'select': return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    case 'textarea': return 'textbox';
    case 'option': return 'option';
    case 'img': return el.getAttribute('alt') === '' ? 'presentation' : 'img';
    case 'svg': case 'canvas': return 'img';
    case 'video': return 'video';
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': return 'heading';
    case 'li': return 'listitem';
    case 'ul': case 'ol': case 'menu': return 'list';
    case 'td': return el.closest('[role=grid],[role=treegrid]') ? 'gridcell' : 'cell';
    case 'th': return el.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader';
    case 'tr': return 'row';
    case 'table': return 'table';
    case 'p': return 'paragraph';
    case 'nav': return 'navigation';
    case 'dialog': return 'dialog';
    case 'fieldset': case 'details': return 'group';
    case 'form': return 'form';
    case 'label': return 'label';
    case 'legend': return 'legend';
    case 'caption': case 'figcaption': return 'caption';
    case 'dt': return 'term';
    case 'dd': return 'definition';
    case 'progress': return 'progressbar';
    case 'meter': return 'meter';
    case 'hr': return 'separator';
    case 'main': return 'main';
    case 'header': return 'banner';
    case 'footer': return 'contentinfo';
    case 'aside': return 'complementary';
    case 'article': return 'article';
    case 'figure': return 'figure';
    default: return el.isContentEditable && !(el.parentElement && el.parentElement.isContentEditable)
      ? 'textbox' : 'generic';
  }
}

/* Text a label or name-from-content gives: visible text, plus alt and aria-label of what has no text. */
function contentText(el, budget) {
  const parts = [];
  const walk = (node) => {
    if (budget.n-- <= 0) return;
    if (node.nodeType === 3) { parts.push(node.data); return; }
    if (node.nodeType !== 1) return;
    const t = node.localName;
    if (SKIP.has(t) || t === 'select' || t === 'textarea' || node.getAttribute('aria-hidden') === 'true') return;
    const st = getComputedStyle(node);
    if (node !== el && (st.display === 'none' || st.visibility === 'hidden')) return;
    const al = node.getAttribute('aria-label');
    if (al && node !== el) { parts.push(' ' + al + ' '); return; }
    if (t === 'img' || (t === 'input' && node.type === 'image')) { parts.push(' ' + (node.getAttribute('alt') || '') + ' '); return; }
    if (t === 'svg') { const ti = node.querySelector('title'); if (ti) parts.push(' ' + ti.textContent + ' '); return; }
    if (t === 'input' && node !== el && BUTTON_TYPES.has(node.type)) { parts.push(' ' + node.value + ' '); return; }
    const block = st.display !== 'inline' && st.display !== 'contents';
    if (block) parts.push(' ');
    const root = node.shadowRoot;
    for (const c of (root ? root.childNodes : node.localName === 'slot' && node.assignedNodes().length
      ? node.assignedNodes() : node.childNodes)) walk(c);
    if (block) parts.push(' ');
  };
  walk(el);
  return fold(parts.join(''));
}

function byIds(el, ids) {
  const root = rootOf(el);
  const out = [];
  for (const id of ids.split(/\s+/)) {
    const t = id && (root.getElementById ? root.getElementById(id) : document.getElementById(id));
    if (t) out.push(contentText(t, { n: 200 }) || fold(t.textContent));
  }
  return fold(out.join(' '));
}

function accName(el, tag, role, text) {
  const lb = el.getAttribute('aria-labelledby');
  if (lb) { const v = byIds(el, lb); if (v) return v; }
  const al = fold(el.getAttribute('aria-label'));
  if (al) return al;
  const type = tag === 'input' ? (el.getAttribute('type') || '').toLowerCase() : '';
  if (tag === 'input' && BUTTON_TYPES.has(type)) {
    if (type === 'image') return fold(el.getAttribute('alt') || el.value || 'Submit');
    return fold(el.value) || (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : '');
  }
  if (tag === 'input' || tag === 'select' || tag === 'textarea' || (el.labels && el.labels.length)) {
    const labs = el.labels ? Array.from(el.labels).map((l) => contentText(l, { n: 200 })).filter(Boolean) : [];
    if (labs.length) return cut(fold(labs.join(' ')), 300);
  }
  if (tag === 'img' || tag === 'area') { const a = fold(el.getAttribute('alt')); if (a) return a; }
  if (tag === 'svg') { const ti = el.querySelector(':scope > title'); if (ti && fold(ti.textContent)) return fold(ti.textContent); }
  if (tag === 'fieldset') { const lg = el.querySelector(':scope > legend'); if (lg) return cut(fold(lg.innerText), 300); }
  if (tag === 'table') { const c = el.querySelector(':scope > caption'); if (c) return cut(fold(c.innerText), 300); }
  if (NAME_FROM_CONTENT.has(role) && tag !== 'input' && tag !== 'select' && tag !== 'textarea') {
    const v = text || contentText(el, { n: 300 });
    if (v) return cut(v, 300);
  }
  const title = fold(el.getAttribute('title'));
  if (title) return title;
  if (tag === 'input' || tag === 'textarea') return fold(el.getAttribute('placeholder') || el.getAttribute('aria-placeholder'));
  return '';
}

function valueOf(el, tag, role) {
  if (tag === 'select') return cut(fold(Array.from(el.selectedOptions).map((o) => o.text).join(', ')), 300);
  if (tag === 'textarea') return cut(el.value, 300);
  if (tag === 'input') {
    const t = (el.getAttribute('type') || '').toLowerCase();
    if (t === 'checkbox' || t === 'radio' || BUTTON_TYPES.has(t)) return null;
    if (t === 'password') return '\u2022'.repeat(el.value.length);
    if (t === 'file') return Array.from(el.files || []).map((f) => f.name).join(', ');
    return cut(el.value, 300);
  }
  if (tag === 'progress' || tag === 'meter') return String(el.value);
  const vt = el.getAttribute('aria-valuetext') || el.getAttribute('aria-valuenow');
  if (vt !== null && vt !== '' && (role === 'slider' || role === 'spinbutton' || role === 'progressbar' ||
      role === 'scrollbar' || role === 'meter')) return vt;
  return null;
}

function tri(v) { return v === 'true' ? true : v === 'false' ? false : null; }

/* The states a plain box's class names say, where nothing else does (div soup: "slot is-selected",
   "tab active", "btn disabled", "room sold-out"): words of the class list, split at - _ and camelCase humps
   ("current" is left out: utility classes say text-current, fill-current). A short class (sel, act, cur,
   current, chk: "tab sel", "st act", "it is-current") says it only where it tells the box from its alike
   siblings: they share another class and lack it. */
const CLASS_SELECTED = new Set(['selected', 'active', 'checked', 'on', 'pressed']);
const CLASS_SELECTED_SHORT = new Set(['sel', 'act', 'cur', 'current', 'chk', 'chosen', 'picked']);
function classTokens(el) {
  const raw = typeof el.className === 'string' ? el.className : '';
  return raw.split(/\s+/).filter(Boolean).map((t) => t.toLowerCase().replace(/^is[-_]/, ''));
}
function shortSelected(el) {
  const toks = classTokens(el), marks = toks.filter((t) => CLASS_SELECTED_SHORT.has(t));
  if (!marks.length || !el.parentElement) return false;
  const rest = toks.filter((t) => !CLASS_SELECTED_SHORT.has(t));
  if (!rest.length) return false;
  return [...el.parentElement.children].some((sib) => {
    if (sib === el || sib.localName !== el.localName) return false;
    const other = classTokens(sib);
    return marks.every((m) => !other.includes(m)) && rest.some((t) => other.includes(t));
  });
}
const CLASS_DISABLED = new Set(['disabled', 'dis', 'unavailable', 'soldout']);
const ARIA_STATES = ['aria-pressed', 'aria-checked', 'aria-current', 'aria-selected', 'aria-disabled'];
const NATIVE_DISABLED = new Set(['button', 'input', 'select', 'textarea', 'option', 'fieldset']);
const NATIVE_CHECKED = new Set(['input', 'select', 'option']);
function classStates(el, tag) {
  /* ARIA says a state itself, and so do the document's own fields (checked, selected) and controls (disabled) */
  if (ARIA_STATES.some((a) => el.hasAttribute(a))) return {selected: false, disabled: false};
  const raw = typeof el.className === 'string' ? el.className : '';
  const words = new Set(raw.split(/[\s_-]+|(?=[A-Z][a-z])/).map((w) => w.toLowerCase()).filter(Boolean));
  return {
    selected: !NATIVE_CHECKED.has(tag) && ([...words].some((w) => CLASS_SELECTED.has(w)) || shortSelected(el)),
    disabled: !NATIVE_DISABLED.has(tag) && ([...words].some((w) => CLASS_DISABLED.has(w)) ||
                                           (words.has('sold') && words.has('out'))),
  };
}

/* A toggle drawn with no markup that says so: an empty pill about twice as wide as tall, under a pointer,
   with a knob (a pseudo-element or one round child). Its class says whether it is on. */
function looksLikeSwitch(el, st) {
  if (el.children.length > 1) return false;
  const r = el.getBoundingClientRect(), h = r.height, w = r.width;
  if (h < 10 || h > 40 || w < 1.4 * h || w > 3 * h || parseFloat(st.borderTopLeftRadius) < 0.35 * h) return false;
  if (el.textContent.trim()) return false;
  const round = (s) => s && parseFloat(s.borderTopLeftRadius) > 0;
  if (el.children.length === 1) return round(getComputedStyle(el.children[0]));
  return ['::before', '::after'].some((p) => { const k = getComputedStyle(el, p); return k.content !== 'none' && round(k); });
}

function states(el, tag, role, st, drawn) {
  const s = {};
  const cls = classStates(el, tag);
  const type = tag === 'input' ? (el.getAttribute('type') || '').toLowerCase() : '';
  if (type === 'checkbox' || type === 'radio') s.checked = el.indeterminate ? null : el.checked;
  else if (['checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio'].includes(role)) {
    const v = tri(el.getAttribute('aria-checked'));
    s.checked = v === null ? drawn && cls.selected : v;  /* a drawn switch says it in its class */
  }
  let disabled = false;
  try { disabled = el.matches(':disabled'); } catch (e) { disabled = false; }
  /* a box that shows a no-entry cursor is a control that cannot be used now (div soup greys it out) */
  if (!disabled) disabled = !!el.closest('[aria-disabled=true]') || cls.disabled || st.cursor === 'not-allowed';
  s.disabled = disabled;
  const ex = tri(el.getAttribute('aria-expanded'));
  if (ex !== null) s.expanded = ex;
  else if (tag === 'summary' && el.parentElement && el.parentElement.localName === 'details') s.expanded = el.parentElement.open;
  s.focused = el === active;
  if (tag === 'option') s.selected = el.selected;
  else { const sel = tri(el.getAttribute('aria-selected')); if (sel !== null) s.selected = sel; }
  if (s.selected === undefined && s.checked === undefined && cls.selected) s.selected = true;
  s.required = !!el.required || el.getAttribute('aria-required') === 'true';
  let editable = false;
  if ((tag === 'input' && (TEXT_TYPES.has(type) || type === 'search' || type === 'number')) || tag === 'textarea') {
    editable = !el.readOnly && !disabled;
  } else editable = el.isContentEditable && !disabled;
  s.editable = editable;
  return s;
}

function attrs(el) {
  const a = {};
  for (const n of ATTRS) {
    const v = el.getAttribute(n);
    if (v !== null && v !== '') a[n] = cut(v, 300);
  }
  const tag = el.localName;
  if ((tag === 'button' || (tag === 'input' && BUTTON_TYPES.has((el.getAttribute('type') || '').toLowerCase())))
      && el.getAttribute('value')) a.value = cut(el.getAttribute('value'), 300);
  return a;
}

/* An inline run of text inside a text element that looks like a thing of its own (a pill badge with its
   own fill, a status word in red): people point at it by its look, so it is listed apart from its parent. */
function standsOut(el, st) {
  const p = el.parentElement;
  if (!p) return false;
  const ps = getComputedStyle(p);
  return filled(st, ps) || st.color !== ps.color;
}

const CLEAR = /^(transparent|rgba\(0, 0, 0, 0\))$/;
/* Whether a box paints a fill of its own: not clear, and not its parent's (computed style ``ps``, or none). */
function filled(st, ps) {
  return !CLEAR.test(st.backgroundColor) && (!ps || st.backgroundColor !== ps.backgroundColor);
}

/* An icon of its own inside a clickable row or card (the star on a contact, the eye on a layer): a small box
   with no text that holds a picture and carries a name or an id of its own, so it is a control apart from
   the row, not its decoration. */
function ownIcon(el, tag, st) {
  if (GRAPHIC_TAGS.has(tag) || SVG_SHAPES.has(tag) || el.closest('svg')) return false;
  if (!(el.id || el.hasAttribute('aria-label') || el.hasAttribute('title') || el.hasAttribute('data-testid'))) return false;
  const said = el.textContent.trim();
  const r = el.getBoundingClientRect();
  if (said.length > 1) return ownButton(el, st, said, r);
  if (r.width < 8 || r.height < 8 || r.width > 56 || r.height > 56) return false;
  return said.length === 1 || !!el.querySelector('svg, img, i, [class*=icon]') || st.backgroundImage !== 'none';
}

/* A button drawn inside a clickable card (담기 on a menu card, Add on a product tile): a short word in a
   small box of its own, set apart by a border or a fill of its own. */
function ownButton(el, st, said, r) {
  if (said.length > 12 || el.children.length > 2 || r.width > 160 || r.height > 48 || r.height < 14) return false;
  const border = parseFloat(st.borderTopWidth) > 0 && st.borderTopStyle !== 'none' &&
    !CLEAR.test(st.borderTopColor) && parseFloat(st.borderLeftWidth) > 0;
  return border || filled(st, el.parentElement && getComputedStyle(el.parentElement));
}

/* A plain box that is one of several alike siblings (the same tag and first class: class="room" ×5) and holds
   several things of its own: a card or an item of a list nobody marked up as one ("the third room" is that box,
   not the title in it). */
const alikeByParent = new Map();
function repeatedItem(el, tag) {
  if (tag !== 'div' && tag !== 'li' && tag !== 'article' && tag !== 'section') return false;
  const p = el.parentElement;
  if (!p || el.children.length < 2 || (tag === 'div' && !el.classList.length)) return false;
  let tally = alikeByParent.get(p);
  if (!tally) {
    tally = new Map();
    for (const c of p.children) {
      const key = c.localName + '.' + (c.classList[0] || '');
      tally.set(key, (tally.get(key) || 0) + 1);
    }
    alikeByParent.set(p, tally);
  }
  if ((tally.get(tag + '.' + (el.classList[0] || '')) || 0) < 3) return false;
  const r = el.getBoundingClientRect();
  if (r.width < 60 || r.height < 40) return false;
  let parts = 0;
  for (const c of el.children) if ((c.textContent || '').trim() && ++parts >= 2) return true;
  return false;
}

function hasOwnText(el) {
  for (const c of el.childNodes) if (c.nodeType === 3 && c.data.trim()) return true;
  return false;
}

function samplePoints(v) {
  const [x0, y0, x1, y1] = v;
  const w = x1 - x0, h = y1 - y0;
  const cx = x0 + w / 2, cy = y0 + h / 2;
  const pts = [[cx, cy], [x0 + w * 0.25, y0 + h * 0.3], [x0 + w * 0.75, y0 + h * 0.7], [x0 + w * 0.25, y0 + h * 0.7],
    [x0 + w * 0.75, y0 + h * 0.3]];
  return pts;
}

const out = [];
const nodes = [];  /* the element of each record, for the pass that drops cells repeating a control */
const cellish = [];
let truncated = false;
/* A mark that gives a listed element its colour without any text: a dot or swatch before a label, a thin
   colour bar, a filled svg shape. The fill's hex colour, or null. */
function markFill(el, tag, st, r) {
  const w = r.width, h = r.height;
  const dot = w >= 4 && h >= 4 && w <= 24 && h <= 24;
  const bar = Math.min(w, h) >= 2 && Math.min(w, h) <= 6 && Math.max(w, h) >= 10 && Math.max(w, h) <= 400;
  if ((!dot && !bar) || el.textContent.trim()) return null;
  const bg = hex(st.backgroundColor);
  if (bg) return bg;
  return SVG_SHAPES.has(tag) && /^(rgb|#)/.test(st.fill) ? hex(st.fill) : null;
}

/* stack entries: [element, clip, parentCursor, owner, record] where owner is 0 none, 1 inside a control,
   2 inside text, and record the index in out of the nearest listed ancestor (-1 none) */
const stack = document.documentElement ? [[document.documentElement, VIEW, 'auto', 0, -1]] : [];
while (stack.length) {
  const [el, clip, parentCursor, owner, record] = stack.pop();
  const tag = el.localName;
  if (SKIP.has(tag)) continue;
  const st = getComputedStyle(el);
  if (st.display === 'none') continue;
  const explicitRole = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
  let role = explicitRole && explicitRole !== 'none' && explicitRole !== 'presentation'
    ? explicitRole : implicitRole(el, tag);
  const handler = el.hasAttribute('onclick') || typeof el.onclick === 'function';
  const drawnSwitch = role === 'generic' && (st.cursor === 'pointer' || handler) && looksLikeSwitch(el, st);
  if (drawnSwitch) role = 'switch';
  let kind = 0;  /* 1 control, 2 text, 3 graphic, 4 container, 5 scroll container */
  const type = tag === 'input' ? (el.getAttribute('type') || '').toLowerCase() : '';
  const ti = el.getAttribute('tabindex');
  if (type === 'hidden') continue;
  if ((tag === 'a' && el.hasAttribute('href')) || tag === 'button' || tag === 'input' || tag === 'select' ||
      tag === 'textarea' || (tag === 'summary' && el.parentElement && el.parentElement.localName === 'details') ||
      (tag === 'label' && el.control) || (tag === 'option' && el.parentElement && el.parentElement.closest('select') &&
      (el.parentElement.closest('select').multiple || el.parentElement.closest('select').size > 1)) ||
      CONTROL_ROLES.has(explicitRole) || handler || drawnSwitch || el.getAttribute('draggable') === 'true' ||
      (ti !== null && parseInt(ti, 10) >= 0 && tag !== 'body' && tag !== 'html') ||
      (el.isContentEditable && !(el.parentElement && el.parentElement.isContentEditable)) ||
      /* a pointer, or a no-entry cursor (a control that cannot be used now), set here and not inherited */
      ((st.cursor === 'pointer' || st.cursor === 'not-allowed') && parentCursor !== st.cursor && tag !== 'html' &&
       tag !== 'body')) {
    kind = 1;
  } else if (owner === 1 && ownIcon(el, tag, st)) {
    kind = 1;
  } else if (owner === 1) {
    /* inside a control only what looks like a thing of its own: the red count on an Inbox link, a pill on a tab */
    kind = hasOwnText(el) && standsOut(el, st) ? 2 : 0;
  } else if (GRAPHIC_TAGS.has(tag) || (st.backgroundImage !== 'none' && st.backgroundImage.includes('url('))) {
    kind = 3;
  } else if (TEXT_TAGS.has(tag) || explicitRole === 'heading' || (hasOwnText(el) &&
             !(owner === 2 && st.display.startsWith('inline') && !standsOut(el, st)))) {
    kind = 2;
  } else if (CONTAINER_TAGS.has(tag) || CONTAINER_ROLES.has(explicitRole) || STATE_ATTRS.some((a) => el.hasAttribute(a)) ||
             repeatedItem(el, tag)) {
    /* a plain box that says it is current, selected or unavailable is a thing people pick out by that state; one
       that repeats as a card is a thing people count */
    kind = 4;
  } else if (/* a scroll container: "scroll the Messages list" must find it */
             (tag !== 'html' && tag !== 'body' &&
              ((/(auto|scroll)/.test(st.overflowY) && el.scrollHeight > el.clientHeight + 1) ||
               (/(auto|scroll)/.test(st.overflowX) && el.scrollWidth > el.clientWidth + 1)))) {
    kind = 5;  /* listed by its name and role only: its text is its children's */
  }
  const r = el.getBoundingClientRect();
  let childClip = clip;
  if (st.position === 'fixed') childClip = VIEW;
  if (st.overflowX !== 'visible' || st.overflowY !== 'visible') childClip = inter(childClip, [r.left, r.top, r.right, r.bottom]) || [0, 0, 0, 0];
  let rec = record;
  if (!kind && record >= 0 && !out[record].accent) {
    const fill = markFill(el, tag, st, r);
    if (fill) out[record].accent = fill;
  }
  if (kind) {
    if (out.length >= MAX) { truncated = true; break; }
    const w = r.width, h = r.height;
    const visible = w > 1 && h > 1 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true,
      contentVisibilityAuto: true });
    const own = st.position === 'fixed' ? VIEW : clip;
    const vis = visible ? inter(inter(own, VIEW) || [0, 0, 0, 0], [r.left, r.top, r.right, r.bottom]) : null;
    let hit = null, occluded = false;
    if (vis) {
      occluded = true;
      if (st.pointerEvents === 'none') occluded = false;  /* hit testing cannot see it: no verdict */
      else for (const [x, y] of samplePoints(vis)) {
        const rel = relation(el, deepHit(x, y));
        if (rel !== 'other' && rel !== 'none') { hit = [x, y]; occluded = false; break; }
      }
    }
    let text = '';
    const formField = tag === 'input' || tag === 'select' || tag === 'textarea';
    if (kind !== 5 && !formField && tag !== 'svg' && tag !== 'canvas' && tag !== 'video' && tag !== 'img') {
      /* innerText is what shows; a hidden element has none, so its source text stands in */
      const tc = el.textContent || '';
      text = !visible || tc.length > 2000 ? fold(tc)
        : el.querySelector('select, textarea') ? contentText(el, { n: 300 })  /* not every option's text */
        : fold(el.innerText);
      text = cut(text, 300);
    }
    const name = accName(el, tag, role, text);
    out.push({
      tag, role, name, text, value: valueOf(el, tag, role), states: states(el, tag, role, st, drawnSwitch), attributes: attrs(el),
      rect: [r.left, r.top, r.right, r.bottom], vis, hit, visible, occluded, interactive: kind === 1,
      graphic: kind === 3, shadow: rootOf(el) !== document, selector: selectorOf(el),
      color: hex(st.backgroundColor), text_color: hex(st.color),
      accent: parseFloat(st.borderLeftWidth) >= 3 ? hex(st.borderLeftColor) : null,
    });
    rec = out.length - 1;
    nodes.push(el);
    cellish.push(kind === 2 && role !== 'heading' && !hasOwnText(el));
  }
  const k = kids(el);
  const nextOwner = kind === 1 ? 1 : owner === 1 ? 1 : kind === 2 ? 2 : owner;
  for (let i = k.length - 1; i >= 0; i--) stack.push([k[i], childClip, st.cursor, nextOwner, rec]);
}

/* A cell or caption whose only text is a control's (a td holding just an Edit button) says nothing the
   control does not: drop it, so each label names one thing. */
const dropped = new Set();
for (let i = 0; i < out.length; i++) {
  if (!cellish[i] || !out[i].text) continue;
  for (let j = i + 1; j < out.length && composedContains(nodes[i], nodes[j]); j++) {
    if (out[j].interactive && out[j].text === out[i].text) { dropped.add(i); break; }
  }
}
const se = document.scrollingElement || document.documentElement;
const owners = frameOwners();
return JSON.stringify({
  url: location.href, title: document.title, lang: document.documentElement.lang || '', vw: VW, vh: VH,
  dpr: window.devicePixelRatio, sx: window.scrollX, sy: window.scrollY, pw: se.scrollWidth, ph: se.scrollHeight,
  active_frame: active && (active.localName === 'iframe' || active.localName === 'frame') ? owners.indexOf(active) : -1,
  truncated, els: dropped.size ? out.filter((_, i) => !dropped.has(i)) : out,
});
}"""
)
"""Walk the frame's flat tree; returns a JSON string (one transfer, cheaper than Playwright's object
serialisation) with the frame's viewport, scroll and language and one record per element."""

FRAME_BOX_JS = (
    "(owner) => {"
    + _PRELUDE
    + r"""
const r = owner.getBoundingClientRect();
const st = getComputedStyle(owner);
const x = r.left + owner.clientLeft + parseFloat(st.paddingLeft);
const y = r.top + owner.clientTop + parseFloat(st.paddingTop);
const w = owner.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
const h = owner.clientHeight - parseFloat(st.paddingTop) - parseFloat(st.paddingBottom);
const visible = r.width > 0 && r.height > 0 && owner.checkVisibility({ opacityProperty: true, visibilityProperty: true });
return { index: frameOwners().indexOf(owner), x, y, w, h, visible, transformed: st.transform !== 'none' };
}"""
)
"""For a frame's owner element (run in the parent): its place among the parent's frames and the
frame's content-box origin and size in the parent's viewport."""

FRAME_HIT_JS = (
    "([owner, points]) => {"
    + _PRELUDE
    + r"""
return points.map(([x, y]) => { const h = deepHit(x, y); return h === owner ? '' : describe(h); });
}"""
)
"""In a parent frame: for each point, '' when the frame's owner element is topmost there, else what is."""

HIT_JS = (
    "([selector, x, y]) => {"
    + _PRELUDE
    + r"""
const el = findBySelector(selector);
if (!el) return { found: false, relation: 'gone', what: 'nothing matches ' + selector };
const inside = x >= 0 && y >= 0 && x < window.innerWidth && y < window.innerHeight;
const hit = inside ? deepHit(x, y) : null;
return { found: true, relation: hit ? relation(el, hit) : 'none', what: hit ? describe(hit) :
  'nothing: (' + Math.round(x) + ', ' + Math.round(y) + ') is outside the ' + window.innerWidth + 'x' +
  window.innerHeight + ' viewport' };
}"""
)
"""In the element's frame: what is topmost at the point and how it relates to the element."""

INDEX_JS = (
    "(els, selector) => {"
    + _PRELUDE
    + r"""
const el = findBySelector(selector);
return [el ? els.indexOf(el) : -1, els.length];
}"""
)
"""Given a locator's matches: ``[index of the one the shadow-scoped selector means (-1: none), count]``."""

MEASURE_JS = (
    "(selector) => {"
    + _PRELUDE
    + r"""
const el = findBySelector(selector);
if (!el) return null;
const r = el.getBoundingClientRect();
return [r.left, r.top, r.right, r.bottom];
}"""
)
"""In the element's frame: its border box now, ``null`` when the selector finds nothing."""
