import { isIPv6 } from 'node:net';
import type { RequestEvent } from '@sveltejs/kit';
import type { IncomingMessage } from 'node:http';

/**
 * The address limits count by. With ADDRESS_HEADER set, adapter-node throws when a request lacks
 * that header: it reached this server without the proxy, and is counted under the address of
 * its connection. (Such a client could also send the header itself: the README says to let only
 * the proxy reach the app's port.)
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress' | 'platform'>): string {
	try {
		return addressKey(event.getClientAddress());
	} catch {
		const req = (event.platform as { req?: IncomingMessage } | undefined)?.req;
		return `direct:${addressKey(req?.socket?.remoteAddress ?? 'unknown')}`;
	}
}

/**
 * One household or school is given a whole IPv6 /64 network, and can pick any address in it: an
 * IPv6 address counts by its /64. An IPv4 address written as IPv6 counts as itself.
 */
export function addressKey(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (!isIPv6(address)) return address;
	const [head, tail = ''] = address.toLowerCase().split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = address.includes('::')
		? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
		: left;
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}
