// Package e2e_test drives the web UI in Debian's Chromium (headless, through
// chromedp) against the real server over a real Dgraph holding graphs read
// by the real extractor. Screenshots go to <repo>/test-output/web/.
package e2e_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/dgraph-io/dgo/v230"
	"github.com/dgraph-io/dgo/v230/protos/api"
	"github.com/rs/zerolog"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/newsgraph/newsgraph/internal/dgraphtest"
	"github.com/newsgraph/newsgraph/internal/seedtest"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/store"
	"github.com/newsgraph/newsgraph/web"
)

func TestMain(m *testing.M) { os.Exit(dgraphtest.Start(m)) }

const (
	outputDir = "../../test-output/web"
	// Generous waits: two cores are shared with Dgraph and the browser.
	stepTimeout = 60 * time.Second
)

// chromiumPath finds Debian's chromium; a test that needs it fails (never
// skips) with what to do when it is missing.
func chromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatalf("Chromium is missing: install it with `make chromium` (apt-get install chromium) or set CHROMIUM to its path")
	return ""
}

// browser starts a fresh headless Chromium and returns a tab context. Page
// errors and console errors are collected for the test to report.
func browser(t testing.TB) (context.Context, *[]string) {
	t.Helper()
	// A fresh profile per browser, removed after Chromium has exited (its
	// helper processes may still write there for a moment, which would
	// fail t.TempDir's cleanup).
	profile, err := os.MkdirTemp("", "newsgraph-chromium-")
	if err != nil {
		t.Fatalf("browser profile: %v", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1440, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// WebGL without a GPU: ANGLE over SwiftShader, as sigma needs.
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// chromedp's protocol tables lag Chromium's: events it cannot decode
	// are logged, not errors of the page, so they are dropped.
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(format string, args ...any) {
		if !strings.HasPrefix(format, "could not unmarshal event") {
			t.Logf("chromedp: "+format, args...)
		}
	}))
	var logs []string
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			logs = append(logs, "exception: "+e.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError || e.Type == runtime.APITypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				logs = append(logs, string(e.Type)+": "+strings.Join(parts, " "))
			}
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
		t.Fatalf("start Chromium (%s): %v", chromiumPath(t), err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		for i := 0; i < 20; i++ {
			if err = os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("browser profile %s left behind: %v", profile, err)
	})
	return ctx, &logs
}

// run runs browser actions with a step timeout, failing with the page's
// errors and a screenshot when one fails.
func run(t testing.TB, ctx context.Context, logs *[]string, what string, actions ...chromedp.Action) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Run(sctx, actions...); err != nil {
		screenshot(t, ctx, "failed-"+slug(t.Name()+"-"+what))
		t.Fatalf("%s: %v\npage errors: %s", what, err, strings.Join(*logs, "\n"))
	}
}

func slug(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return '-'
	}, s)
}

// screenshot saves the viewport as test-output/web/<name>.png.
func screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	if err := os.MkdirAll(outputDir, 0o755); err != nil {
		t.Errorf("screenshot dir: %v", err)
		return
	}
	var png []byte
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, chromedp.CaptureScreenshot(&png)); err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(outputDir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	abs, _ := filepath.Abs(path)
	t.Logf("screenshot: %s", abs)
}

