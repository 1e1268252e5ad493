// Throughput check: node bench.mjs [N=2000] [--dump]
// Generates N varied cases (seeded, so every run sees the same input), streams them through
// oracle.mjs in one child process, and prints cases/second and the decision counts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from './examples.mjs';

const N = Number(process.argv[2] ?? 2000);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const doc = (...Statement) => ({ Version: '2012-10-17', Statement });

const REQUESTS = [
  ['cloudtrail:StopLogging', 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org'],
  ['cloudtrail:DeleteTrail', 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org'],
  ['cloudtrail:DescribeTrails', '*'],
  ['s3:GetObject', 'arn:aws:s3:::logs/k'],
  ['s3:PutObject', 'arn:aws:s3:::data/k'],
  ['s3:PutBucketPolicy', 'arn:aws:s3:::logs'],
  ['iam:CreateUser', 'arn:aws:iam::111111111111:user/u'],
  ['iam:AttachRolePolicy', 'arn:aws:iam::111111111111:role/x'],
  ['organizations:LeaveOrganization', '*'],
  ['ec2:DescribeInstances', '*'],
  ['kms:ScheduleKeyDeletion', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  ['config:StopConfigurationRecorder', 'arn:aws:config:us-east-1:111111111111:configuration-recorder/default/abc123'],
  ['guardduty:DeleteDetector', 'arn:aws:guardduty:us-east-1:111111111111:detector/d1']
];
const ACTION_PATTERNS = ['*', 's3:*', 'iam:*', 'cloudtrail:Stop*', 'cloudtrail:*', 'S3:Get*', 'ec2:Describe*', 'organizations:LeaveOrganization', 'kms:*', 'config:Stop*'];
const PRINCIPALS = ['arn:aws:iam::111111111111:role/r', 'arn:aws:iam::111111111111:role/Admin', 'arn:aws:iam::111111111111:user/u', 'arn:aws:sts::111111111111:assumed-role/Admin/s'];
const condition = () =>
  pick([
    undefined,
    { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } },
    { StringNotEqualsIfExists: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
    { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
  ]);
const statement = (effect) => {
  const s = { Effect: effect, [rand() < 0.15 ? 'NotAction' : 'Action']: pick(ACTION_PATTERNS), Resource: '*' };
  if (rand() < 0.15) { delete s.Resource; s.NotResource = 'arn:aws:s3:::logs/*'; }
  const cond = condition();
  if (cond) s.Condition = cond;
  return s;
};
const policy = (effect) => doc(...Array.from({ length: 1 + Math.floor(rand() * 3) }, () => statement(effect)));

function makeCase(i) {
  const [action, resource] = pick(REQUESTS);
  const kind = pick(['scp', 'scp', 'identity', 'rcp']);
  const levels = 2 + Math.floor(rand() * 3);
  const c = {
    id: i, kind, principal: pick(PRINCIPALS), action, resource,
    context: pick([{}, { 'aws:RequestedRegion': pick(['us-east-1', 'ap-south-1']) }, { 'aws:PrincipalOrgID': 'o-abc123', 'aws:SecureTransport': rand() < 0.5 }]),
    scps: Array.from({ length: levels }, () => {
      const l = [rand() < 0.9 ? FULL_AWS_ACCESS : policy('Allow')];
      if (rand() < 0.5) l.push(policy('Deny'));
      return l;
    })
  };
  if (kind === 'rcp' || kind === 'identity') {
    c.rcps = [[RCP_FULL_AWS_ACCESS], [doc({ Effect: 'Deny', Principal: '*', Action: ['s3:*', 'kms:*'], Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } })]];
  }
  if (kind === 'identity') {
    c.identityPolicies = [policy('Allow'), ...(rand() < 0.5 ? [policy('Deny')] : [])];
    if (rand() < 0.3) c.permissionBoundary = policy('Allow');
  }
  return c;
}

const input = Array.from({ length: N }, (_, i) => JSON.stringify(makeCase(i + 1))).join('\n') + '\n';
if (process.argv.includes('--dump')) {
  // node bench.mjs N --dump > cases.jsonl   (the same input, for profiling or other tools)
  process.stdout.write(input);
  process.exit(0);
}
const start = process.hrtime.bigint();
const child = spawn(process.execPath, [fileURLToPath(new URL('./oracle.mjs', import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
let out = '';
child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
child.stdin.end(input);
child.on('close', (code) => {
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const answers = out.trim().split('\n').map((l) => JSON.parse(l));
  const counts = {};
  for (const a of answers) counts[a.decision] = (counts[a.decision] ?? 0) + 1;
  const errors = answers.filter((a) => a.decision === 'Error').slice(0, 3).map((a) => a.detail);
  console.log(JSON.stringify({ cases: N, answers: answers.length, exit: code, seconds: +seconds.toFixed(2), casesPerSecond: Math.round(N / seconds), counts, sampleErrors: errors }));
});
