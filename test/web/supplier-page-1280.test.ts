/** The suppliers' page at 1280 px, and its header navigation by keyboard (supplier-journey.ts). */
import { keyboardNavigation, supplierJourneyAt } from './supplier-journey.js';

supplierJourneyAt(1280);
keyboardNavigation();
