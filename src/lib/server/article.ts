export type Sentence = { id: string; text: string };
export type ArticleParagraph = { sentences: Sentence[] };
export type Article = {
	headline: Sentence;
	paragraphs: ArticleParagraph[];
	/** The credit line at the foot, shown as printed; empty when the article has none. */
	byline: string;
};

export function sentencesOf(article: Article): Sentence[] {
	return [article.headline, ...article.paragraphs.flatMap((p) => p.sentences)];
}
