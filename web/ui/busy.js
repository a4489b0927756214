/**
 * A button busy while its work runs: disabled (no second click, no second import), its label
 * saying what is going on, restored after.
 */
export async function whileBusy(button, busyLabel, work) {
  if (button.disabled) return undefined;
  const label = button.textContent;
  const name = button.getAttribute('aria-label');
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyLabel;
  if (name) button.setAttribute('aria-label', busyLabel);
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
    if (name) button.setAttribute('aria-label', name);
  }
}
