#!/usr/bin/env node
// orgaudit IAM oracle: a thin, streaming wrapper around @cloud-copilot/iam-simulate, used as an
// independent reference for differential tests of orgaudit's Rust policy evaluators.
//
// USAGE
//   npm ci                                   # once, in tests/oracle/
//   node oracle.mjs < cases.jsonl > answers.jsonl
//
// One process evaluates every case: JSON Lines in on stdin, JSON Lines out on stdout, one answer
// per case, in input order. Blank lines are skipped (they are not cases). A line that is not
// valid JSON, or a case that fails validation or throws, gets a "decision": "Error" answer; the
// run never stops early. Exit code 0 once stdin is exhausted (1 only for an I/O failure).
//
// CASE (one JSON object per line; only "action" is required)
//   {
//     "id":            any JSON value, echoed back unchanged (default: the 1-based line number)
//     "kind":          "scp" | "rcp" | "identity"                                (default "identity")
//                        scp      -> decision is the SCP chain's verdict alone
//                        rcp      -> decision is the RCP chain's verdict alone
//                        identity -> decision is AWS's final decision for the request, combining
//                                    every policy supplied (identity, boundary, resource, SCP, RCP)
//                                    ("full" is accepted as a synonym)
//     "principal":     "arn:aws:iam::111111111111:role/r" | user / root / assumed-role /
//                      federated-user ARN | service principal ("s3.amazonaws.com") | "anonymous"
//                                                 (default "arn:aws:iam::111111111111:role/oracle")
//     "action":        "s3:GetObject" (service prefix and action name are case-insensitive)
//     "resource":      "arn:aws:s3:::b/k"                                          (default "*")
//     "resourceAccount": "111111111111"               (default: the principal's account)
//     "context":       {"aws:PrincipalOrgID": "o-...", "aws:SecureTransport": "false", ...}
//                        values: string | string[] | number | boolean (numbers and booleans are
//                        sent as strings); null means "key absent" (also suppresses autoContext)
//     "autoContext":   true (default) | false
//                        true: fill the keys AWS puts in every authenticated request, unless
//                        "context" names them: aws:PrincipalArn, aws:PrincipalAccount,
//                        aws:PrincipalType, aws:ResourceAccount (see README.md)
//     "scps":          [[policy, ...], ...] one list per level, root first, account last
//     "rcps":          [[policy, ...], ...] likewise, for the resource's account. The simulator
//                        attaches RCPFullAWSAccess to every level itself, so a copy of it in the
//                        case is dropped (with a note); customer RCPs must pass its RCP validator
//                        (Deny only, Principal "*", Version "2012-10-17", no Action "*" alone)
//     "identityPolicies":   [policy, ...]
//     "permissionBoundary": policy | null
//     "resourcePolicy":     policy | null
//     "s3":            {"bucketAbacEnabled": bool, "blockPublicAccess": bool}, passed to the
//                      simulator's additionalSettings.s3 (optional)
//   }
//   A policy is a policy document (object), its JSON text (string), or {"name": "...",
//   "policy": <document or text>} to carry a name into "detail".
//
// ANSWER (one JSON object per line)
//   {
//     "id":       the case's id,
//     "decision": "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied" | "Error",
//     "detail":   human-readable reason (the deciding level/policy/statement, or the error),
//     "overall":  the simulator's final decision for the whole case (equals "decision" for
//                 kind "identity"; for "scp"/"rcp" it is informative only)     [absent on Error]
//     "parts":    {"scp", "rcp", "identity", "resource", "permissionBoundary"}: each policy
//                 type's own result (null when that type was not supplied)       [absent on Error]
//     "levels":   {"scp": [result per level], "rcp": [result per level]}        [absent on Error]
//     "notes":    [strings]: what the oracle or simulator changed: wildcard-only action
//                 resource rewritten to "*", RCPFullAWSAccess dropped, context keys the
//                 simulator ignored for this action, wildcard-resource patterns  [only if any]
//   }

import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import {
  anonymousPrincipal,
  isWildcardOnlyAction,
  runSimulation
} from '@cloud-copilot/iam-simulate';

const DEFAULT_PRINCIPAL = 'arn:aws:iam::111111111111:role/oracle';
const KINDS = new Set(['scp', 'rcp', 'identity', 'full']);

class CaseError extends Error {}

/** Parse one policy entry: document, JSON text, or {name, policy}. */
function policyEntry(entry, defaultName, where) {
  let name = defaultName;
  let doc = entry;
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'policy' in doc && !('Statement' in doc)) {
    if (doc.name !== undefined) name = `${defaultName}:${doc.name}`;
    doc = doc.policy;
  }
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (e) {
      throw new CaseError(`${where}: policy text is not JSON (${e.message})`);
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new CaseError(`${where}: a policy must be a JSON object`);
  }
  return { name, policy: doc };
}

