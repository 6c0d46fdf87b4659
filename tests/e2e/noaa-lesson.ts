// The lesson a teacher writes from the NOAA StormReady release (tests/fixtures/articles), as the
// authoring spec types it into the editor pages and a student answers it. Every key and feedback is
// true of the release's text as the fixture holds it; the skeleton questions this article gives
// nothing to key (unnamed sources, guesses about motives, a search report) are removed instead.

export const S = {
	deaths:
		'Just two months into the year 2000, already 18 Americans have lost their lives to 29 tornadoes.',
	since1998:
		'Since 1998, nearly 2,700 tornadoes have killed almost 200 people and devastated numerous communities.',
	backdrop:
		'Against that backdrop, the National Oceanic and Atmospheric Administration today unveils StormReady, a new national program designed to give communities a fighting chance against tornadoes and other types of severe weather.',
	encourages:
		'StormReady encourages communities to take a new proactive approach to improving local hazardous weather operations and public awareness, said John J. "Jack" Kelly Jr., director of NOAA\'s National Weather Service.',
	goal: "Kelly said the National Weather Service's goal is to make 20 communities StormReady each year for the next five years.",
	promise:
		'"The local program works so well and holds such great promise for other communities, we think it will catch on across the country," Kelly said.',
	/** Two sentences of one quotation, which the splitter parts and the teacher joins. */
	addresses:
		'"StormReady addresses the need for a new level of community awareness to protect life and property from extreme weather.',
	partnerships: 'Through vital partnerships, we will save lives with the StormReady program."'
};

export type ChoiceOption = { text: string; correct: boolean; feedback: string };
export type Choice = {
	id: string;
	prompt?: string;
	options: ChoiceOption[];
	explanation: string;
};

export const preSource: Choice = {
	id: 'pre-source',
	options: [
		{
			text: 'It says the National Oceanic and Atmospheric Administration “today unveils StormReady”: NOAA announces its own program.',
			correct: true,
			feedback:
				'Right: the text announces a program of the National Oceanic and Atmospheric Administration in its own words, so NOAA is behind it.'
		},
		{
			text: 'The tornado figures in the first paragraph, because numbers always show who collected them.',
			correct: false,
			feedback:
				'These figures carry no source: the text does not say who counted them, so they cannot tell you who is behind it.'
		},
		{
			text: 'The quotation marks around Kelly’s words, because quotes always come from an outside reporter.',
			correct: false,
			feedback:
				'Quotation marks show who is quoted, not who wrote the text; Kelly directs NOAA’s own National Weather Service.'
		},
		{
			text: 'The mention of Tulsa, Oklahoma, because a text is always written where its program started.',
			correct: false,
			feedback:
				'The text says the program started in Tulsa; it does not say that Tulsa wrote or published the text.'
		}
	],
	explanation:
		'Look for who is speaking: a text that announces an organisation’s own program in the present tense is that organisation’s own statement.'
};

export const whoPublisher: Choice = {
	id: 'who-publisher',
	options: [
		{
			text: 'NOAA Office of Public Affairs, which wants communities to become StormReady.',
			correct: true,
			feedback:
				'Right: NOAA’s Office of Public Affairs published it, and the headline says what NOAA wants: the nation to be StormReady.'
		},
		{
			text: 'An independent newspaper, which wants readers to judge the program for themselves.',
			correct: false,
			feedback:
				'Nobody independent speaks in the text: it quotes only the director of NOAA’s National Weather Service and announces NOAA’s program.'
		},
		{
			text: 'The city of Tulsa, which wants other towns to copy its own storm plan.',
			correct: false,
			feedback:
				'The program was started by the National Weather Service Forecast Office in Tulsa, the text says; the text is NOAA’s, not the city’s.'
		},
		{
			text: 'A group of tornado survivors, who want readers to remember those who died.',
			correct: false,
			feedback:
				'The text counts deaths without a source, and no survivor speaks in it; NOAA’s Office of Public Affairs published it.'
		}
	],
	explanation:
		'A press office writes news releases to announce its organisation’s work and to win support for it.'
};

export const whoDate: Choice = {
	id: 'who-date',
	options: [
		{
			text: 'Its figures, such as 18 deaths in the first two months of 2000, describe early 2000 and have changed since.',
			correct: true,
			feedback:
				'Right: “Just two months into the year 2000” ties the count to its date; later records give other totals.'
		},
		{
			text: 'A text from 2000 cannot be trusted at all, because it is old.',
			correct: false,
			feedback:
				'Age alone does not make a text wrong; it tells you which of its facts may have changed since.'
		},
		{
			text: 'The date does not matter, because counts of tornado deaths never change.',
			correct: false,
			feedback:
				'They do change: the text counts deaths only two months into the year, a total that grew as the year went on.'
		},
		{
			text: 'The date shows that 100 communities were already StormReady when it was written.',
			correct: false,
			feedback:
				'On that date NOAA was only unveiling the national program; 20 communities a year was a goal for the next five years.'
		}
	],
	explanation:
		'A date tells you what the writer could know at the time, and which of the figures to look up again.'
};

/** Added to “What is the evidence?” in place of the skeleton’s marking of unnamed sources. */
export const namedSource: Choice = {
	id: '',
	prompt:
		'Which of these does the text say came from a named person? Choose every answer that fits.',
	options: [
		{
			text: 'The goal of making 20 communities StormReady each year',
			correct: true,
			feedback: 'Right: “Kelly said” the National Weather Service’s goal is 20 communities a year.'
		},
		{
			text: 'The prediction that the program “will catch on across the country”',
			correct: true,
			feedback: 'Right: the text ends that quotation with “Kelly said”.'
		},
		{
			text: 'The count of 18 Americans killed by tornadoes in 2000',
			correct: false,
			feedback: 'The text gives this count without saying whose count it is.'
		},
		{
			text: 'The figure of nearly 2,700 tornadoes since 1998',
			correct: false,
			feedback: 'No person or record is named for this figure.'
		}
	],
	explanation:
		'Words such as “said” beside a name tell you whom a claim comes from, and so whom to check it with.'
};

