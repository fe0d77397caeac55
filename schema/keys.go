package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
)

// Actor id prefixes by kind. Actor ids are the actors' global keys: a country
// by its ISO-3 code, everything else by the slug of its normalized canonical
// name, so every article that names Sergei Shoigu meets at person:sergei-shoigu.
var kindPrefix = map[string]string{
	KindPerson:       "person",
	KindCountry:      "country",
	KindOrganization: "org",
	KindGroup:        "group",
	KindLocation:     "location",
}

// ActorID is the global key of an actor. Countries are keyed by their ISO-3
// code when it is known.
func ActorID(kind, name, iso3 string) string {
	p, ok := kindPrefix[kind]
	if !ok {
		p = strings.ToLower(kind)
	}
	if kind == KindCountry && iso3 != "" {
		return p + ":" + strings.ToUpper(iso3)
	}
	return p + ":" + Slug(name)
}

// ArticleKey keys an article by its canonical URL, or by its content hash
// when it has no URL, so the same article read twice meets in one node.
func ArticleKey(a ArticleMeta) string {
	if u := CanonicalURL(a.URL); u != "" {
		return "article:" + u
	}
	if a.Hash != "" {
		return "article:sha256:" + a.Hash
	}
	return "article:id:" + a.ID
}

// CanonicalURL drops what does not identify a page: the fragment, a trailing
// slash, the scheme's and host's case, and common tracking parameters.
func CanonicalURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	host, path, _ := strings.Cut(rest, "/")
	path, query, _ := strings.Cut(path, "?")
	var keep []string
	for _, kv := range strings.Split(query, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if kv == "" || strings.HasPrefix(k, "utm_") || k == "fbclid" || k == "gclid" {
			continue
		}
		keep = append(keep, kv)
	}
	sort.Strings(keep)
	out := strings.ToLower(scheme) + "://" + strings.ToLower(host) + "/" + strings.TrimRight(path, "/")
	out = strings.TrimRight(out, "/")
	if len(keep) > 0 {
		out += "?" + strings.Join(keep, "&")
	}
	return out
}

// symmetricTypes are PLOVER types whose participants act jointly: who is
// listed first carries no meaning, so the key sorts them together.
var symmetricTypes = map[string]bool{"CONSULT": true, "COOPERATE": true, "AGREE": true}

// EventKey is an event's identity across articles: type, participants and
// date bucket (month; the publication month when the text gives no date),
// and modality, since a planned signing and a reported one are different
// facts. Two articles reporting Shoigu's August visit to Iran meet in one
// node whose evidence grows.
func EventKey(e Event, published string) string {
	src := append([]string(nil), e.Sources...)
	tgt := append([]string(nil), e.Targets...)
	if symmetricTypes[e.Type] && e.Mode != "visit" {
		src = append(src, tgt...)
		tgt = nil
	}
	bucket := e.Date
	if bucket == "" {
		bucket = published
	}
	if len(bucket) > 7 {
		bucket = bucket[:7]
	}
	return "event:" + hashParts(e.Type, setKey(src), setKey(tgt), bucket, e.Modality)
}

// ClaimKey is a claim's identity across articles: claimant, the actors it is
// about, stance and its normalized text.
func ClaimKey(c Claim) string {
	return "claim:" + hashParts(c.Claimant, setKey(c.About), c.Stance, NormalizeName(c.Text))
}

// EvidenceKey keys one span of one article; events, claims and mentions read
// from the same sentence share it.
func EvidenceKey(articleKey string, s Span) string {
	return "evidence:" + hashParts(articleKey, itoa(s.Start), itoa(s.End))
}

// RoleKey keys a role by person, title and organization.
func RoleKey(actorID string, r Role) string {
	return "role:" + hashParts(actorID, NormalizeName(r.Title), r.Org)
}

// SourceKey keys a publisher by its normalized name.
func SourceKey(name string) string { return "source:" + Slug(name) }

func setKey(ids []string) string {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return strings.Join(out, ",")
}

func hashParts(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

func itoa(n int) string { return strconv.Itoa(n) }
