import type { LogData } from './types.ts';

/** The Lark Rise team learning how it hands over between shifts. */
export const handoverLog: LogData = {
  key: 'handovers',
  about: { team: true },
  purpose:
    'How we hand over between shifts, so the next person knows what matters before they start.',
  rhythm: 'each-team-meeting',
  openedBy: 'hannah',
  entries: [
    {
      label: 'handover-practice',
      when: 'week 1 Thu 14:00',
      minutes: 30,
      author: 'hannah',
      with: ['priya', 'owen', 'jo', 'marcus'],
      place: 'Team meeting, office at Lark Rise',
      activity: 'Practising handovers',
      whatWorked:
        'The two-minute spoken handover at the front door. At the end of the meeting everyone could repeat what they had been told.',
      whatDidNotWork:
        'The written handover book: four pages a day, and nobody has time to read it before a shift.',
      learned: 'A short spoken handover sticks; long notes do not get read.',
      nextTime: 'Keep the written note to three lines and read it aloud at the door.',
    },
    {
      label: 'kitchen-handover',
      when: 'week 2 Wed 15:00',
      minutes: 15,
      author: 'owen',
      with: ['jo'],
      place: 'Lark Rise, change of shift',
      activity: 'Afternoon handover, Jo to Owen',
      whatWorked:
        "Jo told me at the door that Tamsin's hands were sore, so I did her cream before tea.",
      whatDidNotWork:
        'We finished the handover in the kitchen. Tamsin heard "she was upset earlier" and got upset all over again.',
      learned:
        'Tamsin hears everything said near her, and hearing about a bad moment brings it back.',
      nextTime:
        'Hand over in the hallway, out of her hearing, or say it in a way that includes her.',
    },
    {
      label: 'saturday-plan',
      when: 'week 4 Sat 09:40',
      minutes: 20,
      author: 'marcus',
      place: 'Lark Rise, start of the Saturday shift',
      activity: 'Starting a weekend shift',
      whatWorked:
        'The café and studio opening times were in the house diary, so I could check them straight away.',
      whatDidNotWork:
        'Nobody had handed over that Saturday was pottery. I found out from the diary at twenty to ten and we left in a rush; Tamsin hates being hurried.',
      learned: 'The Friday late shift is the last one who knows the weekend plan.',
      nextTime:
        "The Friday late shift writes Saturday's plan on the kitchen whiteboard before leaving.",
    },
    {
      label: 'three-lines',
      when: 'week 5 Tue 21:45',
      minutes: 10,
      author: 'priya',
      with: ['owen'],
      place: 'Lark Rise, change of shift',
      activity: 'Evening handover, Priya to Owen',
      whatWorked:
        'Three lines in the diary, read aloud at the door: under two minutes, and Owen knew about the cracked pot before Tamsin mentioned it.',
      whatDidNotWork:
        'The diary pen had gone missing again, so I wrote the note on the back of an envelope.',
      learned: 'The three-line note works when it is quick to write.',
      nextTime: 'Keep a pen tied to the diary.',
    },
    {
      label: 'going-round',
      when: 'week 6 Thu 14:00',
      minutes: 45,
      author: 'jo',
      with: ['hannah', 'priya', 'owen', 'marcus'],
      place: 'Team meeting, office at Lark Rise',
      activity: 'Team meeting: "anything I need to know for Tamsin?"',
      whatWorked:
        'Going round one by one. Marcus, who works mostly weekends, said it was the first he had heard about the kiln room.',
      whatDidNotWork:
        'For the first ten minutes people talked over each other and Marcus could not get a word in.',
      learned: 'Going round in turn means the weekend staff are heard too.',
      nextTime: 'Go round the table in turn at the start of every team meeting.',
    },
  ],
  amendments: [],
  withdrawals: [],
};