/** Version 2's change of key: the third option reworded to something Kelly is named as saying, and right. */
export const namedSourceV2Option: ChoiceOption = {
	text: 'That StormReady encourages a new proactive approach',
	correct: true,
	feedback:
		'Right: the text names who said it, John J. “Jack” Kelly Jr., director of NOAA’s National Weather Service.'
};

export const lateralFirst: Choice = {
	id: 'lateral-first',
	options: [
		{
			text: 'Who NOAA Office of Public Affairs is, from sources with no stake in the text.',
			correct: true,
			feedback:
				'Right: find out who is behind the text from sources that do not depend on it, before weighing what it says.'
		},
		{
			text: 'Whether the headline is printed in capital letters.',
			correct: false,
			feedback: 'How a headline is printed says little about whether its claims hold.'
		},
		{
			text: 'How many times the text uses the word StormReady.',
			correct: false,
			feedback: 'Counting words does not tell you who is behind a text or whether it is right.'
		},
		{
			text: 'What the text says about itself in its last paragraph.',
			correct: false,
			feedback:
				'A text’s own words cannot tell you whether to trust it: fact-checkers look outside it.'
		}
	],
	explanation: 'Fact-checkers read laterally: they leave the text to learn who is behind it.'
};

export const postSource: Choice = {
	id: 'post-source',
	options: [
		{
			text: 'The headline, which says that NOAA wants the nation to be StormReady.',
			correct: true,
			feedback:
				'Right: the headline states NOAA’s aim outright, and the rest of the text argues for it.'
		},
		{
			text: 'The number of tornadoes counted since 1998.',
			correct: false,
			feedback: 'The number sets the scene; it does not say what the publisher wants.'
		},
		{
			text: 'The name of the forecast office in Tulsa, Oklahoma.',
			correct: false,
			feedback:
				'Where the program started says nothing about what its publisher wants you to believe.'
		},
		{
			text: 'The list of partners: emergency managers and the media.',
			correct: false,
			feedback: 'The partners describe the program; they are no clue to the publisher’s aim.'
		}
	],
	explanation:
		'A headline that says what an organisation wants is the plainest clue to a text’s purpose.'
};

export const framingLoaded = {
	id: 'framing-loaded',
	prompt:
		'Mark every sentence that uses words chosen to make you feel something about the program, not just to describe it.',
	/** The first target comes from the text check’s suggestion (“great”), accepted there. */
	targets: [
		{
			quote: S.promise,
			feedback:
				'“Works so well” and “such great promise” praise the program; the sentence gives no figures to show how well it works.'
		},
		{
			quote: S.backdrop,
			feedback:
				'“A fighting chance” makes the program sound like a rescue; a plain report would say what the program does.'
		}
	],
	optional: [
		{
			quote: S.since1998,
			feedback:
				'“Devastated” is a strong word, though tornadoes that killed almost 200 people did great harm: a careful reader may mark it or not.'
		}
	],
	decoys: [
		{
			quote: S.goal,
			feedback: 'This states a goal in plain numbers: 20 communities a year for five years.'
		}
	],
	otherFeedback:
		'This sentence reports or explains; its words do not praise the program or tell you how to feel about it.',
	explanation:
		'Words like “fighting chance” and “great promise” tell readers how to feel about the program before they have figures to judge it by.'
};

export const evidenceSort = {
	id: 'evidence-sort',
	claims: [
		{
			quote: S.goal,
			category: 'Checkable, source given',
			feedback:
				'The Weather Service’s own records could show its goal, and the text names who said it: Kelly.'
		},
		{
			quote: S.encourages,
			category: 'Checkable, source given',
			feedback:
				'What the program asks of communities can be checked in its own rules, and the text names who said it: Kelly.'
		},
		{
			quote: S.deaths,
			category: 'Checkable, no source given',
			feedback:
				'Weather records could show this count, but the text does not say whose count it is.'
		},
		{
			quote: S.since1998,
			category: 'Checkable, no source given',
			feedback: 'Weather records could show these figures, but the text gives no source for them.'
		},
		{
			quote: 'we think it will catch on across the country',
			category: 'Judgement or guess',
			feedback: 'A prediction: no record could show it true or false when it was written.'
		},
		{
			quote: 'Through vital partnerships, we will save lives with the StormReady program.',
			category: 'Judgement or guess',
			feedback: 'A promise about the future: no record could settle it when it was written.'
		}
	]
};

export const conclusion = {
	id: 'conclusion',
	modelAnswer:
		'A reader can trust the release for what NOAA announced: a voluntary StormReady program, started by the forecast office in Tulsa, with the goal Kelly gives of 20 communities a year for five years. It is NOAA’s own news release, so it shows its program in the best light: “a fighting chance”, “such great promise” and the prediction that it “will catch on” are promotion, not evidence. The tornado figures in the first paragraph give no source, so a reader should check them in weather records before relying on them. To be fair, the release names who said what.'
};

/** What the students write: true of the release, and longer than the 40 words asked for. */
export const STUDENT_CONCLUSION =
	'I would trust this text for the facts about the program, such as who started it and the goal of twenty communities a year, because a named director says them. It is a news release by NOAA about its own program, so words like fighting chance and great promise are there to win support. The tornado numbers have no source, so I would check them first.';
