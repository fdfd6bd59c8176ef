/**
 * Turns ajv's errors into issues people can act on: the config path, what is wrong, what is valid and a
 * did-you-mean. Noise ajv produces for conditional schemas (`if`, branches of "exactly one of") is folded into
 * one message per problem.
 */
import type { ErrorObject } from 'ajv';
import { didYouMean, listValid } from './did-you-mean';
import { JsonSchema, PATTERN_TYPES } from './schema-helpers';
import type { ConfigPath, PathSegment } from './source-map';
import { parseDuration } from './units';

/** An issue before it has a file position. */
export interface RawIssue {
  readonly path: ConfigPath;
  /** Point at the key (unknown keys, names) or the value. */
  readonly part: 'key' | 'value';
  readonly message: string;
  readonly expected?: string;
  readonly didYouMean?: string;
  /** Set on "unknown key" issues: a parent's "needs one of" / "changes nothing" finding adds nothing to them. */
  readonly unknownKey?: boolean;
}

/** Parses a JSON pointer against the data, so array indexes become numbers. */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/gu, '/').replace(/~0/gu, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** Describes a value for "found ..." messages. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (the value is empty)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map of keys';
  if (typeof v === 'string') return `the text '${v}'`;
  return `${typeof v} ${String(v)}`;
}

/** True when a oneOf is "exactly one of these keys" (every branch only requires one key). */
function exactlyOneKeys(schema: unknown): string[] | undefined {
  if (!Array.isArray(schema) || schema.length === 0) return undefined;
  const keys: string[] = [];
  for (const b of schema as JsonSchema[]) {
    const req = b.required as string[] | undefined;
    if (Object.keys(b).length !== 1 || !req || req.length !== 1) return undefined;
    keys.push(req[0]);
  }
  return keys;
}

/** The readable type of a schema, for "expected ..." text. */
function expectedOf(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.pattern === 'string' && PATTERN_TYPES.has(schema.pattern)) return PATTERN_TYPES.get(schema.pattern)!.hint;
  if (Array.isArray(schema.enum)) return listValid(schema.enum as string[]);
  if (schema.type === 'integer' && typeof schema.minimum === 'number' && typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER) {
    return `a whole number from ${schema.minimum} to ${schema.maximum}`;
  }
  const t = schema.type;
  const names: Record<string, string> = { object: 'a map of keys', array: 'a list', integer: 'a whole number', number: 'a number', string: 'text', boolean: 'true or false' };
  if (typeof t === 'string') return names[t] ?? t;
  if (Array.isArray(t)) return t.map((x: string) => names[x] ?? x).join(' or ');
  return undefined;
}

/** The last map key of a path, to name what is being set. */
function lastKey(path: ConfigPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return 'value';
}

/** Translates one error; undefined to drop it. */
function translateOne(e: ErrorObject, data: unknown): RawIssue | undefined {
  const path = pointerToPath(e.instancePath, data);
  const parent = e.parentSchema as JsonSchema | undefined;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent?.properties as JsonSchema | undefined) ?? {});
      const title = typeof parent?.title === 'string' ? parent.title : '';
      const where = title ? ` in ${/^[A-Z][a-z]/u.test(title) ? title[0].toLowerCase() + title.slice(1) : title}` : '';
      const dym = didYouMean(key, allowed);
      return { path: [...path, key], part: 'key', message: `unknown key '${key}'${where}`, expected: listValid(allowed, 40), didYouMean: dym, unknownKey: true };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const prop = (parent?.properties as Record<string, JsonSchema> | undefined)?.[key];
      const what = prop?.description ? `: ${String(prop.description).replace(/\.$/u, '')}` : '';
      return { path: [...path, key], part: 'key', message: `missing required key '${key}'${what}`, expected: expectedOf(prop) };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const dym = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
      return { path, part: 'value', message: `${describeValue(e.data)} is not a valid ${lastKey(path)}`, expected: listValid(allowed, 20), didYouMean: dym };
    }
    case 'type':
      return { path, part: 'value', message: `expected ${expectedOf(parent) ?? String(params.type)}, found ${describeValue(e.data)}` };
    case 'pattern': {
      const info = PATTERN_TYPES.get(String(params.pattern));
      if (e.propertyName !== undefined) {
        return { path: [...path, e.propertyName], part: 'key', message: `'${e.propertyName}' is not a valid ${info?.type ?? 'name'}`, expected: info?.hint };
      }
      const negative = info?.type === 'duration' ? negativeDuration(e.data) : undefined;
      if (negative) return { path, part: 'value', message: negative };
      return { path, part: 'value', message: `${describeValue(e.data)} is not ${info ? `a valid ${info.type}` : 'valid'}`, expected: info?.hint };
    }
    case 'minimum':
    case 'maximum': {
      const range = parent && typeof parent.minimum === 'number' && typeof parent.maximum === 'number' ? `${parent.minimum} to ${parent.maximum}` : undefined;
      const cmp = e.keyword === 'minimum' ? 'less than' : 'more than';
      const hint = typeof parent?.pattern === 'string' ? PATTERN_TYPES.get(parent.pattern)?.hint : undefined;
      return { path, part: 'value', message: `${String(e.data)} is ${cmp} ${String(params.limit)}`, expected: hint ?? range };
    }
    case 'minItems':
    case 'maxItems': {
      const exact = parent && parent.minItems === parent.maxItems;
      const n = Number(params.limit);
      const need = exact ? `exactly ${n}` : e.keyword === 'minItems' ? `at least ${n}` : `at most ${n}`;
      return { path, part: 'value', message: `needs ${need} item${n === 1 ? '' : 's'}, found ${(e.data as unknown[]).length}` };
    }
    case 'minProperties':
      return { path, part: 'value', message: `needs at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}` };
    case 'uniqueItems':
      return { path, part: 'value', message: `items ${String(params.j)} and ${String(params.i)} are the same; values must be unique` };
    case 'propertyNames':
    case 'if':
    case 'const':
      return undefined;
    default:
      return { path, part: 'value', message: e.message ?? `fails ${e.keyword}` };
  }
}

