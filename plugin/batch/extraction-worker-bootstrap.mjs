// The entry of a batch extraction worker thread: loads TypeScript through tsx (as bin/beslutningsstotte.js does),
// then the worker itself. A worker thread does not inherit the loader its parent registered.
import { register } from 'tsx/esm/api';

register();
await import('./extraction-worker-thread.ts');
