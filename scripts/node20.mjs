// What Node 20 lacks and the tools need (Langium's parser generator Chevrotain and vitest call
// Object.groupBy / Map.groupBy, which arrived in Node 21). Loaded with `node --import` by the
// npm scripts that run those tools; the bundles load the same from language-server/src/polyfills.ts.
import 'core-js/actual/object/group-by.js';
import 'core-js/actual/map/group-by.js';