function policyList(value, prefix, field) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CaseError(`${field} must be an array`);
  return value.map((p, i) => policyEntry(p, `${prefix}[${i}]`, `${field}[${i}]`));
}

function levelList(value, prefix, field, notes) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CaseError(`${field} must be an array of levels`);
  return value.map((level, l) => {
    if (!Array.isArray(level)) throw new CaseError(`${field}[${l}] must be an array of policies`);
    const policies = [];
    level.forEach((p, i) => {
      const entry = policyEntry(p, `${prefix}[${l}][${i}]`, `${field}[${l}][${i}]`);
      if (prefix === 'rcp' && isRcpFullAwsAccess(entry.policy)) {
        // runSimulation attaches RCPFullAWSAccess to every level itself, and its RCP validator
        // (customer RCPs: Deny only, no Action "*") would reject the AWS-managed policy.
        notes.push(`${field}[${l}][${i}]: RCPFullAWSAccess dropped (the simulator attaches it to every level)`);
        return;
      }
      policies.push(entry);
    });
    return { orgIdentifier: `level${l}`, policies };
  });
}

/** The AWS-managed RCPFullAWSAccess: one unconditional Allow of * on * to Principal *. */
function isRcpFullAwsAccess(doc) {
  const st = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (st.length !== 1 || !st[0] || typeof st[0] !== 'object') return false;
  const s = st[0];
  const star = (v) => v === '*' || (Array.isArray(v) && v.length === 1 && v[0] === '*');
  const keys = Object.keys(s).filter((k) => k !== 'Sid');
  return (
    s.Effect === 'Allow' &&
    (star(s.Principal) || (s.Principal && typeof s.Principal === 'object' && star(s.Principal.AWS) && Object.keys(s.Principal).length === 1)) &&
    star(s.Action) &&
    star(s.Resource) &&
    keys.every((k) => ['Effect', 'Principal', 'Action', 'Resource'].includes(k))
  );
}

/** Account id of an ARN principal, or undefined (service principal, anonymous, malformed). */
function arnAccount(arn) {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  return /^\d{12}$/.test(parts[4] ?? '') ? parts[4] : undefined;
}

/** aws:PrincipalArn and aws:PrincipalType as AWS sets them for an ARN principal. */
function principalKeys(arn) {
  const parts = arn.split(':');
  const [service, account, rest] = [parts[2], parts[4], parts.slice(5).join(':')];
  if (service === 'iam' && rest === 'root') return { arn, type: 'Account' };
  if (service === 'iam' && rest.startsWith('user/')) return { arn, type: 'User' };
  if (service === 'iam' && rest.startsWith('role/')) return { arn, type: 'AssumedRole' };
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    // The session ARN carries no role path, so a role with a path is rebuilt without it.
    const role = rest.split('/')[1];
    return { arn: `arn:${parts[1]}:iam::${account}:role/${role}`, type: 'AssumedRole' };
  }
  if (service === 'sts' && rest.startsWith('federated-user/')) return { arn, type: 'FederatedUser' };
  return undefined;
}

function contextValue(key, v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    return v.map((x) => {
      if (typeof x === 'string') return x;
      if (typeof x === 'number' || typeof x === 'boolean') return String(x);
      throw new CaseError(`context["${key}"]: array elements must be strings, numbers or booleans`);
    });
  }
  throw new CaseError(`context["${key}"]: value must be a string, number, boolean, array or null`);
}

function statementLabel(s) {
  const sid = s.statement?.sid?.();
  const idx = s.statement?.index?.();
  return `${s.policyId} statement ${sid ? `"${sid}"` : `#${idx}`}`;
}

function describeChain(name, chain) {
  if (!chain) return `${name}: not evaluated by the simulator for this action`;
  if (chain.ouAnalysis.length === 0) return `${name}: no levels supplied (not in effect)`;
  const denied = chain.ouAnalysis.findIndex((ou) => ou.denyStatements.length > 0);
  if (denied >= 0) {
    const ou = chain.ouAnalysis[denied];
    return `${name}: ExplicitlyDenied at level ${denied} by ${ou.denyStatements.map(statementLabel).join(', ')}`;
  }
  const noAllow = chain.ouAnalysis.findIndex((ou) => ou.allowStatements.length === 0);
  if (noAllow >= 0) return `${name}: ImplicitlyDenied, no Allow at level ${noAllow}`;
  return `${name}: Allowed at all ${chain.ouAnalysis.length} levels`;
}

