// Small DOM helpers for the page: elements built from data, never from HTML text.

type Child = Node | string | null | undefined | false;

export function h(
  tag: string,
  attributes: Record<string, string | null> = {},
  ...children: Child[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes))
    if (value !== null) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
}

export function code(text: string): HTMLElement {
  return h('code', {}, text);
}
