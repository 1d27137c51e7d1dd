/**
 * What Node 20 lacks and Topo's dependencies call: Object.groupBy and Map.groupBy (Node 21+),
 * used by Chevrotain, Langium's parser library. Imported first by the entry points (the
 * language server, the command line), so the bundles run on Node 20 or newer. On a newer Node
 * core-js leaves the built-ins alone.
 */
import 'core-js/actual/object/group-by.js';
import 'core-js/actual/map/group-by.js';
