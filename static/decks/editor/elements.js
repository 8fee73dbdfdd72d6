// The elements a part of the editor works with, found inside its part of the page.

/** `{name: selector}` -> `{name: element}`, each the first match inside `root`. */
export function elementsOf(root, selectors) {
  return Object.fromEntries(Object.entries(selectors).map(([name, selector]) => [name, root.querySelector(selector)]));
}
