import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	// node_modules is the project's, through a link: the floor's caches stay in its own folder.
	cacheDir: '.vite',
	logLevel: 'warn'
});
