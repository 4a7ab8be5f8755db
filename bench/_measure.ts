import { performance } from 'node:perf_hooks';
import { testEngine, settingsWith } from '../test/support/engine';
import { flaskModule, middleEditOffset } from '../bench/generate';
import { Parser, Language } from 'web-tree-sitter';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';

async function main() {
  const engine = await testEngine();
  const bytes = loadGrammarBytes(__dirname);
  const lang = await Language.load(bytes.pythonWasm);
  const parser = new Parser(); parser.setLanguage(lang);
  for (const lines of [5000, 50000]) {
    const text = flaskModule(lines);
    console.log(lines, text.length, text.split('\n').length);
    const med = (f: () => void, n: number) => { const t: number[] = []; for (let i = 0; i < n; i++) { const s = performance.now(); f(); t.push(performance.now() - s); } t.sort((a,b)=>a-b); return t[Math.floor(n/2)]!.toFixed(1); };
    const n = lines > 10000 ? 3 : 9;
    console.log(' parse', med(() => parser.parse(text)!.delete(), n));
    console.log(' analyse', med(() => engine.analyseText(text, settingsWith({}), (a) => a.findings.length), n));
    console.log(' findings', engine.analyseText(text, settingsWith({}), (a) => a.findings.map(f=>f.code).join(',')).slice(0, 200));
  }
}
main();
