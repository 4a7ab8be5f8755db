/** Old Mac line endings: a lone `\r` is a line break to Python, so it is one everywhere here too. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Engine } from '../server/src/engine';
import { runCli, scratchProjects, type JsonFinding } from './support/cliRunner';
import { settingsWith, testEngine } from './support/engine';

const MAC = 'from flask import Flask\r\rapp = Flask(__name__)\rapp.config["SECRET_KEY"] = "k"\rapp.run(debug=True)\r';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const summary = (analysis: { findings: { code: string; range: { start: number } }[]; lines: { lineOf(offset: number): number } }) =>
  analysis.findings.map((f) => `${f.code}@${analysis.lines.lineOf(f.range.start)}`);

test('a file broken by lone CRs gets the same findings as with LF', () => {
  const lf = engine.analyseText(MAC.replace(/\r/g, '\n'), settingsWith({}), summary);
  assert.deepEqual(engine.analyseText(MAC, settingsWith({}), summary), lf);
  assert.deepEqual(lf, ['FLK101@2', 'FLK503@3', 'FLK501@4', 'FLK502@4']);
});

test('incremental edits next to lone CRs equal a fresh analysis', () => {
  const uri = 'file:///mac.py';
  engine.open(uri, MAC, 1);
  let version = 1;
  const edit = (line: number, character: number, endCharacter: number, text: string) => {
    const document = engine.document(uri)!;
    const start = { line, character };
    engine.change(uri, [{ range: { start, end: { line, character: endCharacter } }, text }], ++version);
    const incremental = summary(engine.analyse(uri, settingsWith({}))!);
    const fresh = engine.analyseText(document.text, settingsWith({}), summary);
    assert.deepEqual(incremental, fresh, JSON.stringify(document.text));
  };
  // A `\n` typed after a lone `\r` joins it into one CRLF break; deleting it splits them again.
  edit(1, 0, 0, '\n');
  edit(3, 0, 0, 'app = 1\r');
  edit(3, 0, 8, '');
  edit(4, 0, 0, 'x = 2\r\n');
  edit(2, 21, 21, '\rapp.run()');
  engine.close(uri);
});

test('the CLI reports every line of a lone-CR file where it is', () => {
  const { project } = scratchProjects('fp-mac-');
  const dir = project({ 'app.py': MAC });
  const findings = JSON.parse(runCli(['check', 'app.py', '--format', 'json'], dir).stdout) as JsonFinding[];
  assert.deepEqual(findings.map((f) => `${f.code}:${f.line}:${f.column}`), ['FLK101:3:1', 'FLK503:4:28', 'FLK501:5:1', 'FLK502:5:9']);
});
