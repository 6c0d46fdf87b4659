// Starts the built server with this app's defaults, after checking the configuration,
// so a bad value stops start-up with a message instead of a stack trace later.
import { existsSync } from 'node:fs';

const env = process.env;
env.PORT ||= '3000';
env.ORIGIN ||= `http://localhost:${env.PORT}`;
// The outer bound, for the upload forms (1 MB files); the app's hook refuses anything over 64 KB
// elsewhere with 413 before it is read (src/hooks.server.ts, src/lib/server/uploads.ts).
env.BODY_SIZE_LIMIT ||= '2M';
env.NODE_ENV ||= 'production';

if (!existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error(
		'No build found. Run `npm run build` first (or `npm ci && npm run build && npm start`).'
	);
	process.exit(1);
}
// adapter-node announces the address it listens on (0.0.0.0); say the one people open.
const { server } = await import('../build/index.js');
const announce = () => console.log(`Byline is ready: open ${env.ORIGIN}`);
if (server.server.listening) announce();
else server.server.once('listening', announce);