/** Message for a failed "exactly one of these keys". */
function exactlyOneIssue(e: ErrorObject, keys: string[], data: unknown): RawIssue {
  const path = pointerToPath(e.instancePath, data);
  const obj = (e.data && typeof e.data === 'object' ? e.data : {}) as Record<string, unknown>;
  const found = keys.filter((k) => k in obj);
  if (found.length > 1) {
    return { path: [...path, found[1]], part: 'key', message: `has both '${found[0]}' and '${found[1]}'; give exactly one of them`, expected: listValid(keys) };
  }
  const known = new Set(Object.keys(((e.parentSchema as JsonSchema | undefined)?.properties as JsonSchema | undefined) ?? {}));
  for (const k of Object.keys(obj)) {
    const dym = didYouMean(k, keys);
    if (dym !== undefined && !known.has(k)) {
      return { path: [...path, k], part: 'key', message: `unknown key '${k}'`, expected: listValid(keys), didYouMean: dym, unknownKey: true };
    }
  }
  return { path, part: 'value', message: `needs one of these keys, found none`, expected: listValid(keys) };
}

/** Translates ajv errors (from a validator compiled with allErrors and verbose) into raw issues. */
export function translateAjvErrors(errors: readonly ErrorObject[], data: unknown): RawIssue[] {
  const out: RawIssue[] = [];
  const oneOfPrefixes: string[] = [];
  const failedExactly = new Set<string>();
  const exactly: RawIssue[] = [];
  for (const e of errors) {
    if (e.keyword !== 'oneOf') continue;
    const keys = exactlyOneKeys(e.schema);
    if (!keys) continue;
    oneOfPrefixes.push(`${e.schemaPath}/`);
    failedExactly.add(e.instancePath);
    exactly.push(exactlyOneIssue(e, keys, data));
  }
  for (const e of errors) {
    if (e.keyword === 'oneOf' && exactlyOneKeys(e.schema)) continue;
    if (oneOfPrefixes.some((p) => e.schemaPath.startsWith(p))) continue;
    // When the kind of an entry is unclear, errors from the per-kind branches only repeat that.
    if (failedExactly.has(e.instancePath) && /\/then\//u.test(e.schemaPath)) continue;
    const issue = translateOne(e, data);
    if (issue) out.push(issue);
  }
  out.push(...exactly); // after the others, so an "unknown key" from the object itself wins the dedupe below
  // One typo can fail both "unknown key" and "needs one of these keys": keep the message that names the key.
  const unknownAt = new Set(out.filter((i) => i.unknownKey).map((i) => i.path.join('\u0001')));
  const seen = new Set<string>();
  return out.filter((i) => {
    const p = i.path.join('\u0001');
    if (!i.unknownKey && i.message.startsWith('needs one of these keys') && [...unknownAt].some((u) => u.startsWith(`${p}\u0001`))) return false;
    const k = i.unknownKey ? p : `${p}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The parser's "is negative" message for a duration like `-5ms`, so it is not reported as a missing unit. */
function negativeDuration(v: unknown): string | undefined {
  const r = parseDuration(v);
  return !r.ok && r.error.includes('negative') ? r.error : undefined;
}
