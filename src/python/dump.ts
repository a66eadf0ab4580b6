// ast.dump(node) with 3.11's default arguments (annotate_fields=True,
// include_attributes=False, indent=None), character for character.
//
// Lib/ast.py's _format, for indent=None: a node prints as `Name(f1=v1, f2=v2)` over
// `_fields`, skipping a field whose value is None when the class default is None (the
// ASDL `?` fields, OPTIONAL_FIELDS here) and any field that is missing; a list prints as
// `[a, b]`; anything else prints as repr(value). An explicit stack keeps deep trees safe.

import { FIELDS, OPTIONAL_FIELDS, type Node, type NodeType } from './ast.js';
import { pyRepr, pyReprCodePoints, strCodePoints, type PyConstant } from './values.js';

const enum Item {
  /** Literal output text. */
  Text,
  /** A field value: node, list, identifier string, int, or None. */
  Value,
  /** A Constant's value: printed with Python's repr of its constant type. */
  Constant,
  /** A str Constant's value given as its Python code points (see strCodePoints). */
  CodePoints,
}

interface FieldLayout {
  readonly names: readonly string[];
  readonly optional: readonly boolean[];
  /** `name=` for the first printed field, `, name=` for later ones. */
  readonly firstPrefix: readonly string[];
  readonly laterPrefix: readonly string[];
}

/** Per class: its fields with what printing needs, computed once. */
const LAYOUTS = new Map<string, FieldLayout>(
  Object.entries(FIELDS).map(([type, names]) => {
    const optional = OPTIONAL_FIELDS[type as NodeType];
    return [
      type,
      {
        names,
        optional: names.map((name) => optional.includes(name)),
        firstPrefix: names.map((name) => `${name}=`),
        laterPrefix: names.map((name) => `, ${name}=`),
      },
    ];
  }),
);

/** `ast.dump(node)` as CPython 3.11 prints it. */
export function dump(node: Node): string {
  let out = '';
  const kinds: Item[] = [Item.Value];
  const items: unknown[] = [node];
  while (kinds.length > 0) {
    const kind = kinds.pop() as Item;
    const item = items.pop();
    if (kind === Item.Text) {
      out += item as string;
      continue;
    }
    if (kind === Item.Constant) {
      out += pyRepr(item as PyConstant);
      continue;
    }
    if (kind === Item.CodePoints) {
      out += pyReprCodePoints(item as readonly number[]);
      continue;
    }
    if (item === null || item === undefined) {
      out += 'None';
    } else if (Array.isArray(item)) {
      if (item.length === 0) {
        out += '[]';
        continue;
      }
      out += '[';
      kinds.push(Item.Text);
      items.push(']');
      for (let i = item.length - 1; i >= 0; i--) {
        kinds.push(Item.Value);
        items.push(item[i]);
        if (i > 0) {
          kinds.push(Item.Text);
          items.push(', ');
        }
      }
    } else if (typeof item === 'object') {
      pushNode(item as Node, kinds, items);
      out += (item as Node)._type + '(';
    } else if (typeof item === 'string') {
      out += pyRepr(item);
    } else if (typeof item === 'number' || typeof item === 'bigint') {
      out += String(item); // int fields: lineno, simple, level, conversion, is_async
    } else if (typeof item === 'boolean') {
      out += item ? 'True' : 'False';
    } else {
      throw new TypeError(`dump: unexpected field value ${String(item)}`);
    }
  }
  return out;
}

/** Pushes `f1=v1, f2=v2)` for a node (the caller has written `Name(`), in reverse for the stack. */
function pushNode(node: Node, kinds: Item[], items: unknown[]): void {
  const layout = LAYOUTS.get(node._type);
  if (layout === undefined) throw new TypeError(`dump: unknown node type ${String(node._type)}`);
  const record = node as unknown as Record<string, unknown>;
  const { names, optional } = layout;
  // Which fields print: a missing attribute is skipped by ast.dump, and None is skipped
  // when the class default is None (optional fields).
  let shownMask = 0;
  let lastShown = -1;
  let firstShown = -1;
  for (let f = 0; f < names.length; f++) {
    const value = record[names[f]];
    if (value === undefined || (value === null && optional[f])) continue;
    shownMask |= 1 << f;
    if (firstShown < 0) firstShown = f;
    lastShown = f;
  }
  kinds.push(Item.Text);
  items.push(')');
  const isConstant = node._type === 'Constant';
  const codePoints = isConstant ? strCodePoints(node) : undefined;
  for (let f = lastShown; f >= 0; f--) {
    if ((shownMask & (1 << f)) === 0) continue;
    const isValue = isConstant && names[f] === 'value';
    if (isValue && codePoints !== undefined) {
      kinds.push(Item.CodePoints);
      items.push(codePoints);
    } else {
      kinds.push(isValue ? Item.Constant : Item.Value);
      items.push(record[names[f]]);
    }
    kinds.push(Item.Text);
    items.push(f === firstShown ? layout.firstPrefix[f] : layout.laterPrefix[f]);
  }
}
