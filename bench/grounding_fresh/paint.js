// Drawing helper for the fresh grounding pages: text that exists only as pixels, painted on a
// <canvas> or baked into a PNG <img> (a data: URI, no alt), as an exported banner or a chart is.
//
// Every label a query may point at is recorded in window.__benchBoxes[key][name] = {box, hit}:
// key is the CSS selector the queries use for the canvas or image, box the ink of the text and hit
// the area a click acts on (the drawn button around it), both [x0, y0, x1, y1] in CSS px from the
// element's top-left corner. Only the benchmark harness reads these; the pages never do.
(function () {
  "use strict";
  const boxes = (window.__benchBoxes = window.__benchBoxes || {});

  const SANS = "'Liberation Sans', 'DejaVu Sans', sans-serif";
  const KO = "'NanumGothic', 'Noto Sans CJK KR', sans-serif";

  function save(key, name, box, hit) {
    (boxes[key] = boxes[key] || {})[name] = { box: box.slice(), hit: (hit || box).slice() };
  }

  // A 2D context for `canvas` shown at w×h CSS px, backed by device pixels (sharp at any DSF).
  function canvas2d(canvas, w, h) {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    canvas.style.width = w + "px";
    canvas.style.height = h + "px";
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    return ctx;
  }

  function rrect(ctx, x, y, w, h, r) {
    r = Math.min(r, w / 2, h / 2);
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.lineTo(x + w - r, y);
    ctx.quadraticCurveTo(x + w, y, x + w, y + r);
    ctx.lineTo(x + w, y + h - r);
    ctx.quadraticCurveTo(x + w, y + h, x + w - r, y + h);
    ctx.lineTo(x + r, y + h);
    ctx.quadraticCurveTo(x, y + h, x, y + h - r);
    ctx.lineTo(x, y + r);
    ctx.quadraticCurveTo(x, y, x + r, y);
    ctx.closePath();
  }

  // Paint `str` at (x, y); o: {font, color, align: left|center|right, baseline}. Returns the ink box.
  function text(ctx, str, x, y, o) {
    o = o || {};
    ctx.font = o.font || "14px " + SANS;
    ctx.fillStyle = o.color || "#111827";
    ctx.textAlign = o.align || "left";
    ctx.textBaseline = o.baseline || "alphabetic";
    ctx.fillText(str, x, y);
    const m = ctx.measureText(str);
    return [x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent,
            x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent];
  }

  // A filled (and optionally outlined) rounded button with centred text: {box, hit}.
  function chip(ctx, o) {
    rrect(ctx, o.x, o.y, o.w, o.h, o.r === undefined ? 6 : o.r);
    ctx.fillStyle = o.fill || "#ffffff";
    ctx.fill();
    if (o.stroke) {
      ctx.lineWidth = o.lineWidth || 1;
      ctx.strokeStyle = o.stroke;
      ctx.stroke();
    }
    const box = text(ctx, o.text, o.x + o.w / 2, o.y + o.h / 2,
                     { font: o.font, color: o.color, align: "center", baseline: "middle" });
    return { box: box, hit: [o.x, o.y, o.x + o.w, o.y + o.h] };
  }

  // Paint into an offscreen bitmap (2 px per CSS px) and show it in `img` at w×h CSS px as a PNG.
  // draw(ctx, keep) paints in CSS px; keep(name, {box, hit}) records a label under `key`.
  function picture(img, key, w, h, draw) {
    const scale = 2;
    const off = document.createElement("canvas");
    off.width = w * scale;
    off.height = h * scale;
    const ctx = off.getContext("2d");
    ctx.scale(scale, scale);
    draw(ctx, (name, part) => save(key, name, part.box, part.hit));
    img.width = w;
    img.height = h;
    img.src = off.toDataURL("image/png");
  }

  window.paint = { save, canvas2d, rrect, text, chip, picture, SANS, KO };
})();
