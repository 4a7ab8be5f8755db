/**
 * FLK302's raise fix and an error class the module imports: reused when the module that defines
 * it shows the guide's constructor (`message, status_code`), refused otherwise, since raising it
 * with `status_code=` would fail where the `return` worked.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, scratchProjects } from './support/cliRunner';

const { project } = scratchProjects('flk-raise-imported-');
const SELECT = ['--select', 'FLK302'];

const VIEWS = `from flask import Flask, jsonify

from shop.errors import APIError

app = Flask(__name__)


@app.errorhandler(APIError)
def handle(error):
    return jsonify(error=error.message), error.status_code


@app.route("/a")
def a():
    return jsonify(error="bad a"), 400
`;

const GUIDE_CLASS = `class APIError(Exception):
    def __init__(self, message, status_code=400):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
`;

const OTHER_CLASS = `class APIError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code
`;

test('an imported APIError with the guide constructor is raised, with no new class', () => {
  const dir = project({ 'shop/__init__.py': '', 'shop/errors.py': GUIDE_CLASS, 'shop/views.py': VIEWS });
  const run = runCli(['check', ...SELECT, '--diff', '--unsafe-fixes', '.'], dir);
  assert.match(run.stdout, /^\+ {4}raise APIError\("bad a", status_code=400\)$/m, run.stdout + run.stderr);
  assert.doesNotMatch(run.stdout, /class APIError/);
});

test('an imported APIError with another constructor is not raised, and --show-fixes says why', () => {
  const dir = project({ 'shop/__init__.py': '', 'shop/errors.py': OTHER_CLASS, 'shop/views.py': VIEWS });
  const diff = runCli(['check', ...SELECT, '--diff', '--unsafe-fixes', '.'], dir);
  assert.doesNotMatch(diff.stdout, /raise APIError/, diff.stdout);
  const shown = runCli(['check', ...SELECT, '--show-fixes', '--unsafe-fixes', '.'], dir);
  assert.match(shown.stdout, /cannot see that `APIError` \(from `shop\.errors`\) takes `message` and `status_code`/, shown.stdout);
});

test('an APIError imported from outside the project is not raised', () => {
  const dir = project({ 'shop/__init__.py': '', 'shop/views.py': VIEWS.replace('from shop.errors import APIError', 'from flask_errors import APIError') });
  const diff = runCli(['check', ...SELECT, '--diff', '--unsafe-fixes', '.'], dir);
  assert.doesNotMatch(diff.stdout, /raise APIError/, diff.stdout);
});
