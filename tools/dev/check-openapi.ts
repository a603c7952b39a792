// `npm run lint` step: upstream/openapi.yaml (or the file given) must parse as YAML, validate
// against the OpenAPI schema of its version, resolve all its $refs, declare each path template's
// parameters, and hold only known JSON Schema keywords and valid regexes in its schemas (the
// OpenAPI 3.1 schema leaves Schema Objects unchecked). Prints one line, or `file:line:col pointer: message`
// for each problem and exits 1.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const file = resolve(root, process.argv[2] ?? 'upstream/openapi.yaml');
const rel = relative(process.cwd(), file);
const shown = rel && !rel.startsWith('..') ? rel : file;

type Problem = { path: (string | number)[]; message: string };
type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// JSON Schema 2020-12 keywords (core, applicator, validation, unevaluated, format, content,
// meta-data) and the OpenAPI 3.1 additions. A key outside this list is almost always a typo.
const SCHEMA_KEYWORDS = new Set([
  '$schema', '$id', '$ref', '$anchor', '$dynamicRef', '$dynamicAnchor', '$vocabulary', '$comment', '$defs',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'prefixItems', 'items', 'contains',
  'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties',
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength',
  'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties',
  'minProperties', 'required', 'dependentRequired', 'format', 'contentEncoding', 'contentMediaType', 'contentSchema',
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
  'discriminator', 'xml', 'externalDocs', 'example',
]);
const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);
const SUBSCHEMA = ['not', 'if', 'then', 'else', 'items', 'contains', 'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs'];

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointer = (path: (string | number)[]) => '/' + path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const fromPointer = (p: string) => (p === '' ? [] : p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')));

function checkSchema(s: unknown, path: (string | number)[], out: Problem[]): void {
  if (typeof s === 'boolean') return;
  if (!isObj(s)) return void out.push({ path, message: 'a schema must be an object or a boolean' });
  for (const k of Object.keys(s)) {
    if (!SCHEMA_KEYWORDS.has(k) && !k.startsWith('x-')) out.push({ path: [...path, k], message: `unknown schema keyword "${k}"` });
  }
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
  for (const t of types) if (typeof t !== 'string' || !TYPES.has(t)) out.push({ path: [...path, 'type'], message: `unknown type ${JSON.stringify(t)}` });
  if (s.pattern !== undefined) {
    try {
      new RegExp(String(s.pattern), 'u');
    } catch (e) {
      out.push({ path: [...path, 'pattern'], message: (e as Error).message });
    }
  }
  if (Array.isArray(s.required) && isObj(s.properties) && s.additionalProperties === false) {
    for (const r of s.required) if (!(String(r) in s.properties)) out.push({ path: [...path, 'required'], message: `"${String(r)}" is required but not a property` });
  }
  for (const k of SUBSCHEMA) if (k in s) checkSchema(s[k], [...path, k], out);
  for (const k of SUBSCHEMA_LISTS) if (Array.isArray(s[k])) s[k].forEach((sub, i) => checkSchema(sub, [...path, k, i], out));
  for (const k of SUBSCHEMA_MAPS) if (isObj(s[k])) for (const [name, sub] of Object.entries(s[k])) checkSchema(sub, [...path, k, name], out);
}

/** What the OpenAPI schema cannot see: Schema Objects' contents and path template parameters. */
function semanticProblems(spec: Json): Problem[] {
  const out: Problem[] = [];
  const deref = (v: unknown): unknown => {
    if (!isObj(v) || typeof v.$ref !== 'string' || !v.$ref.startsWith('#/')) return v;
    return deref(fromPointer(v.$ref.slice(1)).reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), spec));
  };
  const components = isObj(spec.components) ? spec.components : {};
  for (const [name, s] of Object.entries(isObj(components.schemas) ? components.schemas : {})) checkSchema(s, ['components', 'schemas', name], out);
  // Schemas inside parameters, headers and media types (components and operations alike).
  const visit = (v: unknown, path: (string | number)[]): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, [...path, i]));
    if (!isObj(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'schemas' && path.length === 1 && path[0] === 'components') continue;
      if (k === 'schema' && isObj(x)) checkSchema(x, [...path, k], out);
      else visit(x, [...path, k]);
    }
  };
  visit(spec.paths, ['paths']);
  for (const k of ['parameters', 'headers', 'responses', 'requestBodies']) visit(components[k], ['components', k]);

  const operationIds = new Map<string, string>();
  for (const [template, item] of Object.entries(isObj(spec.paths) ? spec.paths : {})) {
    if (!isObj(item)) continue;
    const inTemplate = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const here = ['paths', template, method];
      if (typeof op.operationId === 'string') {
        const seen = operationIds.get(op.operationId);
        if (seen) out.push({ path: [...here, 'operationId'], message: `operationId "${op.operationId}" is also used at ${seen}` });
        operationIds.set(op.operationId, pointer(here));
      }
      const params = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])].map(deref);
      const declared = params.filter((p): p is Json => isObj(p) && p.in === 'path').map((p) => String(p.name));
      for (const n of inTemplate) if (!declared.includes(n)) out.push({ path: here, message: `path parameter "${n}" of ${template} is not declared` });
      for (const n of declared) if (!inTemplate.includes(n)) out.push({ path: here, message: `path parameter "${n}" is not in the template ${template}` });
    }
  }
  return out;
}

