import * as vscode from 'vscode';
import { State, type BaseLanguageClient, type LanguageClientOptions } from 'vscode-languageclient';
import { FILE_PATTERNS } from '../../server/src/engine/files/kinds';

/**
 * What the Node client (extension.ts) and the browser client (browser/extension.ts) share: the
 * documents they hand the server, the commands, the output channel and a language status item.
 * They differ only in how the server starts.
 */

/** Python modules, and the files that start an app (Dockerfiles, Procfiles, Compose files, shell scripts), by name. */
const otherFiles = Object.entries(FILE_PATTERNS).flatMap(([kind, patterns]) => (kind === 'python' ? [] : patterns));

/** A document selector both the editor's API and the client accept. */
type Selector = { scheme: string; language?: string; pattern?: string }[];

/** The documents checked, among those whose URI has one of `schemes` (where the workspace's files live). */
export function documentSelector(schemes: readonly string[]): Selector {
  return [
    ...schemes.flatMap((scheme) => [
      { scheme, language: 'python' },
      { scheme, pattern: `**/{${otherFiles.join(',')}}` },
    ]),
    { scheme: 'untitled', language: 'python' },
    ...['dockerfile', 'dockercompose', 'shellscript'].map((language) => ({ scheme: 'untitled', language })),
  ];
}

/** Creates the client with `create`, wires the commands and the status item to it, and starts it. */
export async function startClient(
  context: vscode.ExtensionContext,
  selector: Selector,
  create: (options: LanguageClientOptions) => BaseLanguageClient & { restart?(): Promise<void> },
): Promise<BaseLanguageClient> {
  // A log channel: the client calls its `error`/`info` methods, which a plain channel lacks.
  const output = vscode.window.createOutputChannel('Flask Practices', { log: true });
  const status = vscode.languages.createLanguageStatusItem('flaskPractices.status', selector);
  status.name = 'Flask Practices';
  status.text = '$(sync~spin) Flask Practices';
  status.command = { title: 'Show Output', command: 'flaskPractices.showOutput' };
  context.subscriptions.push(output, status);

  // A fallback for the server's own registration of the same watcher: the library sends the events
  // of both in one batch, and the server reads each file once.
  const pythonFiles = vscode.workspace.createFileSystemWatcher('**/*.py');
  context.subscriptions.push(pythonFiles);

  const client = create({
    documentSelector: selector,
    outputChannel: output,
    synchronize: { configurationSection: 'flaskPractices', fileEvents: pythonFiles },
    diagnosticCollectionName: 'flask-practices',
  });

  client.onDidChangeState(({ newState }) => {
    if (newState === State.Starting) status.text = '$(sync~spin) Flask Practices: starting';
    if (newState === State.Stopped) {
      status.text = '$(error) Flask Practices: stopped';
      status.severity = vscode.LanguageStatusSeverity.Error;
    }
  });

  context.subscriptions.push(
    vscode.commands.registerCommand('flaskPractices.restartServer', async () => {
      output.info('Restarting the server');
      // The Node client has its own restart (it also ends the server's process).
      if (client.restart) await client.restart();
      else {
        await client.stop();
        await client.start();
      }
      watchStatus();
    }),
    vscode.commands.registerCommand('flaskPractices.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('flaskPractices.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || vscode.languages.match(selector, editor.document) === 0) return;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        editor.document.uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
        vscode.CodeActionKind.SourceFixAll.append('flaskPractices').value,
      );
      for (const action of actions ?? []) if (action.edit) await vscode.workspace.applyEdit(action.edit);
    }),
  );

  const watchStatus = () => {
    client.onNotification('flaskPractices/status', (params: { state: string; rules: number }) => {
      const disabled = params.state === 'disabled';
      status.text = disabled ? '$(circle-slash) Flask Practices: disabled' : '$(check) Flask Practices';
      status.detail = `${params.rules} rules active`;
      status.severity = vscode.LanguageStatusSeverity.Information;
    });
  };
  watchStatus();
  await client.start();
  return client;
}