function describeSimple(name, analysis) {
  if (!analysis) return undefined;
  if (analysis.denyStatements?.length) {
    return `${name}: ${analysis.result} by ${analysis.denyStatements.map(statementLabel).join(', ')}`;
  }
  if (analysis.allowStatements?.length) {
    return `${name}: ${analysis.result} by ${analysis.allowStatements.map(statementLabel).join(', ')}`;
  }
  return `${name}: ${analysis.result}`;
}

function describeFull(analysis, supplied) {
  const bits = [`overall ${analysis.result}`];
  if (analysis.blockedBy?.length) bits.push(`blocked by ${analysis.blockedBy.join(', ')}`);
  bits.push(describeSimple('identity', analysis.identityAnalysis));
  if (supplied.permissionBoundary) bits.push(describeSimple('boundary', analysis.permissionBoundaryAnalysis));
  if (supplied.resourcePolicy) bits.push(describeSimple('resource policy', analysis.resourceAnalysis));
  if (supplied.scps) bits.push(describeChain('scp', analysis.scpAnalysis));
  if (supplied.rcps) bits.push(describeChain('rcp', analysis.rcpAnalysis));
  return bits.filter(Boolean).join('; ');
}

function errorDetail(errors) {
  const { message, ...rest } = errors ?? {};
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  return `simulator rejected the case: ${message}${extra}`;
}

/**
 * Evaluate one case (already parsed from JSON). Never throws: failures become Error answers.
 *
 * @param {object} c the case
 * @param {number} lineNo 1-based input line, the default id
 * @returns {Promise<object>} the answer object
 */
export async function evaluateCase(c, lineNo = 0) {
  const id = c && typeof c === 'object' && 'id' in c ? c.id : lineNo;
  try {
    return { id, ...(await evaluate(c)) };
  } catch (e) {
    const detail = e instanceof CaseError ? e.message : `exception: ${e?.stack ?? e}`;
    return { id, decision: 'Error', detail };
  }
}

