/**
 * The deposit screen's results that outlive a redraw: an action (import, archive, Finish) says what
 * came of it, the screen is drawn again from the service's state, and the result is shown next to
 * the action that caused it.
 */

/** A result to show next to an action once the screen is drawn again: { zone, kind, text, more }. */
let flash = null;

export const flashNext = (value) => (flash = value);

/** The result waiting to be shown, once. */
export function takeFlash() {
  const pending = flash;
  flash = null;
  return pending;
}

/** Draws the deposit screen again from the service's state. */
export function redraw(ctx) {
  ctx.navigate(location.hash);
}
