// The URL fragment holds the whole view state, so a view can be shared and
// reloaded: #/actor/country:IRN?types=CONSULT,AGREE&from=2024-01&modality=ASSERTED
// or #/pair/country:RUS/country:IRN?from=2024.

import { ACTOR_KINDS, EVENT_TYPES, MODALITIES, type ActorKind, type EventType, type Modality } from "./api";

export interface Filters {
  types: EventType[];
  kinds: ActorKind[];
  modality: Modality | "";
  from: string;
  to: string;
  depth: number;
}

export type Route =
  | { view: "home" }
  | { view: "actor"; id: string; filters: Filters }
  | { view: "pair"; a: string; b: string; filters: Filters };

export function emptyFilters(): Filters {
  return { types: [], kinds: [], modality: "", from: "", to: "", depth: 1 };
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, "");
  const q = h.indexOf("?");
  const path = q >= 0 ? h.slice(0, q) : h;
  const params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : "");
  const parts = path.split("/").filter(Boolean).map(safeDecode);
  const filters = parseFilters(params);
  if (parts[0] === "actor" && parts[1]) return { view: "actor", id: parts[1], filters };
  if (parts[0] === "pair" && parts[1] && parts[2]) return { view: "pair", a: parts[1], b: parts[2], filters };
  return { view: "home" };
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

function list<T extends string>(v: string | null, allowed: readonly T[]): T[] {
  if (!v) return [];
  return v.split(",").map((s) => s.trim().toUpperCase()).filter((s): s is T => (allowed as readonly string[]).includes(s));
}

function parseFilters(p: URLSearchParams): Filters {
  const f = emptyFilters();
  f.types = list(p.get("types"), EVENT_TYPES);
  f.kinds = list(p.get("kinds"), ACTOR_KINDS);
  const m = (p.get("modality") ?? "").toUpperCase();
  f.modality = (MODALITIES as string[]).includes(m) ? (m as Modality) : "";
  const from = p.get("from") ?? "", to = p.get("to") ?? "";
  f.from = DATE.test(from) ? from : "";
  f.to = DATE.test(to) ? to : "";
  f.depth = p.get("depth") === "2" ? 2 : 1;
  return f;
}

function query(f: Filters, pair: boolean): string {
  const p: string[] = [];
  if (!pair) {
    if (f.types.length) p.push("types=" + f.types.join(","));
    if (f.kinds.length) p.push("kinds=" + f.kinds.join(","));
    if (f.modality) p.push("modality=" + f.modality);
  }
  if (f.from) p.push("from=" + f.from);
  if (f.to) p.push("to=" + f.to);
  if (!pair && f.depth === 2) p.push("depth=2");
  return p.length ? "?" + p.join("&") : "";
}

// Actor ids keep their colon readable: country:IRN, person:sergei-shoigu.
function enc(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ":");
}

export function actorHref(id: string, f: Filters = emptyFilters()): string {
  return `#/actor/${enc(id)}${query(f, false)}`;
}

export function pairHref(a: string, b: string, f: Filters = emptyFilters()): string {
  return `#/pair/${enc(a)}/${enc(b)}${query(f, true)}`;
}

export function routeHref(r: Route): string {
  switch (r.view) {
    case "actor": return actorHref(r.id, r.filters);
    case "pair": return pairHref(r.a, r.b, r.filters);
    default: return "#/";
  }
}
