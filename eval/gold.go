// Package eval scores extraction records against gold annotations with the
// matching rules of shared/eval/FORMAT.md, so that any gold file in that
// format scores the same way here as anywhere else. It is pure apart from
// reading gold files: the extractor is a small interface given by the caller.
package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/schema"
)

// Gold is one gold file: what a person wrote down as correct for one article.
type Gold struct {
	Article  GoldArticle   `json:"article"`
	Actors   []GoldActor   `json:"actors"`
	Places   []string      `json:"places,omitempty"`
	Events   []GoldEvent   `json:"events"`
	Claims   []GoldClaim   `json:"claims"`
	Disputes []GoldDispute `json:"disputes,omitempty"`

	// ID is the gold file's name without .gold.json (or .json): the article
	// id an extraction record must carry to be scored against this file.
	ID string `json:"-"`
	// Path is the gold file; ArticlePath the article text it annotates,
	// resolved by ResolveArticle.
	Path        string `json:"-"`
	ArticlePath string `json:"-"`
}

// GoldArticle names the annotated article and the metadata the extractor is
// given with it.
type GoldArticle struct {
	File      string `json:"file"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Source    string `json:"source,omitempty"`
}

// GoldActor is an actor the article mentions.
type GoldActor struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Country  string   `json:"country,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
	Role     string   `json:"role,omitempty"`
	Optional bool     `json:"optional,omitempty"`
}

