// Builds renderer/ into renderer/dist: the one bundle both hosts load (Electron's window and
// the web shell). Relative asset paths, so it works from file:// and app:// as well as http://.
import { browserApp } from './browser-app.vite.mjs';

export default browserApp('renderer', './');
