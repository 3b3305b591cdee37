// Text that exists only as pixels: labels drawn on a <canvas>, and PNG images (data: URIs, no alt)
// made from a drawing, as a designer's exported banner would be.
//
// Each drawn label's box is kept in window.__benchBoxes[key][name] = {box, hit}, in CSS px relative
// to the element's top-left corner: `box` is the ink of the text, `hit` the area a click acts on.
// Only the benchmark harness reads it; the pages never do.
(function () {
  const boxes = (window.__benchBoxes = window.__benchBoxes || {});

  function record(key, name, box, hit) {
    (boxes[key] = boxes[key] || {})[name] = { box: box, hit: hit || box };
  }

  function textBox(ctx, text, x, y) {
    const m = ctx.measureText(text);
    return [x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent,
            x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent];
  }

  function roundRect(ctx, x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }

  // A canvas sized w×h CSS px, drawn at the device pixel ratio so it stays sharp on HiDPI screens.
  function sharpCanvas(canvas, w, h) {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = w + "px";
    canvas.style.height = h + "px";
    const ctx = canvas.getContext("2d");
    ctx.scale(dpr, dpr);
    return ctx;
  }

  // Write `text` at (x, y) (alphabetic baseline, or centred when opts.center); returns its ink box.
  function label(ctx, text, x, y, opts) {
    opts = opts || {};
    ctx.font = opts.font || "14px sans-serif";
    ctx.fillStyle = opts.color || "#111827";
    ctx.textAlign = opts.center ? "center" : "left";
    ctx.textBaseline = opts.center ? "middle" : "alphabetic";
    ctx.fillText(text, x, y);
    return textBox(ctx, text, x, y);
  }

  // A rounded button with a centred label; returns {box (text ink), hit (the button)}.
  function button(ctx, b) {
    roundRect(ctx, b.x, b.y, b.w, b.h, b.radius === undefined ? 6 : b.radius);
    ctx.fillStyle = b.fill || "#ffffff";
    ctx.fill();
    if (b.stroke) {
      ctx.strokeStyle = b.stroke;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    const box = label(ctx, b.label, b.x + b.w / 2, b.y + b.h / 2,
                      { font: b.font, color: b.color, center: true });
    return { box: box, hit: [b.x, b.y, b.x + b.w, b.y + b.h] };
  }

  // Draw with `draw(ctx)` into an offscreen w×h (CSS px) bitmap at `scale` px per CSS px and show it
  // in `img` as a PNG data: URI. `draw` returns {name: {box, hit}} in CSS px of the image.
  function textImage(img, key, w, h, scale, draw) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    const parts = draw(ctx) || {};
    img.width = w;
    img.height = h;
    img.src = canvas.toDataURL("image/png");
    for (const name of Object.keys(parts)) record(key, name, parts[name].box, parts[name].hit);
  }

  window.pixels = { record: record, label: label, button: button, roundRect: roundRect,
                    sharpCanvas: sharpCanvas, textImage: textImage };
})();
