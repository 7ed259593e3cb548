import t from 'tap';
import { personIdForExternalRef } from '../../src/application/people.ts';

t.test('a person registered under an external reference has an id derived from it', async (t) => {
  const id = personIdForExternalRef('org-larkspur-support', 'CR-0042');

  t.match(
    id,
    /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    'a version 5 UUID',
  );
  t.equal(personIdForExternalRef('org-larkspur-support', 'CR-0042'), id, 'the same every time');
  t.not(
    personIdForExternalRef('org-fennick-care', 'CR-0042'),
    id,
    'another organisation, another id',
  );
  t.not(
    personIdForExternalRef('org-larkspur-support', 'CR-0043'),
    id,
    'another reference, another id',
  );
  t.not(
    personIdForExternalRef('org-larkspur-support|CR', '0042'),
    personIdForExternalRef('org-larkspur-support', 'CR|0042'),
    'organisation and reference cannot run into each other',
  );
});
