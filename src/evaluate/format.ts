// Python's format-spec mini-language (format(), f-string `{x:spec}`) and
// printf-style `%` formatting (what logging does with its arguments), for
// the int, float and str values the selection code formats.

import { formatFloat, intToDecimal } from '../python/values.js';

export interface FormatSpec {
  readonly fill: string;
  readonly align: '<' | '>' | '^' | '=' | '';
  readonly sign: '+' | '-' | ' ' | '';
  readonly alternate: boolean;
  readonly zero: boolean;
  readonly width: number;
  readonly grouping: ',' | '_' | '';
  readonly precision: number | null;
  readonly type: string;
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** Parses a format spec; null when it is not one Python accepts (ValueError there). */
export function parseFormatSpec(spec: string): FormatSpec | null {
  const m = SPEC.exec(spec);
  if (m === null) return null;
  return {
    fill: m[1] ?? (m[2] !== undefined ? ' ' : ' '),
    align: (m[2] ?? '') as FormatSpec['align'],
    sign: (m[3] ?? '') as FormatSpec['sign'],
    alternate: m[4] !== undefined,
    zero: m[5] !== undefined,
    width: m[6] !== undefined ? Number(m[6]) : 0,
    grouping: (m[7] ?? '') as FormatSpec['grouping'],
    precision: m[8] !== undefined ? Number(m[8]) : null,
    type: m[9] ?? '',
  };
}

function group(digits: string, separator: string): string {
  if (separator === '') return digits;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

function pad(body: string, sign: string, spec: FormatSpec, defaultAlign: '<' | '>'): string {
  const length = [...body].length + sign.length;
  const fillCount = Math.max(0, spec.width - length);
  let align = spec.align === '' ? defaultAlign : spec.align;
  let fill = spec.fill;
  if (spec.zero && spec.align === '') {
    align = '=';
    fill = '0';
  }
  const filler = fill.repeat(fillCount);
  switch (align) {
    case '<':
      return sign + body + filler;
    case '>':
      return filler + sign + body;
    case '=':
      return sign + filler + body;
    case '^': {
      const left = Math.floor(fillCount / 2);
      return fill.repeat(left) + sign + body + fill.repeat(fillCount - left);
    }
  }
}

function signOf(negative: boolean, spec: FormatSpec): string {
  if (negative) return '-';
  if (spec.sign === '+') return '+';
  if (spec.sign === ' ') return ' ';
  return '';
}

/** format(int, spec); null when the spec is not valid for an int. */
export function formatInt(value: bigint, spec: FormatSpec): string | null {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  let digits: string;
  let prefix = '';
  switch (spec.type) {
    case '':
    case 'd':
    case 'n':
      digits = group(intToDecimal(magnitude), spec.grouping);
      break;
    case 'x':
      digits = magnitude.toString(16);
      prefix = spec.alternate ? '0x' : '';
      break;
    case 'X':
      digits = magnitude.toString(16).toUpperCase();
      prefix = spec.alternate ? '0X' : '';
      break;
    case 'o':
      digits = magnitude.toString(8);
      prefix = spec.alternate ? '0o' : '';
      break;
    case 'b':
      digits = magnitude.toString(2);
      prefix = spec.alternate ? '0b' : '';
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(value)), '', spec, '<');
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%':
      return formatFloatSpec(Number(value), spec);
    default:
      return null;
  }
  if (spec.precision !== null && spec.type !== '' && !'eEfFgG%'.includes(spec.type)) return null;
  return pad(digits, signOf(negative, spec) + prefix, spec, '>');
}

