/** The suppliers' page at 375 px (supplier-journey.ts). */
import { supplierJourneyAt } from './supplier-journey.js';

supplierJourneyAt(375);
