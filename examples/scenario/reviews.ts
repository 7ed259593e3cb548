import type { ReviewData } from './types.ts';

/** The two pottery reviews and the team's handover review. */
export const reviews: ReviewData[] = [
  {
    label: 'pottery-review-1',
    title: 'Pottery review 1, after three weeks',
    log: 'pottery',
    when: 'week 4 Mon 10:00',
    upTo: 'week 3 Sun 23:59',
    by: 'hannah',
    participants: ['hannah', 'priya', 'marcus', 'tamsin'],
    others: ['Carol Pebblewick (mum), by phone'],
    insights: [
      {
        finding:
          'Tamsin loves the feel of clay and making something she can hold; she keeps going back to photos of it.',
        category: 'important-to',
        entries: ['first-class', 'photo-at-home', 'second-class'],
        document: 'profile',
        apply: {
          section: 'important-to',
          add: 'Getting my hands in the clay and making something I can hold.',
          label: 'clay',
        },
      },
      {
        finding:
          'Arriving before the room fills up and having the end seat, away from the wheels, is what lets her settle.',
        category: 'how-to-support',
        entries: ['first-class', 'second-class', 'seat-taken'],
        document: 'profile',
        apply: {
          section: 'how-to-support',
          add: 'Get me to pottery ten minutes early, before the room fills up, and keep my seat at the end of the table, away from the wheels.',
          label: 'arrive-early',
        },
      },
      {
        finding:
          'Clay and hot water dry out her skin; warm water and cream straight after class keep it from cracking.',
        category: 'important-for',
        entries: ['sore-hands'],
        document: 'profile',
        apply: {
          section: 'how-to-support',
          add: 'Clay makes my hands sore: warm water, not hot, and my hand cream straight after.',
          label: 'hands',
        },
      },
      {
        finding:
          'A direct question gets a quick "no"; with a photo and some time she gives her real answer.',
        category: 'communication',
        entries: ['photo-at-home'],
        document: 'profile',
        apply: {
          section: 'how-to-support',
          reword: 'ask-simple',
          text: 'Ask me one simple question, or show me a photo, then wait: my answer may come an hour later.',
        },
      },
      {
        finding: 'Tamsin prefers the Saturday open studio to the Tuesday class.',
        category: 'important-to',
        entries: ['first-saturday'],
        document: 'profile',
        section: 'important-to',
        decline:
          'One Saturday is too few to tell. Keep offering both and look again at the next review.',
      },
      {
        finding:
          'Promising hot chocolate before checking the café was open spoiled the end of a good morning.',
        category: 'how-to-support',
        entries: ['first-saturday'],
        noRecordReason:
          'This is about us, not about Tamsin; the action to check opening times covers it.',
      },
    ],
    actions: [
      {
        description:
          "Ask Bev to keep Tamsin's seat at the end of the table and put her name card on it.",
        owner: 'priya',
        dueInDays: 1,
      },
      {
        description: 'Put the arts centre and café opening times in the house diary.',
        owner: 'marcus',
        dueInDays: 4,
      },
      {
        description: "Buy unperfumed hand cream to keep in Tamsin's bag.",
        owner: 'jo',
        dueInDays: 3,
      },
    ],
    sharing: [
      {
        audience: 'whole-team',
        method:
          "Hannah reads the changes out at Thursday's handover; everyone acknowledges the new profile.",
      },
      {
        audience: 'family',
        detail: "Carol Pebblewick, Tamsin's mum",
        method: 'Phone call from Hannah, with Tamsin, on Sunday at teatime.',
      },
    ],
  },
  {
    label: 'handover-review',
    title: 'Handover review, at the team meeting',
    log: 'handovers',
    when: 'week 7 Thu 14:00',
    upTo: 'week 7 Wed 23:59',
    by: 'hannah',
    participants: ['hannah', 'priya', 'owen', 'jo', 'marcus'],
    others: [],
    insights: [
      {
        finding:
          'A two-minute spoken handover at the door, with a three-line note read aloud, gets read and remembered; long notes do not.',
        category: 'team-working',
        entries: ['handover-practice', 'kitchen-handover', 'three-lines'],
        document: 'team-plan',
        apply: {
          section: 'how-we-support-each-other',
          add: "We hand over for two minutes at the door, out of Tamsin's hearing, with three lines in the diary read aloud.",
          label: 'door-handover',
        },
      },
      {
        finding: 'The weekend plan gets lost between Friday and Saturday.',
        category: 'team-working',
        entries: ['saturday-plan'],
        document: 'team-plan',
        apply: {
          section: 'agreed-and-learned',
          add: "The Friday late shift writes Saturday's plan on the kitchen whiteboard before leaving.",
          label: 'whiteboard',
        },
      },
      {
        finding: 'Weekend staff miss out when people talk over each other at team meetings.',
        category: 'team-working',
        entries: ['going-round'],
        document: 'team-plan',
        apply: {
          section: 'important-to-us',
          reword: 'told-before',
          text: 'Knowing what we need to know before a shift starts, and being heard in turn at team meetings, weekend staff too.',
        },
      },
      {
        finding: 'Handovers should be written on a form that each person signs.',
        category: 'team-working',
        entries: ['handover-practice'],
        document: 'team-plan',
        section: 'agreed-and-learned',
        decline:
          'We tried a long written book and nobody read it; the three-line note read aloud does the job.',
      },
      {
        finding: 'A pen tied to the diary makes the three-line note quick to write.',
        category: 'team-working',
        entries: ['three-lines'],
        noRecordReason: 'A small practical fix, done the same day; nothing for the plan.',
      },
    ],
    actions: [
      {
        description: 'Put a three-line handover box on each day of the house diary.',
        owner: 'jo',
        dueInDays: 7,
      },
    ],
    sharing: [
      {
        audience: 'whole-team',
        method:
          'Read out at the start of the next team meeting; everyone acknowledges the new plan.',
      },
    ],
  },
  {
    label: 'pottery-review-2',
    title: 'Pottery review 2, after seven weeks',
    log: 'pottery',
    when: 'week 8 Mon 10:00',
    upTo: 'week 7 Sun 23:59',
    by: 'hannah',
    participants: ['hannah', 'owen', 'jo', 'marcus', 'tamsin'],
    others: [],
    insights: [
      {
        finding:
          'Tamsin is proud of her pots and shows them to everyone; people love seeing her so pleased.',
        category: 'appreciation',
        entries: ['cracked-pot', 'mum-visits', 'wheel-bowl'],
        document: 'profile',
        apply: {
          section: 'appreciation',
          add: 'How proudly I show everyone what I have made.',
          label: 'proud',
        },
      },
      {
        finding:
          'It is not only making the pots: keeping them, even the cracked one, and showing them to her mum matter as much.',
        category: 'important-to',
        entries: ['cracked-pot', 'cracked-pot-planter', 'mum-visits'],
        document: 'profile',
        apply: {
          section: 'important-to',
          reword: 'clay',
          text: 'Making pots with my own hands, and keeping them on a shelf I can reach, to show the people I love.',
        },
      },
      {
        finding:
          'Saturday mornings at the open studio, ending with hot chocolate, are what she now asks for and has chosen.',
        category: 'important-to',
        entries: ['back-car-park', 'wheel-bowl', 'chooses-saturday'],
        document: 'profile',
        apply: {
          section: 'important-to',
          add: 'Saturday mornings at the pottery studio, then hot chocolate in the café downstairs.',
          label: 'saturdays',
        },
      },
      {
        finding:
          'Bad news about something she made, told in front of the group, is very hard for her.',
        category: 'how-to-support',
        entries: ['cracked-pot'],
        document: 'profile',
        apply: {
          section: 'how-to-support',
          add: 'If something I made has broken, tell me quietly first and show me a photo of it, not in front of everyone.',
          label: 'broken',
        },
      },
      {
        finding:
          'She concentrates best in quiet, whoever is talking, and is happy to chat afterwards.',
        category: 'communication',
        entries: ['wheel-bowl', 'glaze-day'],
        document: 'profile',
        apply: {
          section: 'how-to-support',
          add: 'Let me work in quiet; talk to me about it afterwards.',
          label: 'quiet',
        },
      },
      {
        finding: 'The hand cream has to be in her own bag; when it is in ours, it gets forgotten.',
        category: 'important-for',
        entries: ['forgot-cream', 'kiln-room'],
        document: 'profile',
        apply: {
          section: 'how-to-support',
          reword: 'hands',
          text: 'Clay makes my hands sore: warm water, not hot, and the hand cream from my own bag straight after.',
        },
      },
      {
        finding: 'Tamsin should give up the Tuesday class straight away.',
        category: 'important-to',
        entries: ['chooses-saturday'],
        document: 'profile',
        section: 'important-to',
        decline:
          'Tamsin wants to finish the term she has started; we will plan next term with her.',
      },
      {
        finding: 'Booking the wheel with Ade for 10:30 means she does not have to wait.',
        category: 'how-to-support',
        entries: ['cracked-pot-planter', 'wheel-bowl'],
        noRecordReason:
          'An arrangement with the studio; it lives in the house diary, not in her profile.',
      },
    ],
    actions: [
      {
        description: "Put up a lower shelf in Tamsin's room for her pots.",
        owner: 'hannah',
        dueInDays: 10,
      },
      {
        description: "Check the hand cream is in Tamsin's own bag before leaving for pottery.",
        owner: 'owen',
        dueInDays: 1,
      },
      {
        description: 'Tell the arts centre that Tamsin will move to Saturdays next term.',
        owner: 'priya',
        dueInDays: 14,
      },
    ],
    sharing: [
      {
        audience: 'whole-team',
        method: 'Team meeting on Thursday; then each of us reads and acknowledges the profile.',
      },
      {
        audience: 'named-employees',
        employees: ['priya'],
        method: 'Hannah goes through the changes with Priya in supervision on Wednesday.',
      },
      {
        audience: 'other-service',
        detail: 'Bev Orrin, pottery tutor at Millbrook Arts Centre',
        method:
          "Priya gives Bev a printed copy of 'How best to support me', which Tamsin has agreed to.",
      },
    ],
  },
];
