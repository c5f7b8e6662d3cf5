// The core thread's entry (core-thread.ts). Worker threads do not inherit tsx's module hooks on Node 20, so this
// plain-JavaScript file registers them before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./core-thread-worker.ts');