// GoldEvent is an event; Sources and Targets are actor names as written in
// Gold.Actors, Type the list of acceptable PLOVER types.
type GoldEvent struct {
	Type      Strings  `json:"type"`
	Mode      string   `json:"mode,omitempty"`
	Context   Strings  `json:"context,omitempty"`
	Sources   []string `json:"sources"`
	Targets   []string `json:"targets"`
	Symmetric bool     `json:"symmetric,omitempty"`
	Date      string   `json:"date,omitempty"`
	Modality  string   `json:"modality,omitempty"`
	Location  string   `json:"location,omitempty"`
	Optional  bool     `json:"optional,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// GoldClaim is attributed speech; Claimant lists the acceptable claimants.
type GoldClaim struct {
	Claimant Strings  `json:"claimant"`
	About    []string `json:"about"`
	Stance   string   `json:"stance"`
	Cue      string   `json:"cue,omitempty"`
	Via      []string `json:"via,omitempty"`
	Date     string   `json:"date,omitempty"`
	Text     string   `json:"text"`
	Optional bool     `json:"optional,omitempty"`
}

// GoldDispute says claim Claim disputes the claims Disputes (0-based indexes
// into Gold.Claims).
type GoldDispute struct {
	Claim    int    `json:"claim"`
	Disputes []int  `json:"disputes"`
	Note     string `json:"note,omitempty"`
}

// Strings is a list that gold files may also write as a single string
// ("context": "military").
type Strings []string

// UnmarshalJSON accepts a string or a list of strings.
func (s *Strings) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		if one == "" {
			*s = nil
		} else {
			*s = Strings{one}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or a list of strings, got %s", b)
	}
	*s = many
	return nil
}

// goldID is a gold file's article id: its name without .gold.json or .json.
func goldID(path string) string {
	base := filepath.Base(path)
	if id, ok := strings.CutSuffix(base, ".gold.json"); ok {
		return id
	}
	return strings.TrimSuffix(base, ".json")
}

// LoadDir loads every *.json gold file in dir (or the single file dir names),
// sorted by name, and resolves each article file. Errors name the file.
func LoadDir(dir string) ([]*Gold, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", dir, err)
	}
	paths := []string{dir}
	if fi.IsDir() {
		paths, err = filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("gold %s: %w", dir, err)
		}
		sort.Strings(paths)
		if len(paths) == 0 {
			return nil, fmt.Errorf("gold %s: no *.gold.json files there; give the directory that holds them", dir)
		}
	}
	var golds []*Gold
	var errs []error
	for _, p := range paths {
		g, err := LoadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		golds = append(golds, g)
	}
	return golds, errors.Join(errs...)
}

// LoadFile reads, checks and resolves one gold file.
func LoadFile(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	g, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	g.Path = path
	g.ID = goldID(path)
	if err := g.ResolveArticle(); err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	return g, nil
}

// Parse decodes a gold record and checks it: unknown fields, kinds, types,
// modalities and stances, and that every participant, claimant, about and
// via names an actor of the file and every dispute index a claim.
func Parse(b []byte) (*Gold, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var g Gold
	if err := dec.Decode(&g); err != nil {
		return nil, err
	}
	return &g, g.check()
}

func (g *Gold) check() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	for i, a := range g.Actors {
		if a.Name == "" {
			bad("actors[%d]: no name", i)
		}
		if !contains(schema.Kinds, a.Kind) {
			bad("actors[%d] %q: kind %q is not one of %v", i, a.Name, a.Kind, schema.Kinds)
		}
	}
	names := func(where string, list []string) {
		for _, n := range list {
			if g.actor(n) < 0 {
				bad("%s: %q is not an actor of this file (add it to actors[])", where, n)
			}
		}
	}
	for i, e := range g.Events {
		where := fmt.Sprintf("events[%d]", i)
		if len(e.Type) == 0 {
			bad("%s: no type", where)
		}
		for _, t := range e.Type {
			if _, ok := schema.LookupEventType(t); !ok {
				bad("%s: type %q is not a PLOVER type", where, t)
			}
		}
		if e.Modality != "" && !contains(schema.Modalities, e.Modality) {
			bad("%s: modality %q is not one of %v", where, e.Modality, schema.Modalities)
		}
		if len(e.Sources) == 0 {
			bad("%s: no sources", where)
		}
		names(where+" sources", e.Sources)
		names(where+" targets", e.Targets)
	}
	for i, c := range g.Claims {
		where := fmt.Sprintf("claims[%d]", i)
		if len(c.Claimant) == 0 {
			bad("%s: no claimant", where)
		}
		if len(c.About) == 0 {
			bad("%s: no about actors (a claim matches through one of them)", where)
		}
		if c.Stance != schema.StanceAssert && c.Stance != schema.StanceDeny {
			bad("%s: stance %q is not assert or deny", where, c.Stance)
		}
		names(where+" claimant", c.Claimant)
		names(where+" about", c.About)
		names(where+" via", c.Via)
	}
	for i, d := range g.Disputes {
		for _, c := range append([]int{d.Claim}, d.Disputes...) {
			if c < 0 || c >= len(g.Claims) {
				bad("disputes[%d]: claim index %d out of range (0..%d)", i, c, len(g.Claims)-1)
			}
		}
	}
	return errors.Join(errs...)
}

// actor returns the index of the actor a gold participant name refers to:
// the actor written with exactly that name, else the one whose normalized
// name or alias equals it; -1 when none.
func (g *Gold) actor(name string) int {
	for i, a := range g.Actors {
		if a.Name == name {
			return i
		}
	}
	n := schema.NormalizeName(name)
	for i, a := range g.Actors {
		for _, x := range append([]string{a.Name}, a.Aliases...) {
			if schema.NormalizeName(x) == n {
				return i
			}
		}
	}
	return -1
}

// ResolveArticle finds the article file: relative to the gold file's
// directory, then to each parent directory in turn (the dev gold writes
// "seeds/…", relative to shared/).
func (g *Gold) ResolveArticle() error {
	if g.Article.File == "" {
		return errors.New("article.file is empty: name the article text the gold annotates")
	}
	if filepath.IsAbs(g.Article.File) {
		if _, err := os.Stat(g.Article.File); err != nil {
			return fmt.Errorf("article %s: %w", g.Article.File, err)
		}
		g.ArticlePath = g.Article.File
		return nil
	}
	dir, err := filepath.Abs(filepath.Dir(g.Path))
	if err != nil {
		return err
	}
	for {
		p := filepath.Join(dir, g.Article.File)
		if _, err := os.Stat(p); err == nil {
			g.ArticlePath = p
			return nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return fmt.Errorf("article %q not found beside the gold file or in any parent directory", g.Article.File)
		}
		dir = parent
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
