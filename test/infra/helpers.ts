/** Helpers for the CDK assertion tests: read intrinsics and IAM statements out of a synthesized template. */
import type { Template } from 'aws-cdk-lib/assertions';

// The synthesized template is plain JSON: resources are keyed by logical id.
export type Json = any;

/**
 * A CloudFormation value rendered as a readable string: `{Ref: X}` → `X` (pseudo parameters as
 * `${AWS::Region}`), `{Fn::GetAtt: [X, Arn]}` → `X.Arn`, `Fn::Join` joined, `Fn::Sub` its template.
 * Throws on anything else, so a test never compares against a half-rendered value.
 */
export function render(value: Json): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, Json>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      switch (fn) {
        case 'Ref':
          return String(arg).startsWith('AWS::') ? `\${${arg}}` : String(arg);
        case 'Fn::GetAtt':
          return Array.isArray(arg) ? `${arg[0]}.${arg[1]}` : String(arg);
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, Json[]];
          return parts.map(render).join(separator);
        }
        case 'Fn::Sub':
          return Array.isArray(arg) ? String(arg[0]) : String(arg);
      }
    }
  }
  throw new Error(`render: valeur non prise en charge ${JSON.stringify(value)}`);
}

/** One IAM statement, its actions and resources as lists (resources rendered). */
export interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
  /** The statement as synthesized, to check for NotAction, NotResource, Condition… */
  raw: Json;
}

const list = (value: Json): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function readStatements(document: Json): Statement[] {
  return list(document?.Statement).map((raw: Json) => ({
    effect: String(raw.Effect),
    actions: list(raw.Action).map(String),
    resources: list(raw.Resource).map(render),
    raw,
  }));
}

const refersTo = (refs: Json, logicalId: string) => list(refs).some((r: Json) => r?.Ref === logicalId);

/**
 * Every statement granted to a role: its inline policies, and each AWS::IAM::Policy or
 * AWS::IAM::ManagedPolicy of the template attached to it.
 */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const resources = template.toJSON().Resources as Record<string, Json>;
  const role = resources[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`statementsOfRole: ${roleLogicalId} n'est pas un rôle`);
  const out: Statement[] = [];
  for (const policy of list(role.Properties?.Policies)) out.push(...readStatements(policy.PolicyDocument));
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    if (refersTo(resource.Properties?.Roles, roleLogicalId)) out.push(...readStatements(resource.Properties.PolicyDocument));
  }
  return out;
}

/** The resources (rendered, sorted) on which the statements allow an action. */
export function resourcesAllowed(statements: Statement[], action: string): string[] {
  return statements
    .filter((s) => s.effect === 'Allow' && s.actions.includes(action))
    .flatMap((s) => s.resources)
    .sort();
}

/**
 * Everything the statements allow, as action → resources (rendered, sorted, deduplicated), actions
 * sorted: compared whole, a grant added or widened anywhere shows up as a difference.
 */
export function grantsOf(statements: Statement[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const s of statements.filter((x) => x.effect === 'Allow')) {
    for (const action of s.actions) for (const resource of s.resources) (out[action] ??= new Set()).add(resource);
  }
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((action) => [action, [...out[action]!].sort()]),
  );
}
