// A hand-written SVG chart of relationship(...).timeline: per month,
// cooperative events as green bars above the axis, conflictual ones as red
// bars below, and the net PLOVER score as a line.

import type { TimelineMonth } from "./api";
import { COOP, CONFLICT, fmtScore, h } from "./util";

const NS = "http://www.w3.org/2000/svg";

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

// fillMonths lists every month from the first to the last, so quiet months
// show as gaps rather than disappearing.
export function fillMonths(tl: TimelineMonth[]): TimelineMonth[] {
  const byMonth = new Map(tl.map((m) => [m.month, m]));
  const months = [...byMonth.keys()].filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
  if (months.length === 0) return [];
  let [y, mo] = months[0].split("-").map(Number);
  const [ly, lm] = months[months.length - 1].split("-").map(Number);
  const out: TimelineMonth[] = [];
  for (let i = 0; i < 600 && (y < ly || (y === ly && mo <= lm)); i++) {
    const key = `${y}-${String(mo).padStart(2, "0")}`;
    out.push(byMonth.get(key) ?? { month: key, events: 0, claims: 0, cooperation: 0, conflict: 0, score: 0 });
    if (++mo > 12) { mo = 1; y++; }
  }
  return out;
}

// onMonth, when given, is called with a month (YYYY-MM) clicked in the chart.
export function timelineChart(tl: TimelineMonth[], onMonth?: (month: string) => void): HTMLElement {
  const months = fillMonths(tl);
  if (months.length === 0) return h("p.muted", null, "No dated events or claims to chart.");
  const H = 180, top = 16, bottom = 28, left = 40, right = 40;
  const bw = Math.max(6, Math.min(72, Math.floor(1000 / months.length)));
  const W = left + right + months.length * bw;
  const maxCount = Math.max(1, ...months.map((m) => Math.max(m.cooperation, m.conflict)));
  const maxScore = Math.max(1, ...months.map((m) => Math.abs(m.score)));
  const mid = top + (H - top - bottom) / 2;
  const half = (H - top - bottom) / 2;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", class: "timeline-chart",
    "aria-label": `Monthly cooperation and conflict, ${months[0].month} to ${months[months.length - 1].month}` });
  svg.append(s("line", { x1: left, x2: W - right, y1: mid, y2: mid, stroke: "#94a3b8" }));
  svg.append(s("text", { x: left - 4, y: top + 8, "text-anchor": "end", class: "axis" }, String(maxCount)));
  svg.append(s("text", { x: left - 4, y: H - bottom, "text-anchor": "end", class: "axis" }, String(maxCount)));
  svg.append(s("text", { x: left - 4, y: mid - 4, "text-anchor": "end", class: "axis coop" }, "coop"));
  svg.append(s("text", { x: left - 4, y: mid + 12, "text-anchor": "end", class: "axis conflict" }, "conf"));
  svg.append(s("text", { x: W - right + 4, y: top + 8, class: "axis" }, fmtScore(maxScore)));
  const pts: string[] = [];
  months.forEach((m, i) => {
    const x = left + i * bw;
    const g = s("g", { class: "month", "data-month": m.month });
    if (onMonth && m.events + m.claims > 0) {
      g.classList.add("clickable");
      g.addEventListener("click", () => onMonth(m.month));
    }
    const hu = (m.cooperation / maxCount) * half, hd = (m.conflict / maxCount) * half;
    if (hu > 0) g.append(s("rect", { x: x + 1, y: mid - hu, width: bw - 2, height: hu, fill: COOP, rx: 1 }));
    if (hd > 0) g.append(s("rect", { x: x + 1, y: mid, width: bw - 2, height: hd, fill: CONFLICT, rx: 1 }));
    g.append(s("rect", { x, y: top, width: bw, height: H - top - bottom, fill: "transparent" }));
    g.append(s("title", {}, `${m.month}: ${m.events} events (${m.cooperation} cooperative, ${m.conflict} conflictual), ${m.claims} claims, net score ${fmtScore(m.score)}`));
    svg.append(g);
    pts.push(`${x + bw / 2},${mid - (m.score / maxScore) * half}`);
    const [yy, mm] = m.month.split("-");
    const every = Math.ceil(40 / bw);
    if (i % every === 0 || months.length === 1) {
      svg.append(s("text", { x: x + bw / 2, y: H - bottom + 14, "text-anchor": "middle", class: "axis" }, mm === "01" || i === 0 ? `${mm}/${yy.slice(2)}` : mm));
    }
  });
  svg.append(s("polyline", { points: pts.join(" "), fill: "none", stroke: "#0f172a", "stroke-width": 1.5, "stroke-dasharray": months.length > 1 ? "0" : "2" }));
  for (const p of pts) {
    const [cx, cy] = p.split(",");
    svg.append(s("circle", { cx, cy, r: 2.5, fill: "#0f172a" }));
  }
  return h("figure.chart", null, h("div.chart-scroll", null, svg),
    h("figcaption", null,
      h("span", null, h("span.sq", { style: `background:${COOP}` }), "cooperative events"),
      h("span", null, h("span.sq", { style: `background:${CONFLICT}` }), "conflictual events"),
      h("span", null, h("span.ln"), "net PLOVER score")));
}
