import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';

t.test('a person registered can be read back at once', async (t) => {
  const { request } = await buildTestApp(t);

  const created = await request({
    method: 'POST',
    url: '/people',
    payload: { kind: 'supported-person', displayName: 'Ada Example' },
  });
  t.equal(created.statusCode, 201, 'registered');

  const read = await request({ method: 'GET', url: `/people/${created.json().personId}` });
  t.equal(read.json().displayName, 'Ada Example', 'read back');
});
