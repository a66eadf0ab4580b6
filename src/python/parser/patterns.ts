// Structural pattern matching: case blocks and every 3.11 pattern form.

import type * as A from '../ast.js';
import type { Token } from '../token.js';
import { Parser, KEYWORDS, identifier } from './parser.js';
import { LOAD, USUB, BINARY_OPS } from './nodes.js';
import { parseNamedExpression } from './expressions.js';
import { parseStrings } from './strings.js';
import { parseNumberToken } from './literals-bridge.js';
import { parseBlock } from './statements.js';

type P = A.PatternNode;
type E = A.ExprNode;

/** case_block: "case" patterns guard? ':' block */
export function parseCaseBlock(p: Parser): A.MatchCase {
  const s = p.advance(); // 'case'
  const pattern = parsePatterns(p);
  const guard = p.eatKeyword('if') ? parseNamedExpression(p) : null;
  const body = parseBlock(p, "'case' statement", s);
  return { _type: 'match_case', pattern, guard, body };
}

/** patterns: open_sequence_pattern | pattern */
function parsePatterns(p: Parser): P {
  const s = p.peek();
  const first = parseMaybeStarPattern(p);
  if (!p.isOp(',')) {
    if (first._type === 'MatchStar') p.failAtNode('invalid syntax', first);
    return first;
  }
  const patterns: P[] = [first];
  while (p.eatOp(',')) {
    if (p.isOp(':') || p.isKeyword('if')) break;
    patterns.push(parseMaybeStarPattern(p));
  }
  return p.finish({ _type: 'MatchSequence', patterns }, s);
}

/** maybe_star_pattern: star_pattern | pattern */
function parseMaybeStarPattern(p: Parser): P {
  const s = p.peek();
  if (s.kind === 'Op' && s.text === '*') {
    p.pos++;
    const t = p.peek();
    if (!(t.kind === 'Name' && !KEYWORDS.has(t.text))) p.fail('invalid syntax', t);
    p.pos++;
    const name = t.text === '_' ? null : identifier(t.text);
    return p.finish({ _type: 'MatchStar', name }, s);
  }
  return parsePattern(p);
}

/** pattern: as_pattern | or_pattern */
function parsePattern(p: Parser): P {
  const s = p.peek();
  p.enter();
  const orp = parseOrPattern(p);
  let result = orp;
  if (p.eatKeyword('as')) {
    const t = p.peek();
    if (!(t.kind === 'Name' && !KEYWORDS.has(t.text))) p.fail('invalid pattern target', t);
    if (t.text === '_') p.fail("cannot use '_' as a target", t);
    p.pos++;
    checkCaptureLookahead(p);
    result = p.finish({ _type: 'MatchAs', pattern: orp, name: identifier(t.text) }, s);
  }
  p.level--;
  return result;
}

function parseOrPattern(p: Parser): P {
  const s = p.peek();
  const first = parseClosedPattern(p);
  if (!p.isOp('|')) return first;
  const patterns: P[] = [first];
  while (p.eatOp('|')) patterns.push(parseClosedPattern(p));
  return p.finish({ _type: 'MatchOr', patterns }, s);
}

/** pattern_capture_target's lookahead: !('.' | '(' | '=') */
function checkCaptureLookahead(p: Parser): void {
  const n = p.peek();
  if (n.kind === 'Op' && (n.text === '.' || n.text === '(' || n.text === '=')) p.fail('invalid syntax', n);
}

function numberConstant(p: Parser, t: Token): A.Constant {
  return {
    _type: 'Constant',
    value: parseNumberToken(p, t),
    kind: null,
    lineno: t.line,
    col_offset: t.col,
    end_lineno: t.endLine,
    end_col_offset: t.endCol,
  };
}

function isComplexValue(c: A.Constant): boolean {
  const v = c.value;
  return typeof v === 'object' && v !== null && (v as { pyType?: string }).pyType === 'complex';
}

/** signed_number, and complex_number (signed_real_number ('+'|'-') imaginary_number), as an expression. */
function parseSignedNumberExpr(p: Parser): E {
  const s = p.peek();
  let real: E;
  let realConst: A.Constant;
  if (s.kind === 'Op' && s.text === '-') {
    p.pos++;
    const n = p.peek();
    if (n.kind !== 'Number') p.fail('invalid syntax', n);
    p.pos++;
    realConst = numberConstant(p, n);
    real = {
      _type: 'UnaryOp',
      op: USUB,
      operand: realConst,
      lineno: s.line,
      col_offset: s.col,
      end_lineno: n.endLine,
      end_col_offset: n.endCol,
    };
  } else {
    p.pos++;
    realConst = numberConstant(p, s);
    real = realConst;
  }
  const op = p.peek();
  if (op.kind === 'Op' && (op.text === '+' || op.text === '-')) {
    p.pos++;
    const n = p.peek();
    if (n.kind !== 'Number') p.fail('invalid syntax', n);
    p.pos++;
    if (isComplexValue(realConst)) p.failAtNode('real number required in complex literal', real);
    const imag = numberConstant(p, n);
    if (!isComplexValue(imag)) p.failAtNode('imaginary number required in complex literal', imag);
    return p.finish({ _type: 'BinOp', left: real, op: BINARY_OPS.get(op.text)!.op, right: imag }, s);
  }
  return real;
}

