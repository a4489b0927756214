/** The suppliers' page at 375 px, and the "Menu" skip link that opens the mobile menu (supplier-journey.ts). */
import { skipLinkToMenu, supplierJourneyAt } from './supplier-journey.js';

supplierJourneyAt(375);
skipLinkToMenu(375);
