import { indentLines, indentUnit, multilineStrings } from '../../engine/edits';
import { applyEdits } from '../../engine/fixes';
import { detectEol } from '../../engine/positions';
import { startupUnderGuard } from './entryPoints';
import { ensureEol } from './items';
import { FACTORY, MOVING, TEST_CONFIG, type Plan } from './plan';

/** Assembles the new module: kept lines (with their local edits) and the factory at the anchor's place. */
export function rewriteModule(plan: Plan): string {
  const { model, text, items, appIndex, appName, localEdits } = plan;
  const eol = detectEol(text);
  // The factory takes the place of the last statement that moves into it.
  const anchor = items.reduce((last, item, index) => (MOVING.has(item.role) ? index : last), -1);
  const unit = indentUnit(text, model.root);
  const chunkStart = (index: number) => {
    let first = index;
    while (first > 0 && items[first - 1]!.role === 'attached') first--;
    return first;
  };
  const indented = (index: number, prefix = unit) => {
    const item = items[index]!;
    return ensureEol(indentLines(text, items[chunkStart(index)]!.start, item.end, prefix, multilineStrings(item.node)), eol);
  };

  // A blank line inside the factory where the original had one, or where code that stays outside came between.
  const parts: { text: string; blank: boolean }[] = [];
  let previous = -1;
  const add = (index: number, chunk: string, forceBlank = false) => {
    const start = chunkStart(index);
    parts.push({ text: chunk, blank: forceBlank || (previous >= 0 && (items[start]!.blankBefore > 0 || start !== previous + 1)) });
    previous = index;
  };
  add(appIndex, indented(appIndex));
  items.forEach((item, index) => {
    if (item.role !== 'config') return;
    // Lines that need the environment come after the others, without leaving a gap behind.
    if (item.needsEnvironment) previous = index;
    else add(index, indented(index));
  });
  const applyTestConfig = `${unit}${unit}${appName}.config.from_mapping(${TEST_CONFIG})${eol}`;
  const needEnvironment = items.flatMap((item, index) => (item.role === 'config' && item.needsEnvironment ? [index] : []));
  if (needEnvironment.length === 0) {
    parts.push({ text: `${unit}if ${TEST_CONFIG} is not None:${eol}${applyTestConfig}`, blank: false });
  } else {
    // A test builds its app with its own config and no environment.
    const branch = needEnvironment.map((index) => indented(index, unit + unit)).join('');
    parts.push({ text: `${unit}if ${TEST_CONFIG} is None:${eol}${branch}${unit}else:${eol}${applyTestConfig}`, blank: false });
  }
  let first = true;
  items.forEach((item, index) => {
    if (item.role === 'moved') add(index, indented(index), first);
    else if (item.role === 'extension') add(index, `${unit}${item.initCall}${eol}`, first);
    else return;
    first = false;
  });
  parts.push({ text: `${unit}return ${appName}${eol}`, blank: true });
  const factory = `def ${FACTORY}(${TEST_CONFIG}=None):${eol}` + parts.map((p) => (p.blank ? eol : '') + p.text).join('');

  const blocks: { text: string; blanks: number }[] = [];
  let removedBlanks = 0;
  let minimumBlanks = 0;
  items.forEach((item, index) => {
    if (MOVING.has(item.role)) {
      removedBlanks = Math.max(removedBlanks, item.blankBefore);
      if (index === anchor) {
        // Two blank lines around a top-level function, as PEP 8 has it.
        blocks.push({ text: factory, blanks: 2 });
        removedBlanks = 0;
        minimumBlanks = 2;
      }
      return;
    }
    const edits = localEdits
      .filter((e) => e.range.start >= item.start && e.range.end <= item.end)
      .map((e) => ({ range: { start: e.range.start - item.start, end: e.range.end - item.start }, newText: e.newText }));
    const own = item.role === 'startup' ? startupUnderGuard(plan, item, unit, eol) : ensureEol(applyEdits(text.slice(item.start, item.end), edits), eol);
    blocks.push({ text: own, blanks: Math.max(item.blankBefore, removedBlanks, minimumBlanks) });
    removedBlanks = 0;
    minimumBlanks = 0;
  });

  const leading = text.slice(0, items[0]!.start);
  const trailing = text.slice(items[items.length - 1]!.end);
  let out = leading + blocks.map((block, i) => (i > 0 ? eol.repeat(block.blanks) : '') + block.text).join('') + trailing;
  if (trailing === '' && !/[\r\n]$/.test(text)) out = out.replace(/(\r\n|\r|\n)$/, '');
  return out;
}

