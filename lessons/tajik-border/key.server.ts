import type { ModuleKeyInput } from '$lib/server/lessons';

// Answer keys, feedback, rubrics and model answers. Server-only: SvelteKit refuses to bundle a
// *.server.ts file for the browser. Every key is argued from the article's own words; quotes in
// “curly quotes” are checked against the article when the module loads.

const confidence = true;

const sortCategories = [
	{
		id: 'fact',
		label: 'Checkable fact',
		description:
			'A specific event or statement (who, what, when) that records could confirm or refute.'
	},
	{
		id: 'opinion',
		label: 'Opinion or judgement',
		description: 'A view, label or metaphor. People can reasonably disagree; no record settles it.'
	},
	{
		id: 'unsupported',
		label: 'Unsupported claim',
		description:
			'Stated as fact, but sweeping, about hidden motives, or without any source or evidence in the article.'
	}
];

export default {
	questions: [
		// Pre-check: one item per skill; the post-check has a different item for each.
		{
			type: 'single',
			id: 'pre-credit-line',
			skill: 'sourcing',
			once: true,
			prompt:
				'An article ends with the line “Written for the Central Media Office of Hizb ut Tahrir by” and then the name “Umar Farsi”. What does that line tell a reader most directly?',
			options: [
				{
					id: 'independent',
					text: 'It is a news report from an independent agency.',
					correct: false,
					feedback:
						'Nothing in the line says the writer is independent. It says the text was written for an organisation’s media office.'
				},
				{
					id: 'organisation',
					text: 'It was written for an organisation’s media office, so it is likely to present that organisation’s point of view.',
					correct: true,
					feedback:
						'Yes. A text written for an organisation’s media office speaks for that organisation. That does not make it false, but it tells you to expect its point of view.'
				},
				{
					id: 'official',
					text: 'The writer is a government official.',
					correct: false,
					feedback:
						'The line gives no job or title for Umar Farsi, only who the text was written for.'
				},
				{
					id: 'checked',
					text: 'It has been checked by fact-checkers before publication.',
					correct: false,
					feedback:
						'A credit line says who wrote a text and for whom. It says nothing about checking.'
				}
			],
			explanation:
				'Credit lines and “about” pages are the first clue to who is behind a text and why it was written.',
			confidence
		},
		{
			type: 'single',
			id: 'pre-named-source',
			skill: 'evidence',
			once: true,
			prompt: 'Which of these sentences from the article names the person its claim comes from?',
			options: [
				{
					id: 'shohiyon',
					text: '“the Deputy Commander of the Border Troops of the State Committee for National Security of Tajikistan Abdusattor Shohiyon said that the threat to the security of the state border is growing every day.”',
					correct: true,
					feedback:
						'Right: the claim is attributed to a named official with a stated job. A reader can look up what he said and where.'
				},
				{
					id: 'observers',
					text: '“Observers do not exclude the existence on the territory of Afghanistan of people from Central Asian countries who left their homes under pressure from the authorities”',
					correct: false,
					feedback:
						'“Observers” are not named. Nobody can check who they are or what exactly they said.'
				},
				{
					id: 'excuse',
					text: '“the creation of public opinion about the threat of an invasion of Tajikistan from Afghanistan was initially created by Russia as an excuse”',
					correct: false,
					feedback: 'This claim is given with no source at all: the article simply asserts it.'
				},
				{
					id: 'secret',
					text: "“It's not a secret to anyone that Russian military bases are located in Tajikistan”",
					correct: false,
					feedback:
						'“Not a secret to anyone” appeals to common knowledge instead of naming a source.'
				}
			],
			explanation:
				'An attributed claim names who said it; a vague claim points at unnamed groups; an unsupported claim gives nothing.',
			confidence
		},
		{
			type: 'single',
			id: 'pre-loaded-words',
			skill: 'framing',
			once: true,
			prompt:
				'Which phrase from the article is a loaded word choice rather than a neutral description?',
			options: [
				{
					id: 'corrupt',
					text: '“the corrupt pro-Russian regime of Rakhmon”',
					correct: true,
					feedback:
						'Yes. “Corrupt”, “pro-Russian” and “regime” all pass judgement on the government before any evidence is given.'
				},
				{
					id: 'lower-house',
					text: '“the Lower House of the Parliament of Tajikistan”',
					correct: false,
					feedback: 'This names an institution plainly, without judging it.'
				},
				{
					id: 'teams',
					text: '“joint teams of specialists (experts) of border agencies”',
					correct: false,
					feedback: 'This describes what the agreement sets up, in neutral terms.'
				},
				{
					id: 'deputy',
					text: '“the Deputy Commander of the Border Troops”',
					correct: false,
					feedback: 'A job title is a description, not a judgement.'
				}
			],
			explanation: 'Loaded words carry a judgement; neutral words describe.',
			confidence
		},

		// Step 2: who is behind it
		{
			type: 'single',
			id: 'who-credit',
			prompt: 'According to the text itself, who is behind this article?',
			options: [
				{
					id: 'farsi',
					text: 'Umar Farsi, writing for the Central Media Office of Hizb ut Tahrir.',
					correct: true,
					feedback:
						'Yes. The credit line at the end says so: “Written for the Central Media Office of Hizb ut Tahrir by Umar Farsi”.'
				},
				{
					id: 'parliament',
					text: 'The Parliament of Tajikistan.',
					correct: false,
					feedback:
						'The parliament is something the article writes about (it ratified an agreement), not its author.'
				},
				{
					id: 'shohiyon',
					text: 'Abdusattor Shohiyon, a border commander.',
					correct: false,
					feedback:
						'Shohiyon is quoted in the article, and the article disagrees with him. He did not write it.'
				},
				{
					id: 'russian-media',
					text: 'Russian media.',
					correct: false,
					feedback:
						'The article criticises Russian media and officials; it was not written by them.'
				}
			],
			explanation:
				'The beginning of a text tells you its topic; its credit line tells you who is speaking.',
			confidence
		},
		{
			type: 'single',
			id: 'who-genre',
			prompt: 'What kind of text is this?',
			options: [
				{
					id: 'news',
					text: 'A news report that sets out what happened and leaves judgement to the reader.',
					correct: false,
					feedback:
						'Only the first paragraphs report events. Most of the text argues: it calls the threat “imaginary” and says what Russia “actually wants”.'
				},
				{
					id: 'advocacy',
					text: 'An opinion or advocacy piece that argues for a point of view.',
					correct: true,
					feedback:
						'Yes. It argues a case from the headline to the end, addresses readers with “We must not forget”, and passes judgement on governments.'
				},
				{
					id: 'government',
					text: 'An official statement from the government of Tajikistan.',
					correct: false,
					feedback:
						'The article attacks the Tajik government (“the corrupt pro-Russian regime of Rakhmon”); it does not speak for it.'
				},
				{
					id: 'research',
					text: 'A research study with sources and data.',
					correct: false,
					feedback: 'The article cites no studies, data tables or references.'
				}
			],
			explanation:
				'Knowing the genre tells you what to expect: an advocacy piece is written to persuade, so check its claims before accepting them.',
			confidence
		},
		{
			type: 'multiple',
			id: 'who-purpose',
			prompt: 'What does the article try to persuade readers of?',
			options: [
				{
					id: 'imaginary',
					text: 'That the threat of militants breaking through from Afghanistan is exaggerated or imaginary.',
					correct: true,
					feedback:
						'Yes: it speaks of “an imaginary threat of militants breaking out of Afghanistan”.'
				},
				{
					id: 'russia-excuse',
					text: 'That Russia uses talk of the threat as an excuse to gain more control in Tajikistan.',
					correct: true,
					feedback:
						'Yes: it says the threat was “created by Russia as an excuse for even more interference”.'
				},
				{
					id: 'regime-fear',
					text: 'That Tajikistan’s government benefits from people’s fear.',
					correct: true,
					feedback:
						"Yes: it says the regime “hopes to create an atmosphere of fear among the country's population”."
				},
				{
					id: 'join',
					text: 'That readers should volunteer for the border troops.',
					correct: false,
					feedback: 'The article asks nothing of the kind; it distrusts the border authorities.'
				},
				{
					id: 'no-smuggling',
					text: 'That there is no violence at the border at all.',
					correct: false,
					feedback:
						'The article says incidents do happen, but blames “smugglers”, with “armed clashes” between smuggler groups.'
				}
			],
			explanation: 'An advocacy piece usually has one main claim and several supporting ones.',
			confidence
		},
		{
			type: 'single',
			id: 'who-date',
			prompt: 'What does the article tell you about when it was written?',
			options: [
				{
					id: 'indirect',
					text: 'Only a little: it mentions “October 16” without a year and speaks of 2017-2018 in the past, so it was written after 2018, but it gives no date of publication.',
					correct: true,
					feedback:
						'Yes. Without a date you cannot tell how current its claims are, which is one more thing to check elsewhere.'
				},
				{
					id: 'october',
					text: 'It was published on October 16.',
					correct: false,
					feedback:
						'October 16 is when, according to the article, the parliament ratified the agreement, not when the article appeared.'
				},
				{
					id: 'dated',
					text: 'It gives its full date of publication at the top.',
					correct: false,
					feedback: 'Look again: there is no date line at the top or the bottom.'
				},
				{
					id: 'before-2017',
					text: 'It was written before 2017.',
					correct: false,
					feedback: 'It mentions events “in 2017-2018” as past, so it was written after them.'
				}
			],
			explanation:
				'When a text was written matters: a claim about the “near future” is only useful if you know when that was.',
			confidence
		},

		// Step 3: what is the evidence?
		{
			type: 'mark',
			id: 'evidence-unnamed',
			prompt:
				'Mark every sentence that rests a claim on people or sources that are not named: unidentified experts, observers, officials or media, for example.',
			targets: [
				{
					quote: 'by both Tajik and Russian experts and officials',
					feedback:
						'“Tajik and Russian experts and officials” are never named, so a reader cannot check what they said.'
				},
				{
					quote: 'which was so much talked about by Russian media and officials',
					feedback: '“Russian media and officials” are not named: which outlets, which officials?'
				},
				{
					quote: 'Observers do not exclude',
					feedback: 'Who are the “observers”? The article does not say.'
				}
			],
			optional: [
				{
					quote: 'according to the data received',
					feedback:
						'A fair mark either way: Shohiyon is named, but he relies on “the data received” from an unnamed source.'
				}
			],
			decoys: [
				{
					quote: 'Abdusattor Shohiyon said',
					feedback: 'This claim has a named source: Abdusattor Shohiyon, with his job title.'
				},
				{
					quote: 'According to him,',
					feedback: '“Him” is Shohiyon, named in the sentence before.'
				},
				{
					quote: "It's not a secret to anyone",
					feedback:
						'This gives no source at all rather than an unnamed one: it appeals to what “anyone” knows.'
				},
				{
					quote: 'was initially created by Russia as an excuse',
					feedback:
						'This claim has no source of any kind, named or unnamed: the article just asserts it.'
				}
			],
			otherFeedback: 'This sentence does not point to any outside source for its claim.',
			explanation:
				'Vague sources sound like support but cannot be checked. Naming a source lets readers verify it.'
		},
		{
			type: 'sort',
			id: 'evidence-sort',
			prompt:
				'Sort each quoted claim: is it a checkable fact, an opinion or judgement, or an unsupported claim?',
			categories: sortCategories,
			discernment: { keep: 'fact', catch: 'unsupported' },
			claims: [
				{
					id: 'ratified',
					quote:
						'on October 16, the Lower House of the Parliament of Tajikistan ratified the Agreement',
					category: 'fact',
					feedback:
						'Checkable: a named body, a named agreement and a date. Parliamentary records would confirm or refute it.'
				},
				{
					id: 'shohiyon-said',
					quote:
						'Abdusattor Shohiyon said that the threat to the security of the state border is growing every day',
					category: 'fact',
					feedback:
						'That he said it is checkable: a named official, on a named occasion. Whether the threat really grows is a separate question.'
				},
				{
					id: 'bases',
					quote: 'Russian military bases are located in Tajikistan',
					category: 'fact',
					feedback:
						'A specific, checkable statement about where bases are. The article gives no source, but records and reporting can confirm or refute it.'
				},
				{
					id: 'chessboard',
					quote: 'is a chessboard for the intrigues of superpowers',
					category: 'opinion',
					feedback:
						'A metaphor: it expresses a view of the region. No record could prove it true or false.'
				},
				{
					id: 'corrupt',
					quote: 'the corrupt pro-Russian regime of Rakhmon',
					category: 'opinion',
					feedback:
						'A judgement packed into a label. Someone could argue for it with evidence, but here it is simply asserted as a description.'
				},
				{
					id: 'smugglers',
					quote:
						'all incidents regularly occurring on the Tajik-Afghan border are not related to the militants',
					category: 'unsupported',
					feedback:
						'A sweeping claim (“all incidents”) stated as fact with no source, record or example.'
				},
				{
					id: 'not-single',
					quote: 'not a single case of clashes related to the militants has been recorded',
					category: 'unsupported',
					feedback:
						'“Not a single case … has been recorded”: recorded by whom? The article cites no record.'
				},
				{
					id: 'excuse',
					quote: 'was initially created by Russia as an excuse',
					category: 'unsupported',
					feedback:
						'A claim about Russia’s hidden purpose, stated as fact (“In fact”) with no evidence.'
				}
			],
			explanation:
				'A good reader keeps checkable facts as facts and catches unsupported claims, rather than doubting everything.',
			confidence
		},
		{
			type: 'single',
			id: 'evidence-official',
			prompt:
				'Shohiyon says the danger of a breakthrough is growing, “according to the data received”. How does the article treat his claim, and is that fair?',
			options: [
				{
					id: 'fair-doubt',
					text: 'It doubts the claim, and the doubt is reasonable: the article shows no data for it. But the article’s own counter-claims are not sourced either.',
					correct: true,
					feedback:
						'Yes. The official claim, as reported here, rests on data nobody is shown, so doubting it is fair. The article then replaces it with claims (“not a single case … has been recorded”) that have no source either.'
				},
				{
					id: 'disproves',
					text: 'It disproves the claim with border records.',
					correct: false,
					feedback:
						'The article cites no records. It says no clashes “has been recorded” without saying where.'
				},
				{
					id: 'accepts',
					text: 'It accepts the claim and warns readers about the danger.',
					correct: false,
					feedback: 'The article calls the breakthrough “alleged” and the threat “imaginary”.'
				},
				{
					id: 'shows-data',
					text: 'It quotes the data the official relied on.',
					correct: false,
					feedback:
						'Neither the official nor the article shows any data; “the data received” is all we are told.'
				}
			],
			explanation:
				'Being fair means applying the same standard to both sides: an official claim without evidence and a counter-claim without evidence are equally unproven.',
			confidence
		},

		// Step 4: language and framing
		{
			type: 'mark',
			id: 'framing-loaded',
			prompt:
				'Mark every sentence that uses loaded words: words chosen to make you judge a government or country, not just to describe it.',
			targets: [
				{
					quote: 'But the corrupt pro-Russian regime of Rakhmon',
					feedback:
						'“Corrupt pro-Russian regime” and “a return to the colonial past” judge the government before giving any evidence.'
				},
				{
					quote: 'because of the anti-Islamic policies pursued by the regimes of these countries',
					feedback:
						'“Anti-Islamic policies” and “regimes” are judgements about the region’s governments.'
				},
				{
					quote: 'For the Rakhmon regime, this agreement is advantageous',
					feedback: 'Calling the government “the Rakhmon regime” frames it as illegitimate.'
				},
				{
					quote: 'imaginary threat of militants',
					feedback:
						'“Imaginary threat”, “so-called peaceful life” and “the Russian occupier” all carry strong judgements.'
				}
			],
			optional: [
				{
					quote: 'the alleged breakthrough',
					feedback:
						'“Alleged” signals doubt from the first sentence. A fair mark, though the word is milder than the others.'
				},
				{
					quote: 'interference in the affairs of its former colony',
					feedback: '“Interference” and “former colony” lean on feeling; a fair mark either way.'
				},
				{
					quote: 'is a chessboard for the intrigues of superpowers',
					feedback: '“Intrigues of superpowers” is colourful and judging; a fair mark either way.'
				}
			],
			decoys: [
				{
					quote: 'ratified the Agreement on the procedure',
					feedback: 'This sentence reports what the parliament did, in neutral words.'
				},
				{
					quote: 'Abdusattor Shohiyon said',
					feedback: 'This reports what an official said. The words describe; they do not judge.'
				}
			],
			otherFeedback:
				'The words in this sentence describe or argue, but do not carry a strong judgement on their own.',
			explanation:
				'Loaded words do the persuading before the argument does. Spotting them lets you ask: what is the evidence behind the label?'
		},
		{
			type: 'single',
			id: 'framing-motive',
			prompt:
				"The article says the Tajik government “hopes to create an atmosphere of fear among the country's population”. What kind of statement is this?",
			options: [
				{
					id: 'motive',
					text: 'A claim about what the government intends, stated as fact with no evidence.',
					correct: true,
					feedback:
						'Yes. Nobody can see into a government’s hopes; the article offers no document, quote or example to show this intention.'
				},
				{
					id: 'quote',
					text: 'A quotation from a government document.',
					correct: false,
					feedback: 'No document is quoted. These are the article’s own words.'
				},
				{
					id: 'survey',
					text: 'The result of a survey about fear in Tajikistan.',
					correct: false,
					feedback: 'No survey is mentioned anywhere in the article.'
				},
				{
					id: 'summary',
					text: 'A neutral summary of the agreement.',
					correct: false,
					feedback:
						'The agreement is about joint border teams; this sentence is about motives, not its content.'
				}
			],
			explanation:
				'Guesses about motives (“actually wants”, “hopes to”) are often presented as facts. Ask: how could the writer know?',
			confidence
		},
		{
			type: 'single',
			id: 'framing-choice',
			prompt:
				'The article ends: the government is “putting it before a choice: either the so-called peaceful life, but in the shadow of the Russian occupier, or the constant war and devastation”. Which is the most careful reading?',
			options: [
				{
					id: 'careful',
					text: 'The article says the government offers people a false choice between two options only; but that the government does this is the writer’s own claim, with no quotation or example.',
					correct: true,
					feedback:
						'Yes. The “either … or” is a false choice, as the article suggests, but the article gives no evidence that the government actually puts it to people.'
				},
				{
					id: 'speech',
					text: 'The article quotes a government speech that offers these two choices.',
					correct: false,
					feedback: 'There is no quotation from any speech; the words are the writer’s.'
				},
				{
					id: 'survey',
					text: 'The article reports a poll asking people to choose between the two.',
					correct: false,
					feedback: 'No poll is mentioned.'
				},
				{
					id: 'only-options',
					text: 'The article shows that these really are the only two options.',
					correct: false,
					feedback:
						'Nothing in the article shows that; presenting only two options is exactly what makes a choice false.'
				}
			],
			explanation:
				'A false choice hides the other possibilities. Also ask who is said to offer it, and on what evidence.',
			confidence
		},
		{
			type: 'single',
			id: 'framing-headline',
			prompt: 'The headline asks “Myth or Reality?”. How does the article answer its own question?',
			options: [
				{
					id: 'rhetorical',
					text: 'It treats the threat as a myth from the start, so the question is rhetorical.',
					correct: true,
					feedback:
						'Yes. The first sentence already calls the breakthrough “alleged”, and the last paragraph calls the threat “imaginary”. The question was never open.'
				},
				{
					id: 'both-sides',
					text: 'It weighs evidence on both sides and leaves the question open.',
					correct: false,
					feedback:
						'It reports the official view in one paragraph and argues against it for the rest.'
				},
				{
					id: 'real',
					text: 'It concludes that the threat is real.',
					correct: false,
					feedback: 'It concludes the opposite: it speaks of “an imaginary threat”.'
				},
				{
					id: 'never',
					text: 'It never comes back to the question.',
					correct: false,
					feedback: 'It does: the final paragraph answers it with “imaginary threat”.'
				}
			],
			explanation:
				'A question headline can look open-minded while the text has already decided. Compare the headline with the conclusion.',
			confidence
		},

		// Step 5: lateral reading
		{
			type: 'single',
			id: 'lateral-first',
			prompt: 'Before deciding what to believe, what would a fact-checker look up first?',
			options: [
				{
					id: 'who',
					text: 'Who Hizb ut Tahrir and its Central Media Office are, in sources that are independent of them.',
					correct: true,
					feedback:
						'Yes. Find out who is behind a source from others who know about it, before spending time on its claims.'
				},
				{
					id: 'same-office',
					text: 'Other articles published by the same media office.',
					correct: false,
					feedback: 'More texts from the same source show its view again; they cannot check it.'
				},
				{
					id: 'reread',
					text: 'Read this article again, more slowly.',
					correct: false,
					feedback:
						'Close reading helps with language, but it cannot tell you whether the claims are true. That needs other sources.'
				},
				{
					id: 'count',
					text: 'How many websites repeat the headline.',
					correct: false,
					feedback: 'Many copies of a claim are not independent confirmations of it.'
				}
			],
			explanation:
				'Lateral reading starts with the source: leave the page to learn who is behind it.',
			confidence
		},
		{
			type: 'multiple',
			id: 'lateral-independent',
			prompt:
				'Which of these would be independent ways to check the claim that “not a single case of clashes related to the militants has been recorded”?',
			options: [
				{
					id: 'news',
					text: 'Reporting on Tajik-Afghan border incidents by established news organisations with no stake in the dispute.',
					correct: true,
					feedback:
						'Yes: reporters who are not part of the argument can show whether such clashes were reported.'
				},
				{
					id: 'research',
					text: 'Reports by independent research organisations that record armed incidents.',
					correct: true,
					feedback:
						'Yes: organisations that keep records of incidents are exactly the “record” the article mentions but never cites.'
				},
				{
					id: 'same-source',
					text: 'Another statement by the same media office.',
					correct: false,
					feedback: 'The same source repeating itself is not a check.'
				},
				{
					id: 'border-troops',
					text: 'A statement by the Tajik border troops alone.',
					correct: false,
					feedback:
						'Worth reading to compare, but the border troops are a party to this argument, so alone they are not an independent check.'
				},
				{
					id: 'shares',
					text: 'Social media posts sharing the article.',
					correct: false,
					feedback: 'Shares show that people spread the claim, not that it is true.'
				}
			],
			explanation:
				'Independent means having no stake in the claim. Sources on either side of an argument are useful to compare, but they are not neutral checks.',
			confidence
		},
		{
			type: 'written',
			id: 'lateral-plan',
			prompt:
				'Plan your own lateral-reading check. Name two searches you would run, say what kind of source you would trust for each and why, and say what result would change your mind about the article.',
			guidance:
				'For example: what you would search for, where (what kind of site or organisation), and what you would expect to find if the article were right or wrong.',
			minWords: 25,
			rubric: [
				{
					id: 'searches',
					label: 'Searches',
					levels: [
						{
							score: 0,
							label: 'Not yet',
							description: 'No clear search, or searches that would only find the article again.'
						},
						{
							score: 1,
							label: 'Developing',
							description: 'One useful search, or two that are vague.'
						},
						{
							score: 2,
							label: 'Secure',
							description:
								'Two specific searches: one about who is behind the article, one about a key claim.'
						}
					]
				},
				{
					id: 'independence',
					label: 'Independent sources',
					levels: [
						{
							score: 0,
							label: 'Not yet',
							description: 'Sources named are the article’s own side or none at all.'
						},
						{
							score: 1,
							label: 'Developing',
							description: 'Names reasonable sources but does not say why they can be trusted.'
						},
						{
							score: 2,
							label: 'Secure',
							description: 'Chooses sources with no stake in the claim and explains why.'
						}
					]
				},
				{
					id: 'change-mind',
					label: 'What would change your mind',
					levels: [
						{ score: 0, label: 'Not yet', description: 'Does not say what evidence would matter.' },
						{
							score: 1,
							label: 'Developing',
							description: 'Says something would matter, but not what.'
						},
						{
							score: 2,
							label: 'Secure',
							description: 'Names a specific finding that would support or undermine the article.'
						}
					]
				}
			],
			modelAnswer:
				'First I would search for “Hizb ut Tahrir” and read about it in an encyclopedia and in established news organisations, to learn who is behind the article and what it wants, without relying on its own description. Second I would search news reports and research organisations that record armed incidents for clashes on the Tajik-Afghan border involving militants, to test the claim that not a single case has been recorded. These sources are useful because they have no stake in the argument and say where their information comes from. If independent reporting described clashes involving militants at the border, the article’s central claim would be wrong; if it found only smuggling incidents, that would support it.'
		},

		// Step 6: conclusion
		{
			type: 'written',
			id: 'conclusion',
			prompt:
				'How far should a reader trust this article’s claim that the threat of militants is “imaginary”? Write a short paragraph (about 4 to 8 sentences) that uses evidence from the text.',
			guidance:
				'Say what you conclude, point to specific sentences, think about who is behind the article, and be fair: is there anything the article is right to question?',
			minWords: 40,
			rubric: [
				{
					id: 'claim',
					label: 'A clear judgement',
					levels: [
						{
							score: 0,
							label: 'Not yet',
							description: 'No judgement, or “it is true/false” with no limits.'
						},
						{
							score: 1,
							label: 'Developing',
							description: 'A judgement, but not tied to the article’s main claim.'
						},
						{
							score: 2,
							label: 'Secure',
							description: 'A clear, qualified judgement about how far to trust the main claim.'
						}
					]
				},
				{
					id: 'evidence',
					label: 'Evidence from the text',
					levels: [
						{ score: 0, label: 'Not yet', description: 'No reference to the article’s words.' },
						{
							score: 1,
							label: 'Developing',
							description: 'Refers to the article in general terms.'
						},
						{
							score: 2,
							label: 'Secure',
							description: 'Points to specific sentences or words and says what they show.'
						}
					]
				},
				{
					id: 'sourcing',
					label: 'Who is behind it',
					levels: [
						{
							score: 0,
							label: 'Not yet',
							description: 'Does not consider the author or publisher.'
						},
						{
							score: 1,
							label: 'Developing',
							description: 'Mentions the publisher without saying why it matters.'
						},
						{
							score: 2,
							label: 'Secure',
							description: 'Explains how the publisher and purpose affect how to read the article.'
						}
					]
				},
				{
					id: 'fairness',
					label: 'Fairness',
					levels: [
						{ score: 0, label: 'Not yet', description: 'Dismisses or accepts everything.' },
						{
							score: 1,
							label: 'Developing',
							description: 'Notes a strength or a weakness, not both.'
						},
						{
							score: 2,
							label: 'Secure',
							description:
								'Notes what the article rightly questions as well as what it fails to support.'
						}
					]
				}
			],
			modelAnswer:
				'A reader should not accept the claim that the threat is “imaginary” on this article’s word. The article was written for the Central Media Office of Hizb ut Tahrir, so it is an advocacy piece arguing that organisation’s view, not a neutral report. It is right to question the official warning: Shohiyon speaks of “the data received” but no data is shown. Yet the article’s own key claims are no better supported: it says “not a single case of clashes related to the militants has been recorded” and that “all incidents” involve smugglers, without citing any record. It also states guesses about motives as facts, such as what Russia “actually wants” and that the government “hopes to create an atmosphere of fear”, and it uses loaded words like “corrupt pro-Russian regime”. Before believing either side, a reader should check independent reporting on incidents at the Tajik-Afghan border.'
		},

		// Post-check: a new item for each pre-check skill.
		{
			type: 'single',
			id: 'post-verdict',
			skill: 'sourcing',
			once: true,
			prompt:
				'A classmate says that because the article was written for the Central Media Office of Hizb ut Tahrir, everything in it must be false. What is the best reply?',
			options: [
				{
					id: 'check',
					text: 'Who is behind it tells us its purpose, not whether each claim is true; we should check the claims in independent sources.',
					correct: true,
					feedback:
						'Yes. Knowing the source tells you to read with care. Each claim still has to be checked on its own.'
				},
				{
					id: 'agree',
					text: 'You are right: an organisation’s article can be ignored completely.',
					correct: false,
					feedback:
						'Dismissing everything is as careless as believing everything. Some of its statements, like the ratification on October 16, can be checked and may be true.'
				},
				{
					id: 'trust',
					text: 'No: because it names its author, everything in it must be true.',
					correct: false,
					feedback: 'Naming an author makes a text accountable, not true.'
				},
				{
					id: 'length',
					text: 'It is long and detailed, so it must be reliable.',
					correct: false,
					feedback: 'Length and detail are not evidence; the details need sources.'
				}
			],
			explanation: 'The source shapes how you read; it does not replace checking.',
			confidence
		},
		{
			type: 'single',
			id: 'post-sweeping',
			skill: 'evidence',
			once: true,
			prompt: 'Which sentence makes a sweeping claim and gives no source for it?',
			options: [
				{
					id: 'all-incidents',
					text: '“all incidents regularly occurring on the Tajik-Afghan border are not related to the militants, but are related to smugglers”',
					correct: true,
					feedback:
						'Yes. “All incidents” covers every case, and the article gives no record, report or example.'
				},
				{
					id: 'according',
					text: '“According to him, the probability of a breakthrough of the border in the near future by militants from Afghanistan is growing.”',
					correct: false,
					feedback: 'This is attributed: “him” is the named official, Shohiyon.'
				},
				{
					id: 'ratified',
					text: '“on October 16, the Lower House of the Parliament of Tajikistan ratified the Agreement”',
					correct: false,
					feedback:
						'This is a single, specific event with a date and a named body: checkable, not sweeping.'
				},
				{
					id: 'said',
					text: '“Shohiyon also noted that according to the data received, the militants are interested in studying the degree of protection of the Tajik border.”',
					correct: false,
					feedback:
						'This is attributed to a named official, though his “data received” is not shown.'
				}
			],
			explanation:
				'Words like “all”, “never” and “not a single” make big claims that need big evidence.',
			confidence
		},
		{
			type: 'single',
			id: 'post-motive',
			skill: 'framing',
			once: true,
			prompt: 'Which sentence states a guess about someone’s intentions as if it were a fact?',
			options: [
				{
					id: 'wants',
					text: '“However, Russia actually wants to return to the situation that existed before 2005”',
					correct: true,
					feedback:
						'Yes. “Actually wants” claims to know Russia’s hidden aims, and the article gives no evidence for them.'
				},
				{
					id: 'ratified',
					text: '“on October 16, the Lower House of the Parliament of Tajikistan ratified the Agreement”',
					correct: false,
					feedback: 'This reports an event; it says nothing about anyone’s intentions.'
				},
				{
					id: 'said',
					text: '“Abdusattor Shohiyon said that the threat to the security of the state border is growing every day”',
					correct: false,
					feedback: 'This reports what an official said, attributed to him by name.'
				},
				{
					id: 'bases',
					text: "“It's not a secret to anyone that Russian military bases are located in Tajikistan”",
					correct: false,
					feedback:
						'This is a claim about where bases are: checkable, not a guess about intentions.'
				}
			],
			explanation: 'Words like “actually wants” or “hopes to” claim to see inside someone’s head.',
			confidence
		}
	]
} satisfies ModuleKeyInput;
