/**
 * The built server's test-only commands (dist/server.js over stdio): with
 * FLASK_PRACTICES_TEST_COMMANDS=1, `flaskPractices.debug.crashServer` makes the analysis worker
 * throw and the whole process exits with code 1, so a client restarts it (the extension-host suite
 * shows that in the editor). Without the variable the commands are not advertised and do nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CRASH_COMMAND, SERVER_PID_COMMAND } from '../server/src/lsp/server';
import { LspClient } from './support/lspClient';

const NAIVE = `from flask import Flask

app = Flask(__name__)
app.run()
`;
const URI = 'file:///tmp/flk-crash/app.py';

async function openAndCheck(client: LspClient): Promise<void> {
  client.open(URI, NAIVE);
  const published = await client.waitForCurrent(URI);
  assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['FLK101', 'FLK501']);
}

test('with FLASK_PRACTICES_TEST_COMMANDS=1 the crash command ends the server with code 1', { timeout: 30_000 }, async () => {
  const client = await LspClient.start({ env: { FLASK_PRACTICES_TEST_COMMANDS: '1' } });
  try {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    assert.ok(commands.includes(CRASH_COMMAND) && commands.includes(SERVER_PID_COMMAND), `advertised: ${commands.join(', ')}`);
    await openAndCheck(client);
    assert.equal(await client.executeCommand(SERVER_PID_COMMAND), client.child.pid);
    // The server dies before it answers: the request never settles, the process exits.
    void client.executeCommand(CRASH_COMMAND).catch(() => undefined);
    assert.equal(await client.exitCode(), 1);
  } finally {
    await client.dispose();
  }
});

test('without the variable the test-only commands are not advertised and do nothing', async () => {
  // Empty, in case the shell running the tests has it set.
  const client = await LspClient.start({ env: { FLASK_PRACTICES_TEST_COMMANDS: '' } });
  try {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
    assert.deepEqual(commands, ['flaskPractices.showDocumentation']);
    await openAndCheck(client);
    assert.equal(await client.executeCommand(CRASH_COMMAND), null);
    assert.equal(await client.executeCommand(SERVER_PID_COMMAND), null);
    // Still serving: a change is analysed as before.
    client.change(URI, [{ text: NAIVE.replace('app.run()', 'if __name__ == "__main__":\n    app.run()') }]);
    const published = await client.waitForCurrent(URI);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['FLK101']);
    assert.ok(client.alive);
  } finally {
    await client.dispose();
  }
  assert.equal(await client.exitCode(), 0, 'a clean shutdown');
});
