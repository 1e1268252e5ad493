// node --test   (in tests/oracle/, after npm ci)
//
// 1. Every hand-written case in examples.mjs gets the decision AWS documents, or, for a known
//    deviation, the one recorded in its "sim" field.
// 2. The CLI streams: answers come back one per case, in order, and bad lines become Error
//    answers without stopping the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { evaluateCase } from './oracle.mjs';
import { cases } from './examples.mjs';

for (const c of cases) {
  test(`${c.id}: ${c.sim ?? c.aws}`, async () => {
    const answer = await evaluateCase(c);
    assert.equal(answer.id, c.id);
    assert.equal(answer.decision, c.sim ?? c.aws, `${answer.detail} ${JSON.stringify(answer.notes ?? [])}`);
  });
}

test('CLI: one answer per case, in order, errors inline', () => {
  const lines = [
    JSON.stringify(cases[0]),
    '',
    'not json',
    JSON.stringify({ id: 'bad-scps', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', scps: 'oops' }),
    JSON.stringify({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }),
    JSON.stringify(cases[1])
  ];
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('./oracle.mjs', import.meta.url))], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8'
  });
  assert.equal(run.status, 0, run.stderr);
  const answers = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(
    answers.map((a) => [a.id, a.decision]),
    [
      [cases[0].id, cases[0].aws],
      [null, 'Error'],
      ['bad-scps', 'Error'],
      [5, 'ImplicitlyDenied'],
      [cases[1].id, cases[1].aws]
    ]
  );
});
