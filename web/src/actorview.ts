// The actor view: the actor's neighborhood graph with filters, and a side
// panel with its kind, country, aliases and roles, its neighbours (the
// keyboard path through the graph) and its events.

import {
  ACTOR_KINDS, ApiError, EVENT_TYPES, MODALITIES, getActor, getEvents, getNeighborhood,
  type Actor, type ActorRef, type Event, type EventType, type Subgraph, type SubgraphEdge,
} from "./api";
import type { App } from "./main";
import { termsOf } from "./evidence";
import { GraphView } from "./graphview";
import { SearchBox } from "./search";
import { actorHref, pairHref, type Filters } from "./route";
import { COOP, CONFLICT, KIND_COLOR, KIND_LABEL, NEUTRAL, clear, flag, fmtScore, h, kindBadge, names, plural, signColor } from "./util";

const QUADS: [string, EventType[]][] = [
  ["Verbal cooperation", ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"]],
  ["Material cooperation", ["COOPERATE", "AID", "RETREAT"]],
  ["Verbal conflict", ["REQUEST", "ACCUSE", "REJECT", "THREATEN"]],
  ["Material conflict", ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]],
];

export class ActorView {
  readonly el: HTMLElement;
  private ctrl = new AbortController();
  private graph: GraphView | null = null;
  private graphBox: HTMLElement;
  private graphStatus: HTMLElement;
  private side: HTMLElement;
  private selection: HTMLElement;
  private actor: Actor | null = null;
  private nodes = new Map<string, ActorRef>();
  private edges = new Map<string, SubgraphEdge>();
  private expanding = new Set<string>();
  // baseStatus is the graph's standing note (truncation, last expansion),
  // shown again when the pointer leaves an edge.
  private baseStatus = "";

  constructor(private app: App, private id: string, private filters: Filters) {
    this.graphBox = h("div.graph", { id: "graph", role: "img", "aria-label": "Neighborhood graph; the neighbour list on the right holds the same actors" });
    this.graphStatus = h("div.graph-status", { role: "status", "aria-live": "polite" });
    this.side = h("aside.side", { "aria-label": "Actor details" });
    this.selection = h("div.selection", { hidden: true });
    this.el = h("main.actor-view", { id: "main" },
      h("section.graph-area", null, this.filterBar(), h("div.graph-wrap", null, this.graphBox, this.graphStatus), legend()),
      this.side);
    void this.load();
  }

  destroy(): void {
    this.ctrl.abort();
    this.graph?.kill();
  }

  private get signal(): AbortSignal { return this.ctrl.signal; }

  private async load(): Promise<void> {
    clear(this.side);
    this.side.append(h("p.loading", null, "Loading…"));
    this.graphStatus.textContent = "Loading the neighborhood…";
    this.graphStatus.className = "graph-status";
    performance.mark("newsgraph:graph-fetch");
    let actor: Actor | null;
    let sub: Subgraph;
    try {
      [actor, sub] = await Promise.all([getActor(this.id, this.signal), this.fetchNeighborhood(this.id, this.filters.depth)]);
      performance.mark("newsgraph:graph-data");
    } catch (e) {
      if ((e as Error).name === "AbortError") return;
      if (e instanceof ApiError && e.code === "NOT_FOUND") {
        this.notFound();
        return;
      }
      clear(this.side);
      clear(this.graphStatus);
      this.graphStatus.className = "graph-status failed";
      this.app.showError(this.graphStatus, e, () => void this.load());
      return;
    }
    if (!actor) {
      this.notFound();
      return;
    }
    this.actor = actor;
    document.title = `${actor.name} · newsgraph`;
    this.renderSide(actor);
    this.renderGraph(sub);
    void this.loadEvents();
  }

  private notFound(): void {
    clear(this.side);
    this.graphStatus.textContent = "";
    this.graphStatus.className = "graph-status";
    this.graphBox.dataset.rendered = "empty";
    this.side.append(h("div.empty-state", { role: "alert" },
      h("h2", null, "No such actor"),
      h("p", null, `Nothing in the graph has the id “${this.id}”. It may have been mistyped or split; search for the actor by name instead.`),
      h("button", { type: "button", onclick: () => this.app.focusSearch() }, "Search (/)")));
  }

