/**
 * Fixture markers, checked both ways by the fixture tests:
 * - `# expect: FLK101`: the rule must report a finding that starts on the marked line;
 * - `# ok: FLK101`: a near miss: nothing may be reported on the marked line (documents intent).
 *
 * A marker ending a line of code marks that line. In files other than Python a marker may also
 * stand on a line of its own and mark the next line that is neither blank nor a comment: a
 * Dockerfile's exec form is JSON, where a trailing comment would change what Docker runs.
 */
export interface Marker {
  line: number;
  kind: 'expect' | 'ok';
  codes: string[];
}

const MARKER = /#\s*(expect|ok):\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)\s*$/;

export function readMarkers(text: string, options: { ownLineMarksNext?: boolean } = {}): Marker[] {
  const markers: Marker[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const match = MARKER.exec(line);
    if (!match) return;
    let target = index;
    if (options.ownLineMarksNext && line.trimStart().startsWith('#')) {
      do target++;
      while (target < lines.length && (lines[target]!.trim() === '' || lines[target]!.trimStart().startsWith('#')));
    }
    markers.push({ line: target, kind: match[1] as Marker['kind'], codes: match[2]!.split(/\s*,\s*/) });
  });
  return markers;
}
