import type { RuleCode } from '../catalogue.js';
import type { CalendarDate } from '../dates.js';
import type { Issue } from '../issue.js';
import type { SimulationSettings } from '../settings.js';

/**
 * A line whose keys and containers passed FMT-02: every key is there, but a value may still have
 * the wrong JSON type (reported as DEM-00), so every rule looks at `unknown` values.
 */
export interface RawLine {
  numLigne: unknown;
  numeroEditeur: unknown;
  commande: Record<string, unknown>;
  beneficiaires: Record<string, unknown>;
  piecesJustificatives: Record<string, unknown>[];
  scenarioInstallation: Record<string, unknown>;
}

/** What the line checks need besides the line. */
export interface LineContext {
  settings: SimulationSettings;
  today: CalendarDate;
}

/** The errors and warnings of one line, in the order they are found. */
export class LineReport {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];

  constructor(typeErrors: readonly Issue[] = []) {
    this.errors.push(...typeErrors);
  }

  error(code: RuleCode, champ: string, message: string): void {
    this.errors.push({ code, champ, message });
  }

  warn(code: RuleCode, champ: string, message: string): void {
    this.warnings.push({ code, champ, message });
  }
}

/** Length in characters (code points), as a person counts them. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A number as the file wrote it, for messages (long texts cut as `shown` cuts them). */
export function shownNumber(value: number, written: string | undefined): string {
  const text = written ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