  // fetchNeighborhood asks neighborhood(); with a modality filter, which
  // neighborhood does not take, the subgraph is built from the actor's
  // events of that modality instead.
  private async fetchNeighborhood(id: string, depth: number): Promise<Subgraph> {
    const f = this.filters;
    if (!f.modality) {
      return getNeighborhood({ id, depth, types: f.types, kinds: f.kinds, from: f.from, to: f.to, limit: 150 }, this.signal);
    }
    const events: Event[] = [];
    let after: string | undefined;
    for (let page = 0; page < 3; page++) {
      const r = await getEvents({ actor: id, types: f.types, modality: f.modality, from: f.from, to: f.to, first: 100, after }, this.signal);
      events.push(...r.events);
      if (!r.next) break;
      after = r.next;
    }
    return subgraphFromEvents(id, events, f.kinds);
  }

  private renderGraph(sub: Subgraph): void {
    for (const n of sub.nodes) this.nodes.set(n.id, n);
    for (const e of sub.edges) this.edges.set(edgeKey(e), e);
    if (sub.nodes.length <= 1 || sub.edges.length === 0) {
      this.graphStatus.className = "graph-status empty";
      clear(this.graphStatus);
      this.graphStatus.append(h("strong", null, "No connections"),
        h("p", null, this.hasFilters() ? "Nothing ties this actor to others with these filters." : "No events or claims tie this actor to another yet."),
        this.hasFilters() ? h("a.button", { href: actorHref(this.id) }, "Clear the filters") : "");
      this.graphBox.dataset.rendered = "empty";
      performance.mark("newsgraph:graph-rendered");
      this.renderNeighbours();
      return;
    }
    this.baseStatus = sub.truncated ? `Showing the first ${sub.nodes.length} actors (the limit cut some off: narrow the filters).` : "";
    this.graphStatus.textContent = this.baseStatus;
    try {
      this.graph = new GraphView(this.graphBox, this.id, {
        onNodeClick: (id) => void this.nodeClicked(id),
        onEdgeClick: (e) => this.showEdge(e),
        onStageClick: () => { this.graph?.select(null); this.selection.hidden = true; },
        onEdgeHover: (e) => {
          this.graphStatus.className = "graph-status";
          this.graphStatus.textContent = e
            ? `${this.nodes.get(e.source)?.name ?? e.source} — ${this.nodes.get(e.target)?.name ?? e.target}: ${plural(e.events, "event")}, ${plural(e.claims, "claim")}, ${plural(e.weight, "independent source")}, score ${fmtScore(e.score)} (click for evidence)`
            : this.baseStatus;
        },
      });
      this.graph.add(sub.nodes, sub.edges);
      this.graph.markExpanded(this.id);
      this.graph.render(() => {
        performance.mark("newsgraph:graph-rendered");
        this.graphBox.dataset.rendered = String(this.graph?.graph.order ?? 0);
        this.graphBox.dataset.nodes = this.graphBox.dataset.rendered;
      });
    } catch (e) {
      this.graph = null;
      this.graphStatus.className = "graph-status error";
      clear(this.graphStatus);
      this.graphStatus.append(h("strong", null, "The graph cannot be drawn"),
        h("p", null, `This browser could not start WebGL (${(e as Error).message}). The neighbour list on the right holds the same actors.`));
      this.graphBox.dataset.rendered = "error";
    }
    this.renderNeighbours();
  }

