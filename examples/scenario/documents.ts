import type { AcknowledgementData, DirectEditData } from './types.ts';

const planningMeeting = 'Written with Tamsin and her mum at her planning meeting.';
const teamDay = 'Agreed at the team day when the Lark Rise team started.';

/** Changes made straight to the profile and the team plan, each with its reason. */
export const directEdits: DirectEditData[] = [
  ...(
    [
      ['appreciation', 'My big laugh, which gets everyone else laughing.', 'laugh'],
      ['appreciation', 'I notice when someone is down and bring them a cup of tea.', 'tea'],
      ['important-to', 'My mum, Carol, and our phone call every Sunday at teatime.', 'mum'],
      [
        'important-to',
        'Knowing what is happening today, from my picture board in the kitchen.',
        'picture-board',
      ],
      ['how-to-support', 'Ask me simple questions and wait for my answer.', 'ask-simple'],
      ['how-to-support', "Give me time to get ready; don't hurry me out of the door.", 'time'],
    ] as const
  ).map(([section, add, label]): DirectEditData => ({
    document: 'profile',
    when: 'week 1 Mon 10:00',
    by: 'hannah',
    reason: planningMeeting,
    change: { section, add, label },
  })),
  ...(
    [
      [
        'purpose',
        'We support Tamsin to live the life she chooses, in her own home and out in Millbrook.',
        'purpose',
      ],
      [
        'who-we-are',
        'Hannah leads the team; Priya, Owen, Jo and Marcus share the days, evenings and weekends.',
        'who',
      ],
      [
        'important-to-us',
        'Knowing what we need to know before a shift starts, not halfway through it.',
        'told-before',
      ],
      ['how-we-support-each-other', "We cover each other's leave and swap shifts fairly.", 'cover'],
      [
        'core-duties',
        "Tamsin's medicines, meals and money, as her support plan sets out.",
        'duties',
      ],
      [
        'judgement-and-creativity',
        'Finding new things for Tamsin to try, and how to make them work for her.',
        'new-things',
      ],
      ['not-ours-to-do', 'Deciding for Tamsin how she spends her weekends.', 'weekends'],
    ] as const
  ).map(([section, add, label]): DirectEditData => ({
    document: 'team-plan',
    when: 'week 1 Mon 14:00',
    by: 'hannah',
    reason: teamDay,
    change: { section, add, label },
  })),
  {
    document: 'profile',
    when: 'week 8 Mon 11:00',
    by: 'hannah',
    reason:
      "Tamsin's own words at her review meeting, holding up her bowl. She asked for them to go on her profile.",
    change: { section: 'appreciation', add: "I'm good at pots.", label: 'good-at-pots' },
  },
  {
    document: 'profile',
    when: 'week 8 Mon 16:00',
    by: 'hannah',
    reason: 'Carol asked for this on the phone after the review, and Tamsin said yes.',
    change: {
      section: 'important-to',
      reword: 'mum',
      text: 'My mum, Carol: our phone call every Sunday at teatime, and her coming round to see my pots.',
    },
  },
];

/** Who read which document when. Jo and Owen have not read the newest profile; Priya and Marcus not the newest team plan. */
export const acknowledgements: AcknowledgementData[] = [
  ...(['hannah', 'priya', 'owen', 'jo', 'marcus'] as const).flatMap(
    (who): AcknowledgementData[] => [
      { who, document: 'profile', when: 'week 1 Mon 18:00' },
      { who, document: 'team-plan', when: 'week 1 Mon 18:00' },
    ],
  ),
  ...(['hannah', 'priya', 'owen', 'marcus'] as const).map((who): AcknowledgementData => ({
    who,
    document: 'profile',
    when: 'week 4 Thu 14:00',
  })),
  ...(['hannah', 'jo', 'owen'] as const).map((who): AcknowledgementData => ({
    who,
    document: 'team-plan',
    when: 'week 7 Thu 16:00',
  })),
  ...(['hannah', 'priya', 'marcus'] as const).map((who): AcknowledgementData => ({
    who,
    document: 'profile',
    when: 'week 8 Mon 17:00',
  })),
];
