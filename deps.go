//go:build tools

// This file pins modules that packages are being written against, so that
// parallel work on the tree never races on go.mod. Remove an import once a
// real package imports the module.
package newsgraph

import (
	_ "github.com/99designs/gqlgen/graphql"
	_ "github.com/chromedp/chromedp"
	_ "github.com/compose-spec/compose-go/v2/loader"
	_ "github.com/dgraph-io/dgo/v230"
	_ "github.com/jdkato/prose/v3"
	_ "github.com/markusmobius/go-dateparser"
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/mmcdole/gofeed"
	_ "github.com/nlnwa/gowarc"
	_ "github.com/rs/zerolog"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/vikstrous/dataloadgen"
	_ "google.golang.org/grpc"
)
