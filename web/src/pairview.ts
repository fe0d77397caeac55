// The pair view: relationship(a, b) as a monthly cooperation/conflict
// timeline, the events list, and the claims grouped by claimant and stance
// with disputes drawn as links between claims.

import { getRelationship, type Claim, type ClaimGroup, type Relationship } from "./api";
import type { App } from "./main";
import { eventItem } from "./actorview";
import { termsOf } from "./evidence";
import { actorHref, pairHref, type Filters } from "./route";
import { timelineChart } from "./timeline";
import { COOP, CONFLICT, clear, flag, fmtScore, h, kindBadge, names, plural } from "./util";

export class PairView {
  readonly el: HTMLElement;
  private ctrl = new AbortController();
  private body: HTMLElement;

  constructor(private app: App, private a: string, private b: string, private filters: Filters) {
    this.body = h("div.pair-body");
    this.el = h("main.pair-view", { id: "main" }, this.body);
    void this.load();
  }

  destroy(): void { this.ctrl.abort(); }

  private async load(): Promise<void> {
    clear(this.body);
    this.body.append(h("p.loading", null, "Loading the relationship…"));
    let r: Relationship;
    try {
      r = await getRelationship(this.a, this.b, this.filters.from, this.filters.to, this.ctrl.signal);
    } catch (e) {
      if ((e as Error).name === "AbortError") return;
      clear(this.body);
      this.app.showError(this.body, e, () => void this.load());
      return;
    }
    document.title = `${r.a.name} – ${r.b.name} · newsgraph`;
    this.render(r);
  }

  private render(r: Relationship): void {
    clear(this.body);
    const claims = r.claimsBetween.reduce((n, g) => n + g.claims.length, 0) + r.claimsAboutBoth.reduce((n, g) => n + g.claims.length, 0);
    const coop = r.eventsByQuad.filter((q) => q.quad.endsWith("COOPERATION")).reduce((n, q) => n + q.count, 0);
    const conf = r.eventsByQuad.filter((q) => q.quad.endsWith("CONFLICT")).reduce((n, q) => n + q.count, 0);
    const net = r.eventsByQuad.reduce((n, q) => n + q.score, 0);
    this.body.append(
      h("header.pair-head", null,
        h("h1", null, side(r.a), h("span.dash", null, " – "), side(r.b)),
        h("div.pair-actions", null,
          h("a.button", { href: pairHref(this.b, this.a, this.filters), title: "Swap the two sides" }, "⇄ swap"),
          this.dateForm()),
        h("p.summary", null,
          `${plural(r.events.length, "event")} (`, h("span", { style: `color:${COOP}` }, `${coop} cooperative`), ", ",
          h("span", { style: `color:${CONFLICT}` }, `${conf} conflictual`), `), ${plural(claims, "claim")}, ${plural(r.disputes.length, "dispute")}; net score ${fmtScore(net)}`,
          r.firstSeen ? `; seen ${r.firstSeen}${r.lastSeen && r.lastSeen !== r.firstSeen ? " to " + r.lastSeen : ""}` : "")),
    );
    if (r.events.length === 0 && claims === 0) {
      this.body.append(h("div.empty-state", null, h("h2", null, "Nothing ties these two"),
        h("p", null, `No events or claims connect ${r.a.name} and ${r.b.name}${this.filters.from || this.filters.to ? " in this period" : ""}.`),
        this.filters.from || this.filters.to ? h("a.button", { href: pairHref(this.a, this.b) }, "Show all dates") : null));
      return;
    }
    this.body.append(
      h("section.timeline", { "aria-label": "Monthly timeline" }, h("h2", null, "Timeline ", h("span.muted.note", null, "click a month to see only it")), timelineChart(r.timeline, (m) => this.app.navigate(pairHref(this.a, this.b, { ...this.filters, from: m, to: m })))),
      h("div.pair-columns", null,
        h("section.pair-events", { id: "pair-events" }, h("h2", null, "Events ", h("span.count", null, String(r.events.length))),
          r.eventsByType.length ? h("div.types", null, ...r.eventsByType.map((g) => h("span.chip", { title: g.quad.toLowerCase().replace("_", " ") }, `${g.type.toLowerCase()} ${g.count}`))) : null,
          r.events.length ? h("ul.event-list", null, ...r.events.slice().reverse().map((ev) => eventItem(ev, this.app))) : h("p.muted", null, "No events in this period.")),
        this.claimsSection(r)),
      r.links.length ? h("section.links", null, h("h2", null, "Through"),
        h("ul.link-list", null, ...r.links.map((l) => h("li", null,
          h("a", { href: actorHref(l.actor.id) }, l.actor.name), " ", kindBadge(l.actor),
          h("span.muted", null, ` of ${l.memberOf.name}: ${plural(l.events.length, "event")}, ${plural(l.claims.length, "claim")}`))))) : "",
    );
  }

