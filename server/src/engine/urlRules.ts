/**
 * Werkzeug's URL rules as pure functions: parse a rule (`/items/<int:item_id>`), match a path
 * against it, and find the `url_for` arguments that build exactly that path again. Pure and
 * host-free, so the project index can match paths against another module's routes with it.
 *
 * Modelled on Werkzeug 2.2–3.x (werkzeug/routing/converters.py): only the built-in converters
 * without arguments; anything else makes the rule unknown, and an unknown rule matches nothing.
 */

export type Converter = 'default' | 'string' | 'int' | 'float' | 'uuid' | 'path';

export interface RuleVariable {
  name: string;
  converter: Converter;
}

export type RulePart = { kind: 'static'; text: string } | { kind: 'variable'; variable: RuleVariable };

export interface ParsedRule {
  rule: string;
  parts: RulePart[];
}

/** A keyword argument of `url_for`: its name and its value written in Python. */
export interface UrlArgument {
  name: string;
  python: string;
}

/** What each converter's `regex` accepts (Werkzeug's, for ASCII paths). */
const CONVERTER_PATTERNS: Record<Converter, string> = {
  default: '[^/]+',
  string: '[^/]+',
  int: '\\d+',
  float: '\\d+\\.\\d+',
  uuid: '[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}',
  path: '[^/].*?',
};

const WHOLE_VALUE = Object.fromEntries(
  Object.entries(CONVERTER_PATTERNS).map(([converter, pattern]) => [converter, new RegExp(`^(?:${pattern})$`)]),
) as Record<Converter, RegExp>;

/** Werkzeug's rule syntax: `<name>` or `<converter:name>`; `<converter(args):name>` is read but not supported. */
const VARIABLE = /<(?:([A-Za-z_][A-Za-z0-9_]*)(\(.*?\))?:)?([A-Za-z_][A-Za-z0-9_]*)>/g;

/**
 * Characters that Werkzeug's URL quoting leaves as they are, in a rule's static text and in a
 * value, and that a redirect's `Location` keeps too: a path made of them builds to itself.
 */
const PLAIN_PATH = /^\/[A-Za-z0-9._~\-/]*$/;

/** True for a path of plain characters only (no `%` escapes, query or fragment): one this module matches as Werkzeug does. */
export function isPlainPath(path: string): boolean {
  return PLAIN_PATH.test(path);
}

