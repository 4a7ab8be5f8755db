import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FILE_PATTERNS } from '../../server/src/engine/files/kinds';

/**
 * The thin client: it starts the language server over IPC and adds the commands, the output
 * channel and a language status item. All checking happens in the server.
 */
let client: LanguageClient | undefined;

/** Python modules, and the files that start an app (Dockerfiles, Procfiles, Compose files, shell scripts), by name. */
const otherFiles = Object.entries(FILE_PATTERNS).flatMap(([kind, patterns]) => (kind === 'python' ? [] : patterns));
const SELECTOR = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { scheme: 'file', pattern: `**/{${otherFiles.join(',')}}` },
  ...['dockerfile', 'dockercompose', 'shellscript'].map((language) => ({ scheme: 'untitled', language })),
] satisfies DocumentSelector;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Flask Practices', { log: true });
  const status = vscode.languages.createLanguageStatusItem('flaskPractices.status', SELECTOR);
  status.name = 'Flask Practices';
  status.text = '$(sync~spin) Flask Practices';
  status.command = { title: 'Show Output', command: 'flaskPractices.showOutput' };
  context.subscriptions.push(output, status);

  const pythonFiles = vscode.workspace.createFileSystemWatcher('**/*.py');
  context.subscriptions.push(pythonFiles);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    outputChannel: output,
    // A fallback for the server's own registration of the same watcher: the library sends the events
    // of both in one batch, and the server reads each file once.
    synchronize: { configurationSection: 'flaskPractices', fileEvents: pythonFiles },
    diagnosticCollectionName: 'flask-practices',
  };
  client = new LanguageClient('flaskPractices', 'Flask Practices', serverOptions, clientOptions);

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
      await client?.restart();
      watchStatus();
    }),
    vscode.commands.registerCommand('flaskPractices.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('flaskPractices.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || vscode.languages.match(SELECTOR, editor.document) === 0) return;
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
    client?.onNotification('flaskPractices/status', (params: { state: string; rules: number }) => {
      const disabled = params.state === 'disabled';
      status.text = disabled ? '$(circle-slash) Flask Practices: disabled' : '$(check) Flask Practices';
      status.detail = `${params.rules} rules active`;
      status.severity = vscode.LanguageStatusSeverity.Information;
    });
  };
  watchStatus();
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
