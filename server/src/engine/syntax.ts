import type { Node, Tree } from 'web-tree-sitter';

/** Small, allocation-light helpers over tree-sitter-python nodes, shared by the model and the rules. */

/**
 * A copy of the node's named children (web-tree-sitter caches the array), fetched in one call:
 * `namedChild(i)` walks the children before the i-th, so a loop of them is quadratic under a
 * wide node, such as the ERROR node error recovery makes of a whole file.
 */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.slice();
}

/** Python's keywords: in a name's place they make a syntax error, or an expression that is no name. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** True for nodes that tree-sitter inserted or could not parse: nothing inside them is reported. */
export function isBroken(node: Node): boolean {
  return node.type === 'ERROR' || node.isMissing;
}

/** True when the node or one of its ancestors is an ERROR node. */
export function insideError(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (n.type === 'ERROR') return true;
  return false;
}

/** `a`, `a.b`, `a.b.c` as a dotted string; undefined for anything else (calls, subscripts...). */
export function dottedName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object && attribute ? `${object}.${attribute.text}` : undefined;
  }
  if (node.type === 'dotted_name') return node.text;
  return undefined;
}

/** The statement-level call of an expression statement (`foo(...)` alone on a line). */
export function statementCall(statement: Node): Node | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const expr = statement.namedChild(0);
  return expr?.type === 'call' ? expr : undefined;
}

/** The assignment of an expression statement (`x = ...`). */
export function statementAssignment(statement: Node): Node | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const expr = statement.namedChild(0);
  return expr?.type === 'assignment' ? expr : undefined;
}

/** A call's arguments, read once per call node (rules and the model ask about the same calls). */
interface CallArguments {
  all: Node[];
  positional: Node[];
  /** `name=value` arguments by name, the first of each name. */
  keywords: Map<string, Node>;
  splat: boolean;
}

const NOT_POSITIONAL = new Set(['keyword_argument', 'list_splat', 'dictionary_splat']);

/** Per tree, by node id: a node's id is unique within its tree, and a new tree gets a new map. */
const argumentsByTree = new WeakMap<Tree, Map<number, CallArguments>>();

function argumentsOf(call: Node): CallArguments {
  let byId = argumentsByTree.get(call.tree);
  if (!byId) {
    byId = new Map();
    argumentsByTree.set(call.tree, byId);
  }
  let read = byId.get(call.id);
  if (!read) {
    read = { all: [], positional: [], keywords: new Map(), splat: false };
    const list = call.childForFieldName('arguments');
    if (list && list.type === 'argument_list') {
      for (const argument of list.namedChildren) {
        const type = argument!.type;
        if (type === 'comment') continue;
        read.all.push(argument!);
        if (!NOT_POSITIONAL.has(type)) read.positional.push(argument!);
        else if (type === 'keyword_argument') {
          const name = argument!.childForFieldName('name')?.text;
          if (name !== undefined && !read.keywords.has(name)) read.keywords.set(name, argument!);
        } else read.splat = true;
      }
    }
    byId.set(call.id, read);
  }
  return read;
}

export function callArguments(call: Node): readonly Node[] {
  return argumentsOf(call).all;
}

export function positionalArguments(call: Node): readonly Node[] {
  return argumentsOf(call).positional;
}

export function keywordArgument(call: Node, name: string): Node | undefined {
  return argumentsOf(call).keywords.get(name);
}

/** True when the call has `*args` or `**kwargs`, whose contents cannot be known statically. */
export function hasSplat(call: Node): boolean {
  return argumentsOf(call).splat;
}

/** The value of a plain string literal, or undefined for f-strings, concatenations with names, bytes... */
export function stringLiteralValue(node: Node | null): string | undefined {
  if (!node) return undefined;
  // `type` is a call into the wasm each time it is read: once per node.
  const type = node.type;
  if (type === 'concatenated_string') {
    let value = '';
    for (const part of namedChildren(node)) {
      const piece = stringLiteralValue(part);
      if (piece === undefined) return undefined;
      value += piece;
    }
    return value;
  }
  if (type !== 'string') return undefined;
  const literal = stringSource(node.text);
  if (literal) return /[fFbB]/.test(literal.prefix) ? undefined : literal.body;
  const start = node.child(0);
  if (!start || /[fFbB]/.test(start.text)) return undefined;
  let value = '';
  for (const part of namedChildren(node)) {
    const partType = part.type;
    if (partType === 'string_content' || partType === 'escape_sequence') value += part.text;
    else if (partType === 'interpolation') return undefined;
  }
  return value;
}

/**
 * A string literal's prefix (`r`, `f`, `b`...) and body, read from its source: what its
 * `string_content` parts hold, without a call into the tree per part. Undefined when the literal
 * is not closed (error recovery), where only the tree says what its parts are.
 */
