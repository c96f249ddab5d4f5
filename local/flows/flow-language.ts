import reference from '../../contact-flows/flow-language.json';

/**
 * Typed view of contact-flows/flow-language.json, the checked-in reference of the Connect flow
 * language this project uses (action types, their parameter names, errors and conditions).
 */
export type ParameterKind = 'string' | 'integer' | 'enum' | 'map' | 'object' | 'jsonpath' | 'list';

export interface ParameterSpec {
  readonly kind: ParameterKind;
  readonly fields?: readonly string[];
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Connect requires a literal value (no JSONPath, no placeholder) */
  readonly static?: boolean;
  readonly maxKeys?: number;
}

export type Continuation = 'next' | 'conditions' | 'terminal' | 'ends-on-success';

export interface ActionSpec {
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly required?: readonly string[];
  readonly oneOf?: readonly (readonly string[])[];
  readonly errors: { readonly required: readonly string[]; readonly optional: readonly string[] };
  readonly conditions: 'none' | 'free' | 'exact';
  readonly conditionOperators?: readonly string[];
  readonly operands?: readonly string[];
  readonly minConditions?: number;
  readonly continuation: Continuation;
  readonly flowTypes: readonly string[];
  readonly channels?: readonly string[];
}

export interface FlowLanguage {
  readonly version: string;
  readonly identifier: { readonly maxLength: number; readonly forbiddenCharacters: string };
  readonly flowTypes: readonly string[];
  readonly conditionOperators: readonly string[];
  readonly legacyNames: Readonly<Record<string, string>>;
  readonly actions: Readonly<Record<string, ActionSpec>>;
}

export const FLOW_LANGUAGE = reference as unknown as FlowLanguage;

export const actionSpec = (type: string): ActionSpec | undefined =>
  Object.prototype.hasOwnProperty.call(FLOW_LANGUAGE.actions, type) ? FLOW_LANGUAGE.actions[type] : undefined;

/** Why an identifier is illegal, or undefined when it is fine. */
export const identifierProblem = (id: string): string | undefined => {
  const { maxLength, forbiddenCharacters } = FLOW_LANGUAGE.identifier;
  if (id.length === 0) return 'identifier is empty';
  if (id.length > maxLength) return `identifier is ${id.length} characters (at most ${maxLength})`;
  const bad = [...new Set([...id].filter((c) => forbiddenCharacters.includes(c)))];
  if (bad.length > 0) return `identifier contains forbidden character(s) ${bad.map((c) => `"${c}"`).join(' ')}`;
  return undefined;
};