  private async nodeClicked(id: string): Promise<void> {
    this.graph?.select(id);
    this.showSelection(id);
    if (id === this.id || this.expanding.has(id)) return;
    this.expanding.add(id);
    this.graphStatus.textContent = `Expanding ${this.nodes.get(id)?.name ?? id}…`;
    try {
      const sub = await this.fetchNeighborhood(id, 1);
      for (const n of sub.nodes) if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
      for (const e of sub.edges) this.edges.set(edgeKey(e), e);
      const added = this.graph?.add(sub.nodes, sub.edges, id) ?? 0;
      this.graph?.markExpanded(id);
      this.graphBox.dataset.nodes = String(this.graph?.graph.order ?? 0);
      this.graphBox.dataset.expanded = [this.graphBox.dataset.expanded, id].filter(Boolean).join(" ");
      this.graph?.render(() => undefined);
      this.baseStatus = `${this.nodes.get(id)?.name ?? id}: ${plural(added, "new actor")}${sub.truncated ? " (limit reached)" : ""}.`;
      this.graphStatus.textContent = this.baseStatus;
    } catch (e) {
      if ((e as Error).name === "AbortError") return;
      this.expanding.delete(id);
      this.graphStatus.className = "graph-status error";
      this.graphStatus.textContent = `Could not expand: ${(e as Error).message}`;
    }
  }

  private showSelection(id: string): void {
    const a = this.nodes.get(id);
    if (!a || id === this.id) { this.selection.hidden = true; return; }
    clear(this.selection);
    const e = this.edges.get(pairKey(this.id, id));
    this.selection.append(
      h("div.eyebrow", null, "Selected"),
      h("div.sel-name", null, a.name, " ", kindBadge(a)),
      e ? h("div.muted", null, `${plural(e.events, "event")}, ${plural(e.claims, "claim")} with ${this.actor?.name ?? this.id}, ${plural(e.weight, "source")}`) : "",
      h("div.row", null,
        h("a.button", { href: actorHref(id, this.filters) }, "Open"),
        h("a.button", { href: pairHref(this.id, id, this.filters) }, `Pair with ${this.actor?.name ?? this.id}`),
        e ? h("button", { type: "button", onclick: () => this.showEdge(e) }, "Evidence") : null));
    this.selection.hidden = false;
  }

  private showEdge(e: SubgraphEdge): void {
    const a = this.nodes.get(e.source), b = this.nodes.get(e.target);
    const an = a?.name ?? e.source, bn = b?.name ?? e.target;
    this.app.evidence.show({
      title: `${an} — ${bn}`,
      subtitle: h("div", null,
        h("span.sign", { style: `color:${signColor(e.sign)}` }, e.sign > 0 ? "cooperation" : e.sign < 0 ? "conflict" : "neutral"),
        ` · ${plural(e.events, "event")}, ${plural(e.claims, "claim")} · ${plural(e.weight, "independent source")} · score ${fmtScore(e.score)}`,
        e.types.length ? h("div.types", null, ...e.types.map((t) => h("span.chip", null, t))) : null,
        h("div", null, h("a", { href: pairHref(e.source, e.target, this.filters) }, "Open the pair view →"))),
      evidence: e.evidence,
      terms: [...termsOf([a ?? { id: e.source, name: an, kind: "COUNTRY", country: null }, b ?? { id: e.target, name: bn, kind: "COUNTRY", country: null }]), ...aliasesOf(this.actor, e)],
    });
  }

  private renderSide(a: Actor): void {
    clear(this.side);
    const roles = a.roles.slice().sort((x, y) => Number(y.current) - Number(x.current));
    this.side.append(
      h("header.actor-head", null,
        h("h1", null, a.country && a.kind === "COUNTRY" ? h("span.flag", { "aria-hidden": "true" }, flag(a.country) + " ") : null, a.name),
        h("div", null, kindBadge(a), h("code.id", null, a.id))),
      a.countryActor && a.countryActor.id !== a.id ? h("p", null, "Of ", h("a", { href: actorHref(a.countryActor.id, this.filters) }, a.countryActor.name)) : "",
      h("div.pair-with", null, h("span.eyebrow", null, "Pair with"),
        new SearchBox((b) => this.app.navigate(pairHref(a.id, b.id, this.filters)), "another actor…", `pair-search`).el),
      this.selection,
      section("Aliases", a.aliases.length ? h("ul.tags", null, ...a.aliases.map((x) => h("li", null, x))) : h("p.muted", null, "No aliases.")),
      section("Roles", roles.length ? h("ul.roles", null, ...roles.map((r) => h("li", null,
        h("span", null, r.title), r.org ? [" · ", h("a", { href: actorHref(r.org.id) }, r.org.name)] : null,
        r.current ? null : h("span.muted", null, " (former)")))) : h("p.muted", null, "No roles known.")),
      h("section.neighbours", { id: "neighbours" }, h("h2", null, "Neighbours"), h("p.loading", null, "Loading…")),
      h("section.events", { id: "actor-events" }, h("h2", null, "Events"), h("p.loading", null, "Loading…")),
    );
  }

