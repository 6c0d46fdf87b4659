import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		// argon2 at the production cost takes ~50 ms a hash; server tests hash often.
		testTimeout: 20_000,
		expect: { requireAssertions: true }
	}
});
