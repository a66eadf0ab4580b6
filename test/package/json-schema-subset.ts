// A validator for the part of JSON Schema (draft 2020-12) that
// schema/matrix.schema.json uses. Small on purpose: the package has no runtime
// dependencies and a test-only validator is easy to audit. Any keyword outside
// the subset is an error, so the schema cannot silently use something this
// validator would ignore.

export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Keywords that only document (annotations) or declare; they never reject. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'title',
  'description',
  'examples',
  'default',
]);
const ASSERTIONS = new Set([
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  '$ref',
  'anyOf',
  'minimum',
]);

export interface SchemaError {
  /** JSON Pointer into the instance. */
  readonly at: string;
  readonly message: string;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function pointerEscape(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Validate `instance` against `root`; returns every error found (empty when valid). */
export function validate(root: JsonSchema, instance: unknown): SchemaError[] {
  const resolve = (ref: string): JsonSchema => {
    const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
    if (match === null) throw new Error(`unsupported $ref ${ref}`);
    const defs =
      typeof root === 'object' ? (root.$defs as Record<string, JsonSchema> | undefined) : undefined;
    const target = defs?.[match[1]];
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return target;
  };

  // Depth bounds $ref recursion: this schema's references do not cycle.
  const check = (
    schema: JsonSchema,
    value: unknown,
    at: string,
    depth: number,
    errors: SchemaError[],
  ): void => {
    if (depth > 64) throw new Error(`$ref nesting too deep at ${at}`);
    if (schema === true) return;
    if (schema === false) {
      errors.push({ at, message: 'no value is allowed here' });
      return;
    }
    for (const keyword of Object.keys(schema)) {
      if (!ANNOTATIONS.has(keyword) && !ASSERTIONS.has(keyword))
        throw new Error(`unsupported keyword ${keyword} at ${at}`);
    }
    if ('$ref' in schema) check(resolve(schema.$ref as string), value, at, depth + 1, errors);
    if ('type' in schema) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => typeMatches(value, t))) {
        errors.push({ at, message: `expected ${types.join(' or ')}, got ${jsonType(value)}` });
        return;
      }
    }
    if ('const' in schema && !deepEqual(value, schema.const)) {
      errors.push({ at, message: `expected ${JSON.stringify(schema.const)}` });
    }
    if ('enum' in schema && !(schema.enum as unknown[]).some((e) => deepEqual(value, e))) {
      errors.push({ at, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}` });
    }
    if ('anyOf' in schema) {
      const branches = schema.anyOf as JsonSchema[];
      const passes = branches.some((branch) => {
        const branchErrors: SchemaError[] = [];
        check(branch, value, at, depth + 1, branchErrors);
        return branchErrors.length === 0;
      });
      if (!passes) errors.push({ at, message: 'matches none of anyOf' });
    }
    if ('minimum' in schema && typeof value === 'number' && value < (schema.minimum as number)) {
      errors.push({ at, message: `${value} is below the minimum ${String(schema.minimum)}` });
    }
    if (jsonType(value) === 'array' && 'items' in schema) {
      (value as unknown[]).forEach((item, i) =>
        check(schema.items as JsonSchema, item, `${at}/${i}`, depth + 1, errors),
      );
    }
    if (jsonType(value) === 'object') {
      const object = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      for (const name of (schema.required ?? []) as string[]) {
        if (!Object.hasOwn(object, name)) errors.push({ at, message: `missing required property ${name}` });
      }
      for (const [name, item] of Object.entries(object)) {
        const where = `${at}/${pointerEscape(name)}`;
        if (Object.hasOwn(properties, name)) check(properties[name], item, where, depth + 1, errors);
        else if ('additionalProperties' in schema)
          check(schema.additionalProperties as JsonSchema, item, where, depth + 1, errors);
      }
    }
  };

  const errors: SchemaError[] = [];
  check(root, instance, '', 0, errors);
  return errors;
}
