import { z } from 'zod';

/**
 * A small zod (v3) → JSON Schema (OpenAPI 3.0 dialect) converter for the shapes the operations API
 * uses: objects, strings (length, pattern), numbers (int, bounds), booleans, enums, literals,
 * arrays, records, unions, nullable/optional/default, and effects (refine/transform: the input
 * shape). Anything else is a programming error and throws, so the document never silently lies.
 */
export type JsonSchema = Record<string, unknown>;

const withDescription = (schema: z.ZodTypeAny, json: JsonSchema): JsonSchema =>
  schema.description ? { ...json, description: schema.description } : json;

export const toJsonSchema = (schema: z.ZodTypeAny): JsonSchema => {
  const def = schema._def as { typeName: z.ZodFirstPartyTypeKind };
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodString: {
      const json: JsonSchema = { type: 'string' };
      for (const check of (schema as z.ZodString)._def.checks) {
        if (check.kind === 'min') json.minLength = check.value;
        else if (check.kind === 'max') json.maxLength = check.value;
        else if (check.kind === 'regex') json.pattern = check.regex.source;
      }
      return withDescription(schema, json);
    }
    case z.ZodFirstPartyTypeKind.ZodNumber: {
      const n = schema as z.ZodNumber;
      const json: JsonSchema = { type: n.isInt ? 'integer' : 'number' };
      for (const check of n._def.checks) {
        if (check.kind === 'min') json[check.inclusive ? 'minimum' : 'exclusiveMinimum'] = check.value;
        else if (check.kind === 'max') json[check.inclusive ? 'maximum' : 'exclusiveMaximum'] = check.value;
      }
      return withDescription(schema, json);
    }
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return withDescription(schema, { type: 'boolean' });
    case z.ZodFirstPartyTypeKind.ZodEnum:
      return withDescription(schema, { type: 'string', enum: [...(schema as z.ZodEnum<[string, ...string[]]>).options] });
    case z.ZodFirstPartyTypeKind.ZodLiteral:
      return withDescription(schema, { enum: [(schema as z.ZodLiteral<unknown>).value] });
    case z.ZodFirstPartyTypeKind.ZodArray: {
      const a = schema as z.ZodArray<z.ZodTypeAny>;
      return withDescription(schema, {
        type: 'array',
        items: toJsonSchema(a.element),
        ...(a._def.minLength ? { minItems: a._def.minLength.value } : {}),
        ...(a._def.maxLength ? { maxItems: a._def.maxLength.value } : {}),
      });
    }
    case z.ZodFirstPartyTypeKind.ZodObject: {
      const o = schema as z.AnyZodObject;
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [key, value] of Object.entries(o.shape as Record<string, z.ZodTypeAny>)) {
        properties[key] = toJsonSchema(value);
        if (!value.isOptional()) required.push(key);
      }
      return withDescription(schema, {
        type: 'object',
        properties,
        ...(required.length > 0 ? { required } : {}),
        ...(o._def.unknownKeys === 'strict' ? { additionalProperties: false } : {}),
      });
    }
    case z.ZodFirstPartyTypeKind.ZodRecord: {
      const r = schema as z.ZodRecord;
      const keys = r.keySchema as z.ZodTypeAny;
      const values = toJsonSchema(r.valueSchema as z.ZodTypeAny);
      if (keys instanceof z.ZodEnum) {
        const options = keys.options as string[];
        return withDescription(schema, { type: 'object', properties: Object.fromEntries(options.map((k) => [k, values])), additionalProperties: false });
      }
      return withDescription(schema, { type: 'object', additionalProperties: values });
    }
    case z.ZodFirstPartyTypeKind.ZodUnion:
      return withDescription(schema, { oneOf: ((schema as z.ZodUnion<[z.ZodTypeAny, ...z.ZodTypeAny[]]>).options as z.ZodTypeAny[]).map(toJsonSchema) });
    case z.ZodFirstPartyTypeKind.ZodOptional:
      return withDescription(schema, toJsonSchema((schema as z.ZodOptional<z.ZodTypeAny>).unwrap()));
    case z.ZodFirstPartyTypeKind.ZodNullable:
      return withDescription(schema, { ...toJsonSchema((schema as z.ZodNullable<z.ZodTypeAny>).unwrap()), nullable: true });
    case z.ZodFirstPartyTypeKind.ZodDefault: {
      const d = schema as z.ZodDefault<z.ZodTypeAny>;
      return withDescription(schema, { ...toJsonSchema(d.removeDefault()), default: d._def.defaultValue() });
    }
    case z.ZodFirstPartyTypeKind.ZodEffects:
      return withDescription(schema, toJsonSchema((schema as z.ZodEffects<z.ZodTypeAny>).innerType()));
    default:
      throw new Error(`toJsonSchema: unsupported zod type ${String(def.typeName)}`);
  }
};

/** Query/path parameters of an object schema, OpenAPI style. */
export const toParameters = (schema: z.ZodTypeAny | undefined, location: 'query' | 'path'): JsonSchema[] => {
  if (!schema) return [];
  let inner: z.ZodTypeAny = schema;
  while (inner instanceof z.ZodEffects) inner = inner.innerType() as z.ZodTypeAny;
  if (!(inner instanceof z.ZodObject)) throw new Error('toParameters: parameters must be an object schema');
  return Object.entries(inner.shape as Record<string, z.ZodTypeAny>).map(([name, value]) => {
    const json = toJsonSchema(value);
    const { description, ...rest } = json;
    return { name, in: location, required: location === 'path' || !value.isOptional(), schema: rest, ...(description ? { description } : {}) };
  });
};
