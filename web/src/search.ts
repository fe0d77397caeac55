// The search box: an ARIA combobox whose suggestions come from
// actors(filter: {search}). Arrow keys move, Enter opens, Escape closes.

import { ApiError, searchActors, type ActorRef } from "./api";
import { clear, h, kindBadge } from "./util";

type Suggestion = ActorRef & { aliases: string[] };

let counter = 0;

export class SearchBox {
  readonly el: HTMLElement;
  readonly input: HTMLInputElement;
  private list: HTMLUListElement;
  private items: Suggestion[] = [];
  private active = -1;
  private timer = 0;
  private ctrl: AbortController | null = null;
  private seq = 0;
  private focusedAt = -1;

  constructor(private onPick: (a: ActorRef) => void, placeholder = "Search actors: Iran, Shoigu, NATO…  (press /)", id = `search-${++counter}`) {
    this.input = h("input.search-input", {
      id, type: "search", placeholder, autocomplete: "off", spellcheck: "false",
      role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": `${id}-list`,
      "aria-label": "Search actors by name or alias",
    });
    this.list = h("ul.suggestions", { id: `${id}-list`, role: "listbox", hidden: true });
    this.el = h("div.search", null, this.input, this.list);
    // The "/" that moved focus here must not also be typed into the box.
    this.input.addEventListener("beforeinput", (e) => {
      if (e.data === "/" && performance.now() - this.focusedAt < 200) e.preventDefault();
      this.focusedAt = -1;
    });
    this.input.addEventListener("input", () => this.schedule());
    this.input.addEventListener("keydown", (e) => this.key(e));
    this.input.addEventListener("focus", () => { if (this.items.length) this.openList(); });
    this.input.addEventListener("blur", () => setTimeout(() => this.closeList(), 150));
  }

  focus(): void {
    this.focusedAt = performance.now();
    this.input.focus();
    this.input.select();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.fetch(), 150);
  }

  private async fetch(): Promise<void> {
    const q = this.input.value.trim();
    this.ctrl?.abort();
    if (q.length < 2) {
      this.items = [];
      this.closeList();
      return;
    }
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    const seq = ++this.seq;
    this.renderStatus("Searching…");
    try {
      const items = await searchActors(q, ctrl.signal);
      if (seq !== this.seq) return;
      this.items = items;
      this.active = items.length ? 0 : -1;
      this.render(q);
    } catch (e) {
      if ((e as Error).name === "AbortError" || seq !== this.seq) return;
      this.items = [];
      const msg = e instanceof ApiError ? `${e.message} ${e.hint}` : String(e);
      this.renderStatus(msg, true);
    }
  }

  private renderStatus(text: string, error = false): void {
    clear(this.list);
    this.list.append(h("li.status", { class: error ? "error" : null, role: "option", "aria-disabled": "true" }, text));
    this.openList();
  }

  private render(q: string): void {
    clear(this.list);
    if (this.items.length === 0) {
      this.renderStatus(`No actor matches “${q}”. Try another spelling, a surname or an alias.`);
      return;
    }
    this.items.forEach((a, i) => {
      const alias = a.aliases.find((x) => x.toLowerCase().includes(q.toLowerCase()) && x !== a.name);
      const li = h("li.suggestion", {
        id: `${this.list.id}-${i}`, role: "option", "aria-selected": i === this.active ? "true" : "false",
        "data-id": a.id,
      }, h("span.s-name", null, a.name), alias ? h("span.s-alias", null, `“${alias}”`) : null, kindBadge(a));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); this.pick(i); });
      li.addEventListener("mousemove", () => this.setActive(i));
      this.list.append(li);
    });
    this.setActive(this.active);
    this.openList();
  }

  private setActive(i: number): void {
    this.active = i;
    [...this.list.children].forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
    if (i >= 0) {
      this.input.setAttribute("aria-activedescendant", `${this.list.id}-${i}`);
      (this.list.children[i] as HTMLElement | undefined)?.scrollIntoView({ block: "nearest" });
    } else this.input.removeAttribute("aria-activedescendant");
  }

  private key(e: KeyboardEvent): void {
    const n = this.items.length;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (this.list.hidden && n) this.openList();
        if (n) this.setActive((this.active + 1) % n);
        break;
      case "ArrowUp":
        e.preventDefault();
        if (n) this.setActive((this.active - 1 + n) % n);
        break;
      case "Enter":
        e.preventDefault();
        if (this.active >= 0 && this.active < n) this.pick(this.active);
        else { clearTimeout(this.timer); void this.fetch(); }
        break;
      case "Escape":
        if (!this.list.hidden) { e.preventDefault(); e.stopPropagation(); this.closeList(); }
        else this.input.blur();
        break;
    }
  }

  private pick(i: number): void {
    const a = this.items[i];
    if (!a) return;
    this.closeList();
    this.input.value = "";
    this.items = [];
    this.input.blur();
    this.onPick(a);
  }

  private openList(): void {
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  }

  private closeList(): void {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
  }
}