async function evaluate(c) {
  if (!c || typeof c !== 'object' || Array.isArray(c)) throw new CaseError('a case must be a JSON object');
  const kind = c.kind ?? 'identity';
  if (!KINDS.has(kind)) throw new CaseError(`unknown kind ${JSON.stringify(kind)}`);
  if (typeof c.action !== 'string' || c.action.split(':').length !== 2) {
    throw new CaseError('action must be a string "service:Action"');
  }
  const notes = [];

  const anonymous = c.principal === 'anonymous';
  const principal = anonymous ? anonymousPrincipal : (c.principal ?? DEFAULT_PRINCIPAL);
  if (!anonymous && typeof principal !== 'string') throw new CaseError('principal must be a string');
  const principalAccount = anonymous ? undefined : arnAccount(principal);
  const resourceAccount = c.resourceAccount ?? principalAccount;
  if (typeof resourceAccount !== 'string') {
    throw new CaseError('resourceAccount is required when the principal is not an ARN with an account');
  }

  // Wildcard-only actions (no resource-level permissions) are requested on "*" in AWS.
  let resource = c.resource ?? '*';
  if (typeof resource !== 'string') throw new CaseError('resource must be a string');
  const [service, actionName] = c.action.split(':');
  let wildcardOnly = false;
  try {
    wildcardOnly = await isWildcardOnlyAction(service, actionName);
  } catch {
    // unknown action: runSimulation reports it below
  }
  if (wildcardOnly && resource !== '*') {
    notes.push(`resource ${resource} replaced by * (${c.action} supports no resource-level permissions)`);
    resource = '*';
  }
  if (!wildcardOnly && resource.includes('*') && kind !== 'identity' && kind !== 'full') {
    throw new CaseError(
      `kind ${kind} needs a concrete resource ARN for ${c.action} (the simulator evaluates a wildcard ` +
        'resource as several patterns and does not expose one chain verdict for it)'
    );
  }

  // Context: explicit keys win; null removes a key; autoContext fills what AWS always sends.
  const context = {};
  const given = new Set();
  for (const [k, v] of Object.entries(c.context ?? {})) {
    given.add(k.toLowerCase());
    if (v === null) continue;
    context[k] = contextValue(k, v);
  }
  if (c.autoContext !== false && !anonymous) {
    const auto = {};
    const pk = typeof principal === 'string' && principal.startsWith('arn:') ? principalKeys(principal) : undefined;
    if (pk) {
      auto['aws:PrincipalArn'] = pk.arn;
      auto['aws:PrincipalType'] = pk.type;
    }
    if (principalAccount) auto['aws:PrincipalAccount'] = principalAccount;
    auto['aws:ResourceAccount'] = resourceAccount;
    for (const [k, v] of Object.entries(auto)) {
      if (!given.has(k.toLowerCase())) context[k] = v;
    }
  }

  const scps = levelList(c.scps, 'scp', 'scps', notes);
  const rcps = levelList(c.rcps, 'rcp', 'rcps', notes);
  const identityPolicies = policyList(c.identityPolicies, 'identity', 'identityPolicies');
  const pb = c.permissionBoundary == null ? null : policyEntry(c.permissionBoundary, 'boundary', 'permissionBoundary');
  const rp = c.resourcePolicy == null ? null : policyEntry(c.resourcePolicy, 'resourcePolicy', 'resourcePolicy');

  const simulation = {
    request: {
      principal,
      action: c.action,
      resource: { resource, accountId: resourceAccount },
      contextVariables: context
    },
    identityPolicies,
    serviceControlPolicies: scps,
    resourceControlPolicies: rcps,
    ...(pb ? { permissionBoundaryPolicies: [pb] } : {}),
    ...(rp ? { resourcePolicy: { ...rp.policy } } : {}),
    ...(c.s3 && typeof c.s3 === 'object' ? { additionalSettings: { s3: { ...c.s3 } } } : {})
  };
  // The resource policy's name is read from the document itself by runSimulation.
  if (rp && simulation.resourcePolicy.name === undefined) {
    Object.defineProperty(simulation.resourcePolicy, 'name', { value: rp.name, enumerable: false });
  }

  const response = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (response.resultType === 'error') {
    return { decision: 'Error', detail: errorDetail(response.errors), ...(notes.length ? { notes } : {}) };
  }

  let analysis;
  let ignored = [];
  if (response.resultType === 'single') {
    analysis = response.result.analysis;
    ignored = response.result.ignoredContextKeys ?? [];
  } else {
    notes.push(
      `wildcard resource: ${response.results.length} pattern simulation(s) ` +
        `[${response.results.map((r) => `${r.resourcePattern}=${r.analysis.result}`).join(', ')}]`
    );
    // Chain/part breakdown from the first pattern simulated, when there is one.
    analysis = response.results[0]?.analysis;
    ignored = [...new Set(response.results.flatMap((r) => r.ignoredContextKeys ?? []))];
  }
  if (ignored.length) notes.push(`context keys ignored (not valid for this action/resource): ${ignored.join(', ')}`);

  const supplied = {
    scps: scps.length > 0,
    rcps: rcps.length > 0,
    permissionBoundary: !!pb,
    resourcePolicy: !!rp
  };
  const out = {};
  const chainKey = kind === 'scp' ? 'scpAnalysis' : kind === 'rcp' ? 'rcpAnalysis' : undefined;
  if (chainKey && !analysis?.[chainKey]) {
    // e.g. sts:GetCallerIdentity, which the simulator allows before looking at any policy.
    return {
      decision: 'Error',
      detail: `the simulator does not evaluate ${kind.toUpperCase()}s for ${c.action} (overall ${response.overallResult})`,
      ...(notes.length ? { notes } : {})
    };
  }
  if (kind === 'scp') {
    out.decision = analysis.scpAnalysis.result;
    out.detail = describeChain('scp', analysis.scpAnalysis);
  } else if (kind === 'rcp') {
    out.decision = analysis.rcpAnalysis.result;
    out.detail = describeChain('rcp', analysis.rcpAnalysis);
  } else {
    out.decision = response.overallResult;
    out.detail = analysis ? describeFull(analysis, supplied) : `overall ${response.overallResult} (no pattern simulated)`;
  }
  out.overall = response.overallResult;
  out.parts = analysis
    ? {
        scp: supplied.scps ? analysis.scpAnalysis?.result ?? null : null,
        rcp: supplied.rcps ? analysis.rcpAnalysis?.result ?? null : null,
        identity: analysis.identityAnalysis?.result ?? null,
        resource: supplied.resourcePolicy ? analysis.resourceAnalysis?.result ?? null : null,
        permissionBoundary: supplied.permissionBoundary ? analysis.permissionBoundaryAnalysis?.result ?? null : null
      }
    : null;
  out.levels = analysis
    ? {
        scp: (analysis.scpAnalysis?.ouAnalysis ?? []).map((ou) => ou.result),
        rcp: (analysis.rcpAnalysis?.ouAnalysis ?? []).map((ou) => ou.result)
      }
    : null;
  if (notes.length) out.notes = notes;
  return out;
}

async function main() {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out = process.stdout;
  let buffer = '';
  const flush = async () => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  };
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    let answer;
    let parsed;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      answer = { id: null, decision: 'Error', detail: `line ${lineNo}: not JSON (${e.message})` };
    }
    if (!answer) answer = await evaluateCase(parsed, lineNo);
    buffer += JSON.stringify(answer) + '\n';
    if (buffer.length > 1 << 16) await flush();
  }
  await flush();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`oracle: ${e?.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
