// Renders Vega-Lite files to SVG with the reference implementation (vega and
// vega-lite from npm), so a person can look at what a notebook would show:
//   node tools/vega-render.mjs build/compare.vl.json ...  -> build/compare.vega.svg ...
// Fails (exit 1) on a compile error, a Vega-Lite warning, or an empty view.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import fs from 'fs';

let failed = 0;
for (const file of process.argv.slice(2)) {
  const problems = [];
  const logger = { level() { return this; }, info() {}, debug() {},
    warn: (...a) => problems.push('warning: ' + a.join(' ')), error: (...a) => problems.push('error: ' + a.join(' ')) };
  try {
    const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
    const compiled = vl.compile(spec, { logger });
    const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logger });
    const svg = await view.toSVG();
    const marks = (svg.match(/<path|<line|<rect/g) || []).length;
    if (marks === 0) problems.push('nothing drawn');
    const out = file.replace(/\.vl\.json$/, '') + '.vega.svg';
    fs.writeFileSync(out, svg);
    console.log(`${problems.length ? 'FAIL' : 'ok'} ${file} -> ${out} (${marks} marks)`);
  } catch (e) {
    problems.push(String(e));
    console.log(`FAIL ${file}`);
  }
  for (const p of problems) console.log('  ' + p);
  if (problems.length) failed++;
}
process.exit(failed ? 1 : 0);
