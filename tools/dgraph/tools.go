//go:build tools

// Package tools pins the Dgraph binary built by `make dgraph`.
package tools

import _ "github.com/dgraph-io/dgraph/v25/dgraph"
