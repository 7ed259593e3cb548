import type { LogData } from './types.ts';

const bev = 'Bev (pottery tutor)';
const ade = 'Ade (studio technician)';

/** Tamsin's first term of pottery, as the people who went with her wrote it down. */
export const potteryLog: LogData = {
  key: 'pottery',
  about: { person: 'tamsin' },
  purpose:
    'Tamsin is trying pottery at Millbrook Arts Centre. What helps her enjoy it, and what gets in the way?',
  rhythm: 'fortnightly',
  openedBy: 'hannah',
  entries: [
    {
      label: 'first-class',
      when: 'week 1 Tue 18:30',
      minutes: 90,
      author: 'priya',
      with: ['owen'],
      others: [bev],
      place: 'Millbrook Arts Centre, pottery room',
      activity: "Beginners' pottery class, first week",
      whatWorked:
        'Bev let Tamsin hold and squash the clay before showing anything. Tamsin chose the apron with blue stripes herself. ' +
        'She smiled while rolling a coil and made a small coil pot, the last part on her own.',
      whatDidNotWork:
        'Twelve people in the room and a lot of chatter. She sat by the door and went out into the corridor twice. ' +
        'The wheel demonstration was loud and she covered her ears.',
      learned:
        'She wants to be there, but the noise and the crowd at the start are too much. The end of the table, away from the wheels, is quieter.',
      nextTime:
        'Arrive ten minutes early, before the room fills up, and sit at the end of the table away from the wheels.',
      participation:
        'Watched most of the demonstration from the door. Made one coil pot, with hand-over-hand for the first few coils only.',
      importantTo: 'Getting her hands in the clay. Choosing her own apron.',
    },
    {
      label: 'photo-at-home',
      when: 'week 1 Thu 16:00',
      minutes: 45,
      author: 'jo',
      place: 'Home, Lark Rise, at the kitchen table',
      activity: "Looking at photos of Tuesday's class on her tablet",
      whatWorked: 'She kept going back to the photo of her coil pot and said "my pot" three times.',
      whatDidNotWork:
        'I asked "Do you want to go again next week?" and she said "no" straight away. ' +
        'An hour later, while we were making tea, she pointed at the calendar and said "pot Tuesday".',
      learned:
        'A question put to her directly gets a quick "no". She answers properly when she has had time, and a photo helps more than words.',
      nextTime:
        'Show her the photo, ask once, then leave it. Do not take the first "no" as her answer.',
      importantTo: 'What she has made with her own hands.',
    },
    {
      label: 'second-class',
      when: 'week 2 Tue 18:30',
      minutes: 90,
      author: 'owen',
      with: ['marcus'],
      others: [bev],
      place: 'Millbrook Arts Centre, pottery room',
      activity: "Beginners' pottery class, second week",
      whatWorked:
        'We got there at 18:20. She went straight to the end of the table and settled. She made a pinch pot and asked Bev for "more clay" in her own words.',
      whatDidNotWork:
        'By 19:40 she was tired and put her head on the table. The 20:15 bus home was packed and she was upset the whole way, rocking and saying "home".',
      learned:
        'Early arrival and the end seat work. After about 19:30 she has had enough, and the late bus makes it worse.',
      nextTime:
        'Ask Bev if Tamsin can leave at 19:30. Find out about the Saturday morning open studio.',
      participation: 'Worked for most of an hour on her own once settled.',
      importantTo: 'Asking for what she wants and being listened to.',
      importantFor: 'Not getting overtired late in the evening.',
    },
    {
      label: 'sore-hands',
      when: 'week 2 Fri 19:00',
      minutes: 30,
      author: 'jo',
      place: 'Home, Lark Rise',
      activity: 'Evening routine and hand care',
      whatWorked:
        'She let me put cream on her hands while she watched her programme, and held her hands out for more.',
      whatDidNotWork:
        'The skin on her hands has been red and cracked since Wednesday and she has been scratching it. ' +
        'After pottery she washes her hands again and again in very hot water.',
      learned:
        'Clay dries her skin out, and the hot water makes it worse. Cream straight after helps.',
      nextTime: 'Warm water, not hot, after clay. Cream straight after class, before the bus.',
      importantFor: 'Looking after her skin; she has had eczema before.',
    },
    {
      label: 'seat-taken',
      when: 'week 3 Tue 18:30',
      minutes: 60,
      author: 'priya',
      others: [bev],
      place: 'Millbrook Arts Centre, pottery room',
      activity: "Beginners' pottery class, third week; left at 19:30",
      whatWorked:
        'Leaving at 19:30 meant the quieter bus, and she was calm all the way home and chatty at tea. ' +
        'Bev was happy for her to go early.',
      whatDidNotWork:
        'A new student was sitting in her seat at the end of the table. Tamsin stood at the window for fifteen minutes and would not sit anywhere else until Bev moved people round.',
      learned: 'That seat matters to her: it is her place in the class. Leaving at 19:30 is right.',
      nextTime: 'Ask Bev to keep the end seat for Tamsin, perhaps with her name card on it.',
      participation: 'Once seated she worked without a break and started a second pinch pot.',
    },
    {
      label: 'first-saturday',
      when: 'week 3 Sat 10:00',
      minutes: 120,
      author: 'marcus',
      others: [ade],
      place: 'Millbrook Arts Centre, open studio',
      activity: 'Saturday morning open studio, first try',
      whatWorked:
        'Only four people there and no chatter. She worked for an hour without a break. Ade set a wheel to slow and she tried it with his hands over hers; she laughed out loud when the clay went wobbly.',
      whatDidNotWork:
        'I had told her we would have hot chocolate in the café afterwards, but the café was shut on Saturday mornings. ' +
        'She was cross and would not leave the car park for twenty minutes.',
      learned:
        'Saturday morning suits her much better than Tuesday evening. Promising something we have not checked backfires.',
      nextTime: 'Check opening times before promising anything. Try Saturdays again.',
      participation: 'Tried the wheel for the first time, with help.',
      importantTo: 'A treat to finish with, once it has been promised.',
    },
    {
      label: 'kiln-room',
      when: 'week 4 Tue 18:30',
      minutes: 60,
      author: 'owen',
      others: [bev],
      place: 'Millbrook Arts Centre, pottery room and kiln room',
      activity: "Beginners' pottery class, fourth week",
      whatWorked:
        'Her name card was on the end seat and she went straight to it. Hand cream out of her bag straight after class, and her hands looked better by the weekend.',
      whatDidNotWork:
        'Bev took the group into the kiln room to see the pots before firing. The extractor fan is very loud; she covered her ears and walked back to the classroom on her own.',
      learned:
        'She does not need to go into the kiln room. She took herself somewhere quieter, which is good to see.',
      nextTime: 'Ask Bev if Tamsin can see her fired pots in the classroom instead.',
      participation: 'Made a coil pot entirely on her own and painted it with blue slip.',
    },
    {
      label: 'swimming-by-mistake',
      when: 'week 4 Thu 11:00',
      minutes: 60,
      author: 'jo',
      place: 'Ferndale leisure centre pool',
      activity: 'Swimming',
      whatWorked: 'She swam two widths on her own and chose her own locker.',
      whatDidNotWork: 'The changing room was busy with a school group.',
      learned: 'Go before ten on weekdays.',
      nextTime: 'Ask reception about school bookings.',
    },
    {
      label: 'back-car-park',
      when: 'week 4 Sat 10:00',
      minutes: 120,
      author: 'marcus',
      with: ['jo'],
      others: [ade],
      place: 'Millbrook Arts Centre, open studio',
      activity: 'Saturday morning open studio',
      whatWorked:
        'I checked the café first and it was open. We used the picture card "pottery, then hot chocolate" and she finished on time. ' +
        'On Friday she had asked "Saturday pot?" on her own.',
      whatDidNotWork:
        'We parked on the high street and had to walk past the building site; the drilling stopped her in her tracks and she tried to turn back.',
      learned: 'Saturdays are becoming her thing. The route in matters as much as the session.',
      nextTime: 'Park in the back car park on Fenn Street and go in by the side door.',
      participation: 'Asked for the wheel herself.',
      importantTo: 'Saturday mornings at the studio, and the hot chocolate after.',
    },
    {
      label: 'cracked-pot',
      when: 'week 5 Tue 18:30',
      minutes: 60,
      author: 'priya',
      others: [bev],
      place: 'Millbrook Arts Centre, pottery room',
      activity: "Beginners' pottery class: fired pots handed back",
      whatWorked:
        'She held her fired coil pot up for everyone to see and then gave it to me to hold, saying "careful". She was beaming.',
      whatDidNotWork:
        'Her second pinch pot had cracked in the kiln. Bev said so in front of the whole group and threw it away. Tamsin cried and wanted to go home.',
      learned:
        'What she makes matters a great deal to her. Bad news about it, told in front of everyone, is very hard for her.',
      nextTime:
        'Ask Bev to tell us first, quietly, so we can show Tamsin a photo and talk about it before the class.',
      participation: 'Showed her pot to everyone at the table.',
      importantTo: 'Being proud of what she has made, and showing people.',
    },
    {
      label: 'cracked-pot-planter',
      when: 'week 5 Sat 10:00',
      minutes: 120,
      author: 'marcus',
      others: [ade],
      place: 'Millbrook Arts Centre, open studio',
      activity: 'Saturday morning open studio',
      whatWorked:
        'She had brought the cracked pot with her. I suggested a plant, and Ade gave her a cutting from the window sill; she planted it and carried it to the car herself.',
      whatDidNotWork:
        'She wanted the wheel straight away, but someone else was on it and she had to wait forty minutes. She paced and kept looking at the clock.',
      learned:
        'A cracked pot does not have to be a loss. Waiting without knowing how long is hard for her.',
      nextTime: 'Book the wheel with Ade for 10:30 and show her the time on her watch.',
      importantTo: 'Keeping the things she has made, even the imperfect ones.',
    },
    {
      label: 'forgot-cream',
      when: 'week 6 Tue 18:30',
      minutes: 60,
      author: 'owen',
      others: [bev],
      place: 'Millbrook Arts Centre, pottery room',
      activity: "Beginners' pottery class, sixth week",
      whatWorked:
        'She asked Bev for "blue" glaze using her own words and Bev showed her three blues to choose from.',
      whatDidNotWork:
        'The hand cream was in the staff bag and I had left it at home. By Thursday her knuckles were cracked again.',
      learned:
        'Things she needs should be in her own bag, not ours. She is speaking up for herself more each week.',
      nextTime: "Keep the hand cream in Tamsin's bag and check it is there before we leave.",
      importantFor: 'Her skin; the cream has to happen every time.',
    },
    {
      label: 'mum-visits',
      when: 'week 6 Thu 15:00',
      minutes: 90,
      author: 'jo',
      others: ['Carol Pebblewick (her mum)'],
      place: 'Home, Lark Rise',
      activity: 'Visit from her mum',
      whatWorked:
        'She took her mum to her room and showed her the pots one by one, saying "I made". Carol was in tears, happy ones.',
      whatDidNotWork:
        'Her pots are on the top shelf. She could not reach them and had to fetch a member of staff for each one.',
      learned:
        'Her pots are something to share with the people who matter to her, and she wants to be able to get at them.',
      nextTime: 'Put up a lower shelf in her room for her pots.',
      importantTo: 'Her mum seeing what she has made.',
    },
    {
      label: 'wheel-bowl',
      when: 'week 6 Sat 10:00',
      minutes: 120,
      author: 'marcus',
      with: ['priya'],
      others: [ade],
      place: 'Millbrook Arts Centre, open studio',
      activity: 'Saturday morning open studio',
      whatWorked:
        'Back car park and side door, no drilling. The wheel was booked for 10:30 and she waited calmly, checking her watch. ' +
        'She made a bowl on the wheel with Ade steadying it, and we had hot chocolate at twelve.',
      whatDidNotWork: 'Priya chatted to her while she worked, and she said "shh" and turned away.',
      learned:
        'She likes quiet while she is concentrating. She is happy to talk about it afterwards, over the hot chocolate.',
      nextTime: 'Keep quiet while she works; talk about it at the café.',
      participation: 'Made a bowl on the wheel with light help.',
      importantTo: 'Quiet while she works.',
    },
    {
      label: 'chooses-saturday',
      when: 'week 7 Tue 18:30',
      minutes: 45,
      author: 'priya',
      others: [bev],
      place: 'Millbrook Arts Centre, pottery room',
      activity: "Beginners' pottery class, seventh week",
      whatWorked:
        'At the end she told Bev "Saturday" and pointed at the studio timetable on the wall.',
      whatDidNotWork:
        'She was tired by 19:15 and we left early. She did very little clay work tonight.',
      learned:
        'She has chosen: Saturday mornings, not Tuesday evenings. She told us in her own way.',
      nextTime: 'Talk with her about stopping the Tuesday class at the end of term.',
      importantTo: 'Making her own choice about when she goes.',
    },
    {
      label: 'glaze-day',
      when: 'week 7 Sat 10:00',
      minutes: 120,
      author: 'marcus',
      others: [ade],
      place: 'Millbrook Arts Centre, open studio',
      activity: 'Saturday morning open studio: glazing the bowl',
      whatWorked:
        'She picked a dark blue glaze for her bowl without help and worked for forty minutes in silence, very focused.',
      whatDidNotWork:
        'Another student asked her a lot of questions; she stopped working until they went away.',
      learned: 'Quiet is what lets her concentrate, from anyone, not only from us.',
      nextTime: 'Ask Ade if she can use the bench by the window, away from the busiest table.',
      participation: 'Glazed the bowl entirely on her own.',
    },
  ],
  amendments: [
    {
      entry: 'cracked-pot',
      when: 'week 5 Sat 14:00',
      by: 'priya',
      reason: 'Corrected after speaking to Bev: the cracked pot was put aside, not thrown away.',
      changes: {
        whatDidNotWork:
          'Her second pinch pot had cracked in the kiln. Bev said so in front of the whole group and put it aside. Tamsin cried and wanted to go home.',
      },
    },
  ],
  withdrawals: [
    {
      entry: 'swimming-by-mistake',
      when: 'week 4 Fri 09:00',
      by: 'jo',
      reason:
        'Written in the pottery log by mistake; it is about swimming and has been recorded in the right place.',
    },
  ],
};
