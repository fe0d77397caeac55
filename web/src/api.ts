// The UI speaks only the public GraphQL API (POST /graphql). Every failure
// becomes an ApiError whose message says what happened and what to do, so
// views can show it as it is.

export type ActorKind = "PERSON" | "COUNTRY" | "ORGANIZATION" | "GROUP" | "LOCATION";
export type Modality = "ASSERTED" | "PLANNED" | "ALLEGED" | "DENIED" | "HYPOTHETICAL";
export type Stance = "ASSERT" | "DENY";

export const EVENT_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
  "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN",
  "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const ACTOR_KINDS: ActorKind[] = ["COUNTRY", "PERSON", "ORGANIZATION", "GROUP", "LOCATION"];
export const MODALITIES: Modality[] = ["ASSERTED", "PLANNED", "ALLEGED", "DENIED", "HYPOTHETICAL"];

export interface Article { id: string; url: string | null; title: string | null; source: string | null; published: string | null }
export interface Evidence { article: Article; sentence: string; start: number; end: number }
export interface ActorRef { id: string; name: string; kind: ActorKind; country: string | null }
export interface Role { title: string; current: boolean; org: ActorRef | null }
export interface Actor extends ActorRef { aliases: string[]; roles: Role[]; countryActor: ActorRef | null }
export interface Event {
  id: string; type: EventType; quad: string; mode: string | null; contexts: string[];
  sources: ActorRef[]; targets: ActorRef[]; date: string | null; location: string | null;
  modality: Modality; confidence: number; score: number; sourceCount: number;
  evidence?: Evidence[];
}
export interface Claim {
  id: string; claimant: ActorRef; cue: string | null; text: string; about: ActorRef[];
  stance: Stance; via: ActorRef[]; date: string | null; sourceCount: number;
  disputes: { id: string }[]; disputedBy: { id: string }[];
  evidence?: Evidence[];
}
export interface SubgraphEdge {
  source: string; target: string; events: number; claims: number; weight: number;
  score: number; sign: number; types: EventType[]; evidence: Evidence[];
}
export interface Subgraph { nodes: ActorRef[]; edges: SubgraphEdge[]; truncated: boolean }
export interface TimelineMonth { month: string; events: number; claims: number; cooperation: number; conflict: number; score: number }
export interface ClaimGroup { claimant: ActorRef; stance: Stance; claims: Claim[] }
export interface Relationship {
  a: ActorRef; b: ActorRef;
  events: Event[];
  eventsByType: { type: EventType; quad: string; count: number }[];
  eventsByQuad: { quad: string; count: number; score: number }[];
  claimsBetween: ClaimGroup[];
  claimsAboutBoth: ClaimGroup[];
  disputes: { claim: { id: string }; disputes: { id: string } }[];
  links: { actor: ActorRef; memberOf: ActorRef; events: { id: string }[]; claims: { id: string }[] }[];
  timeline: TimelineMonth[];
  firstSeen: string | null; lastSeen: string | null;
}

export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly hint: string) {
    super(message);
  }
}

const KEY_STORAGE = "newsgraph.apiKey";

export function apiKey(): string {
  try { return sessionStorage.getItem(KEY_STORAGE) ?? ""; } catch { return ""; }
}
export function setApiKey(k: string): void {
  try { k ? sessionStorage.setItem(KEY_STORAGE, k) : sessionStorage.removeItem(KEY_STORAGE); } catch { /* private mode */ }
}

const DOWN_HINT = "Check that the newsgraph server is running (make run, or newsgraph serve) and that its Dgraph is up, then press Retry.";

// gql posts one operation. Network failures, non-JSON answers (a proxy's
// 502 page) and GraphQL errors all end as ApiError.
export async function gql<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let resp: Response;
  try {
    resp = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError("Cannot reach the newsgraph API (/graphql): the connection failed.", "NETWORK", DOWN_HINT);
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
  try {
    body = await resp.json();
  } catch {
    body = undefined;
  }
  if (!body || (!body.data && !body.errors)) {
    throw new ApiError(`The newsgraph API answered HTTP ${resp.status} ${resp.statusText} without a GraphQL response.`, "HTTP_" + resp.status, DOWN_HINT);
  }
  if (body.errors && body.errors.length > 0) {
    const e = body.errors[0];
    const code = e.extensions?.code ?? "ERROR";
    throw new ApiError(e.message, code, hintFor(code));
  }
  return body.data as T;
}

function hintFor(code: string): string {
  switch (code) {
    case "UNAUTHENTICATED": return "This server needs an API key: enter it below.";
    case "INTERNAL": return "The server could not answer; its Dgraph may be down. Check the server's log, then press Retry.";
    case "LIMIT_EXCEEDED": return "The request was too large: narrow the filters (fewer types, a shorter period) or lower the depth.";
    case "BAD_USER_INPUT": return "Check the filters in the address bar (dates are YYYY, YYYY-MM or YYYY-MM-DD).";
    case "NOT_FOUND": return "The id may have been merged or mistyped: search for the actor instead.";
    default: return "Press Retry; if it persists, check the server's log.";
  }
}

