import type { ContentTypeEncoder, Message } from 'vscode-languageserver/node';

/**
 * The JSON encoder of the Node host's stream transports (stdio, sockets). A publishDiagnostics
 * message is written from each diagnostic's JSON, made once per diagnostic object: a keystroke
 * republishes a module's hundreds of diagnostics as the same objects (publishedDiagnostics.ts),
 * and encoding them all again cost the LSP thread more than anything else it did per keystroke.
 * Every other message is encoded whole, as vscode-jsonrpc's own encoder does.
 */
export function diagnosticsReusingEncoder(): ContentTypeEncoder {
  const encoded = new WeakMap<object, Buffer>();
  const jsonOf = (diagnostic: object): Buffer => {
    let json = encoded.get(diagnostic);
    if (!json) encoded.set(diagnostic, (json = Buffer.from(JSON.stringify(diagnostic), 'utf8')));
    return json;
  };
  return {
    name: 'application/json',
    encode: (message, options) => {
      try {
        const diagnostics = publishedDiagnostics(message);
        const whole = () => Promise.resolve(Buffer.from(JSON.stringify(message), options.charset));
        if (!diagnostics || options.charset !== 'utf-8') return whole();
        // The message with no diagnostics, then its list filled in from each one's JSON.
        const empty = JSON.stringify({ ...message, params: { ...diagnostics.rest, diagnostics: [] } });
        if (!empty.endsWith(`[${END}`)) return whole();
        const parts: Buffer[] = [Buffer.from(empty.slice(0, -END.length), 'utf8')];
        diagnostics.list.forEach((diagnostic, index) => {
          if (index > 0) parts.push(COMMA);
          parts.push(jsonOf(diagnostic));
        });
        parts.push(LIST_END);
        return Promise.resolve(Buffer.concat(parts));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/** How a message ends after its params' last member, the diagnostics list. */
const END = ']}}';
const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(END);

/** A publishDiagnostics notification's diagnostics, and its other params. */
function publishedDiagnostics(message: Message): { list: readonly object[]; rest: object } | undefined {
  const { method, params } = message as { method?: unknown; params?: unknown };
  if (method !== 'textDocument/publishDiagnostics' || typeof params !== 'object' || params === null) return undefined;
  const { diagnostics, ...rest } = params as { diagnostics?: unknown };
  return Array.isArray(diagnostics) ? { list: diagnostics as object[], rest } : undefined;
}