/** name_or_attr: NAME ('.' NAME)* as Name/Attribute (Load). */
function parseNameOrAttr(p: Parser): E {
  const s = p.advance();
  let e: E = {
    _type: 'Name',
    id: identifier(s.text),
    ctx: LOAD,
    lineno: s.line,
    col_offset: s.col,
    end_lineno: s.endLine,
    end_col_offset: s.endCol,
  };
  while (p.eatOp('.')) {
    const attr = p.expectName();
    e = p.finish({ _type: 'Attribute', value: e, attr, ctx: LOAD }, s);
  }
  return e;
}

function parseClosedPattern(p: Parser): P {
  const s = p.peek();
  const loc = () => ({
    lineno: s.line,
    col_offset: s.col,
    end_lineno: p.endLine(),
    end_col_offset: p.endCol(),
  });
  switch (s.kind) {
    case 'Number':
      return { _type: 'MatchValue', value: parseSignedNumberExpr(p), ...loc() };
    case 'String':
      return { _type: 'MatchValue', value: parseStrings(p), ...loc() };
    case 'Op':
      switch (s.text) {
        case '-':
          return { _type: 'MatchValue', value: parseSignedNumberExpr(p), ...loc() };
        case '(': {
          p.pos++;
          if (p.eatOp(')')) return { _type: 'MatchSequence', patterns: [], ...loc() };
          const first = parseMaybeStarPattern(p);
          if (p.isOp(',')) {
            const patterns: P[] = [first];
            while (p.eatOp(',')) {
              if (p.isOp(')')) break;
              patterns.push(parseMaybeStarPattern(p));
            }
            p.expectOp(')');
            return { _type: 'MatchSequence', patterns, ...loc() };
          }
          if (first._type === 'MatchStar') p.failAtNode('invalid syntax', first);
          p.expectOp(')');
          return first;
        }
        case '[': {
          p.pos++;
          const patterns: P[] = [];
          while (!p.isOp(']')) {
            patterns.push(parseMaybeStarPattern(p));
            if (!p.eatOp(',')) break;
          }
          p.expectOp(']');
          return { _type: 'MatchSequence', patterns, ...loc() };
        }
        case '{':
          return parseMappingPattern(p, s);
      }
      return p.fail('invalid syntax', s);
    case 'Name': {
      const text = s.text;
      if (text === 'None' || text === 'True' || text === 'False') {
        p.pos++;
        return { _type: 'MatchSingleton', value: text === 'None' ? null : text === 'True', ...loc() };
      }
      if (KEYWORDS.has(text)) return p.fail('invalid syntax', s);
      const n = p.peekAt(1);
      if (n.kind === 'Op' && (n.text === '.' || n.text === '(')) {
        const cls = parseNameOrAttr(p);
        if (p.isOp('(')) return parseClassPattern(p, s, cls);
        checkCaptureLookahead(p);
        return { _type: 'MatchValue', value: cls, ...loc() };
      }
      p.pos++;
      checkCaptureLookahead(p);
      if (text === '_') return { _type: 'MatchAs', pattern: null, name: null, ...loc() };
      return { _type: 'MatchAs', pattern: null, name: identifier(text), ...loc() };
    }
    default:
      return p.fail('invalid syntax', s);
  }
}

function parseClassPattern(p: Parser, s: Token, cls: E): P {
  p.pos++; // '('
  const patterns: P[] = [];
  const kwdAttrs: string[] = [];
  const kwdPatterns: P[] = [];
  while (!p.isOp(')')) {
    const t = p.peek();
    if (t.kind === 'Name' && !KEYWORDS.has(t.text) && p.isOpAt(1, '=')) {
      p.pos += 2;
      kwdAttrs.push(identifier(t.text));
      kwdPatterns.push(parsePattern(p));
    } else {
      if (kwdAttrs.length > 0) p.fail('positional patterns follow keyword patterns', t);
      patterns.push(parsePattern(p));
    }
    if (!p.eatOp(',')) break;
  }
  p.expectOp(')');
  return p.finish({ _type: 'MatchClass', cls, patterns, kwd_attrs: kwdAttrs, kwd_patterns: kwdPatterns }, s);
}

/** key of key_value_pattern: literal_expr | attr */
function parseMappingKey(p: Parser): E {
  const t = p.peek();
  if (t.kind === 'Number' || (t.kind === 'Op' && t.text === '-')) return parseSignedNumberExpr(p);
  if (t.kind === 'String') return parseStrings(p);
  if (t.kind === 'Name') {
    if (t.text === 'None' || t.text === 'True' || t.text === 'False') {
      p.pos++;
      return {
        _type: 'Constant',
        value: t.text === 'None' ? null : t.text === 'True',
        kind: null,
        lineno: t.line,
        col_offset: t.col,
        end_lineno: t.endLine,
        end_col_offset: t.endCol,
      };
    }
    if (!KEYWORDS.has(t.text) && p.isOpAt(1, '.')) return parseNameOrAttr(p);
  }
  return p.fail('invalid syntax', t);
}

function parseMappingPattern(p: Parser, s: Token): P {
  p.pos++; // '{'
  const keys: E[] = [];
  const patterns: P[] = [];
  let rest: string | null = null;
  while (!p.isOp('}')) {
    if (p.eatOp('**')) {
      const t = p.peek();
      if (!(t.kind === 'Name' && !KEYWORDS.has(t.text)) || t.text === '_') p.fail('invalid syntax', t);
      p.pos++;
      checkCaptureLookahead(p);
      rest = identifier(t.text);
      p.eatOp(',');
      break;
    }
    keys.push(parseMappingKey(p));
    p.expectOp(':');
    patterns.push(parsePattern(p));
    if (!p.eatOp(',')) break;
  }
  p.expectOp('}');
  return p.finish({ _type: 'MatchMapping', keys, patterns, rest }, s);
}
