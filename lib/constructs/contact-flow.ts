import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Token } from 'aws-cdk-lib';
import { CfnContactFlow } from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';
import type { FlowDefinition } from '../connect-resources';

export const CONTACT_FLOWS_DIR = join(__dirname, '..', '..', 'contact-flows');

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

export interface ContactFlowProps {
  readonly instanceArn: string;
  readonly definition: FlowDefinition;
  /** Placeholder name → value (usually a token: a queue ARN, a function ARN) */
  readonly placeholders: Readonly<Record<string, string>>;
  readonly dir?: string;
}

/**
 * A Connect flow from contact-flows/<file>: the checked-in flow-language JSON with every `${Name}`
 * placeholder replaced by the instance-specific value. Synthesis fails on a placeholder the stack
 * does not bind, so Connect never receives a literal `${...}`.
 */
export class ContactFlow extends Construct {
  readonly flow: CfnContactFlow;
  readonly flowArn: string;

  constructor(scope: Construct, id: string, props: ContactFlowProps) {
    super(scope, id);
    const path = join(props.dir ?? CONTACT_FLOWS_DIR, props.definition.file);
    const raw = readFileSync(path, 'utf8');
    // Minified JSON: smaller content, and proof that the file parses before it is deployed.
    const compact = JSON.stringify(JSON.parse(raw));
    const unbound = [...new Set([...compact.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))].filter(
      (name) => !Object.prototype.hasOwnProperty.call(props.placeholders, name),
    );
    if (unbound.length > 0) {
      throw new Error(`contact flow ${props.definition.file}: unbound placeholder(s) ${unbound.map((n) => `\${${n}}`).join(', ')}`);
    }
    const content = compact.replace(PLACEHOLDER, (_match, name: string) => {
      const value = props.placeholders[name] as string;
      // Values are embedded inside JSON strings: a literal must not break the quoting.
      return Token.isUnresolved(value) ? value : JSON.stringify(value).slice(1, -1);
    });
    this.flow = new CfnContactFlow(this, 'Flow', {
      instanceArn: props.instanceArn,
      name: props.definition.name,
      description: props.definition.description,
      type: props.definition.type,
      state: 'ACTIVE',
      content,
    });
    this.flowArn = this.flow.attrContactFlowArn;
  }
}
