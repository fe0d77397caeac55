package newsgraph_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// dgraphImage is the image of the Dgraph release `make dgraph` builds for
// managed mode and tests (tools/dgraph/go.mod): compose must run the same.
func dgraphImage(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("tools", "dgraph", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`github\.com/dgraph-io/dgraph/v\d+ (v\S+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("tools/dgraph/go.mod does not require github.com/dgraph-io/dgraph")
	}
	return "dgraph/dgraph:" + string(m[1])
}

// loadCompose loads docker-compose.yml the way `docker compose` does
// (interpolation, normalization, consistency checks) without a Docker engine.
func loadCompose(t *testing.T) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{"docker-compose.yml"},
		cli.WithWorkingDirectory("."),
		cli.WithEnv(nil),
		cli.WithConsistency(true),
		cli.WithNormalization(true),
	)
	if err != nil {
		t.Fatal(err)
	}
	p, err := cli.ProjectFromOptions(context.Background(), opts)
	if err != nil {
		t.Fatalf("load docker-compose.yml: %v", err)
	}
	return p
}

func TestComposeServices(t *testing.T) {
	p := loadCompose(t)
	image := dgraphImage(t)
	if got, want := p.ServiceNames(), []string{"alpha", "newsgraph", "zero"}; !slices.Equal(sorted(got), want) {
		t.Fatalf("services = %v, want %v", got, want)
	}
	tests := []struct {
		service   string
		image     string
		build     bool
		volume    string // named volume mounted at /dgraph
		health    string // URL the health check fetches
		dependsOn string // service this one waits for, healthy
	}{
		{service: "zero", image: image, volume: "zero-data", health: "http://localhost:6080/health"},
		{service: "alpha", image: image, volume: "alpha-data", health: "http://localhost:8080/health", dependsOn: "zero"},
		{service: "newsgraph", build: true, dependsOn: "alpha"},
	}
	for _, tt := range tests {
		t.Run(tt.service, func(t *testing.T) {
			s := p.Services[tt.service]
			if tt.image != "" && s.Image != tt.image {
				t.Errorf("image = %q, want %q", s.Image, tt.image)
			}
			if tt.build != (s.Build != nil) {
				t.Errorf("built from a Dockerfile = %v, want %v", s.Build != nil, tt.build)
			}
			if tt.build {
				df := s.Build.Dockerfile
				if !filepath.IsAbs(df) {
					df = filepath.Join(s.Build.Context, df)
				}
				if _, err := os.Stat(df); err != nil {
					t.Errorf("build Dockerfile: %v", err)
				}
			}
			if tt.volume != "" {
				var found bool
				for _, v := range s.Volumes {
					if v.Type == types.VolumeTypeVolume && v.Source == tt.volume && v.Target == "/dgraph" {
						found = true
					}
				}
				if !found {
					t.Errorf("no named volume %s at /dgraph in %+v", tt.volume, s.Volumes)
				}
				if _, ok := p.Volumes[tt.volume]; !ok {
					t.Errorf("volume %s not declared at the top level", tt.volume)
				}
			}
			if tt.health != "" {
				if s.HealthCheck == nil || s.HealthCheck.Disable {
					t.Fatalf("no health check")
				}
				if test := strings.Join(s.HealthCheck.Test, " "); !strings.Contains(test, tt.health) {
					t.Errorf("health check %q does not fetch %s", test, tt.health)
				}
			}
			if tt.dependsOn != "" {
				d, ok := s.DependsOn[tt.dependsOn]
				if !ok {
					t.Fatalf("does not depend on %s", tt.dependsOn)
				}
				if d.Condition != types.ServiceConditionHealthy {
					t.Errorf("depends on %s with condition %q, want %q", tt.dependsOn, d.Condition, types.ServiceConditionHealthy)
				}
			}
		})
	}
}

// TestComposeWiring checks the services reach each other: alpha finds zero,
// newsgraph talks to alpha's gRPC port and is published on the host.
func TestComposeWiring(t *testing.T) {
	p := loadCompose(t)
	alpha := p.Services["alpha"]
	if cmd := strings.Join(alpha.Command, " "); !strings.Contains(cmd, "--zero=zero:5080") {
		t.Errorf("alpha command %q does not name zero:5080", cmd)
	}
	// newsgraph applies its schema with Alter, an admin operation alpha
	// allows only from whitelisted addresses: compose networks are private
	// ranges (Docker's default pool is 172.16.0.0/12 and 192.168.0.0/16).
	if i := slices.Index(alpha.Command, "--security"); i < 0 || i+1 >= len(alpha.Command) ||
		!strings.Contains(alpha.Command[i+1], "172.16.0.0/12") || !strings.Contains(alpha.Command[i+1], "192.168.0.0/16") {
		t.Errorf("alpha command %q does not whitelist the compose network for admin operations", alpha.Command)
	}
	ng := p.Services["newsgraph"]
	const grpc = "alpha:9080"
	env := ng.Environment["NEWSGRAPH_DGRAPH"]
	if env == nil {
		t.Errorf("NEWSGRAPH_DGRAPH unset, want %s", grpc)
	} else if *env != grpc {
		t.Errorf("NEWSGRAPH_DGRAPH = %s, want %s", *env, grpc)
	}
	cmd := []string(ng.Command)
	if i := slices.Index(cmd, "--dgraph"); i < 0 || i+1 >= len(cmd) || cmd[i+1] != grpc {
		t.Errorf("newsgraph command %q does not pass --dgraph %s", cmd, grpc)
	}
	if len(cmd) == 0 || cmd[0] != "serve" {
		t.Errorf("newsgraph command %q does not run serve", cmd)
	}
	addr := ":8090"
	if i := slices.Index(cmd, "--addr"); i >= 0 && i+1 < len(cmd) {
		addr = cmd[i+1]
	}
	port, err := strconv.ParseUint(addr[strings.LastIndexByte(addr, ':')+1:], 10, 32)
	if err != nil {
		t.Fatalf("newsgraph --addr %q: %v", addr, err)
	}
	var published bool
	for _, pc := range ng.Ports {
		if pc.Target == uint32(port) && pc.Published == "8080" {
			published = true
		}
	}
	if !published {
		t.Errorf("newsgraph's port %d is not published on host 8080: %+v", port, ng.Ports)
	}
}

// TestDockerfileStages checks the Dockerfile the compose build uses: a Go
// builder matching go.mod, a web stage with node, a small runtime serving on
// the port compose publishes.
func TestDockerfileStages(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(gomod))
	if goVersion == nil {
		t.Fatal("no go directive in go.mod")
	}
	froms := regexp.MustCompile(`(?m)^FROM (\S+)`).FindAllStringSubmatch(df, -1)
	var images []string
	for _, m := range froms {
		images = append(images, m[1])
	}
	for _, want := range []string{"node:", "golang:" + goVersion[1], "distroless"} {
		if !slices.ContainsFunc(images, func(img string) bool { return strings.Contains(img, want) }) {
			t.Errorf("no %q stage among %v", want, images)
		}
	}
	for _, want := range []string{"go build", "./cmd/newsgraph", "npm ci", "EXPOSE 8090", `ENTRYPOINT ["/usr/local/bin/newsgraph"]`, "examples/demo/articles /demo"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
