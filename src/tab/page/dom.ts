// The page's small DOM helpers, shared by main.ts and the plan view (plan.ts). Text goes in with textContent only.

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string | null,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function notice(text: string, kind: "info" | "error" = "info") {
  const n = $("notice");
  n.textContent = text;
  n.dataset.kind = kind;
  n.hidden = !text;
}
