import t from 'tap';
import { event } from '../../src/domain/events.ts';
import { team, teamStream, type TeamCommand } from '../../src/domain/team.ts';
import { given } from './given.ts';

const TEAM = '7b2e4c90-1a3d-4f5e-8a6b-0c1d2e3f4a01';
const ODILE = '7b2e4c90-1a3d-4f5e-8a6b-0c1d2e3f4a02';
const BARNABY = '7b2e4c90-1a3d-4f5e-8a6b-0c1d2e3f4a03';
const WREN = '7b2e4c90-1a3d-4f5e-8a6b-0c1d2e3f4a04';

const formed = event('TeamFormed', {
  teamId: TEAM,
  name: 'Larchfield Lane team',
  purpose: 'Support Wren to live well in her own flat.',
});
const odileJoined = event('TeamMemberJoined', { teamId: TEAM, personId: ODILE });
const odileLeft = event('TeamMemberLeft', { teamId: TEAM, personId: ODILE });
const barnabyJoined = event('TeamMemberJoined', { teamId: TEAM, personId: BARNABY });
const startedWren = event('TeamStartedSupportingPerson', { teamId: TEAM, personId: WREN });
const stoppedWren = event('TeamStoppedSupportingPerson', { teamId: TEAM, personId: WREN });

const form: TeamCommand = { type: 'FormTeam', data: formed.data };
const add = (personId: string): TeamCommand => ({ type: 'AddMember', teamId: TEAM, personId });
const remove = (personId: string): TeamCommand => ({
  type: 'RemoveMember',
  teamId: TEAM,
  personId,
});
const startSupporting = (personId: string): TeamCommand => ({
  type: 'StartSupporting',
  teamId: TEAM,
  personId,
});
const stopSupporting = (personId: string): TeamCommand => ({
  type: 'StopSupporting',
  teamId: TEAM,
  personId,
});

t.test('forming a team records its name and purpose', async (t) => {
  t.same(given(team).when(form), [formed], 'the team is formed');
});

t.test('membership', async (t) => {
  t.same(given(team, [formed]).when(add(ODILE)), [odileJoined], 'an employee joins the team');
  t.equal(
    given(team, [formed, odileJoined]).when(add(ODILE)),
    'ALREADY_TEAM_MEMBER',
    'nobody joins twice',
  );
  t.same(
    given(team, [formed, odileJoined]).when(add(BARNABY)),
    [barnabyJoined],
    'a second employee joins beside the first',
  );
  t.same(
    given(team, [formed, odileJoined]).when(remove(ODILE)),
    [odileLeft],
    'a member leaves the team',
  );
  t.equal(
    given(team, [formed]).when(remove(ODILE)),
    'NOT_TEAM_MEMBER',
    'someone who never joined cannot leave',
  );
  t.equal(
    given(team, [formed, odileJoined, odileLeft]).when(remove(ODILE)),
    'NOT_TEAM_MEMBER',
    'someone who already left cannot leave again',
  );
  t.same(
    given(team, [formed, odileJoined, odileLeft]).when(add(ODILE)),
    [odileJoined],
    'someone who left may join again',
  );
});

t.test('the people a team supports', async (t) => {
  t.same(
    given(team, [formed]).when(startSupporting(WREN)),
    [startedWren],
    'the team starts supporting Wren',
  );
  t.equal(
    given(team, [formed, startedWren]).when(startSupporting(WREN)),
    'ALREADY_SUPPORTING_PERSON',
    'the team cannot start supporting Wren twice',
  );
  t.same(
    given(team, [formed, startedWren]).when(stopSupporting(WREN)),
    [stoppedWren],
    'the team stops supporting Wren',
  );
  t.equal(
    given(team, [formed]).when(stopSupporting(WREN)),
    'NOT_SUPPORTING_PERSON',
    'a team cannot stop supporting someone it never supported',
  );
  t.equal(
    given(team, [formed, startedWren, stoppedWren]).when(stopSupporting(WREN)),
    'NOT_SUPPORTING_PERSON',
    'a team cannot stop supporting someone twice',
  );
  t.same(
    given(team, [formed, startedWren, stoppedWren]).when(startSupporting(WREN)),
    [startedWren],
    'a team may take up supporting Wren again',
  );
});

t.test('members and supported people are kept apart', async (t) => {
  t.equal(
    given(team, [formed, startedWren]).when(remove(WREN)),
    'NOT_TEAM_MEMBER',
    'supporting Wren does not make her a member',
  );
  t.equal(
    given(team, [formed, odileJoined]).when(stopSupporting(ODILE)),
    'NOT_SUPPORTING_PERSON',
    'being a member does not make Odile someone the team supports',
  );
});

t.test('a team remembers its members and the people it supports', async (t) => {
  t.same(
    given(team).state,
    { formed: false, members: new Set(), supports: new Set() },
    'no team before the first event',
  );
  t.same(
    given(team, [formed, odileJoined, barnabyJoined, odileLeft, startedWren]).state,
    { formed: true, members: new Set([BARNABY]), supports: new Set([WREN]) },
    'Barnaby is still a member and the team supports Wren',
  );
  t.same(
    given(team, [formed, startedWren, stoppedWren]).state.supports,
    new Set(),
    'after stopping, the team supports nobody',
  );
  const personRegistered = event('PersonRegistered', {
    personId: ODILE,
    kind: 'employee',
    displayName: 'Odile Brackenridge',
    externalRef: null,
  });
  t.same(
    given(team, [formed, odileJoined, personRegistered]).state,
    given(team, [formed, odileJoined]).state,
    'events about other things leave the team as it was',
  );
});

t.test('the stream is named by type and id', async (t) => {
  t.equal(
    teamStream(TEAM),
    `team-${TEAM}`,
    'a team’s stream is named by type and id, never by name',
  );
});
