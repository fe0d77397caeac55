// The evidence panel: the sentences an edge, event or claim was read from,
// with the matched spans (the actors' names, the claim's words) highlighted,
// and the article's source, date and link.

import type { ActorRef, Evidence } from "./api";
import { clear, escapeRegExp, h } from "./util";

export interface EvidenceRequest {
  title: string;
  subtitle?: Node | string;
  evidence: Evidence[];
  // Terms to highlight inside the sentences: actor names, claim text.
  terms: string[];
}

export class EvidencePanel {
  readonly el: HTMLElement;
  private body: HTMLElement;
  private heading: HTMLElement;
  private sub: HTMLElement;
  private returnFocus: HTMLElement | null = null;

  constructor() {
    this.heading = h("h2", { id: "evidence-title" });
    this.sub = h("div.ev-sub");
    this.body = h("div.ev-body");
    const close = h("button.icon", { type: "button", "aria-label": "Close the evidence panel", title: "Close (Esc)", onclick: () => this.close() }, "×");
    this.el = h("aside.evidence", { id: "evidence", "aria-labelledby": "evidence-title", hidden: true, tabindex: "-1" },
      h("header", null, h("div", null, h("div.eyebrow", null, "Evidence"), this.heading), close), this.sub, this.body);
  }

  get open(): boolean { return !this.el.hidden; }

  show(req: EvidenceRequest): void {
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.heading.textContent = req.title;
    clear(this.sub);
    if (req.subtitle) this.sub.append(req.subtitle);
    clear(this.body);
    const seen = new Set<string>();
    const list = req.evidence.filter((e) => {
      const k = `${e.article.id}|${e.start}|${e.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (list.length === 0) {
      this.body.append(h("p.empty", null, "No evidence sentences are stored for this item."));
    }
    const articles = new Set(list.map((e) => e.article.id));
    if (list.length) {
      this.body.append(h("p.muted", null, `${list.length} sentence${list.length === 1 ? "" : "s"} from ${articles.size} independent source${articles.size === 1 ? "" : "s"}`));
    }
    for (const ev of list) this.body.append(renderEvidence(ev, req.terms));
    this.el.hidden = false;
    document.body.classList.add("with-evidence");
    this.el.focus();
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    document.body.classList.remove("with-evidence");
    if (this.returnFocus && document.contains(this.returnFocus)) this.returnFocus.focus();
  }
}

function renderEvidence(ev: Evidence, terms: string[]): HTMLElement {
  const a = ev.article;
  const meta = h("div.ev-meta", null,
    a.source ? h("strong.ev-source", null, a.source) : h("span.muted", null, "unknown source"),
    a.published ? h("time", { datetime: a.published }, a.published.slice(0, 10)) : null,
    a.url ? h("a.ev-link", { href: a.url, target: "_blank", rel: "noopener noreferrer" }, "open article ↗") : null,
  );
  return h("article.ev-item", null,
    a.title ? h("div.ev-article-title", null, a.title) : null,
    h("blockquote.ev-sentence", null, h("mark.sentence", { title: `bytes ${ev.start}–${ev.end} of the article body` }, ...highlight(ev.sentence, terms))),
    meta);
}

// highlight splits text into plain and <mark class="span"> parts for every
// occurrence of a term (at a word start, extended to the word's end, so
// "Russia" also marks "Russian"). See termsOf for the terms of actors.
export function highlight(text: string, terms: string[]): (Node | string)[] {
  const words = new Set<string>();
  for (const t of terms) {
    const s = t.trim();
    if (s.length < 3) continue;
    words.add(s);
  }
  if (words.size === 0) return [text];
  const alts = [...words].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|");
  let re: RegExp;
  try {
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts})[\\p{L}]*`, "giu");
  } catch {
    return [text];
  }
  const out: (Node | string)[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    out.push(h("mark.span", null, m[0]));
    last = i + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

// termsOf lists what names an actor in a sentence: its name and, for a
// person, the surname alone ("Shoigu visited Iran").
export function termsOf(actors: ActorRef[]): string[] {
  const out: string[] = [];
  for (const a of actors) {
    out.push(a.name);
    const parts = a.name.trim().split(/\s+/);
    if (a.kind === "PERSON" && parts.length > 1 && parts[parts.length - 1].length >= 3) out.push(parts[parts.length - 1]);
  }
  return out;
}