/** Line and column of the node at `path`, or of its nearest ancestor in the document. */
function locate(doc: Document, lines: LineCounter, path: (string | number)[]): string {
  let node: unknown = doc.contents;
  let at = 0;
  for (const seg of path) {
    let next: unknown;
    if (isSeq(node)) next = node.items[Number(seg)];
    else if (isMap(node)) next = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(seg))?.value;
    if (next === undefined || next === null) break;
    node = next;
    const range = (node as { range?: [number, number, number] }).range;
    if (range) at = range[0];
  }
  const { line, col } = lines.linePos(at);
  return `${line}:${col}`;
}

async function main(): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`openapi: cannot read ${shown}: ${(e as Error).message}`);
    return 1;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) console.error(`${shown}:${e.linePos?.[0].line ?? 0}:${e.linePos?.[0].col ?? 0} YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
    return 1;
  }
  const spec: unknown = doc.toJS();
  if (!isObj(spec)) {
    console.error(`${shown}:1:1 /: the document is not a YAML mapping`);
    return 1;
  }
  const validator = new Validator();
  const result = await validator.validate(spec);
  const problems: Problem[] = [];
  if (!result.valid) {
    if (typeof result.errors === 'string' || result.errors === undefined) {
      // $ref resolution failures come as one sentence, without a location.
      problems.push({ path: [], message: result.errors ?? 'not a valid OpenAPI document' });
    } else {
      // An "if" error only repeats the "then"/"else" error it comes with.
      for (const e of result.errors.filter((x) => x.keyword !== 'if')) {
        const path = fromPointer(e.instancePath);
        const key: unknown = e.params.additionalProperty ?? e.params.unevaluatedProperty;
        const extra = typeof key === 'string' ? ` "${key}"` : '';
        if (typeof key === 'string') path.push(key);
        const allowed = Array.isArray(e.params.allowedValues) ? ` (${e.params.allowedValues.join(', ')})` : '';
        problems.push({ path, message: `${e.message ?? e.keyword}${extra}${allowed}` });
      }
    }
  } else {
    problems.push(...semanticProblems(spec));
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`${shown}:${locate(doc, lines, p.path)} ${pointer(p.path)}: ${p.message}`);
    console.error(`openapi: ${shown} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'})`);
    return 1;
  }
  const paths = isObj(spec.paths) ? spec.paths : {};
  const ops = Object.values(paths).reduce<number>((n, item) => n + (isObj(item) ? METHODS.filter((m) => m in item).length : 0), 0);
  console.log(`openapi: ${shown} is valid OpenAPI ${String(spec.openapi)} (${ops} operations on ${Object.keys(paths).length} paths)`);
  return 0;
}

process.exitCode = await main();
