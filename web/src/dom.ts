/** A small element builder, so the views read as markup without a framework. */

type Child = Node | string | number | null | undefined | false;
type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | null | undefined | Handler>;

/**
 * `h('a', { href: '#/x', class: 'link', onclick: … }, 'text', child)`: `on…` props become listeners,
 * `true` a bare attribute, `false`/null/undefined nothing.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined)
      element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A status line for loading and error states (announced by screen readers). */
export function loading(text: string): HTMLElement {
  return h('p', { class: 'status loading', role: 'status' }, text);
}

export function errorBox(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return h(
    'div',
    { class: 'status error', role: 'alert' },
    h('strong', {}, 'Something went wrong: '),
    message,
  );
}

/** A labelled control: `<label for=id>text</label>` + the control. */
export function field(text: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, text),
    control,
    hint ? h('span', { class: 'hint' }, hint) : null,
  );
}

/** Citing sentences as quotations (the browser adds the quotation marks), one per line. */
export function quotes(contexts: readonly string[]): HTMLElement[] {
  return contexts.map((c) => h('q', { class: 'context' }, c));
}

/**
 * A "from – to" year form (four-digit years, either may be empty): `apply` gets the years (null for an
 * empty or malformed box) when the form is submitted.
 */
export function yearRangeForm(options: {
  readonly idPrefix: string;
  readonly from: number | null | undefined;
  readonly to: number | null | undefined;
  readonly labels: readonly [string, string, string];
  readonly apply: (years: { yearFrom: number | null; yearTo: number | null }) => void;
}): HTMLFormElement {
  const box = (suffix: string, value: number | null | undefined) =>
    h('input', {
      id: `${options.idPrefix}-${suffix}`,
      type: 'number',
      min: 1950,
      max: 2100,
      value: value ?? '',
      inputmode: 'numeric',
    });
  const from = box('from', options.from);
  const to = box('to', options.to);
  const [fromLabel, toLabel, button] = options.labels;
  const form = h(
    'form',
    { class: 'year-range' },
    field(fromLabel, from),
    field(toLabel, to),
    h('button', { type: 'submit', class: 'secondary' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (input: HTMLInputElement) => (/^\d{4}$/.test(input.value) ? Number(input.value) : null);
    options.apply({ yearFrom: value(from), yearTo: value(to) });
  });
  return form;
}