  private renderNeighbours(): void {
    const box = this.side.querySelector("#neighbours");
    if (!box) return;
    clear(box);
    const direct = [...this.edges.values()].filter((e) => e.source === this.id || e.target === this.id)
      .sort((x, y) => y.weight - x.weight || y.events + y.claims - x.events - x.claims);
    box.append(h("h2", null, "Neighbours ", h("span.count", null, String(direct.length))));
    if (direct.length === 0) {
      box.append(h("p.muted", null, "No neighbours with these filters."));
      return;
    }
    const ul = h("ul.neighbour-list");
    for (const e of direct) {
      const other = e.source === this.id ? e.target : e.source;
      const n = this.nodes.get(other);
      if (!n) continue;
      ul.append(h("li.neighbour", { "data-id": other },
        h("span.sw", { style: `background:${signColor(e.sign)}`, title: e.sign > 0 ? "cooperation" : e.sign < 0 ? "conflict" : "neutral" }),
        h("div.n-main", null,
          h("a.n-name", { href: actorHref(other, this.filters), title: n.name }, n.name),
          h("div.n-meta", null, kindBadge(n),
            h("span.n-weight", { title: "independent sources" }, `${plural(e.weight, "source")} · ${plural(e.events, "event")} · ${plural(e.claims, "claim")}`))),
        h("div.n-actions", null,
          h("a.n-pair", { href: pairHref(this.id, other, this.filters), title: `Pair view: ${this.actor?.name} and ${n.name}` }, "pair"),
          h("button.n-ev", { type: "button", title: "Evidence", onclick: () => this.showEdge(e) }, "evidence"),
          this.graph ? h("button.n-ev.n-expand", { type: "button", title: `Expand ${n.name} in the graph (as clicking its node)`, onclick: () => void this.nodeClicked(other) }, "expand") : "")));
    }
    box.append(ul);
  }

  private async loadEvents(after?: string, list?: HTMLElement): Promise<void> {
    const box = this.side.querySelector("#actor-events");
    if (!box) return;
    const f = this.filters;
    try {
      const r = await getEvents({ actor: this.id, types: f.types, modality: f.modality || undefined, from: f.from, to: f.to, first: 15, after }, this.signal);
      if (!list) {
        clear(box);
        box.append(h("h2", null, "Events ", h("span.count", null, String(r.total))));
        if (r.events.length === 0) { box.append(h("p.muted", null, "No events with these filters.")); return; }
        list = h("ul.event-list");
        box.append(list);
      }
      for (const ev of r.events) list.append(eventItem(ev, this.app));
      box.querySelector(".more")?.remove();
      if (r.next) {
        const next = r.next, l = list;
        box.append(h("button.more", { type: "button", onclick: () => void this.loadEvents(next, l) }, "More events"));
      }
    } catch (e) {
      if ((e as Error).name === "AbortError") return;
      clear(box);
      box.append(h("h2", null, "Events"));
      this.app.showError(box as HTMLElement, e, () => void this.loadEvents());
    }
  }

  private hasFilters(): boolean {
    const f = this.filters;
    return !!(f.types.length || f.kinds.length || f.modality || f.from || f.to);
  }

