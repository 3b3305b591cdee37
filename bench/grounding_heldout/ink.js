// Held-out grounding pages: text that exists only as pixels.
//
// Three ways a page shows text with no DOM text behind it: painted on a <canvas>, in a PNG made
// from a drawing (an exported banner, an image button), and in an SVG shown through <img> (an
// illustration file). For each label the page paints, its box goes to
// window.__benchBoxes[key][name] = {box, hit} in CSS px relative to the element's top-left corner:
// `box` is the ink of the text, `hit` the area a click acts on. Only the benchmark reads it.
(function () {
  const store = (window.__benchBoxes = window.__benchBoxes || {});
  const scratch = document.createElement("canvas").getContext("2d");

  function keep(key, name, box, hit) {
    (store[key] = store[key] || {})[name] = { box: box, hit: hit || box };
  }

  // The ink box of `str` written at (x, y) with the context's current font, alignment and baseline.
  function ink(ctx, str, x, y) {
    const m = ctx.measureText(str);
    return [x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent,
            x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent];
  }

  // A canvas of w×h CSS px with a backing store at the device pixel ratio.
  function hidpi(canvas, w, h) {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = w + "px";
    canvas.style.height = h + "px";
    const ctx = canvas.getContext("2d");
    ctx.scale(dpr, dpr);
    return ctx;
  }

  // Write `str` at (x, y); o.align left|center|right, o.middle: y is the vertical centre. Returns its ink box.
  function write(ctx, str, x, y, o) {
    o = o || {};
    ctx.font = o.font || "14px sans-serif";
    ctx.fillStyle = o.color || "#000";
    ctx.textAlign = o.align || "left";
    ctx.textBaseline = o.middle ? "middle" : "alphabetic";
    ctx.fillText(str, x, y);
    return ink(ctx, str, x, y);
  }

  function rounded(ctx, x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }

  // A filled shape with a centred caption: {box: caption ink, hit: the shape}.
  function chip(ctx, c) {
    rounded(ctx, c.x, c.y, c.w, c.h, c.r === undefined ? 8 : c.r);
    if (c.fill) { ctx.fillStyle = c.fill; ctx.fill(); }
    if (c.stroke) { ctx.strokeStyle = c.stroke; ctx.lineWidth = c.line || 1; ctx.stroke(); }
    const box = write(ctx, c.text, c.x + c.w / 2, c.y + c.h / 2 + (c.dy || 0),
                      { font: c.font, color: c.color, align: "center", middle: true });
    return { box: box, hit: [c.x, c.y, c.x + c.w, c.y + c.h] };
  }

  // Paint with `paint(ctx)` into an offscreen w×h CSS px bitmap at `scale` px per CSS px and show it in
  // `img` as a PNG. `paint` returns {name: {box, hit}} in CSS px of the image.
  function png(img, key, w, h, scale, paint) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    const parts = paint(ctx) || {};
    img.width = w;
    img.height = h;
    img.src = canvas.toDataURL("image/png");
    for (const name of Object.keys(parts)) keep(key, name, parts[name].box, parts[name].hit);
  }

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // Show an SVG document (w×h) through `img`. `shapes` is SVG markup drawn first; `texts` are
  // {name, text, x, y, family, size, weight, color, anchor: start|middle|end} on an alphabetic baseline,
  // their ink measured with the same font; {name, hit} entries give a text's click area.
  function svg(img, key, w, h, shapes, texts) {
    let body = shapes || "";
    for (const t of texts) {
      const weight = t.weight || "normal";
      body += `<text x="${t.x}" y="${t.y}" font-family="${esc(t.family)}" font-size="${t.size}" ` +
              `font-weight="${weight}" fill="${t.color || "#000"}" text-anchor="${t.anchor || "start"}">${esc(t.text)}</text>`;
      if (t.name) {
        scratch.font = `${weight} ${t.size}px ${t.family}`;
        scratch.textAlign = { start: "left", middle: "center", end: "right" }[t.anchor || "start"];
        scratch.textBaseline = "alphabetic";
        keep(key, t.name, ink(scratch, t.text, t.x, t.y), t.hit);
      }
    }
    const doc = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;
    img.width = w;
    img.height = h;
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(doc);
  }

  window.ink = { keep: keep, hidpi: hidpi, write: write, rounded: rounded, chip: chip, png: png, svg: svg };
})();