/** Names `url_for` cannot take as a keyword argument for a rule variable. */
const RESERVED_NAMES = new Set([
  'endpoint', 'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def',
  'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Route options that leave the URL Werkzeug builds as the rule says; any other option does not. */
export const BUILD_NEUTRAL_OPTIONS: ReadonlySet<string> = new Set(['strict_slashes', 'merge_slashes', 'provide_automatic_options']);
/** Route options with which the path alone does not say which route answers. */
export const UNKNOWABLE_OPTIONS: ReadonlySet<string> = new Set(['subdomain', 'host', '*', '**']);

/** Flask's join of a blueprint's prefix and a route's rule (BlueprintSetupState.add_url_rule): one slash between them. */
export function joinRule(prefix: string, rule: string): string {
  if (!prefix) return rule;
  return rule ? `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}` : prefix;
}

/**
 * Rules by the first segment of their path (`/items` for `/items/<int:id>`), so that a path is
 * matched against the few rules that can match it; '' holds those whose first segment varies.
 */
export class RulesBySegment<T extends { parsed: ParsedRule }> {
  private readonly bySegment = new Map<string, T[]>();

  constructor(items: Iterable<T>) {
    for (const item of items) {
      const first = item.parsed.parts[0];
      let key = '';
      // The segment is known when the static text reaches its end: a `/`, or the end of the rule.
      if (first?.kind === 'static' && (first.text.indexOf('/', 1) > 0 || item.parsed.parts.length === 1)) key = firstSegment(first.text);
      const list = this.bySegment.get(key);
      if (list) list.push(item);
      else this.bySegment.set(key, [item]);
    }
  }

  /** The items whose rule `path` matches: those with its first segment, then those whose first segment varies. */
  matching(path: string): T[] {
    const candidates = [...(this.bySegment.get(firstSegment(path)) ?? []), ...(this.bySegment.get('') ?? [])];
    return candidates.filter((item) => matchRule(item.parsed, path));
  }
}

function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return `/${end < 0 ? path.slice(1) : path.slice(1, end)}`;
}

const parsedRules = new Map<string, ParsedRule | null>();

/** The rule's parts, or undefined when it is not a rule this module can build (converter arguments, custom converters). */
export function parseRule(rule: string): ParsedRule | undefined {
  let parsed = parsedRules.get(rule);
  if (parsed === undefined) {
    parsed = parse(rule) ?? null;
    if (parsedRules.size > 10_000) parsedRules.clear();
    parsedRules.set(rule, parsed);
  }
  return parsed ?? undefined;
}

function parse(rule: string): ParsedRule | undefined {
  if (!rule.startsWith('/')) return undefined;
  const parts: RulePart[] = [];
  const names = new Set<string>();
  let last = 0;
  for (const match of rule.matchAll(VARIABLE)) {
    const [, converter = 'default', args, name = ''] = match;
    if (args !== undefined || !(converter in CONVERTER_PATTERNS) || names.has(name)) return undefined;
    names.add(name);
    if (match.index > last) parts.push({ kind: 'static', text: rule.slice(last, match.index) });
    parts.push({ kind: 'variable', variable: { name, converter: converter as Converter } });
    last = match.index + match[0].length;
  }
  if (last < rule.length) parts.push({ kind: 'static', text: rule.slice(last) });
  // A `<` or `>` left in the static text is a variable Werkzeug reads differently (or rejects).
  if (parts.some((p) => p.kind === 'static' && /[<>]/.test(p.text))) return undefined;
  return { rule, parts };
}

/**
 * True when a path the rule matches repeats some of the rule's own text: the rule has no variable,
 * or a segment with none (`blog` in `/blog/<slug>`). A rule made of variables only (`/<username>`,
 * a catch-all `/<path:path>`) matches nearly any path, and such a path repeats nothing of it.
 */
export function hasStaticSegment(parsed: ParsedRule): boolean {
  if (parsed.parts.every((p) => p.kind === 'static')) return true;
  // Static text holds no `<` (parse refuses it), so `<` marks where a variable was.
  const text = parsed.parts.map((p) => (p.kind === 'static' ? p.text : '<')).join('');
  return text.split('/').some((segment) => segment !== '' && !segment.includes('<'));
}

const matchers = new WeakMap<ParsedRule, RegExp>();

/**
 * The raw text of each variable when `path` matches the rule exactly as Werkzeug matches it: no
 * trailing-slash redirect, no merged slashes, nothing after a `?` or `#`. Undefined otherwise.
 */
export function matchRule(parsed: ParsedRule, path: string): Map<string, string> | undefined {
  let regex = matchers.get(parsed);
  if (!regex) {
    const source = parsed.parts
      .map((p) => (p.kind === 'static' ? escapeRegex(p.text) : `(${CONVERTER_PATTERNS[p.variable.converter]})`))
      .join('');
    matchers.set(parsed, (regex = new RegExp(`^${source}$`)));
  }
  const match = regex.exec(path);
  if (!match) return undefined;
  const values = new Map<string, string>();
  let group = 1;
  for (const part of parsed.parts) if (part.kind === 'variable') values.set(part.variable.name, match[group++]!);
  return values;
}

/**
 * The path `url_for` builds from raw variable texts, each passed through its converter as
 * Werkzeug does (`to_url(to_python(text))`); undefined when a text is no value of its converter.
 */
export function buildPath(parsed: ParsedRule, values: ReadonlyMap<string, string>): string | undefined {
  let path = '';
  for (const part of parsed.parts) {
    if (part.kind === 'static') {
      path += part.text;
      continue;
    }
    const raw = values.get(part.variable.name);
    const built = raw === undefined ? undefined : converterUrl(part.variable.converter, raw);
    if (built === undefined) return undefined;
    path += built;
  }
  return path;
}

/**
 * The keyword arguments with which `url_for` builds exactly `path` from this rule, or undefined
 * when no call does: the path does not match, or a value would be written back differently
 * (`/items/007` for `<int:id>` builds `/items/7`), or quoting would change a character.
 */
export function urlForArguments(parsed: ParsedRule, path: string): UrlArgument[] | undefined {
  if (!PLAIN_PATH.test(path) || !parsed.parts.every((p) => p.kind === 'variable' || PLAIN_PATH.test(`/${p.text}`))) return undefined;
  const values = matchRule(parsed, path);
  if (!values || buildPath(parsed, values) !== path) return undefined;
  const args: UrlArgument[] = [];
  for (const part of parsed.parts) {
    if (part.kind !== 'variable') continue;
    const { name, converter } = part.variable;
    if (name.startsWith('_') || RESERVED_NAMES.has(name)) return undefined;
    const raw = values.get(name)!;
    args.push({ name, python: converter === 'int' || converter === 'float' ? raw : JSON.stringify(raw) });
  }
  return args;
}

/**
 * What the converter's `to_url` writes for the value its `to_python` reads from `raw`; a string
 * (`uuid` included: `url_for` is given the text, and `str()` keeps it) is written as it is.
 */
function converterUrl(converter: Converter, raw: string): string | undefined {
  if (!WHOLE_VALUE[converter].test(raw)) return undefined;
  if (converter === 'int') return String(BigInt(raw));
  if (converter === 'float') return pythonFloatRepr(raw);
  return raw;
}

/**
 * `str(float(raw))` for `\d+\.\d+`, where JavaScript's shortest round-trip form agrees with
 * Python's `repr`: Python writes an exponent from 1e16 and below 1e-4, JavaScript only from
 * 1e21 and below 1e-6, so values outside [1e-4, 1e16) are left out (undefined).
 */
function pythonFloatRepr(raw: string): string | undefined {
  const value = Number(raw);
  if (!Number.isFinite(value) || (value !== 0 && (value < 1e-4 || value >= 1e16))) return undefined;
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
