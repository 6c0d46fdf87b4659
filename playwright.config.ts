import { defineConfig } from '@playwright/test';

// E2E_PORT lets two checkouts run their suites side by side.
const port = Number(process.env.E2E_PORT ?? 4173);
// These run alone, after the rest: some start servers of their own on fixed ports, and some check
// that a refused request left the whole database as it was, which another test's writes would upset.
const alone = /(crash|two-servers|sign-in-limits|authz|hostile-input|preview)\.spec\.ts/;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	// Spec files run two at a time (tests within a file stay in order) against one app server.
	workers: Number(process.env.E2E_WORKERS ?? 2),
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	timeout: 60_000,
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
		launchOptions: {
			// Debian's Chromium: `playwright install` cannot download browsers on these machines.
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		{ name: 'setup', testMatch: /setup\.spec\.ts/ },
		{ name: 'app', testIgnore: [/setup\.spec\.ts/, alone], dependencies: ['setup'] },
		{ name: 'alone', testMatch: alone, workers: 1, dependencies: ['setup'] }
	],
	webServer: {
		// A fresh embedded database each run, served by the production build.
		command: `rm -rf .e2e-data && ${process.env.E2E_BUILT ? '' : 'npm run build && '}node scripts/start.js`,
		url: `http://localhost:${port}/login`,
		reuseExistingServer: false,
		timeout: 180_000,
		env: { PORT: String(port), DATA_DIR: '.e2e-data', ORIGIN: `http://localhost:${port}` }
	}
});
