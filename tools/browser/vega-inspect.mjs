// Renders Vega-Lite files with vega / vega-lite from npm (no browser) and prints,
// per file, what the view draws, for specs to check positions and text:
//   node tools/browser/vega-inspect.mjs a.vl.json ...
// -> one JSON line per file: {file, width, height, svg_width, origin, warnings,
//    texts: [{text, x, y, role, left, right}], legends: [[label, ...], ...]}: x, y
//    relative to the plot's origin (its groups' offsets added up), left/right the
//    text's bounds in the SVG's pixels.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import fs from 'fs';

function walk(node, ox, oy, out, role) {
  if (!node) return;
  const items = node.items || [];
  for (const item of items) {
    if (node.marktype === 'group' || item.items) {
      walk1(item, ox + (item.x || 0), oy + (item.y || 0), out, node.role || role);
    } else if (node.marktype === 'text') {
      const b = item.bounds || { x1: item.x || 0, x2: item.x || 0 };
      out.texts.push({ text: String(item.text), x: ox + (item.x || 0), y: oy + (item.y || 0), role: node.role || role,
        left: out.ox + ox + b.x1, right: out.ox + ox + b.x2 });
    }
  }
}
// a group item: its children are marks
function walk1(group, ox, oy, out, role) {
  for (const mark of group.items || []) {
    if (mark.role === 'legend' || (mark.items && mark.items.length && mark.role === 'legend')) {
      const labels = [];
      collectLegend(mark, labels);
      if (labels.length) out.legends.push(labels);
    }
    walk(mark, ox, oy, out, mark.role || role);
  }
}
function collectLegend(node, labels) {
  for (const item of node.items || []) {
    if (node.marktype === 'text' && node.role === 'legend-label') labels.push(String(item.text));
    if (item.items) collectLegend(item, labels);
  }
}

for (const file of process.argv.slice(2)) {
  const warnings = [];
  const logger = { level() { return this; }, info() {}, debug() {},
    warn: (...a) => warnings.push(a.join(' ')), error: (...a) => warnings.push(a.join(' ')) };
  const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
  const compiled = vl.compile(spec, { logger });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logger });
  await view.runAsync();
  // origin: where the plot's (0, 0) lies in the SVG; left/right of a text: its bounds in the SVG
  const origin = view.origin();
  const out = { file, width: view.width(), height: view.height(), warnings, texts: [], legends: [],
    origin, ox: origin[0] };
  const root = view.scenegraph().root;
  const svg = await view.toSVG();
  const m = svg.match(/<svg[^>]* width="([\d.]+)" height="([\d.]+)"/);
  if (m) { out.svg_width = Number(m[1]); out.svg_height = Number(m[2]); }
  walk(root, 0, 0, out, 'root');
  console.log(JSON.stringify(out));
}
