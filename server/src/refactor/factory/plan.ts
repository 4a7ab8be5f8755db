import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import type { TextEdit } from '../../engine/rule';
import type { ScopeIndex } from '../../engine/semantic/scopeIndex';

/** What FLK101's factory rewrite shares between its steps; each step returns why it gives up, or nothing. */

export type FactoryPlan = { ok: true; edits(): TextEdit[] } | { ok: false; reason: string };

export type Role =
  | 'keep'
  | 'app'
  /** `app.config[...] = ...` and the like: they go first, before `test_config` is applied. */
  | 'config'
  | 'moved'
  /** `db = SQLAlchemy(app)`: stays as `db = SQLAlchemy()`; `db.init_app(app)` goes into the factory. */
  | 'extension'
  /** A function or class that uses the app only when called: it switches to `current_app`. */
  | 'helper'
  /** A `__main__` block (or a block holding one) that starts the server: it calls the factory. */
  | 'guard'
  /** `app.run(...)` alone at module level: it goes under a `__main__` guard and calls the factory. */
  | 'startup'
  /** A function whose only use of the app is `app.run(...)` (`def main(): app.run()`): it calls the factory. */
  | 'runner'
  /** A comment directly above a statement that moves: it moves too. */
  | 'attached';

export interface Item {
  node: Node;
  /** Whole lines: from the start of the first line to just after the last line break. */
  start: number;
  end: number;
  lastRow: number;
  blankBefore: number;
  role: Role;
  /** For an extension: `ext.init_app(app, ...)`. */
  initCall?: string;
  /** For a config line that raises without an environment variable: it runs only when no `test_config` is given. */
  needsEnvironment?: boolean;
}

export const MOVING: ReadonlySet<Role> = new Set(['app', 'config', 'moved', 'attached']);

export const FACTORY = 'create_app';
export const TEST_CONFIG = 'test_config';

export const refuse = (reason: string): FactoryPlan => ({ ok: false, reason });

/** What the steps of a plan share; each step returns why it gives up, or nothing. */
export interface Plan {
  model: FlaskModel;
  text: string;
  scopes: ScopeIndex;
  items: Item[];
  appIndex: number;
  appName: string;
  appNames: ReadonlySet<string>;
  /** Edits inside lines that stay at module level, in offsets of the original text. */
  localEdits: TextEdit[];
}
