/**
 * What the entry point (main.ts) loads once the analysis worker is starting: the LSP library and
 * the server. It is a bundle of its own (dist/lspServer.js): as part of dist/server.js, its
 * 0.8 MB had to be read and compiled before the worker could start, and the worker's start is
 * the longest part of a cold start.
 */
export { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
export { startServer } from './server';
export { nodeServerHost } from './nodeHost';
export { StreamWriter } from './messageWriter';
