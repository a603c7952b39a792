// Import fences between the layers (DESIGN §2). `npm run lint` fails on any violation;
// test/unit/fences.test.ts proves it by feeding it files that break each fence.
const LAYERS = ['shared', 'core', 'electron', 'web-shell', 'renderer', 'console', 'upstream', 'tools', 'bench', 'test'];
const others = (...allowed) => `^(${LAYERS.filter((l) => !allowed.includes(l)).join('|')})/`;
// npm packages that only run in Node (native code or servers): never in the renderer, the console or shared/.
const NODE_ONLY_PACKAGES = '^(better-sqlite3|@napi-rs/canvas|node-thermal-printer|fastify|pg|@electric-sql/pglite|electron)($|/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'shared/ imports only shared/ and pure npm libraries: no other layer, no node:*, no electron',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: others('shared') },
    },
    {
      name: 'shared-no-node',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-node-packages',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: `node_modules/${NODE_ONLY_PACKAGES.slice(1)}` },
    },
    {
      name: 'core-never-electron',
      comment: 'core/ runs under plain Node: shared/, Node and npm only; never electron or another layer',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: ['node_modules/electron/', others('core', 'shared')] },
    },
    {
      name: 'electron-host',
      comment: 'electron/ may import electron, core/ and shared/',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: others('electron', 'core', 'shared') },
    },
    {
      name: 'web-shell-host',
      comment: 'web-shell/ may import core/ and shared/, never electron',
      severity: 'error',
      from: { path: '^web-shell/' },
      to: { path: ['node_modules/electron/', others('web-shell', 'core', 'shared')] },
    },
    {
      name: 'renderer-is-browser-only',
      comment: 'renderer/ imports shared/ and browser code only: never core/, Node or electron',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: [others('renderer', 'shared'), `node_modules/${NODE_ONLY_PACKAGES.slice(1)}`] },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'console-is-browser-only',
      comment: 'console/ (the centre\'s console in the browser) imports console/ and shared/ only: never the upstream it talks to, Node or a Node-only package',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: [others('console', 'shared'), `node_modules/${NODE_ONLY_PACKAGES.slice(1)}`] },
    },
    {
      name: 'console-no-node',
      severity: 'error',
      from: { path: '^console/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'upstream-never-core',
      comment: 'upstream/ imports shared/, Node and npm; never core/, a host or the console\'s source (it serves console/dist only)',
      severity: 'error',
      from: { path: '^upstream/' },
      to: { path: ['node_modules/electron/', others('upstream', 'shared')] },
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that resolves to nothing would hide a fence crossing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Only build output is left out: excluding node_modules would hide imports of Node-only packages.
    exclude: { path: '^(dist|out|release)/|^console/dist/' },
    tsPreCompilationDeps: true,
    // The root tsconfig's NodeNext resolution maps our "./x.js" imports to x.ts.
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
  },
};