/** format(float, spec); null when the spec is not valid for a float. */
export function formatFloatSpec(value: number, spec: FormatSpec): string | null {
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let body: string;
  const precision = spec.precision ?? 6;
  if (!Number.isFinite(magnitude)) {
    body = Number.isNaN(magnitude) ? 'nan' : 'inf';
    if (spec.type === 'F' || spec.type === 'E' || spec.type === 'G') body = body.toUpperCase();
    return pad(body, signOf(negative && !Number.isNaN(value), spec), spec, '>');
  }
  switch (spec.type) {
    case 'f':
    case 'F':
      body = magnitude.toFixed(precision);
      break;
    case '%':
      body = `${(magnitude * 100).toFixed(precision)}%`;
      break;
    case 'e':
    case 'E': {
      body = expForm(magnitude, precision);
      if (spec.type === 'E') body = body.toUpperCase();
      break;
    }
    case 'g':
    case 'G':
    case '': {
      if (spec.type === '' && spec.precision === null) {
        body = formatFloat(magnitude, { addDotZero: true, forceSign: false });
        break;
      }
      const p = precision === 0 ? 1 : precision;
      const exponent = magnitude === 0 ? 0 : Math.floor(Math.log10(magnitude));
      if (exponent >= -4 && exponent < p) {
        body = magnitude.toFixed(Math.max(0, p - 1 - exponent));
        if (!spec.alternate && body.includes('.')) body = body.replace(/\.?0+$/, '');
      } else {
        body = expForm(magnitude, p - 1);
        if (!spec.alternate) body = body.replace(/\.?0+e/, 'e');
      }
      if (spec.type === 'G') body = body.toUpperCase();
      break;
    }
    default:
      return null;
  }
  if (spec.grouping !== '') {
    const dot = body.indexOf('.');
    const intPart = dot < 0 ? body : body.slice(0, dot);
    if (/^\d+$/.test(intPart)) body = group(intPart, spec.grouping) + (dot < 0 ? '' : body.slice(dot));
  }
  return pad(body, signOf(negative, spec), spec, '>');
}

function expForm(value: number, precision: number): string {
  const [mantissa, exponent] = value.toExponential(precision).split('e');
  const exp = Number(exponent);
  const expText = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${mantissa}e${expText}`;
}

/** format(str, spec); null when the spec is not valid for a str. */
export function formatStr(value: string, spec: FormatSpec): string | null {
  if (spec.type !== '' && spec.type !== 's') return null;
  if (spec.sign !== '' || spec.alternate || spec.grouping !== '') return null;
  const body = spec.precision === null ? value : [...value].slice(0, spec.precision).join('');
  return pad(body, '', spec, '<');
}

/** One `%` conversion of printf-style formatting. */
export interface PercentConversion {
  readonly flags: string;
  readonly width: number | '*' | null;
  readonly precision: number | '*' | null;
  readonly type: string;
  /** `%(name)s`: the mapping key, or null. */
  readonly key: string | null;
}

export type PercentPart = string | PercentConversion;

const PERCENT = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/gu;

/** Splits a printf-style template into literal text and conversions; null on a malformed one. */
export function parsePercentTemplate(template: string): PercentPart[] | null {
  const parts: PercentPart[] = [];
  let last = 0;
  PERCENT.lastIndex = 0;
  for (let m = PERCENT.exec(template); m !== null; m = PERCENT.exec(template)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    if (m[5] === '%' && m[1] === undefined && m[2] === '' && m[3] === undefined && m[4] === undefined) {
      parts.push('%');
    } else {
      const width = m[3] === undefined ? null : m[3] === '*' ? '*' : Number(m[3]);
      const precision = m[4] === undefined ? null : m[4] === '*' ? '*' : Number(m[4]);
      parts.push({ flags: m[2], width, precision, type: m[5], key: m[1] ?? null });
    }
    last = PERCENT.lastIndex;
  }
  const rest = template.slice(last);
  if (rest.includes('%')) return null;
  if (rest !== '') parts.push(rest);
  return parts;
}

/** The format spec equivalent of a `%` conversion (for the numeric and str types). */
export function percentToSpec(
  conversion: PercentConversion,
  width: number,
  precision: number | null,
): FormatSpec {
  const left = conversion.flags.includes('-');
  const zero = conversion.flags.includes('0') && !left && conversion.type !== 's' && conversion.type !== 'r';
  return {
    fill: ' ',
    // printf right-aligns strings too; a zero flag pads numbers after the sign.
    align: left ? '<' : zero ? '' : '>',
    sign: conversion.flags.includes('+') ? '+' : conversion.flags.includes(' ') ? ' ' : '',
    alternate: conversion.flags.includes('#'),
    zero,
    width,
    grouping: '',
    precision,
    type: conversion.type,
  };
}
