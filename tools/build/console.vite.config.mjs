// Builds console/ into console/dist: the central console, served by the upstream under /console/
// (upstream/console/static.ts) with a CSP of script-src 'self' and style-src 'self'.
import { browserApp } from './browser-app.vite.mjs';

export default browserApp('console', '/console/');
