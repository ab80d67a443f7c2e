// Text written outside React, as the book window's figures and tables change about 20 times a
// second: through the element's one text node when it has one. Setting textContent replaced the
// node, taking it out of layout and putting a new one in (style and layout for a new node); a
// text node's data changed is only its text laid out again.

/** Sets `el`'s text to `text` unless it already reads so. */
export function setText(el: Element | null | undefined, text: string): void {
  if (!el) return;
  const node = el.firstChild;
  if (node instanceof Text && node === el.lastChild) {
    if (node.data !== text) node.data = text;
  } else if (el.textContent !== text) el.textContent = text;
}