  private filterBar(): HTMLElement {
    const f = this.filters;
    const typeBoxes = QUADS.map(([label, types]) => h("fieldset", null, h("legend", null, label),
      ...types.map((t) => h("label.check", null, h("input", { type: "checkbox", name: "types", value: t, checked: f.types.includes(t) }), t.toLowerCase()))));
    const kindBoxes = ACTOR_KINDS.map((k) => h("label.check", null,
      h("input", { type: "checkbox", name: "kinds", value: k, checked: f.kinds.includes(k) }),
      h("span.dot", { style: `background:${KIND_COLOR[k]}` }), KIND_LABEL[k]));
    const summary = (n: number, what: string) => (n ? `${what} (${n})` : `${what}: all`);
    const form = h("form.filters", { "aria-label": "Filters" },
      h("details.dropdown", null, h("summary", null, summary(f.types.length, "Event types")), h("div.menu.types-menu", null, ...typeBoxes)),
      h("details.dropdown", null, h("summary", null, summary(f.kinds.length, "Neighbour kinds")), h("div.menu", null, ...kindBoxes)),
      h("label", null, "Modality ", h("select", { name: "modality" }, h("option", { value: "" }, "any"),
        ...MODALITIES.map((m) => h("option", { value: m, selected: f.modality === m }, m.toLowerCase())))),
      h("label", null, "From ", h("input.date", { name: "from", value: f.from, placeholder: "YYYY-MM", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10, title: "YYYY, YYYY-MM or YYYY-MM-DD" })),
      h("label", null, "To ", h("input.date", { name: "to", value: f.to, placeholder: "YYYY-MM", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10, title: "YYYY, YYYY-MM or YYYY-MM-DD" })),
      h("label", null, "Depth ", h("select", { name: "depth" }, h("option", { value: "1", selected: f.depth === 1 }, "1"), h("option", { value: "2", selected: f.depth === 2 }, "2"))),
      h("button.primary", { type: "submit" }, "Apply"),
      this.hasFilters() || f.depth === 2 ? h("a.button", { href: actorHref(this.id) }, "Reset") : null);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const d = new FormData(form);
      const next: Filters = {
        types: d.getAll("types").map(String).filter((t): t is EventType => (EVENT_TYPES as readonly string[]).includes(t)),
        kinds: d.getAll("kinds").map(String) as Filters["kinds"],
        modality: String(d.get("modality") ?? "") as Filters["modality"],
        from: String(d.get("from") ?? "").trim(),
        to: String(d.get("to") ?? "").trim(),
        depth: d.get("depth") === "2" ? 2 : 1,
      };
      this.app.navigate(actorHref(this.id, next));
    });
    // Checkbox menus apply on change, so a mouse user need not find Apply.
    form.addEventListener("change", (e) => {
      const t = e.target as HTMLInputElement;
      if (t.type === "checkbox" || t.tagName === "SELECT") form.requestSubmit();
    });
    return form;
  }
}

export function eventItem(ev: Event, app: App, extra?: Node): HTMLElement {
  const li = h("li.event", { "data-id": ev.id, "data-type": ev.type, "data-mode": ev.mode ?? "" },
    h("button.event-btn", {
      type: "button", "aria-label": `${ev.type} ${ev.mode ?? ""}: ${names(ev.sources)} to ${names(ev.targets)}, ${ev.date ?? "undated"}. Show evidence.`,
      onclick: () => showEvent(ev, app),
    },
      h("span.ev-date", null, ev.date ?? "undated"),
      h("span.ev-type", { style: `color:${ev.score > 0 ? COOP : ev.score < 0 ? CONFLICT : NEUTRAL}` }, ev.type.toLowerCase(), ev.mode ? h("span.mode", null, ` · ${ev.mode}`) : null),
      h("span.ev-actors", null, names(ev.sources), ev.targets.length ? [" → ", names(ev.targets)] : null),
      h("span.ev-meta", null,
        ev.modality !== "ASSERTED" ? h("span.chip.modality", null, ev.modality.toLowerCase()) : null,
        h("span.score", { title: "PLOVER score" }, fmtScore(ev.score)),
        h("span.muted", { title: "independent sources" }, plural(ev.sourceCount, "src", "srcs")))),
    extra ?? null);
  return li;
}

