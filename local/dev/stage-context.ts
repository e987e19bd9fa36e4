import { localManufacturers } from './products.js';

/**
 * The CDK context of the `local` stage: the third parties' URLs point at the outside-world stand-in, as a deployed
 * stage's configuration points at the real ones. `npm start`, the tests and the benches synthesize with it.
 */
export function localStageContext(outsideWorldUrl: string): Record<string, string> {
  return {
    crmApiUrl: `${outsideWorldUrl}/crm/tickets`,
    manufacturers: JSON.stringify(localManufacturers(outsideWorldUrl)),
  };
}
