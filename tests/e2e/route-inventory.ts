import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROUTES_DIR = path.resolve('src/routes');
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

/** `/(teacher)/teach/classes/[classId]` as people type it: `/teach/classes/[classId]`. */
function routePathOf(dir: string): string {
	const segments = path
		.relative(ROUTES_DIR, dir)
		.split(path.sep)
		.filter((segment) => segment !== '' && !/^\(.+\)$/.test(segment));
	return `/${segments.join('/')}`;
}

function parse(file: string) {
	return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function isExported(node: ts.Node): boolean {
	return (
		ts.canHaveModifiers(node) &&
		(ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

/** Names exported from a module: `export const x`, `export function x`, `export { x }`. */
function exportedNames(source: ts.SourceFile): Map<string, ts.Node> {
	const names = new Map<string, ts.Node>();
	for (const statement of source.statements) {
		if (ts.isVariableStatement(statement) && isExported(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (ts.isIdentifier(declaration.name)) names.set(declaration.name.text, declaration);
			}
		} else if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name) {
			names.set(statement.name.text, statement);
		} else if (ts.isExportDeclaration(statement) && statement.exportClause) {
			if (ts.isNamedExports(statement.exportClause)) {
				for (const element of statement.exportClause.elements) {
					names.set(element.name.text, element);
				}
			}
		}
	}
	return names;
}

/**
 * The `actions` object literal returned by the $lib function that made `route` in
 * `const route = helper(…)`, for `export const actions = route.actions`.
 */
function sharedActions(
	file: string,
	access: ts.PropertyAccessExpression
): ts.ObjectLiteralExpression | undefined {
	if (!ts.isIdentifier(access.expression) || access.name.text !== 'actions') return undefined;
	const source = parse(file);
	let helper: string | undefined;
	for (const statement of source.statements) {
		if (!ts.isVariableStatement(statement)) continue;
		for (const declaration of statement.declarationList.declarations) {
			const init = declaration.initializer;
			if (
				ts.isIdentifier(declaration.name) &&
				declaration.name.text === access.expression.text &&
				init &&
				ts.isCallExpression(init) &&
				ts.isIdentifier(init.expression)
			) {
				helper = init.expression.text;
			}
		}
	}
	const specifier = source.statements.filter(ts.isImportDeclaration).find((statement) => {
		const bindings = statement.importClause?.namedBindings;
		return (
			bindings &&
			ts.isNamedImports(bindings) &&
			bindings.elements.some((element) => element.name.text === helper)
		);
	})?.moduleSpecifier;
	if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('$lib/')) {
		return undefined;
	}
	const helperFile = path.resolve('src/lib', `${specifier.text.slice('$lib/'.length)}.ts`);
	const declaration = exportedNames(parse(helperFile)).get(helper!);
	if (!declaration || !ts.isFunctionDeclaration(declaration) || !declaration.body) return undefined;
	for (const statement of declaration.body.statements) {
		if (!ts.isReturnStatement(statement) || !statement.expression) continue;
		if (!ts.isObjectLiteralExpression(statement.expression)) continue;
		for (const property of statement.expression.properties) {
			if (
				ts.isPropertyAssignment(property) &&
				ts.isIdentifier(property.name) &&
				property.name.text === 'actions' &&
				ts.isObjectLiteralExpression(property.initializer)
			) {
				return property.initializer;
			}
		}
	}
	return undefined;
}

/** The keys of `export const actions = { … }`, read from the source text. */
function actionNames(file: string): string[] {
	const declaration = exportedNames(parse(file)).get('actions');
	if (!declaration) return [];
	let initializer =
		ts.isVariableDeclaration(declaration) && declaration.initializer
			? declaration.initializer
			: undefined;
	while (
		initializer &&
		(ts.isSatisfiesExpression(initializer) ||
			ts.isAsExpression(initializer) ||
			ts.isParenthesizedExpression(initializer))
	) {
		initializer = initializer.expression;
	}
	// `export const actions = route.actions`, where `route` is made by a shared helper from $lib.
	if (initializer && ts.isPropertyAccessExpression(initializer)) {
		initializer = sharedActions(file, initializer);
	}
	if (!initializer || !ts.isObjectLiteralExpression(initializer)) {
		throw new Error(`${file}: cannot read the action names; write actions as an object literal.`);
	}
	return initializer.properties.map((property) => {
		const name = property.name;
		if (!name || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) {
			throw new Error(`${file}: an action has a computed name; the inventory cannot read it.`);
		}
		return name.text;
	});
}

/**
 * Every request the app answers, read from the files under src/routes: `GET <page>`,
 * `POST <page>` for a default action, `POST <page>?/<name>` for a named one, and each method a
 * `+server.ts` exports.
 */
export function routeInventory(dir = ROUTES_DIR): string[] {
	const keys: string[] = [];
	const entries = readdirSync(dir, { withFileTypes: true });
	const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
	const routePath = routePathOf(dir);
	if ([...files].some((f) => /^\+page(@[^.]*)?(\.server)?\.(ts|js|svelte)$/.test(f))) {
		keys.push(`GET ${routePath}`);
	}
	for (const file of files) {
		if (/^\+page\.server\.(ts|js)$/.test(file)) {
			for (const name of actionNames(path.join(dir, file))) {
				keys.push(name === 'default' ? `POST ${routePath}` : `POST ${routePath}?/${name}`);
			}
		}
		if (/^\+server\.(ts|js)$/.test(file)) {
			for (const name of exportedNames(parse(path.join(dir, file))).keys()) {
				if (HTTP_METHODS.includes(name) || name === 'fallback') keys.push(`${name} ${routePath}`);
			}
		}
	}
	for (const entry of entries) {
		if (entry.isDirectory()) keys.push(...routeInventory(path.join(dir, entry.name)));
	}
	return keys.sort();
}
