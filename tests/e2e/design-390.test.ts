// Every template in every locale at 390 px: see `tests/support/design.ts`.
import { designAudit } from '../support/design.ts';

designAudit(390);
