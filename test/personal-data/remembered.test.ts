import t from 'tap';
import { remembered } from '../../src/personal-data/remembered.ts';

t.test('found answers are remembered per organisation; missing ones are asked again', async (t) => {
  const asked: string[] = [];
  const subjects = new Map([['org-a/log-1', 'person-1']]);
  const lookUp = remembered(async (tenant: string, id: string) => {
    asked.push(`${tenant}/${id}`);
    return subjects.get(`${tenant}/${id}`);
  }, 2);

  t.equal(await lookUp('org-a', 'log-1'), 'person-1');
  t.equal(await lookUp('org-a', 'log-1'), 'person-1', 'the same answer again');
  t.equal(await lookUp('org-b', 'log-1'), undefined, "another organisation's id is its own");
  subjects.set('org-b/log-1', 'person-2');
  t.equal(await lookUp('org-b', 'log-1'), 'person-2', 'recorded since: found now');
  t.strictSame(asked, ['org-a/log-1', 'org-b/log-1', 'org-b/log-1'], 'asked once per found answer');

  subjects.set('org-a/log-2', 'person-3');
  await lookUp('org-a', 'log-2');
  await lookUp('org-a', 'log-1');
  t.equal(asked.at(-1), 'org-a/log-1', 'beyond its size the oldest answer is forgotten');
});