export function showEvent(ev: Event, app: App): void {
  const all = [...ev.sources, ...ev.targets];
  app.evidence.show({
    title: `${ev.type}${ev.mode ? " (" + ev.mode + ")" : ""}: ${names(ev.sources)}${ev.targets.length ? " → " + names(ev.targets) : ""}`,
    subtitle: h("div", null,
      [ev.date ?? "undated", ev.location, ev.modality.toLowerCase(), ev.quad.toLowerCase().replace("_", " "), `score ${fmtScore(ev.score)}`,
        `confidence ${Math.round(ev.confidence * 100)}%`, ev.contexts.length ? ev.contexts.join(", ") : null].filter(Boolean).join(" · "),
      all.length === 2 && all[0].id !== all[1].id ? h("div", null, h("a", { href: pairHref(all[0].id, all[1].id) }, "Open the pair view →")) : null),
    evidence: ev.evidence ?? [],
    terms: [...termsOf(all), ...(ev.mode ? [ev.mode] : []), ...(ev.location ? [ev.location] : [])],
  });
}

function section(title: string, body: Node): HTMLElement {
  return h("section", null, h("h2", null, title), body);
}

function legend(): HTMLElement {
  return h("div.legend", { "aria-hidden": "true" },
    ...ACTOR_KINDS.map((k) => h("span", null, h("span.dot", { style: `background:${KIND_COLOR[k]}` }), KIND_LABEL[k])),
    h("span", null, h("span.line", { style: `background:${COOP}` }), "cooperation"),
    h("span", null, h("span.line", { style: `background:${CONFLICT}` }), "conflict"),
    h("span.muted", null, "width = independent sources · click a node to expand, an edge for evidence"));
}

function edgeKey(e: SubgraphEdge): string { return pairKey(e.source, e.target); }
function pairKey(a: string, b: string): string { return a < b ? `${a}|${b}` : `${b}|${a}`; }

function aliasesOf(actor: Actor | null, e: SubgraphEdge): string[] {
  return actor && (e.source === actor.id || e.target === actor.id) ? actor.aliases : [];
}

// subgraphFromEvents builds the neighborhood of `focus` from its events:
// one edge per pair of participants, weighted by distinct articles.
export function subgraphFromEvents(focus: string, events: Event[], kinds: string[]): Subgraph {
  const nodes = new Map<string, ActorRef>();
  const acc = new Map<string, SubgraphEdge & { arts: Set<string> }>();
  for (const ev of events) {
    const parts = [...ev.sources, ...ev.targets];
    for (const p of parts) if (!nodes.has(p.id)) nodes.set(p.id, p);
    // One edge per pair of participants, as neighborhood() counts them.
    const ids = [...new Set(parts.map((p) => p.id))];
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
      const [x, y] = ids[i] < ids[j] ? [ids[i], ids[j]] : [ids[j], ids[i]];
      const k = `${x}|${y}`;
      let e = acc.get(k);
      if (!e) {
        e = { source: x, target: y, events: 0, claims: 0, weight: 0, score: 0, sign: 0, types: [], evidence: [], arts: new Set() };
        acc.set(k, e);
      }
      e.events++;
      e.score += ev.score;
      if (!e.types.includes(ev.type)) e.types.push(ev.type);
      for (const x of ev.evidence ?? []) {
        e.arts.add(x.article.id);
        if (e.evidence.length < 3) e.evidence.push(x);
      }
    }
  }
  const keep = (id: string) => id === focus || kinds.length === 0 || kinds.includes(nodes.get(id)?.kind ?? "");
  const edges: SubgraphEdge[] = [];
  for (const e of acc.values()) {
    if (!keep(e.source) || !keep(e.target)) continue;
    const { arts, ...rest } = e;
    edges.push({ ...rest, weight: arts.size || 1, sign: Math.sign(e.score) });
  }
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  used.add(focus);
  return { nodes: [...nodes.values()].filter((n) => used.has(n.id)), edges, truncated: false };
}
