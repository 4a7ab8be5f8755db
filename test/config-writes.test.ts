/**
 * Config writes (rules/support/configWrites.ts), shared by FLK103, FLK502 and FLK503: the plain
 * `name.config["KEY"] = value` read from the text gives what the tree gives.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Engine } from '../server/src/engine';
import { allAssignmentWrites } from '../server/src/rules/support/configWrites';
import { testEngine } from './support/engine';
import { fixtureSources } from './support/fixtureSources';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

/** Config writes of many shapes at module level, in functions and classes, with apps, non-apps and rebinding. */
const WRITES = [
  'from flask import Flask',
  'import flask as fl',
  'app = Flask(__name__)',
  'other = object()',
  'app.config["SECRET_KEY"] = "dev"',
  "app.config['DEBUG'] = True",
  'app .config [ "A" ] = 1',
  'app.config["B"]=2',
  'app.config["C"] = x = 3',
  'app.config["D"] == 4',
  'app.config["E"]: bool = True',
  'app.config["F"] += 1',
  'app.config[b"G"] = 1',
  'app.config["H" "I"] = 1',
  'app.config["J\\n"] = 1',
  'app.config[KEY] = 1',
  'app.config["K"]["L"] = 1',
  'app.config["M"], n = 1, 2',
  '(app.config["N"]) = 1',
  'app.config["O"] = (',
  '    True',
  ')',
  'app.config["P"] = \\',
  '    True',
  'other.config["Q"] = True',
  'unknown.config["R"] = True',
  'fl.Flask(__name__).config["S"] = True',
  'app.settings["T"] = True',
  'app.config["U"] = # broken',
  'app.config["V"] = = 3',
  'if True: app.config["W"] = True',
  'app = 1',
  'app.config["X"] = True',
  'app = Flask(__name__)',
  'def create_app():',
  '    inner = Flask(__name__)',
  '    inner.config["Y"] = True',
  '    app.config["Z"] = True',
  '    return inner',
  'def test_config():',
  '    app.config["TESTING"] = True',
  'class Config:',
  '    DEBUG = True',
  '    app.config["IN_CLASS"] = True',
  'None.config["NONE"] = True',
  '',
].join('\n');

test('a plain config write read from the text gives what the tree gives, on every assignment of the shapes above and of every fixture', () => {
  let checked = 0;
  for (const source of [WRITES, WRITES.replace(/\n/g, '\r\n'), ...fixtureSources()]) {
    engine.inspectModel(source, (model) => {
      const summary = (writes: ReturnType<typeof allAssignmentWrites>) =>
        writes.map((w) => ({ key: w.key, value: w.value.id, target: w.target.id, inTestSetup: w.inTestSetup, configClass: w.configClass?.id }));
      for (const assignment of model.root.descendantsOfType('assignment')) {
        const fromText = summary(allAssignmentWrites(model, assignment));
        assert.deepEqual(fromText, summary(allAssignmentWrites(model, assignment, true)), JSON.stringify(source.slice(assignment.startIndex, assignment.endIndex)));
        if (fromText.length > 0) checked++;
      }
    });
  }
  // Writes were found, so the readings were compared on real ones, not only on empty answers.
  assert.ok(checked > 40, `${checked} writes compared`);
});
