/**
 * The page's one rendering helper: h('p', { class: 'x' }, 'text', child) builds DOM nodes.
 * Strings always become text nodes, never markup: text from files and the API is safe here.
 * Attributes: `on: { click: fn }` adds listeners, `true` sets a boolean attribute, `false`,
 * null and undefined leave it out. Children that are null, false or arrays are skipped or flattened.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (name === 'on') for (const [event, fn] of Object.entries(value)) node.addEventListener(event, fn);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Appends children as h() does: strings as text, null and false skipped, arrays flattened. */
export function add(node, ...children) {
  append(node, children);
  return node;
}
