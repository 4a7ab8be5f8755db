/**
 * Strings that cross from the analysis worker to the LSP thread again and again (the codes and
 * messages of a module's findings, re-sent on every keystroke) travel once, then by number. Each
 * side keeps the same table, in the order messages are posted: a worker's replies arrive in the
 * order it sent them. Structured cloning hundreds of messages cost the worker more per keystroke
 * than analysing the edited statement.
 */

/** A list of strings as sent: their numbers in the table, the strings new to it, and whether the table started over first. */
export interface SentStrings {
  numbers: Int32Array;
  added: string[];
  restarted: boolean;
}

/** The table grows with every distinct message seen; past this many strings it starts over. */
const DEFAULT_LIMIT = 50_000;

/** The worker's side: numbers strings, sending each one only the first time. */
export class StringSender {
  private readonly numbers = new Map<string, number>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  send(strings: readonly string[]): SentStrings {
    const restarted = this.numbers.size + strings.length > this.limit;
    if (restarted) this.numbers.clear();
    const numbers = new Int32Array(strings.length);
    const added: string[] = [];
    for (let i = 0; i < strings.length; i++) {
      const text = strings[i]!;
      let number = this.numbers.get(text);
      if (number === undefined) {
        number = this.numbers.size;
        this.numbers.set(text, number);
        added.push(text);
      }
      numbers[i] = number;
    }
    return { numbers, added, restarted };
  }
}

/** The LSP thread's side: every sent list must be received, in the order it was sent. */
export class StringReceiver {
  private table: string[] = [];

  receive(sent: SentStrings): string[] {
    if (sent.restarted) this.table = [];
    for (const text of sent.added) this.table.push(text);
    const strings: string[] = [];
    for (const number of sent.numbers) {
      const text = this.table[number];
      if (text === undefined) throw new Error(`wire strings: number ${number} was never sent`);
      strings.push(text);
    }
    return strings;
  }
}
