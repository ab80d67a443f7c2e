// The import graph's house rules, checked by `npm run check:imports` (part of `npm test`):
// no cycle anywhere, and in src-main/ no import from a folder that sits at the same layer or
// above (src-main/README.md draws the layers and the two threads).
/** Lowest first. A folder may import only folders on a lower layer (and itself). */
const LAYERS = [
  ['util'],
  ['schwab', 'store', 'alerts', 'ipc', 'ingest-protocol'],
  ['simulator', 'credentials'],
  ['market', 'webhooks'],
  ['replay'],
  // The two threads' roots: the ingest worker and main. Neither imports the other.
  ['ingest', 'app'],
  ['hosts'],
  ['cli'],
];

const TESTS = '(\\.test|\\.testkit|\\.global-setup)\\.tsx?$';

const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((folder) => {
    const notLower = LAYERS.slice(index).flat().filter((other) => other !== folder);
    return {
      name: `layer-${folder}`,
      comment: `src-main/${folder}/ may import only folders on a lower layer: ${LAYERS.slice(0, index).flat().join(', ') || 'none'}.`,
      severity: 'error',
      from: { path: `^src-main/${folder}/`, pathNot: TESTS },
      to: { path: `^src-main/(${notLower.join('|')})/` },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: the modules cannot be read, tested or loaded one before the other.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unlayered-folder',
      comment: 'Every src-main/ folder has a layer in .dependency-cruiser.cjs (and in src-main/README.md).',
      severity: 'error',
      from: { path: '^src-main/', pathNot: [`^src-main/(${LAYERS.flat().join('|')})/`, '^src-main/README'] },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|out|dist|release)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
