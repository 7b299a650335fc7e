import * as path from 'node:path';
import { prebuildHandlers } from '../lib/lambda-bundle';

// Run by `npm run build` after tsc: the compiled package finds the handlers' bundles here.
prebuildHandlers(path.join(__dirname, '..', 'dist'));
