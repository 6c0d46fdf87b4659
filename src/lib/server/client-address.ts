import type { RequestEvent } from '@sveltejs/kit';
import type { IncomingMessage } from 'node:http';

/**
 * The address limits count by. With ADDRESS_HEADER set, adapter-node throws when a request lacks
 * that header (it reached this server without the proxy): such a request is counted under the
 * address it really came from, which it cannot choose.
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress' | 'platform'>): string {
	try {
		return event.getClientAddress();
	} catch {
		const req = (event.platform as { req?: IncomingMessage } | undefined)?.req;
		return `direct:${req?.socket?.remoteAddress ?? 'unknown'}`;
	}
}