const ACTOR_REF = "id name kind country";
const EVIDENCE = "evidence { article { id url title source published } sentence start end }";
const EVENT = `id type quad mode contexts sources { ${ACTOR_REF} } targets { ${ACTOR_REF} } date location modality confidence score sourceCount`;
const CLAIM = `id claimant { ${ACTOR_REF} } cue text about { ${ACTOR_REF} } stance via { ${ACTOR_REF} } date sourceCount disputes { id } disputedBy { id }`;

export async function searchActors(search: string, signal?: AbortSignal): Promise<(ActorRef & { aliases: string[] })[]> {
  const d = await gql<{ actors: { edges: { node: ActorRef & { aliases: string[] } }[] } }>(
    `query Suggest($search: String!) { actors(filter: {search: $search}, first: 8) { edges { node { ${ACTOR_REF} aliases } } } }`,
    { search }, signal);
  return d.actors.edges.map((e) => e.node);
}

export async function getActor(id: string, signal?: AbortSignal): Promise<Actor | null> {
  const d = await gql<{ actor: Actor | null }>(
    `query Actor($id: ID!) { actor(id: $id) { ${ACTOR_REF} aliases roles { title current org { ${ACTOR_REF} } } countryActor { ${ACTOR_REF} } } }`,
    { id }, signal);
  return d.actor;
}

export interface NeighborhoodArgs {
  id: string; depth?: number; types?: EventType[]; kinds?: ActorKind[]; from?: string; to?: string; limit?: number;
}

export async function getNeighborhood(a: NeighborhoodArgs, signal?: AbortSignal): Promise<Subgraph> {
  const d = await gql<{ neighborhood: Subgraph }>(
    `query Neighborhood($id: ID!, $depth: Int, $types: [EventType!], $kinds: [ActorKind!], $from: Date, $to: Date, $limit: Int) {
      neighborhood(id: $id, depth: $depth, types: $types, kinds: $kinds, from: $from, to: $to, limit: $limit) {
        truncated nodes { ${ACTOR_REF} }
        edges { source target events claims weight score sign types ${EVIDENCE} }
      }
    }`,
    { id: a.id, depth: a.depth ?? 1, types: a.types?.length ? a.types : null, kinds: a.kinds?.length ? a.kinds : null,
      from: a.from || null, to: a.to || null, limit: a.limit ?? 150 }, signal);
  return d.neighborhood;
}

export interface EventsArgs { actor: string; types?: EventType[]; modality?: Modality; from?: string; to?: string; first?: number; after?: string }

export async function getEvents(a: EventsArgs, signal?: AbortSignal): Promise<{ events: Event[]; total: number; next: string | null }> {
  const d = await gql<{ events: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Event }[] } }>(
    `query Events($filter: EventFilter, $first: Int, $after: String) {
      events(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${EVENT} ${EVIDENCE} } } }
    }`,
    { filter: { actor: a.actor, types: a.types?.length ? a.types : null, modality: a.modality || null, from: a.from || null, to: a.to || null },
      first: a.first ?? 20, after: a.after ?? null }, signal);
  return {
    events: d.events.edges.map((e) => e.node), total: d.events.totalCount,
    next: d.events.pageInfo.hasNextPage ? d.events.pageInfo.endCursor : null,
  };
}

export async function getRelationship(a: string, b: string, from?: string, to?: string, signal?: AbortSignal): Promise<Relationship> {
  const d = await gql<{ relationship: Relationship }>(
    `query Relationship($a: ID!, $b: ID!, $from: Date, $to: Date) {
      relationship(a: $a, b: $b, from: $from, to: $to) {
        a { ${ACTOR_REF} } b { ${ACTOR_REF} }
        events { ${EVENT} ${EVIDENCE} }
        eventsByType { type quad count }
        eventsByQuad { quad count score }
        claimsBetween { claimant { ${ACTOR_REF} } stance claims { ${CLAIM} ${EVIDENCE} } }
        claimsAboutBoth { claimant { ${ACTOR_REF} } stance claims { ${CLAIM} ${EVIDENCE} } }
        disputes { claim { id } disputes { id } }
        links { actor { ${ACTOR_REF} } memberOf { ${ACTOR_REF} } events { id } claims { id } }
        timeline { month events claims cooperation conflict score }
        firstSeen lastSeen
      }
    }`,
    { a, b, from: from || null, to: to || null }, signal);
  return d.relationship;
}

export async function getClaim(id: string, signal?: AbortSignal): Promise<Claim | null> {
  const d = await gql<{ claim: Claim | null }>(`query Claim($id: ID!) { claim(id: $id) { ${CLAIM} ${EVIDENCE} } }`, { id }, signal);
  return d.claim;
}
