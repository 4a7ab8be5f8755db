import { LineIndex, type ContentChange, type PositionEncoding } from '../engine';

/** The LSP thread's copy of an open document's text, for edits it builds without the worker. */
export class TextMirror {
  private index: LineIndex | undefined;

  constructor(
    public text: string,
    public version: number,
  ) {}

  get lines(): LineIndex {
    this.index ??= new LineIndex(this.text);
    return this.index;
  }

  apply(changes: readonly ContentChange[], version: number, encoding: PositionEncoding): void {
    for (const change of changes) {
      if ('range' in change) {
        const start = this.lines.offsetAt(change.range.start, encoding);
        const end = Math.max(start, this.lines.offsetAt(change.range.end, encoding));
        this.text = this.text.slice(0, start) + change.text + this.text.slice(end);
      } else {
        this.text = change.text;
      }
      this.index = undefined;
    }
    this.version = version;
  }
}
