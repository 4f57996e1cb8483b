// Every template in every locale at 1366 px: see `tests/support/design.ts`.
import { designAudit } from '../support/design.ts';

designAudit(1366);