  private claimsSection(r: Relationship): HTMLElement {
    const sec = h("section.pair-claims", { id: "pair-claims" }, h("h2", null, "Claims"));
    const byId = new Map<string, Claim>();
    for (const g of [...r.claimsBetween, ...r.claimsAboutBoth]) for (const c of g.claims) byId.set(c.id, c);
    const disputed = new Map<string, string[]>(), disputing = new Map<string, string[]>();
    for (const d of r.disputes) {
      push(disputing, d.claim.id, d.disputes.id);
      push(disputed, d.disputes.id, d.claim.id);
    }
    // A claim's own disputes/disputedBy count too when both claims are shown.
    for (const c of byId.values()) {
      for (const x of c.disputes) if (byId.has(x.id)) push(disputing, c.id, x.id);
      for (const x of c.disputedBy) if (byId.has(x.id)) push(disputed, c.id, x.id);
    }
    const group = (title: string, groups: ClaimGroup[], empty: string) => {
      const box = h("div.claim-groups", null, h("h3", null, title));
      if (groups.length === 0) { box.append(h("p.muted", null, empty)); return box; }
      for (const g of groups) {
        box.append(h("div.claim-group", { "data-stance": g.stance },
          h("div.cg-head", null, h("a", { href: actorHref(g.claimant.id) }, g.claimant.name), " ", kindBadge(g.claimant),
            h("span.stance", { class: g.stance === "DENY" ? "deny" : "assert" }, g.stance === "DENY" ? "denies" : "asserts")),
          h("ul.claim-list", null, ...g.claims.map((c) => this.claimItem(c, byId, disputing, disputed)))));
      }
      return box;
    };
    sec.append(
      group("Between them", r.claimsBetween, "Neither side made a claim about the other in this period."),
      group("About both", r.claimsAboutBoth, "No claims about both."),
    );
    const pairs: [string, string][] = [];
    for (const [from, tos] of disputing) for (const to of tos.filter(uniq())) pairs.push([from, to]);
    if (pairs.length) drawDisputeArcs(sec, pairs);
    if (r.disputes.length) {
      sec.append(h("div.disputes", null, h("h3", null, "Disputes"),
        h("ul", null, ...r.disputes.map((d) => {
          const c = byId.get(d.claim.id), x = byId.get(d.disputes.id);
          return h("li.dispute", null,
            h("a", { href: `#claim-${cssId(d.claim.id)}`, onclick: (e: Event) => { e.preventDefault(); flash(d.claim.id); } }, c ? `${c.claimant.name}: “${short(c.text)}”` : d.claim.id),
            h("span.arrow", { "aria-label": "disputes" }, " ⟂ disputes → "),
            h("a", { href: `#claim-${cssId(d.disputes.id)}`, onclick: (e: Event) => { e.preventDefault(); flash(d.disputes.id); } }, x ? `${x.claimant.name}: “${short(x.text)}”` : d.disputes.id));
        }))));
    }
    return sec;
  }

  private claimItem(c: Claim, byId: Map<string, Claim>, disputing: Map<string, string[]>, disputed: Map<string, string[]>): HTMLElement {
    const link = (id: string, label: string) => {
      const o = byId.get(id);
      return h("a.dispute-link", { href: `#claim-${cssId(id)}`, "data-target": id, onclick: (e: Event) => { e.preventDefault(); flash(id); } },
        `${label} ${o ? o.claimant.name + ": “" + short(o.text) + "”" : "another claim"}`);
    };
    const out = (disputing.get(c.id) ?? []).filter(uniq());
    const inn = (disputed.get(c.id) ?? []).filter(uniq());
    return h("li.claim", { id: `claim-${cssId(c.id)}`, "data-id": c.id, class: out.length || inn.length ? "disputed" : null },
      h("button.claim-btn", { type: "button", onclick: () => this.showClaim(c) },
        h("span.claim-text", null, `“${c.text}”`),
        h("span.claim-meta", null, [c.cue, c.date ?? "undated", `about ${names(c.about)}`, c.via.length ? `via ${names(c.via)}` : null, plural(c.sourceCount, "src", "srcs")].filter(Boolean).join(" · "))),
      out.length || inn.length ? h("div.dispute-links", null, ...out.map((id) => link(id, "⟂ disputes")), ...inn.map((id) => link(id, "⟂ disputed by"))) : null);
  }