export function stringSource(source: string): { prefix: string; body: string } | undefined {
  let open = 0;
  while (open < source.length && isLetter(source.charCodeAt(open))) open++;
  const quote = source[open];
  if (quote !== '"' && quote !== "'") return undefined;
  const width = source.startsWith(quote.repeat(3), open) && source.length >= open + 6 ? 3 : 1;
  const close = source.length - width;
  if (close < open + width || !source.endsWith(quote.repeat(width))) return undefined;
  // A closing quote after an odd run of backslashes is escaped: the literal runs on.
  let backslashes = 0;
  while (source.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
  if (backslashes % 2 === 1) return undefined;
  return { prefix: source.slice(0, open), body: source.slice(open + width, close) };
}

const BACKSLASH = 92;

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isStringLiteral(node: Node | null): boolean {
  return stringLiteralValue(node) !== undefined;
}

export function isTrueLiteral(node: Node | null): boolean {
  return node?.type === 'true';
}

/**
 * `if __name__ == "__main__":` in either operand order, also as one conjunct of an `and`
 * (`if __name__ == "__main__" and "--serve" in sys.argv:`): its body still never runs on import.
 * Not under `or` or `not`, which can be true on import.
 */
export function isMainGuard(node: Node): boolean {
  if (node.type !== 'if_statement') return false;
  const condition = node.childForFieldName('condition');
  return !!condition && requiresMainName(condition);
}

/** True when `expr` can only be true while `__name__ == "__main__"`. */
function requiresMainName(expr: Node): boolean {
  if (expr.type === 'parenthesized_expression') {
    const inner = namedChildren(expr).filter((n) => n.type !== 'comment');
    return inner.length === 1 && requiresMainName(inner[0]!);
  }
  if (expr.type === 'boolean_operator') {
    if (expr.childForFieldName('operator')?.type !== 'and') return false;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    return (!!left && requiresMainName(left)) || (!!right && requiresMainName(right));
  }
  return isMainComparison(expr);
}

/** `__name__ == "__main__"` in either operand order. */
function isMainComparison(condition: Node): boolean {
  if (condition.type !== 'comparison_operator') return false;
  const operands = namedChildren(condition);
  const operators = [];
  for (let i = 0; i < condition.childCount; i++) {
    const child = condition.child(i);
    if (child && !child.isNamed) operators.push(child.type);
  }
  if (operands.length !== 2 || operators.length !== 1 || operators[0] !== '==') return false;
  const [a, b] = operands as [Node, Node];
  const isName = (n: Node) => n.type === 'identifier' && n.text === '__name__';
  const isMain = (n: Node) => stringLiteralValue(n) === '__main__';
  return (isName(a) && isMain(b)) || (isMain(a) && isName(b));
}

/** Identifiers read or written anywhere under `node` (attribute names excluded). */
export function identifiersUnder(node: Node): Node[] {
  return node.descendantsOfType('identifier').filter((id) => {
    const parent = id.parent;
    if (!parent) return true;
    if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) return false;
    if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) return false;
    return true;
  });
}

/** Names a function binds locally: its parameters and plain assignments in its own body. */
/** The function or class a `decorated_definition` wraps; any other node (or none) as it is. */
export function undecorated<T extends Node | null | undefined>(node: T): Node | null | T {
  return node?.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
}

/** The innermost function around `node`, or undefined at module level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

/** The class whose body defines `fn` directly (a method), if any. */
export function enclosingClass(fn: Node): Node | undefined {
  const outer = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const cls = outer.parent?.type === 'block' ? outer.parent.parent : null;
  return cls?.type === 'class_definition' ? cls : undefined;
}

export function parameterNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const names: string[] = [];
  for (const p of namedChildren(params)) {
    if (p.type === 'identifier') names.push(p.text);
    else {
      const name = p.childForFieldName('name') ?? p.namedChild(0);
      if (name?.type === 'identifier') names.push(name.text);
    }
  }
  return names;
}

/**
 * True when tree-sitter's error recovery, not the code, decided where `node` sits, so a finding
 * there would be a guess: something before it in an enclosing construct is broken (the header of
 * a `with` or `if` read out of a half-typed line), or an enclosing statement starts its line at an
 * indentation its block does not have (a line hoisted out of a block that a syntax error cut
 * short). Statements of one module or block are independent: a broken sibling does not count.
 */
export function shapedByErrorRecovery(node: Node): boolean {
  if (!node.tree.rootNode.hasError) return false;
  return recoveryShaped(node, false);
}

/**
 * What {@link insideError} and {@link shapedByErrorRecovery} together say of a node in a tree
 * with errors, read from its own top-level statement only: the same answer as theirs wherever
 * that statement starts a line at column 0, the only thing they read above it then. So it holds
 * as long as the statement's subtree does (a kept summary's, say).
 */
export function brokenWithinStatement(node: Node): boolean {
  for (let n: Node = node; n.parent; n = n.parent) if (n.type === 'ERROR') return true;
  return recoveryShaped(node, true);
}

function recoveryShaped(node: Node, belowTopLevel: boolean): boolean {
  for (let n: Node = node, parent = n.parent; parent; n = parent, parent = n.parent) {
    const type = parent.type;
    if (type === 'module' && belowTopLevel) return false;
    if (type === 'module' || type === 'block') {
      if (n.type !== 'comment' && startsItsLine(n) && n.startPosition.column !== blockColumn(parent)) return true;
      continue;
    }
    for (let sibling = n.previousSibling; sibling; sibling = sibling.previousSibling) {
      if (sibling.type !== 'block' && (sibling.hasError || sibling.isMissing)) return true;
    }
  }
  return false;
}

/** True when no earlier statement of the same module or block ends on the row where `node` starts. */
function startsItsLine(node: Node): boolean {
  const previous = node.previousSibling;
  return previous ? previous.endPosition.row < node.startPosition.row : node.parent?.type === 'module' || node.parent!.startPosition.row < node.startPosition.row;
}

/** The column statements of a module or block start at: 0, or the block's first statement's. */
function blockColumn(container: Node): number {
  if (container.type === 'module') return 0;
  for (let i = 0; i < container.namedChildCount; i++) {
    const child = container.namedChild(i)!;
    if (child.type !== 'comment' && startsItsLine(child)) return child.startPosition.column;
  }
  return 0;
}

/**
 * True for a line that must stay at the top of a module: a shebang on the first line, or a PEP 263
 * coding declaration on one of the first two (`row` counts from 0). Inserted lines go below these.
 */
export function isFileHeaderLine(line: string, row: number): boolean {
  if (row === 0 && line.startsWith('#!')) return true;
  return row <= 1 && /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/.test(line);
}
