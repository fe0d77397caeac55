// The neighborhood graph: sigma (WebGL) over a graphology graph laid out by
// ForceAtlas2 in a web worker. Nodes are coloured by kind; edges are as wide
// as their number of independent sources and coloured by their
// cooperation/conflict sign. Clicking a node expands it; clicking an edge
// opens its evidence.

import Graph from "graphology";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import type { ActorRef, SubgraphEdge } from "./api";
import { KIND_COLOR, NEUTRAL, signColor } from "./util";

export interface GraphHandlers {
  onNodeClick(id: string): void;
  onEdgeClick(e: SubgraphEdge): void;
  onStageClick(): void;
  onEdgeHover(e: SubgraphEdge | null): void;
}

interface NodeAttrs { x: number; y: number; size: number; color: string; label: string; actor: ActorRef; fixed?: boolean; expanded?: boolean; highlighted?: boolean }
interface EdgeAttrs { size: number; color: string; data: SubgraphEdge }

export class GraphView {
  readonly graph = new Graph<NodeAttrs, EdgeAttrs>({ type: "undirected", multi: false, allowSelfLoops: false });
  private sigma: Sigma<NodeAttrs, EdgeAttrs> | null = null;
  private layout: FA2Layout<NodeAttrs, EdgeAttrs> | null = null;
  private layoutTimer = 0;
  private hovered: string | null = null;
  private selected: string | null = null;
  private rendered = false;

  constructor(readonly container: HTMLElement, private focus: string, private handlers: GraphHandlers) {}

  // add merges nodes and edges; new nodes start around `near` (the
  // expanded node) so the layout only has to settle them.
  add(nodes: ActorRef[], edges: SubgraphEdge[], near?: string): number {
    const g = this.graph;
    const origin = near && g.hasNode(near) ? g.getNodeAttributes(near) : { x: 0, y: 0 };
    const fresh = nodes.filter((n) => !g.hasNode(n.id));
    const golden = Math.PI * (3 - Math.sqrt(5));
    const base = g.order;
    fresh.forEach((n, i) => {
      const isFocus = n.id === this.focus;
      const r = isFocus ? 0 : (near ? 3 : 10) * Math.sqrt(i + 1 + (near ? 0 : base));
      const a = (i + base) * golden;
      g.addNode(n.id, {
        x: isFocus ? 0 : origin.x + r * Math.cos(a), y: isFocus ? 0 : origin.y + r * Math.sin(a),
        size: 5, color: KIND_COLOR[n.kind] ?? NEUTRAL, label: n.name, actor: n, fixed: isFocus,
      });
    });
    for (const e of edges) {
      if (!g.hasNode(e.source) || !g.hasNode(e.target) || e.source === e.target) continue;
      const attrs = { size: edgeSize(e.weight), color: signColor(e.sign), data: e };
      const key = g.edge(e.source, e.target);
      if (key) g.replaceEdgeAttributes(key, attrs);
      else g.addEdge(e.source, e.target, attrs);
    }
    this.resize();
    return fresh.length;
  }

  markExpanded(id: string): void {
    if (this.graph.hasNode(id)) this.graph.setNodeAttribute(id, "expanded", true);
  }

  // resize sets node sizes from the summed weight of their edges.
  private resize(): void {
    const g = this.graph;
    g.forEachNode((n) => {
      let w = 0;
      g.forEachEdge(n, (_e, a) => { w += a.data.weight; });
      g.setNodeAttribute(n, "size", n === this.focus ? 16 : Math.min(14, 4 + 2.2 * Math.log2(1 + w)));
    });
  }

  // render draws the graph; onFirst runs after the first frame is painted.
  render(onFirst: () => void): void {
    if (this.sigma) {
      this.sigma.refresh();
      this.relayout();
      return;
    }
    const s = new Sigma<NodeAttrs, EdgeAttrs>(this.graph, this.container, {
      enableEdgeEvents: true,
      renderEdgeLabels: false,
      // Small graphs label every node; large ones only the bigger ones.
      labelRenderedSizeThreshold: this.graph.order <= 40 ? 0 : 7,
      labelFont: "system-ui, sans-serif",
      labelSize: 13,
      labelWeight: "500",
      zIndex: true,
      stagePadding: 70,
      minCameraRatio: 0.05,
      maxCameraRatio: 10,
      nodeReducer: (n, a) => this.nodeReducer(n, a),
      edgeReducer: (e, a) => this.edgeReducer(e, a),
    });
    this.sigma = s;
    // Sigma draws its first frame inside its constructor; the next
    // animation frame is when that frame is on the screen.
    requestAnimationFrame(() => {
      if (this.rendered) return;
      this.rendered = true;
      onFirst();
    });
    s.on("clickNode", ({ node }) => this.handlers.onNodeClick(node));
    s.on("clickEdge", ({ edge }) => this.handlers.onEdgeClick(this.graph.getEdgeAttribute(edge, "data")));
    s.on("clickStage", () => this.handlers.onStageClick());
    s.on("enterNode", ({ node }) => { this.hovered = node; this.container.style.cursor = "pointer"; s.refresh({ skipIndexation: true }); });
    s.on("leaveNode", () => { this.hovered = null; this.container.style.cursor = ""; s.refresh({ skipIndexation: true }); });
    s.on("enterEdge", ({ edge }) => { this.container.style.cursor = "pointer"; this.handlers.onEdgeHover(this.graph.getEdgeAttribute(edge, "data")); });
    s.on("leaveEdge", () => { this.container.style.cursor = ""; this.handlers.onEdgeHover(null); });
    this.relayout();
  }

  select(id: string | null): void {
    this.selected = id;
    this.sigma?.refresh({ skipIndexation: true });
  }

  private nodeReducer(n: string, a: NodeAttrs): Partial<NodeAttrs> & Record<string, unknown> {
    const out: Record<string, unknown> = { ...a };
    const hot = this.hovered ?? this.selected;
    if (n === this.focus || n === this.selected) { out.highlighted = true; out.forceLabel = true; }
    if (hot && hot !== n && !this.graph.areNeighbors(hot, n)) { out.color = "#e2e8f0"; out.label = ""; out.zIndex = 0; }
    else out.zIndex = 1;
    return out;
  }

  private edgeReducer(e: string, a: EdgeAttrs): Partial<EdgeAttrs> & Record<string, unknown> {
    const hot = this.hovered ?? this.selected;
    if (hot && !this.graph.hasExtremity(e, hot)) return { ...a, color: "#f1f5f9", zIndex: 0 };
    return { ...a, zIndex: 1 };
  }

  // relayout runs ForceAtlas2 in its worker for a moment; the focus node
  // stays fixed in the middle.
  private relayout(): void {
    if (this.graph.order < 3) return;
    clearTimeout(this.layoutTimer);
    this.layout?.kill();
    const settings = forceAtlas2.inferSettings(this.graph);
    this.layout = new FA2Layout(this.graph, { settings: { ...settings, barnesHutOptimize: this.graph.order > 300, adjustSizes: false, edgeWeightInfluence: 0.5, gravity: 1, slowDown: 5 }, getEdgeWeight: (_e, a) => Math.log2(1 + a.data.weight) });
    this.layout.start();
    this.layoutTimer = window.setTimeout(() => this.layout?.stop(), Math.min(4000, 1200 + this.graph.order * 10));
  }

  kill(): void {
    clearTimeout(this.layoutTimer);
    this.layout?.kill();
    this.layout = null;
    this.sigma?.kill();
    this.sigma = null;
  }
}

function edgeSize(weight: number): number {
  return Math.min(10, 1 + 1.6 * Math.log2(Math.max(1, weight)));
}