  private showClaim(c: Claim): void {
    this.app.evidence.show({
      title: `${c.claimant.name}: ${c.stance === "DENY" ? "a denial" : "a claim"}`,
      subtitle: h("div", null, h("q", null, c.text), h("div.muted", null, [c.cue, c.date, `about ${names(c.about)}`].filter(Boolean).join(" · "))),
      evidence: c.evidence ?? [],
      terms: [...termsOf([c.claimant, ...c.about, ...c.via]), ...(c.cue ? [c.cue] : [])],
    });
  }

  private dateForm(): HTMLElement {
    const f = this.filters;
    const form = h("form.filters.inline", { "aria-label": "Period" },
      h("label", null, "From ", h("input.date", { name: "from", value: f.from, placeholder: "YYYY-MM", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10 })),
      h("label", null, "To ", h("input.date", { name: "to", value: f.to, placeholder: "YYYY-MM", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10 })),
      h("button.primary", { type: "submit" }, "Apply"),
      f.from || f.to ? h("a.button", { href: pairHref(this.a, this.b) }, "All dates") : "");
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const d = new FormData(form);
      this.app.navigate(pairHref(this.a, this.b, { ...f, from: String(d.get("from") ?? "").trim(), to: String(d.get("to") ?? "").trim() }));
    });
    return form;
  }
}

function side(a: { id: string; name: string; kind: string; country: string | null }): HTMLElement {
  return h("a.side-name", { href: actorHref(a.id) }, a.kind === "COUNTRY" && a.country ? flag(a.country) + " " : "", a.name);
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const l = m.get(k);
  if (l) l.push(v); else m.set(k, [v]);
}

function uniq<T>(): (v: T) => boolean {
  const seen = new Set<T>();
  return (v) => (seen.has(v) ? false : (seen.add(v), true));
}

function short(s: string): string {
  return s.length > 70 ? s.slice(0, 67) + "…" : s;
}

function cssId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}

// flash scrolls a claim into view and highlights it for a moment.
function flash(id: string): void {
  const el = document.getElementById(`claim-${cssId(id)}`);
  if (!el) return;
  el.scrollIntoView({ behavior: "smooth", block: "center" });
  el.classList.remove("flash");
  void el.offsetWidth;
  el.classList.add("flash");
  (el.querySelector("button") as HTMLElement | null)?.focus({ preventScroll: true });
}

// drawDisputeArcs draws, in the claims column's left gutter, an arrow from
// each disputing claim to the claim it disputes. It redraws when the
// column's size changes.
function drawDisputeArcs(sec: HTMLElement, pairs: [string, string][]): void {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("class", "dispute-arcs");
  svg.setAttribute("aria-hidden", "true");
  sec.classList.add("with-arcs");
  sec.prepend(svg);
  const draw = () => {
    const box = sec.getBoundingClientRect();
    svg.setAttribute("width", "30");
    svg.setAttribute("height", String(sec.scrollHeight));
    svg.replaceChildren();
    const defs = document.createElementNS(NS, "defs");
    defs.innerHTML = '<marker id="dispute-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c2410c"/></marker>';
    svg.append(defs);
    pairs.forEach(([from, to], i) => {
      const a = document.getElementById(`claim-${cssId(from)}`), b = document.getElementById(`claim-${cssId(to)}`);
      if (!a || !b) return;
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      const y1 = ra.top - box.top + Math.min(18, ra.height / 2), y2 = rb.top - box.top + Math.min(18, rb.height / 2);
      const x = 28, bulge = 6 + (i % 4) * 5;
      const path = document.createElementNS(NS, "path");
      path.setAttribute("d", `M${x},${y1} C${bulge},${y1} ${bulge},${y2} ${x},${y2}`);
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "#c2410c");
      path.setAttribute("stroke-width", "1.5");
      path.setAttribute("marker-end", "url(#dispute-head)");
      path.setAttribute("data-from", from);
      path.setAttribute("data-to", to);
      svg.append(path);
    });
  };
  requestAnimationFrame(draw);
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => draw()).observe(sec);
}
