import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// A module's prose may be typed by a teacher and read by every student, so it never becomes code:
// markdown-it with raw HTML off turns any tag into text, and the sanitiser keeps only the tags
// plain prose needs (a second line of defence should a renderer rule ever emit something else).
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

const ALLOWED = {
	allowedTags: [
		'p',
		'strong',
		'em',
		'a',
		'ul',
		'ol',
		'li',
		'blockquote',
		'code',
		'pre',
		'h2',
		'h3',
		'h4',
		'br',
		'hr',
		'table',
		'thead',
		'tbody',
		'tr',
		'th',
		'td'
	],
	allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
	allowedSchemes: ['https', 'http', 'mailto'],
	// The step's title is the page's only h1.
	transformTags: {
		h1: 'h2',
		a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' })
	}
} satisfies sanitizeHtml.IOptions;

/** Markdown to safe HTML, for the one component that shows it (`Markdown.svelte`). */
export function renderMarkdown(source: string): string {
	return sanitizeHtml(markdown.render(source), ALLOWED);
}