// newServer is the real server over dg with the embedded UI.
func newServer(t testing.TB, dg *store.Queries, cur *store.Curation) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(server.New(server.Config{
		Queries:    dg,
		Curation:   cur,
		PublicRead: true,
		UI:         web.Handler(),
		Log:        zerolog.New(io.Discard),
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSeedsExplore is the analyst's path through the two seed articles:
// search "Iran" with the keyboard, open it, find Russia among its
// neighbours, open the Russia–Iran pair, click Shoigu's visit and read the
// highlighted sentence.
func TestSeedsExplore(t *testing.T) {
	dg := dgraphtest.Client(t)
	st := store.New(dg)
	recs := seedtest.Records(t)
	if res, err := st.Write(context.Background(), recs); err != nil || res.Written != len(recs) {
		t.Fatalf("store.Write: %v (%+v)", err, res)
	}
	srv := newServer(t, store.NewQueries(dg), store.NewCuration(dg))
	ctx, logs := browser(t)

	var hash, active string
	run(t, ctx, logs, "open the home page",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.home h1`, chromedp.ByQuery),
		// "/" focuses the search box from anywhere on the page.
		chromedp.KeyEvent("/"),
		chromedp.WaitReady(`#search-1:focus`, chromedp.ByQuery),
		chromedp.SendKeys(`#search-1`, "Iran", chromedp.ByQuery),
		chromedp.WaitVisible(`li.suggestion[data-id="country:IRN"]`, chromedp.ByQuery),
	)
	screenshot(t, ctx, "1-search-suggestions")
	// Arrow keys move through the suggestions; Enter opens the active one.
	var idx int
	run(t, ctx, logs, "find Iran's suggestion",
		chromedp.Evaluate(`[...document.querySelectorAll('li.suggestion')].findIndex(li => li.dataset.id === 'country:IRN')`, &idx))
	for range idx {
		run(t, ctx, logs, "arrow down", chromedp.KeyEvent(kb.ArrowDown))
	}
	run(t, ctx, logs, "read the active suggestion",
		chromedp.Evaluate(`document.querySelector('li.suggestion[aria-selected="true"]')?.dataset.id ?? ''`, &active))
	if active != "country:IRN" {
		t.Fatalf("active suggestion after %d ArrowDown = %q, want country:IRN", idx, active)
	}
	run(t, ctx, logs, "open Iran",
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`#neighbours li.neighbour[data-id="country:RUS"]`, chromedp.ByQuery),
		chromedp.WaitReady(`#graph[data-rendered]`, chromedp.ByQuery),
		chromedp.Evaluate(`location.hash`, &hash),
	)
	if hash != "#/actor/country:IRN" {
		t.Errorf("hash after opening Iran = %q, want #/actor/country:IRN", hash)
	}
	var rendered, title, neighbours string
	run(t, ctx, logs, "read the actor view",
		chromedp.AttributeValue(`#graph`, "data-rendered", &rendered, nil, chromedp.ByQuery),
		chromedp.Text(`.actor-head h1`, &title, chromedp.ByQuery),
		chromedp.Text(`#neighbours`, &neighbours, chromedp.ByQuery),
	)
	if rendered == "error" || rendered == "empty" || rendered == "" {
		t.Errorf("graph data-rendered = %q, want a node count (page errors: %v)", rendered, *logs)
	}
	if !strings.Contains(title, "Iran") || !strings.Contains(neighbours, "Russia") {
		t.Errorf("actor view: title %q, neighbours %q; want Iran with Russia among its neighbours", title, neighbours)
	}
	time.Sleep(1500 * time.Millisecond) // let ForceAtlas2 settle for the picture
	screenshot(t, ctx, "2-iran-neighborhood")

	// The Iran–Russia edge's evidence (what clicking the edge opens).
	var edgeEvidence string
	run(t, ctx, logs, "open the Iran–Russia edge's evidence",
		chromedp.Click(`#neighbours li.neighbour[data-id="country:RUS"] button.n-ev`, chromedp.ByQuery),
		chromedp.WaitVisible(`#evidence mark.span`, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('#evidence mark.span')].map(m => m.textContent).join('|')`, &edgeEvidence),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(`#evidence`, chromedp.ByQuery),
	)
	if !strings.Contains(edgeEvidence, "Russia") || !strings.Contains(edgeEvidence, "Iran") {
		t.Errorf("Iran–Russia edge evidence highlights %q; want both names", edgeEvidence)
	}

	// Expanding Russia (what clicking its node does) adds its neighbours.
	var after string
	run(t, ctx, logs, "expand Russia",
		chromedp.Click(`#neighbours li.neighbour[data-id="country:RUS"] button.n-expand`, chromedp.ByQuery),
		chromedp.WaitReady(`#graph[data-expanded~="country:RUS"]`, chromedp.ByQuery),
		chromedp.AttributeValue(`#graph`, "data-nodes", &after, nil, chromedp.ByQuery),
	)
	if n0, n1 := atoi(rendered), atoi(after); n1 <= n0 {
		t.Errorf("expanding Russia: %d nodes before, %d after; want Russia's own neighbours added", n0, n1)
	}
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, ctx, "2b-iran-russia-expanded")

	var pairEvents int
	run(t, ctx, logs, "open the Russia–Iran pair",
		chromedp.Click(`#neighbours li.neighbour[data-id="country:RUS"] a.n-pair`, chromedp.ByQuery),
		chromedp.WaitVisible(`#pair-events li.event`, chromedp.ByQuery),
		chromedp.WaitVisible(`.timeline-chart`, chromedp.ByQuery),
		chromedp.Evaluate(`location.hash`, &hash),
		chromedp.Evaluate(`document.querySelectorAll('#pair-events li.event').length`, &pairEvents),
	)
	if hash != "#/pair/country:IRN/country:RUS" {
		t.Errorf("hash of the pair view = %q, want #/pair/country:IRN/country:RUS", hash)
	}
	screenshot(t, ctx, "3-pair-iran-russia")

	// The URL holds the state: reloading shows the same pair.
	run(t, ctx, logs, "reload the pair view",
		chromedp.Reload(),
		chromedp.WaitVisible(`#pair-events li.event[data-mode="visit"]`, chromedp.ByQuery),
	)
	var sentence, spans string
	run(t, ctx, logs, "click the visit event",
		chromedp.Click(`#pair-events li.event[data-mode="visit"] button.event-btn`, chromedp.ByQuery),
		chromedp.WaitVisible(`#evidence mark.sentence`, chromedp.ByQuery),
		chromedp.Text(`#evidence .ev-body`, &sentence, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('#evidence mark.span')].map(m => m.textContent).join('|')`, &spans),
	)
	if !strings.Contains(sentence, "Shoigu") || !strings.Contains(sentence, "visit") {
		t.Errorf("evidence of the visit event = %q, want the sentence about Shoigu's visit", sentence)
	}
	if !strings.Contains(spans, "Shoigu") {
		t.Errorf("highlighted spans = %q, want Shoigu highlighted", spans)
	}
	screenshot(t, ctx, "4-visit-evidence")

	// Escape closes the evidence panel.
	run(t, ctx, logs, "close the evidence with Escape",
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(`#evidence`, chromedp.ByQuery),
	)

	// Claims: Iran's denial disputes the accusations; its evidence opens,
	// and a dispute link leads to the disputed claim.
	var claimEvidence, disputed string
	run(t, ctx, logs, "open a disputing claim",
		chromedp.Click(`#pair-claims li.claim.disputed button.claim-btn`, chromedp.ByQuery),
		chromedp.WaitVisible(`#evidence mark.sentence`, chromedp.ByQuery),
		chromedp.Text(`#evidence .ev-body`, &claimEvidence, chromedp.ByQuery),
	)
	screenshot(t, ctx, "4b-claim-evidence")
	run(t, ctx, logs, "follow a dispute link",
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(`#evidence`, chromedp.ByQuery),
		chromedp.Click(`#pair-claims a.dispute-link`, chromedp.ByQuery),
		chromedp.WaitVisible(`#pair-claims li.claim.flash`, chromedp.ByQuery),
		chromedp.AttributeValue(`#pair-claims li.claim.flash`, "data-id", &disputed, nil, chromedp.ByQuery),
	)
	if claimEvidence == "" || disputed == "" {
		t.Errorf("claims: evidence %q, dispute link led to %q", claimEvidence, disputed)
	}

	// A month of the timeline narrows the pair to it (a date range in the URL).
	var months []string
	run(t, ctx, logs, "read the timeline",
		chromedp.Evaluate(`[...document.querySelectorAll('.timeline-chart g.month.clickable')].map(g => g.dataset.month)`, &months))
	if len(months) < 2 {
		t.Fatalf("timeline months with events: %v; want at least two (August and October 2024)", months)
	}
	last := months[len(months)-1]
	var monthEvents int
	run(t, ctx, logs, "click the last month",
		// The dispute link scrolled the page: bring the whole chart back.
		chromedp.Evaluate(`document.querySelector('.timeline').scrollIntoView({block: 'start'})`, nil),
		chromedp.Click(`.timeline-chart g.month[data-month="`+last+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`input[name=from][value="`+last+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#pair-events li.event`, chromedp.ByQuery),
		chromedp.Evaluate(`location.hash`, &hash),
		chromedp.Evaluate(`document.querySelectorAll('#pair-events li.event').length`, &monthEvents),
	)
	if hash != "#/pair/country:IRN/country:RUS?from="+last+"&to="+last || monthEvents >= pairEvents {
		t.Errorf("after clicking %s: hash %q, %d events (all dates: %d)", last, hash, monthEvents, pairEvents)
	}
	screenshot(t, ctx, "4c-pair-one-month")

	// Filters live in the URL: a shared link to Iran's consultations opens
	// with the filter set and fewer neighbours, Shoigu (the visitor) among them.
	var all, consult int
	var checked bool
	run(t, ctx, logs, "count Iran's neighbours",
		chromedp.Evaluate(`location.hash = '#/actor/country:IRN'`, nil),
		chromedp.WaitVisible(`#neighbours li.neighbour`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('#neighbours li.neighbour').length`, &all),
	)
	run(t, ctx, logs, "open Iran filtered to CONSULT",
		chromedp.Evaluate(`location.hash = '#/actor/country:IRN?types=CONSULT'`, nil),
		chromedp.Reload(),
		chromedp.WaitVisible(`#neighbours li.neighbour[data-id="person:sergei-shoigu"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('#neighbours li.neighbour').length`, &consult),
		chromedp.Evaluate(`document.querySelector('input[name=types][value=CONSULT]').checked`, &checked),
	)
	if !checked || consult == 0 || consult >= all {
		t.Errorf("types=CONSULT: checkbox checked %v, %d neighbours (unfiltered %d); want the filter shown and fewer neighbours", checked, consult, all)
	}
	screenshot(t, ctx, "5-iran-consult-filter")

	// A real click on the canvas: find Shoigu's node by its colour (person
	// orange) in a screenshot of the graph and click it; it is selected
	// and expanded.
	var box struct{ X, Y, W, H float64 }
	var shot []byte
	run(t, ctx, logs, "picture the graph",
		chromedp.Sleep(500*time.Millisecond),
		// The graph's box above the legend, whose person dot is orange too.
		chromedp.Evaluate(`(() => {
			const r = document.querySelector('#graph').getBoundingClientRect();
			const l = document.querySelector('.legend').getBoundingClientRect();
			return {x: r.x, y: r.y, w: r.width, h: Math.min(r.bottom, l.top) - r.y};
		})()`, &box),
		chromedp.CaptureScreenshot(&shot),
	)
	x, y, ok := findColour(shot, box.X, box.Y, box.W, box.H, 0xd9, 0x77, 0x06)
	if !ok {
		t.Fatalf("no person-coloured node in the graph's picture (box %+v)", box)
	}
	var selected string
	run(t, ctx, logs, "click Shoigu's node",
		chromedp.MouseClickXY(x, y),
		chromedp.WaitReady(`#graph[data-expanded~="person:sergei-shoigu"]`, chromedp.ByQuery),
		chromedp.Text(`.selection .sel-name`, &selected, chromedp.ByQuery),
	)
	if !strings.Contains(selected, "Sergei Shoigu") {
		t.Errorf("after clicking Shoigu's node the selection shows %q", selected)
	}
	screenshot(t, ctx, "5a-shoigu-clicked")

	// Modality, which neighborhood() does not take, is drawn from the
	// actor's events of that modality: the planned Iran–Russia agreement.
	var planned int
	var modality string
	run(t, ctx, logs, "open Iran's planned events",
		chromedp.Evaluate(`location.hash = '#/actor/country:IRN?modality=PLANNED'`, nil),
		chromedp.WaitVisible(`#neighbours li.neighbour[data-id="country:RUS"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#actor-events li.event`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('#neighbours li.neighbour').length`, &planned),
		chromedp.Value(`select[name=modality]`, &modality, chromedp.ByQuery),
	)
	if modality != "PLANNED" || planned >= all {
		t.Errorf("modality=PLANNED: select shows %q, %d neighbours (unfiltered %d)", modality, planned, all)
	}

	// Depth 2 reaches the neighbours' neighbours.
	var deep string
	run(t, ctx, logs, "open Iran at depth 2",
		chromedp.Evaluate(`location.hash = '#/actor/country:IRN?depth=2'`, nil),
		chromedp.WaitReady(`#graph[data-rendered]`, chromedp.ByQuery),
		chromedp.AttributeValue(`#graph`, "data-nodes", &deep, nil, chromedp.ByQuery),
	)
	if atoi(deep) <= atoi(rendered) {
		t.Errorf("depth 2: %s nodes, depth 1: %s; want more", deep, rendered)
	}
	screenshot(t, ctx, "5b-iran-depth-2")

	// A search that finds nothing says so.
	var status string
	run(t, ctx, logs, "search for nothing",
		chromedp.KeyEvent("/"),
		chromedp.SendKeys(`#search-1`, "Qqqzzxv", chromedp.ByQuery),
		chromedp.WaitVisible(`.suggestions .status`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelector('.suggestions .status')?.textContent.startsWith('No actor')`, nil, chromedp.WithPollingTimeout(stepTimeout)),
		chromedp.Text(`.suggestions .status`, &status, chromedp.ByQuery),
	)
	if !strings.Contains(status, "Qqqzzxv") {
		t.Errorf("empty search status = %q", status)
	}

	// Filters that leave nothing, and an id that names nothing, say so.
	var empty, missing string
	run(t, ctx, logs, "filter Iran to assaults",
		chromedp.Evaluate(`location.hash = '#/actor/country:IRN?types=ASSAULT'`, nil),
		chromedp.WaitVisible(`.graph-status.empty`, chromedp.ByQuery),
		chromedp.Text(`.graph-status.empty`, &empty, chromedp.ByQuery),
		chromedp.WaitVisible(`.graph-status.empty a[href="#/actor/country:IRN"]`, chromedp.ByQuery),
	)
	screenshot(t, ctx, "6-empty-filter")
	run(t, ctx, logs, "open an unknown actor",
		chromedp.Evaluate(`location.hash = '#/actor/country:XXX'`, nil),
		chromedp.WaitVisible(`.side .empty-state`, chromedp.ByQuery),
		chromedp.Text(`.side .empty-state`, &missing, chromedp.ByQuery),
	)
	if !strings.Contains(empty, "No connections") || !strings.Contains(missing, "No such actor") {
		t.Errorf("empty states: filtered %q, unknown id %q", empty, missing)
	}
	if len(*logs) > 0 {
		t.Errorf("the page logged errors:\n%s", strings.Join(*logs, "\n"))
	}
}

// TestAPIDown checks the error states: the UI over a /graphql that answers
// 502 (a proxy whose backend is gone) and over a closed port.
func TestAPIDown(t *testing.T) {
	ui := web.Handler()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/graphql" {
			http.Error(w, "<html><body>502 Bad Gateway</body></html>", http.StatusBadGateway)
			return
		}
		ui.ServeHTTP(w, r)
	}))
	defer bad.Close()

	ctx, logs := browser(t)
	var msg, hint string
	run(t, ctx, logs, "open Iran over a failing API",
		chromedp.Navigate(bad.URL+"/#/actor/country:IRN"),
		chromedp.WaitVisible(`.error-state[role="alert"]`, chromedp.ByQuery),
		chromedp.Text(`.error-state .error-message`, &msg, chromedp.ByQuery),
		chromedp.Text(`.error-state .error-hint`, &hint, chromedp.ByQuery),
	)
	if !strings.Contains(msg, "502") || !strings.Contains(hint, "Retry") {
		t.Errorf("error state: %q / %q; want the HTTP status and what to do", msg, hint)
	}
	screenshot(t, ctx, "api-down-502")

	run(t, ctx, logs, "search over a failing API",
		chromedp.KeyEvent("/"),
		chromedp.SendKeys(`#search-1`, "Iran", chromedp.ByQuery),
		chromedp.WaitVisible(`.suggestions .status.error`, chromedp.ByQuery),
	)

	// The UI loaded, then the whole server went away: every fetch fails.
	closed2 := httptest.NewServer(ui)
	url2 := closed2.URL
	run(t, ctx, logs, "reload the UI", chromedp.Navigate(url2+"/"), chromedp.WaitVisible(`.home`, chromedp.ByQuery))
	closed2.CloseClientConnections()
	closed2.Close()
	run(t, ctx, logs, "open a pair after the server went away",
		chromedp.Evaluate(`location.hash = '#/pair/country:RUS/country:IRN'`, nil),
		chromedp.WaitVisible(`.error-state[data-code="NETWORK"]`, chromedp.ByQuery),
		chromedp.Text(`.error-state`, &msg, chromedp.ByQuery),
	)
	if !strings.Contains(msg, "Cannot reach") {
		t.Errorf("error state with the server gone: %q", msg)
	}
	screenshot(t, ctx, "api-down-closed")

	// The server is up but its Dgraph is not: the real server over a
	// client of a port nothing listens on answers INTERNAL.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := ln.Addr().String()
	ln.Close()
	conn, err := grpc.NewClient(deadAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	dead := dgo.NewDgraphClient(api.NewDgraphClient(conn))
	down := newServer(t, store.NewQueries(dead), store.NewCuration(dead))
	run(t, ctx, logs, "open Iran with Dgraph down",
		chromedp.Navigate(down.URL+"/#/actor/country:IRN"),
		chromedp.WaitVisible(`.error-state[role="alert"]`, chromedp.ByQuery),
		chromedp.Text(`.error-state`, &msg, chromedp.ByQuery),
	)
	if !strings.Contains(msg, "Dgraph") || !strings.Contains(msg, "Retry") {
		t.Errorf("error state with Dgraph down: %q; want it to name Dgraph and Retry", msg)
	}
	screenshot(t, ctx, "dgraph-down")
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// findColour returns the centre of the pixels of colour (r, g, b), give or
// take a little anti-aliasing, inside the box of a PNG screenshot.
func findColour(shot []byte, bx, by, bw, bh float64, r, g, b uint8) (float64, float64, bool) {
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		return 0, 0, false
	}
	near := func(a uint32, c uint8) bool { d := int(a>>8) - int(c); return d > -12 && d < 12 }
	var sx, sy, n float64
	for y := int(by); y < int(by+bh); y++ {
		for x := int(bx); x < int(bx+bw); x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr, r) && near(pg, g) && near(pb, b) {
				sx, sy, n = sx+float64(x), sy+float64(y), n+1
			}
		}
	}
	if n < 10 {
		return 0, 0, false
	}
	return sx / n, sy / n, true
}
