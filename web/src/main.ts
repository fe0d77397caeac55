// newsgraph's exploration UI: a hash-routed single page over the public
// GraphQL API. main wires the header (search), the current view and the
// evidence panel, and owns the error and key-entry states.

import "./style.css";
import { ApiError, apiKey, setApiKey } from "./api";
import { ActorView } from "./actorview";
import { EvidencePanel } from "./evidence";
import { PairView } from "./pairview";
import { actorHref, pairHref, parseRoute } from "./route";
import { SearchBox } from "./search";
import { h } from "./util";

interface View { el: HTMLElement; destroy(): void }

export class App {
  readonly evidence = new EvidencePanel();
  private search: SearchBox;
  private content: HTMLElement;
  private view: View | null = null;

  constructor(root: HTMLElement) {
    this.search = new SearchBox((a) => this.navigate(actorHref(a.id)));
    this.content = h("div.content");
    root.append(
      h("a.skip", { href: "#main", onclick: (e: Event) => { e.preventDefault(); document.getElementById("main")?.focus(); } }, "Skip to content"),
      h("header.top", null, h("a.logo", { href: "#/", "aria-label": "newsgraph home" }, "news", h("b", null, "graph")), this.search.el,
        h("span.hint", null, h("kbd", null, "/"), " search · ", h("kbd", null, "Esc"), " close")),
      h("div.layout", null, this.content, this.evidence.el));
    window.addEventListener("hashchange", () => this.route());
    document.addEventListener("keydown", (e) => this.key(e));
    this.route();
  }

  navigate(href: string): void {
    if (location.hash === href) this.route();
    else location.hash = href;
  }

  focusSearch(): void { this.search.focus(); }

  private key(e: KeyboardEvent): void {
    const t = e.target as HTMLElement;
    const typing = t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.focusSearch();
    } else if (e.key === "Escape" && this.evidence.open) {
      this.evidence.close();
    }
  }

  private route(): void {
    // In-page claim anchors are handled by the pair view, not the router.
    if (location.hash.startsWith("#claim-") || location.hash === "#main") return;
    const r = parseRoute(location.hash);
    this.view?.destroy();
    this.evidence.close();
    this.content.replaceChildren();
    switch (r.view) {
      case "actor": this.view = new ActorView(this, r.id, r.filters); break;
      case "pair": this.view = new PairView(this, r.a, r.b, r.filters); break;
      default: this.view = { el: home(), destroy() {} }; document.title = "newsgraph";
    }
    this.view.el.setAttribute("tabindex", "-1");
    this.content.append(this.view.el);
  }

  // showError puts a visible error with what to do, and Retry, into box.
  showError(box: HTMLElement, err: unknown, retry: () => void): void {
    const e = err instanceof ApiError ? err : new ApiError(String((err as Error)?.message ?? err), "ERROR", "Press Retry; if it persists, check the server's log.");
    const panel = h("div.error-state", { role: "alert", "data-code": e.code },
      h("h2", null, e.code === "NETWORK" || e.code.startsWith("HTTP_") ? "The newsgraph API is unavailable"
        : e.code === "INTERNAL" ? "The server could not answer" : e.code === "UNAUTHENTICATED" ? "An API key is needed" : "Something went wrong"),
      h("p.error-message", null, e.message),
      h("p.error-hint", null, e.hint),
      h("button.primary", { type: "button", onclick: retry }, "Retry"));
    if (e.code === "UNAUTHENTICATED") {
      const input = h("input", { type: "password", name: "key", placeholder: "API key", "aria-label": "API key", value: apiKey() });
      const form = h("form.key-form", null, input, h("button", { type: "submit" }, "Use key"));
      form.addEventListener("submit", (ev) => { ev.preventDefault(); setApiKey(input.value.trim()); retry(); });
      panel.append(form);
    }
    box.append(panel);
  }
}

function home(): HTMLElement {
  const ex = (label: string, href: string) => h("li", null, h("a", { href }, label));
  return h("main.home", { id: "main" },
    h("h1", null, "Explore who does what to whom in the news"),
    h("p", null, "Search for a country, person, organization or group (press ", h("kbd", null, "/"), "), open its neighborhood, click a node to expand it, click an edge, event or claim to read the sentences behind it."),
    h("h2", null, "For example"),
    h("ul.examples", null,
      ex("Iran's neighborhood", actorHref("country:IRN")),
      ex("Russia's neighborhood", actorHref("country:RUS")),
      ex("Russia – Iran", pairHref("country:RUS", "country:IRN")),
      ex("Ukraine – Russia", pairHref("country:UKR", "country:RUS"))));
}

const root = document.getElementById("app");
if (root) new App(root);
