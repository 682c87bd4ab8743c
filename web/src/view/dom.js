// A tiny element builder: el('button', {type: 'button', class: 'x'}, 'text').
// Text always goes in as text, never as HTML: task names and wake causes come
// from the runtime and may hold anything.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

// Sets textContent only when it changes (no needless layout, no lost selection).
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
