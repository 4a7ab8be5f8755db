import type { TextChange } from './document';
import type { OtherFileKind } from './files';
import { LineIndex } from './positions';

/** A document's text, its version and its line index (made on first use). */
export class DocumentText {
  protected currentText: string;
  protected index: LineIndex | undefined;

  constructor(
    text: string,
    public version: number,
  ) {
    this.currentText = text;
  }

  get text(): string {
    return this.currentText;
  }

  get lines(): LineIndex {
    this.index ??= new LineIndex(this.currentText);
    return this.index;
  }
}

/** An open file other than Python: its text, kept in step with edits; nothing to parse incrementally. */
export class TextDocument extends DocumentText {
  constructor(
    readonly kind: OtherFileKind,
    text: string,
    version: number,
  ) {
    super(text, version);
  }

  /** Applies changes in order (each one's offsets refer to the text after the previous ones). */
  applyChanges(changes: readonly TextChange[], version: number): void {
    for (const { range, text } of changes) {
      const start = Math.max(0, Math.min(range.start, this.currentText.length));
      const end = Math.max(start, Math.min(range.end, this.currentText.length));
      const newText = this.currentText.slice(0, start) + text + this.currentText.slice(end);
      this.index = this.index?.edited(newText, start, end, text.length);
      this.currentText = newText;
    }
    this.version = version;
  }

  replaceText(text: string, version: number): void {
    this.currentText = text;
    this.index = undefined;
    this.version = version;
  }
}
