// Development entry for worker threads when running from the TypeScript sources (tests, tsx):
// registers tsx's loader in this worker thread, then loads worker.ts. Not used by dist/.
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
