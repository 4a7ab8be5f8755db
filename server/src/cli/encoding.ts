/**
 * Python source files as Python reads them (PEP 263): UTF-8, with or without a byte-order mark,
 * unless a `coding` comment on line 1 or 2 declares another encoding. `--fix` writes a file back
 * in its own encoding, BOM included, so the bytes outside a fix do not change.
 */

/** How a file's bytes became text, so that `encodeSource` can turn the fixed text back into bytes. */
export interface SourceEncoding {
  codec: Codec;
  bom: boolean;
  /** The name in the file's coding comment, if it has one. */
  declared: string | undefined;
}

export type Decoded = { text: string; encoding: SourceEncoding } | { problem: string };
export type Encoded = { bytes: Uint8Array } | { problem: string };

interface Codec {
  /** Undefined for bytes that are not valid in this encoding. */
  decode(bytes: Uint8Array): string | undefined;
  encode(text: string): Encoded;
}

const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
// PEP 263's own patterns, applied to a line's bytes read as Latin-1.
const DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:[#\r\n]|$)/;
// Python's names for Latin-1 and ASCII; the Encoding Standard (TextDecoder) reads both as windows-1252.
const LATIN1_NAMES = new Set(['latin-1', 'latin1', 'latin', 'l1', 'iso-8859-1', 'iso8859-1', 'iso-latin-1', 'iso8859', '8859', 'cp819']);
const ASCII_NAMES = new Set(['ascii', 'us-ascii', 'us', '646']);

const UTF8: Codec = {
  decode: (bytes) => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  },
  encode: (text) => ({ bytes: new TextEncoder().encode(text) }),
};

/** `python`: false for other files (a Dockerfile), which are UTF-8 whatever their comments say. */
export function decodeSource(bytes: Uint8Array, python = true): Decoded {
  const bom = startsWith(bytes, BOM);
  const body = bom ? bytes.subarray(BOM.length) : bytes;
  const declared = python ? declaredEncoding(body) : undefined;
  const codec = declared === undefined ? UTF8 : codecNamed(declared);
  if (codec === undefined) return { problem: `declares an encoding this checker cannot read (${declared})` };
  // Python refuses this combination too.
  if (bom && codec !== UTF8) return { problem: `has a UTF-8 byte-order mark but declares ${declared}` };
  const text = codec.decode(body);
  if (text === undefined) return { problem: declared === undefined ? 'not UTF-8 text' : `not valid ${declared} text, as its coding comment declares` };
  return { text, encoding: { codec, bom, declared } };
}

/** The bytes to write for `text`, or why it cannot be written so that Python reads it back the same. */
export function encodeSource(text: string, encoding: SourceEncoding): Encoded {
  const encoded = encoding.codec.encode(text);
  if ('problem' in encoded) return encoded;
  const bytes = encoding.bom ? concat(BOM, encoded.bytes) : encoded.bytes;
  const readBack = decodeSource(bytes);
  if (!('problem' in readBack) && readBack.text === text) return { bytes };
  if (declaredEncoding(encoded.bytes) !== encoding.declared) return { problem: `the fix moves the coding comment (${encoding.declared}) off lines 1 and 2` };
  return { problem: `Python would not read the fixed text back as written` };
}

/** The encoding named on line 1, or on line 2 when line 1 is blank or a comment, as Python looks for it. */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
  const lines = latin1(bytes.subarray(0, nthLineEnd(bytes, 2))).split('\n');
  const first = DECLARATION.exec(lines[0]!);
  if (first) return first[1];
  if (lines.length < 2 || !BLANK_OR_COMMENT.test(lines[0]!)) return undefined;
  return DECLARATION.exec(lines[1]!)?.[1];
}

/** Python's other names for UTF-8 (encodings/aliases.py), `_` written `-`: `# -*- coding: utf -*-` is UTF-8 there. */
const UTF8_ALIASES = new Set(['utf', 'u8', 'cp65001', 'utf8-ucs2', 'utf8-ucs4']);

function codecNamed(declared: string): Codec | undefined {
  const name = declared.toLowerCase().replace(/_/g, '-');
  // Python's tokenizer accepts suffixes on these two (Emacs writes `utf-8-unix`); the rest are its codec aliases.
  if (name === 'utf-8' || name === 'utf8' || name.startsWith('utf-8-') || UTF8_ALIASES.has(name)) return UTF8;
  if (LATIN1_NAMES.has(name) || /^(latin-1|iso-8859-1|iso-latin-1)-/.test(name)) return singleByteCodec(declared, latin1);
  if (ASCII_NAMES.has(name)) return singleByteCodec(declared, (bytes) => (bytes.every((byte) => byte < 0x80) ? latin1(bytes) : undefined));
  return standardCodec(declared, declared.toLowerCase()) ?? standardCodec(declared, name);
}

/** An encoding that TextDecoder knows by this label, or undefined. */
function standardCodec(declared: string, label: string): Codec | undefined {
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
  if (encoding === 'utf-8') return UTF8;
  // Not a superset of ASCII, so the declaration itself could not be read: Python refuses these.
  if (encoding.startsWith('utf-16')) return undefined;
  const decode = (bytes: Uint8Array) => {
    try {
      return new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  // Single-byte when every byte is a character of its own, whatever comes next.
  const loose = new TextDecoder(label);
  const chars = Array.from({ length: 256 }, (_, byte) => loose.decode(Uint8Array.of(byte)));
  if (chars.every((c) => c.length === 1) && chars.join('') === loose.decode(Uint8Array.from(chars.keys()))) return singleByteCodec(declared, decode);
  // TextEncoder writes only UTF-8; a multi-byte encoder would need a library.
  return { decode, encode: () => ({ problem: `--fix does not write ${declared} files` }) };
}

/** A single-byte encoding: its encoder is the decoder's table of the 256 bytes, reversed. */
function singleByteCodec(name: string, decode: (bytes: Uint8Array) => string | undefined): Codec {
  const bytesOf = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    const char = decode(Uint8Array.of(byte));
    if (char !== undefined && !bytesOf.has(char)) bytesOf.set(char, byte);
  }
  return {
    decode,
    encode: (text) => {
      const bytes = new Uint8Array(text.length);
      let length = 0;
      for (const char of text) {
        const byte = bytesOf.get(char);
        if (byte === undefined) return { problem: `the fixed text needs ${codePoint(char)}, which ${name} cannot represent` };
        bytes[length++] = byte;
      }
      return { bytes: bytes.subarray(0, length) };
    },
  };
}

function nthLineEnd(bytes: Uint8Array, n: number): number {
  let end = -1;
  for (let i = 0; i < n; i++) {
    end = bytes.indexOf(0x0a, end + 1);
    if (end < 0) return bytes.length;
  }
  return end;
}

/** Each byte as the character of that code point. No Node `Buffer`: the web client decodes with this module too. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) text += String.fromCharCode(...bytes.subarray(start, start + 8192));
  return text;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(a.length + b.length);
  bytes.set(a);
  bytes.set(b, a.length);
  return bytes;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
