import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

/**
 * The message writer of the Node host's stdio transport: each message leaves in one write, its
 * header and body together. A publishDiagnostics message is written from each diagnostic's JSON,
 * made once per diagnostic object: a keystroke republishes a module's hundreds of diagnostics as
 * the same objects (publishedDiagnostics.ts), and encoding them all again cost the LSP thread more
 * than anything else it did per keystroke. The list's JSON, joined, is kept too: when the next
 * publication of the document holds the same objects, it is written as it was. Every other message
 * is encoded whole.
 */
export class StreamWriter extends AbstractMessageWriter implements MessageWriter {
  private readonly encoded = new WeakMap<object, Buffer>();
  /** A list's diagnostics and their JSON joined, by its first diagnostic (kept while a publication holds it). */
  private readonly joined = new WeakMap<object, { list: readonly object[]; json: Buffer }>();
  private errors = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: unknown) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    let framed: Buffer;
    try {
      framed = framedMessage(this.bodyOf(message));
    } catch (error) {
      this.fireError(error, message, ++this.errors);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.stream.write(framed, (error?: Error | null) => {
        if (!error) return resolve();
        this.fireError(error, message, ++this.errors);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }

  /** The message's JSON, in parts. */
  private bodyOf(message: Message): Buffer[] {
    const whole = () => [Buffer.from(JSON.stringify(message), 'utf8')];
    const diagnostics = publishedDiagnostics(message);
    if (!diagnostics) return whole();
    // The message with no diagnostics, then its list filled in from each one's JSON.
    const empty = JSON.stringify({ ...message, params: { ...diagnostics.rest, diagnostics: [] } });
    if (!empty.endsWith(`[${END}`)) return whole();
    return [Buffer.from(empty.slice(0, -END.length), 'utf8'), this.listJson(diagnostics.list), LIST_END];
  }

  /** The diagnostics' JSON, comma-separated: as last time when the list holds the same objects. */
  private listJson(list: readonly object[]): Buffer {
    const first = list[0];
    if (first === undefined) return EMPTY;
    const kept = this.joined.get(first);
    if (kept && kept.list.length === list.length && kept.list.every((diagnostic, index) => diagnostic === list[index])) return kept.json;
    const parts: Buffer[] = [];
    list.forEach((diagnostic, index) => {
      if (index > 0) parts.push(COMMA);
      parts.push(this.jsonOf(diagnostic));
    });
    const json = Buffer.concat(parts);
    this.joined.set(first, { list: [...list], json });
    return json;
  }

  private jsonOf(diagnostic: object): Buffer {
    let json = this.encoded.get(diagnostic);
    if (!json) this.encoded.set(diagnostic, (json = Buffer.from(JSON.stringify(diagnostic), 'utf8')));
    return json;
  }
}

/** How a message ends after its params' last member, the diagnostics list. */
const END = ']}}';
const COMMA = Buffer.from(',');
const EMPTY = Buffer.alloc(0);
const LIST_END = Buffer.from(END);

/** The body's parts behind the base protocol's header, in one buffer. */
function framedMessage(body: readonly Buffer[]): Buffer {
  let length = 0;
  for (const part of body) length += part.byteLength;
  const header = Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'ascii');
  return Buffer.concat([header, ...body], header.byteLength + length);
}

/** A publishDiagnostics notification's diagnostics, and its other params. */
function publishedDiagnostics(message: Message): { list: readonly object[]; rest: object } | undefined {
  const { method, params } = message as { method?: unknown; params?: unknown };
  if (method !== 'textDocument/publishDiagnostics' || typeof params !== 'object' || params === null) return undefined;
  const { diagnostics, ...rest } = params as { diagnostics?: unknown };
  return Array.isArray(diagnostics) ? { list: diagnostics as object[], rest } : undefined;
}
