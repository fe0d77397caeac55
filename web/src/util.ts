// Small DOM and formatting helpers shared by the views.

import type { ActorKind, ActorRef } from "./api";

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

// h builds an element: h("a.link", {href: "#/"}, "text", child…). Strings
// become text nodes, so untrusted data is never parsed as HTML.
export function h<K extends keyof HTMLElementTagNameMap>(tag: K | `${K}.${string}`, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const [name, ...classes] = tag.split(".");
  const el = document.createElement(name as K);
  if (classes.length) el.className = classes.join(" ");
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "class") el.className = (el.className ? el.className + " " : "") + v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

// ISO 3166-1 alpha-3 → alpha-2, for flag emoji (regional indicator pairs).
const ISO = "ASCAC ANDAD AREAE AFGAF ATGAG AIAAI ALBAL ARMAM ANTAN AGOAO ATAAQ ARGAR ASMAS AUTAT AUSAU ABWAW ALAAX AZEAZ BIHBA BRBBB BGDBD BELBE BFABF BGRBG BHRBH BDIBI BENBJ BLMBL BMUBM BRNBN BOLBO BESBQ BRABR BHSBS BTNBT BVTBV BWABW BLRBY BLZBZ CANCA CCKCC CODCD CAFCF COGCG CHECH CIVCI COKCK CHLCL CMRCM CHNCN COLCO CRICR CUBCU CPVCV CUWCW CXRCX CYPCY CZECZ DEUDE DJIDJ DNKDK DMADM DOMDO DZADZ ECUEC ESTEE EGYEG ESHEH ERIER ESPES ETHET FINFI FJIFJ FLKFK FSMFM FROFO FRAFR GABGA GBRGB GRDGD GEOGE GUFGF GGYGG GHAGH GIBGI GRLGL GMBGM GINGN GLPGP GNQGQ GRCGR SGSGS GTMGT GUMGU GNBGW GUYGY HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IRLIE ISRIL IMNIM INDIN IOTIO IRQIQ IRNIR ISLIS ITAIT JEYJE JAMJM JORJO JPNJP KENKE KGZKG KHMKH KIRKI COMKM KNAKN PRKKP KORKR KWTKW CYMKY KAZKZ LAOLA LBNLB LCALC LIELI LKALK LBRLR LSOLS LTULT LUXLU LVALV LBYLY MARMA MCOMC MDAMD MNEME MAFMF MDGMG MHLMH MKDMK MLIML MMRMM MNGMN MACMO MNPMP MTQMQ MRTMR MSRMS MLTMT MUSMU MDVMV MWIMW MEXMX MYSMY MOZMZ NAMNA NCLNC NERNE NFKNF NGANG NICNI NLDNL NORNO NPLNP NRUNR NIUNU NZLNZ OMNOM PANPA PERPE PYFPF PNGPG PHLPH PAKPK POLPL SPMPM PCNPN PRIPR PSEPS PRTPT PLWPW PRYPY QATQA REURE ROURO SRBRS RUSRU RWARW SAUSA SLBSB SYCSC SDNSD SWESE SGPSG SHNSH SVNSI SJMSJ SVKSK SLESL SMRSM SENSN SOMSO SURSR SSDSS STPST SLVSV SXMSX SYRSY SWZSZ TCATC TCDTD ATFTF TGOTG THATH TJKTJ TKLTK TLSTL TKMTM TUNTN TONTO TURTR TTOTT TUVTV TWNTW TZATZ UKRUA UGAUG UMIUM USAUS URYUY UZBUZ VATVA VCTVC VENVE VGBVG VIRVI VNMVN VUTVU WLFWF WSMWS XKXXK XKKXK YEMYE MYTYT ZAFZA ZMBZM ZWEZW";
const ISO2 = new Map(ISO.split(" ").map((s) => [s.slice(0, 3), s.slice(3)] as [string, string]));

export function flag(iso3: string | null | undefined): string {
  const a2 = iso3 ? ISO2.get(iso3.toUpperCase()) : undefined;
  if (!a2 || !flagsDrawn()) return "";
  return String.fromCodePoint(...[...a2].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

let flagSupport: boolean | undefined;

// flagsDrawn tells whether the system has a colour emoji font: without one
// a flag is two empty boxes, and the country code alone reads better.
function flagsDrawn(): boolean {
  if (flagSupport !== undefined) return flagSupport;
  flagSupport = false;
  try {
    const c = document.createElement("canvas");
    c.width = c.height = 24;
    const g = c.getContext("2d", { willReadFrequently: true });
    if (g) {
      g.font = "20px sans-serif";
      g.textBaseline = "top";
      g.fillText("\u{1F1EB}\u{1F1F7}", 0, 0);
      const d = g.getImageData(0, 0, 24, 24).data;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 0 && (Math.abs(d[i] - d[i + 1]) > 30 || Math.abs(d[i + 1] - d[i + 2]) > 30)) { flagSupport = true; break; }
      }
    }
  } catch { /* no canvas: no flags */ }
  return flagSupport;
}

export const KIND_COLOR: Record<ActorKind, string> = {
  COUNTRY: "#2563eb",
  PERSON: "#d97706",
  ORGANIZATION: "#7c3aed",
  GROUP: "#0d9488",
  LOCATION: "#64748b",
};

export const KIND_LABEL: Record<ActorKind, string> = {
  COUNTRY: "country", PERSON: "person", ORGANIZATION: "organization", GROUP: "group", LOCATION: "location",
};

export const COOP = "#16a34a";
export const CONFLICT = "#dc2626";
export const NEUTRAL = "#94a3b8";

export function signColor(sign: number): string {
  return sign > 0 ? COOP : sign < 0 ? CONFLICT : NEUTRAL;
}

// kindBadge shows kind and country: "country 🇮🇷 IRN".
export function kindBadge(a: Pick<ActorRef, "kind" | "country">): HTMLElement {
  return h("span.badge", { style: `--kind:${KIND_COLOR[a.kind] ?? NEUTRAL}` },
    h("span.dot"), KIND_LABEL[a.kind] ?? a.kind.toLowerCase(),
    a.country ? h("span.cc", { title: a.country }, flag(a.country) ? h("span.flag", { "aria-hidden": "true" }, flag(a.country)) : null, a.country) : null);
}

export function fmtScore(s: number): string {
  return (s > 0 ? "+" : s < 0 ? "−" : "") + Math.abs(Math.round(s * 10) / 10);
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function names(list: ActorRef[]): string {
  return list.map((a) => a.name).join(", ") || "—";
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
